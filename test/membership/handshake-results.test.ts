/**
 * What membership does with each kind of handshake result, and how it keeps its Connects
 * (src/membership/handshakes.ts, connects.ts): a probe answered, failed, answered twice or by
 * ourselves; a probed member gone meanwhile; Connects started twice, restarted after they ended,
 * woken by their own nonce only, and their timers as the host sees them. connect.test.ts and
 * loops.test.ts cover the ordinary path; mutation run 1 (docs/mutation.md) found these decided
 * by no unit test.
 */
import { connectTimerId, deadMembers, lookup, pget } from '../../src/membership';
import type { Envelope } from '../../src/messages';
import { aliveFrom, driverFor, memRes, peer, pki, probingTwoDead, received, type TestPeer } from './fixtures';

const A = peer('A', 7351);
const B = peer('B', 7352);
const C = peer('C', 7353);
const D = peer('D', 7354);

const ok = (p: TestPeer) => ({ ok: true as const, pkiId: pki(p), identity: p.key.identity });
const isRequest = (m: Envelope): boolean => m.payload.content.$case === 'memReq';
const probeResult = (endpoint: string, result: ReturnType<typeof ok> | { ok: false; reason: string }) => ({ type: 'HANDSHAKE_RESULT' as const, endpoint, attempt: 0, result });

/** A knows B and C, both dead by 3300; the reconnect round at 6000 probes both. */
function probing() {
  const d = probingTwoDead(A, B, C);
  expect(deadMembers(d.state)).toHaveLength(2);
  expect(d.state.probes.size).toBe(2);
  return d;
}

describe('[MEM-FUNC-RECONNECT-DEAD.1] probe answers', () => {
  it('an answered probe is forgotten: a second answer at its endpoint is stray and sends nothing more', () => {
    const d = probing();
    d.send(probeResult('localhost:7352', ok(B)));
    expect(pget(d.state.probes, 'localhost:7352')).toBeUndefined();
    expect(d.of('send', 6000).filter((s) => isRequest(s.message)).map((s) => s.to)).toEqual([[{ pkiId: pki(B), endpoint: 'localhost:7352' }]]);
    const before = d.state;
    expect(d.send(probeResult('localhost:7352', ok(B)))).toEqual([]);
    expect(d.state).toBe(before);
  });

  it('a failed probe is forgotten and asks nobody; so is a probe answered by ourselves', () => {
    const d = probing();
    d.send(probeResult('localhost:7352', { ok: false, reason: 'refused' }));
    d.send(probeResult('localhost:7353', ok(A)));
    expect(d.state.probes.size).toBe(0);
    expect(d.of('send', 6000)).toEqual([]);
    expect(deadMembers(d.state)).toHaveLength(2);
  });

  it('a probe answered with an identity that fails its check is forgotten, logged, and asks nobody', () => {
    const d = probing();
    d.send(probeResult('localhost:7352', { ok: true, pkiId: pki(B), identity: 'Org1MSP\ngarbage' }));
    expect(pget(d.state.probes, 'localhost:7352')).toBeUndefined();
    expect(d.of('send', 6000)).toEqual([]);
    expect(d.of('log', 6000).filter((l) => l.message.startsWith('identity rejected'))).toStrictEqual([
      { kind: 'log', level: 'warn', message: 'identity rejected: invalid, or does not match the PKI-ID', fields: { pkiId: pki(B) } },
    ]);
  });

  it('a probe answered by another peer logs who was expected and who answered, and asks nobody', () => {
    const d = probing();
    d.send(probeResult('localhost:7353', ok(D)));
    expect(d.of('log', 6000).filter((l) => l.message.startsWith('a different peer'))).toStrictEqual([
      { kind: 'log', level: 'info', message: "a different peer answers at a dead member's endpoint", fields: { endpoint: 'localhost:7353', expected: pki(C), got: pki(D) } },
    ]);
    expect(d.of('send', 6000)).toEqual([]);
    expect(pget(d.state.probes, 'localhost:7353')).toBeUndefined();
  });

  it('an identity switch is logged with both PKI-IDs', () => {
    const d = probing();
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7352', attempt: 0, result: { ...ok(D), identitySwitchFrom: pki(B) } });
    expect(d.of('log', 6000).filter((l) => l.message.includes('changed its PKI-ID'))).toStrictEqual([
      { kind: 'log', level: 'info', message: `Peer localhost:7352 changed its PKI-ID from ${pki(B)} to ${pki(D)}: purging ${pki(B)}`, fields: { endpoint: 'localhost:7352', from: pki(B), to: pki(D) } },
    ]);
    expect(d.of('log', 6000).filter((l) => l.message.startsWith('a different peer'))).toEqual([]);
  });

  it('a probed member purged before the answer is not asked', () => {
    const d = probing();
    d.send({ type: 'IDENTITY_PURGED', pkiId: pki(B) });
    expect(lookup(d.state, pki(B))).toBeUndefined();
    d.send(probeResult('localhost:7352', ok(B)));
    expect(d.of('send', 6000)).toEqual([]);
  });

  it('the request after an answered probe carries our internal endpoint to our org, signed anew', () => {
    const d = probing();
    const seqBefore = d.state.seqNum;
    d.send(probeResult('localhost:7352', ok(B)));
    const [req] = d.of('send', 6000);
    const self = req?.message.payload.content.$case === 'memReq' ? req.message.payload.content.memReq.selfInformation : undefined;
    expect(self?.secretEnvelope?.payload.internalEndpoint).toBe('localhost:7351');
    expect(self?.payload.content.aliveMsg.timestamp.seqNum).toBe(seqBefore + 1n);
  });
});

describe('[MEM-FUNC-CONNECT.1] Connects as membership keeps them', () => {
  it('the host sees a Connect timer under its endpoint, with the event that feeds it back', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7352'] });
    const outs = d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7352', attempt: 1, result: { ok: false, reason: 'refused' } });
    const timers = outs.filter((o) => o.kind === 'setTimer');
    expect(timers).toHaveLength(1);
    const [timer] = timers;
    if (timer?.kind !== 'setTimer') throw new Error('no timer');
    const afterEvent = timer.timerId.slice('membership/connect/localhost:7352/'.length);
    expect(afterEvent).toBe('xstate.after.reconnectInterval.connect.waitingToRetry'); // the delay, the chart and the state, by name
    expect(timer).toEqual({
      kind: 'setTimer',
      timerId: connectTimerId('localhost:7352', afterEvent),
      delayMs: 3000,
      event: { type: 'TIMER_FIRED', timerId: connectTimerId('localhost:7352', afterEvent), machine: 'connect', endpoint: 'localhost:7352', afterEvent },
    });
    expect(connectTimerId('h:1', 'x')).toBe('membership/connect/h:1/x');
  });

  it('an anchor announced again while its Connect runs starts no second one; after it ended, a new one starts', () => {
    const d = driverFor(A);
    const anchors = { type: 'ANCHOR_PEERS' as const, channel: 'ch' as never, anchors: [{ org: 'Org1MSP' as never, endpoint: 'localhost:7352' }] };
    d.send(anchors);
    d.send(anchors);
    expect(d.of('handshake')).toHaveLength(1);
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7352', attempt: 1, result: ok(B) });
    const [req] = d.of('send');
    d.send(received(B, memRes([aliveFrom(B, 1)], [], req?.message.payload.nonce ?? 0n)));
    expect(pget(d.state.connects, 'localhost:7352')?.value).toBe('connected');
    d.send(anchors);
    expect(d.of('handshake').map((h) => h.attempt)).toEqual([1, 1]);
    expect(pget(d.state.connects, 'localhost:7352')?.value).toBe('handshaking');
  });

  it('a response wakes only the Connect waiting for its nonce', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7352', 'localhost:7353'] });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7352', attempt: 1, result: ok(B) });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7353', attempt: 1, result: ok(C) });
    const nonceTo = new Map(d.of('send').map((s) => [s.to[0]?.endpoint, s.message.payload.nonce]));
    expect(nonceTo.get('localhost:7352')).not.toBe(nonceTo.get('localhost:7353'));
    const waiting = pget(d.state.connects, 'localhost:7352');
    d.send(received(C, memRes([aliveFrom(C, 1)], [], nonceTo.get('localhost:7353'))));
    expect(pget(d.state.connects, 'localhost:7353')?.value).toBe('connected');
    expect(pget(d.state.connects, 'localhost:7352')).toBe(waiting);
    // Another nonce: the response is read, but wakes no Connect (the Connects are not even stepped).
    const before = d.state;
    d.send(received(C, memRes([], [], 12345n)));
    expect(d.state).toBe(before);
  });

  it('a handshake result for an endpoint without a running Connect changes no Connect', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7352'] }, { maxConnectionAttempts: 1 });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7352', attempt: 1, result: { ok: false, reason: 'refused' } });
    const gaveUp = pget(d.state.connects, 'localhost:7352');
    expect(gaveUp?.value).toBe('gaveUp');
    const connects = d.state.connects;
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7352', attempt: 1, result: ok(B) });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7359', attempt: 1, result: ok(B) });
    expect(d.state.connects).toBe(connects);
    expect(pget(d.state.connects, 'localhost:7359')).toBeUndefined();
    expect(d.of('send')).toEqual([]);
  });
});
