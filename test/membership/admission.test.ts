/**
 * [MEM-FUNC-CHART-CHECKS.1] What the reducer checks before the chart sees an input, and what it
 * leaves unchecked because the chart would not look at the result: a response entry about
 * ourselves or invalidated by the msg-store, a dead entry about a member we know, a request from
 * ourselves or spoofed, a handshake that failed, answered as ourselves or as a stray probe. Each
 * skipped check is one Fabric skips too (it looks at the store and the sender before it verifies),
 * so a signature or identity check there is work Fabric does not do. Written after mutation run 1
 * (docs/mutation.md): only the pushed alive message's costs were counted.
 */
import { lookup, pget, type MembershipEvent } from '../../src/membership';
import { aliveFrom, countingSuite, driverFor, memReq, memRes, peer, pki, received, type CountingSuite, type TestPeer } from './fixtures';

const A = peer('A', 7701);
const B = peer('B', 7702);
const C = peer('C', 7703);
const D = peer('D', 7704);

/** Verifications made by one input. */
function verifiesOf(crypto: CountingSuite, send: () => void): number {
  const before = crypto.verifies;
  send();
  return crypto.verifies - before;
}

const ok = (p: TestPeer) => ({ ok: true as const, pkiId: pki(p), identity: p.key.identity });

describe('[MEM-FUNC-CHART-CHECKS.1] response entries are verified only where they could be learned', () => {
  it('an alive entry about ourselves or one the store invalidates costs nothing; a new one costs its two signatures', () => {
    const crypto = countingSuite();
    const d = driverFor(A, {}, {}, crypto);
    d.send(received(B, aliveFrom(B, 2)));
    expect(verifiesOf(crypto, () => d.send(received(C, memRes([aliveFrom(A, 9, { withIdentity: true }), aliveFrom(B, 2), aliveFrom(B, 1)]))))).toBe(0);
    expect(verifiesOf(crypto, () => d.send(received(C, memRes([aliveFrom(D, 1, { withIdentity: true })]))))).toBe(2);
    expect(lookup(d.state, pki(D))?.status).toBe('alive');
  });

  it('a dead entry about ourselves, a known member or one the store invalidates costs nothing; an unknown one is verified', () => {
    const crypto = countingSuite();
    const d = driverFor(A, {}, {}, crypto);
    d.send(received(B, aliveFrom(B, 2)));
    const known = [aliveFrom(A, 9, { withIdentity: true }), aliveFrom(B, 5, { withIdentity: true })];
    expect(verifiesOf(crypto, () => d.send(received(C, memRes([], known))))).toBe(0);
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
    expect(verifiesOf(crypto, () => d.send(received(C, memRes([], [aliveFrom(D, 3, { withIdentity: true })]))))).toBe(2);
    expect(lookup(d.state, pki(D))?.status).toBe('dead');
    // C pushed its alive message (stored), then purged by IDENTITY_PURGED: the store keeps its entry,
    // so an older dead entry about C is stale, not unknown, and a newer one is verified and learned.
    d.send(received(C, aliveFrom(C, 3)));
    d.send({ type: 'IDENTITY_PURGED', pkiId: pki(C) });
    expect(lookup(d.state, pki(C))).toBeUndefined();
    expect(verifiesOf(crypto, () => d.send(received(B, memRes([], [aliveFrom(C, 2, { withIdentity: true })]))))).toBe(0);
    expect(lookup(d.state, pki(C))).toBeUndefined();
    expect(verifiesOf(crypto, () => d.send(received(B, memRes([], [aliveFrom(C, 4, { withIdentity: true })]))))).toBe(2);
    expect(lookup(d.state, pki(C))?.status).toBe('dead');
  });

  it('a response to no Connect is still read: its entries are learned, and the sender with them', () => {
    const d = driverFor(A);
    const outs = d.send(received(C, memRes([aliveFrom(C, 1), aliveFrom(D, 1, { withIdentity: true })], [aliveFrom(B, 1, { withIdentity: true })], 77n)));
    expect([lookup(d.state, pki(C))?.status, lookup(d.state, pki(D))?.status, lookup(d.state, pki(B))?.status]).toEqual(['alive', 'alive', 'dead']);
    expect(outs.filter((o) => o.kind === 'identityLearned').length).toBe(3);
  });
});

describe('[MEM-FUNC-CHART-CHECKS.1] requests are verified unless from ourselves or spoofed', () => {
  it.each<[string, TestPeer, TestPeer]>([
    ['from our own PKI-ID', A, A],
    ['spoofed (another peer\'s alive message)', B, C],
  ])('a request %s costs no signature check and teaches no member', (_what, sender, subject) => {
    const crypto = countingSuite();
    const d = driverFor(A, {}, {}, crypto);
    expect(verifiesOf(crypto, () => d.send(received(sender, memReq(aliveFrom(subject, 1)))))).toBe(0);
    expect(lookup(d.state, pki(subject))).toBeUndefined();
    expect(d.of('send')).toEqual([]);
    // Nothing is learned: our own identity never enters the table, and a spoofed request teaches nothing.
    expect(d.state.identities.size).toBe(0);
  });

  it('a request from its subject is verified and answered', () => {
    const crypto = countingSuite();
    const d = driverFor(A, {}, {}, crypto);
    expect(verifiesOf(crypto, () => d.send(received(B, memReq(aliveFrom(B, 1), 5n))))).toBe(2);
    expect(d.of('send').map((s) => [s.to, s.message.payload.nonce])).toEqual([[[{ pkiId: pki(B), endpoint: B.conn.endpoint }], 5n]]);
  });
});

describe('[MEM-FUNC-CHART-CHECKS.1] a handshake\'s answering identity is checked only when it could be learned', () => {
  /** Identity validations made by a handshake result (the connection check of a message is not involved). */
  function validationsOf(result: Extract<MembershipEvent, { type: 'HANDSHAKE_RESULT' }>['result'], attempt: number, bootstrap: string[]): number {
    const crypto = countingSuite();
    const d = driverFor(A, { bootstrap }, {}, crypto);
    const before = crypto.validations;
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7702', attempt, result });
    return crypto.validations - before;
  }

  it.each<[string, Parameters<typeof validationsOf>[0], number, string[], number]>([
    ['a Connect attempt answered by B is checked once', ok(B), 1, ['localhost:7702'], 1],
    ['a failed Connect attempt is not checked', { ok: false, reason: 'refused' }, 1, ['localhost:7702'], 0],
    ['a Connect attempt answered as ourselves is not checked', ok(A), 1, ['localhost:7702'], 0],
    ['a probe no reconnect made (stray) is not checked', ok(B), 0, [], 0],
  ])('%s', (_what, result, attempt, bootstrap, validations) => {
    expect(validationsOf(result, attempt, bootstrap)).toBe(validations);
  });
});

describe('timers fed back', () => {
  it('a discovery TIMER_FIRED that is not one of the chart\'s own timers changes nothing and outputs nothing', () => {
    const d = driverFor(A);
    const before = d.state;
    expect(d.send({ type: 'TIMER_FIRED', timerId: 'membership/made-up', machine: 'discovery', afterEvent: 'SOMETHING_ELSE' })).toEqual([]);
    expect(d.state).toBe(before);
  });

  it.each<['discovery' | 'connect']>([['discovery'], ['connect']])('a %s TIMER_FIRED whose afterEvent is no timer (STOP) stops nothing', (machine) => {
    const d = driverFor(A, { bootstrap: ['localhost:7702'] });
    const before = d.state;
    expect(d.send({ type: 'TIMER_FIRED', timerId: 'membership/x', machine, endpoint: 'localhost:7702', afterEvent: 'STOP' })).toEqual([]);
    expect(d.state).toBe(before);
    expect(pget(d.state.connects, 'localhost:7702')?.value).toBe('handshaking');
  });

  it('a Connect timer without an endpoint reaches no Connect', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7702'] });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7702', attempt: 1, result: { ok: false, reason: 'refused' } });
    const [timerId] = d.armedTimers().filter((t) => t.startsWith('membership/connect/'));
    const afterEvent = (timerId ?? '').slice('membership/connect/localhost:7702/'.length);
    expect(d.send({ type: 'TIMER_FIRED', timerId: timerId ?? '', machine: 'connect', afterEvent })).toEqual([]);
    expect(d.of('handshake').map((h) => h.attempt)).toEqual([1]);
    d.send({ type: 'TIMER_FIRED', timerId: timerId ?? '', machine: 'connect', endpoint: 'localhost:7702', afterEvent });
    expect(d.of('handshake').map((h) => h.attempt)).toEqual([1, 2]);
  });
});
