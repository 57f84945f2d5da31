import { aliveMembers, isStopped, lookup, type AliveEnvelope } from '../../src/membership';
import type { Envelope } from '../../src/messages';
import { aliveFrom, driverFor, memRes, peer, pki, received, type TestPeer } from './fixtures';

const A = peer('A', 7201);
const B = peer('B', 7202);
const F = peer('F', 7203, 'Org2MSP');

const ok = (p: TestPeer) => ({ ok: true as const, pkiId: pki(p), identity: p.key.identity });
const fail = { ok: false as const, reason: 'unreachable' };
const requestOf = (e: Envelope): { self: AliveEnvelope; nonce: bigint } | undefined =>
  e.payload.content.$case === 'memReq' ? { self: e.payload.content.memReq.selfInformation, nonce: e.payload.nonce } : undefined;

describe('Connect', () => {
  it('[MEM-FUNC-CONNECT.1] handshakes until one succeeds, then re-sends its request until the nonce comes back', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7202'] });
    expect(d.of('handshake')).toEqual([{ kind: 'handshake', endpoint: 'localhost:7202', attempt: 1 }]);
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7202', attempt: 1, result: fail });
    d.advanceTo(2999);
    expect(d.of('handshake')).toHaveLength(1);
    d.advanceTo(3000);
    expect(d.of('handshake').map((h) => h.attempt)).toEqual([1, 2]);
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7202', attempt: 2, result: ok(B) });
    const first = d.of('send').map((s) => ({ to: s.to, req: requestOf(s.message) }));
    expect(first).toHaveLength(1);
    expect(first[0]?.to).toEqual([{ pkiId: pki(B), endpoint: 'localhost:7202' }]);
    const nonce = first[0]?.req?.nonce ?? 0n;
    expect(nonce).not.toBe(0n);
    d.advanceTo(3000 + 5000 + 3000); // connectResponseTimeout, then reconnectInterval: sent again
    const resent = d.of('send').filter((s) => requestOf(s.message)?.nonce === nonce);
    expect(resent.map((s) => d.outputs.find((o) => o.output === s)?.atMs)).toEqual([3000, 11000]);
    d.send(received(B, memRes([aliveFrom(B, 1)], [], nonce)));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
    d.advanceTo(40000);
    expect(d.of('send').filter((s) => requestOf(s.message)?.nonce === nonce)).toHaveLength(2);
  });

  it('[MEM-FUNC-CONNECT.1] gives up after maxConnectionAttempts handshakes', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7202'] }, { maxConnectionAttempts: 2 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7202', attempt, result: fail });
      d.advanceBy(3000);
    }
    d.advanceBy(30000);
    expect(d.of('handshake').map((h) => h.attempt)).toEqual([1, 2]);
    expect(d.armedTimers().some((t) => t.startsWith('membership/connect/'))).toBe(false);
  });

  it('[MEM-FUNC-CONNECT-SKIP-SELF.1] TestGossipDiscoverySkipConnectingToLocalhostBootstrap: no handshake, no send to our own endpoints', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7201', '127.0.0.1:7201'] });
    d.send({ type: 'ANCHOR_PEERS', channel: 'ch' as never, anchors: [{ org: 'Org1MSP' as never, endpoint: 'localhost:7201' }] });
    d.advanceTo(3000);
    expect(d.of('handshake')).toEqual([]);
    expect(d.of('send')).toEqual([]);
  });

  it('[MEM-FUNC-CONNECT-INTERNAL-ENDPOINT.1] TestConnect/TestAnchorPeer: the request carries the internal endpoint only to our org', () => {
    const d = driverFor(A);
    d.send({ type: 'ANCHOR_PEERS', channel: 'ch' as never, anchors: [{ org: 'Org1MSP' as never, endpoint: 'localhost:7202' }, { org: 'Org2MSP' as never, endpoint: 'localhost:7203' }] });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7202', attempt: 1, result: ok(B) });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7203', attempt: 1, result: ok(F) });
    const byTarget = new Map(d.of('send').map((s) => [s.to[0]?.pkiId, requestOf(s.message)?.self]));
    expect(byTarget.get(pki(B))?.secretEnvelope?.payload.internalEndpoint).toBe('localhost:7201');
    expect(byTarget.get(pki(F))).toBeDefined();
    expect(byTarget.get(pki(F))?.secretEnvelope).toBeUndefined();
  });

  it('[MEM-FUNC-BOOTSTRAP-SAME-ORG.1] TestBootstrapPeerMisConfiguration: a foreign bootstrap peer is handshaken again and again, never asked', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7203', 'localhost:7202'] });
    for (let round = 1; round <= 3; round++) {
      d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7203', attempt: round, result: ok(F) });
      if (round === 1) d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7202', attempt: 1, result: ok(B) });
      d.advanceBy(3000);
    }
    expect(d.of('handshake').filter((h) => h.endpoint === 'localhost:7203').length).toBeGreaterThanOrEqual(3);
    expect(d.of('send').filter((s) => s.to[0]?.pkiId === pki(F))).toEqual([]);
    expect(d.of('send').filter((s) => s.to[0]?.pkiId === pki(B) && requestOf(s.message) !== undefined).length).toBeGreaterThan(0);
  });
});

describe('anchor peers', () => {
  it('[MEM-FUNC-ANCHOR-PEERS.1] anchors are recorded; own, malformed and (without external endpoint) foreign ones are skipped', () => {
    const noExt = peer('N', 7209, 'Org1MSP', '');
    const d = driverFor(noExt);
    d.send({
      type: 'ANCHOR_PEERS',
      channel: 'ch' as never,
      anchors: [
        { org: 'Org1MSP' as never, endpoint: 'localhost:7209' },
        { org: 'Org1MSP' as never, endpoint: ':7000' },
        { org: 'Org1MSP' as never, endpoint: 'host:0' },
        { org: 'Org2MSP' as never, endpoint: 'localhost:7203' },
        { org: 'Org1MSP' as never, endpoint: 'localhost:7202' },
      ],
    });
    expect(d.state.anchors).toEqual({ ch: ['localhost:7209', 'localhost:7203', 'localhost:7202'] });
    expect(d.of('handshake').map((h) => h.endpoint)).toEqual(['localhost:7202']);
  });

  it('[MEM-FUNC-ANCHOR-PEERS.1] an anchor claimed to be of our org that is not is not asked; a foreign anchor is', () => {
    const d = driverFor(A);
    d.send({ type: 'ANCHOR_PEERS', channel: 'ch' as never, anchors: [{ org: 'Org1MSP' as never, endpoint: 'localhost:7203' }] });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7203', attempt: 1, result: ok(F) });
    expect(d.of('send')).toEqual([]);
    d.advanceTo(3000);
    expect(d.of('handshake').map((h) => h.attempt)).toEqual([1, 2]);
    const e = driverFor(A);
    e.send({ type: 'ANCHOR_PEERS', channel: 'ch' as never, anchors: [{ org: 'Org2MSP' as never, endpoint: 'localhost:7203' }] });
    e.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7203', attempt: 1, result: ok(F) });
    expect(e.of('send').map((s) => s.to[0]?.pkiId)).toEqual([pki(F)]);
  });
});

describe('commands', () => {
  it('[MEM-FUNC-UPDATE-SELF.1] TestUpdate: new metadata and endpoint ride on the next alive message', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.send({ type: 'UPDATE_METADATA', metadata: 'bla bla' });
    d.send({ type: 'UPDATE_ENDPOINT', endpoint: 'localhost:5511' });
    d.advanceTo(300);
    const beat = d.of('gossip').find((g) => g.excludePkiId === undefined)?.envelope.payload.content.aliveMsg.membership;
    expect(beat).toEqual({ endpoint: 'localhost:5511', metadata: 'bla bla', pkiId: pki(A) });
  });

  it('[MEM-FUNC-STOP.1] after STOP no timer is armed, nothing changes and the membership answers empty', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7202'] });
    d.send(received(B, aliveFrom(B, 1)));
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7202', attempt: 1, result: fail });
    expect(d.armedTimers().length).toBeGreaterThan(0);
    d.send({ type: 'STOP' });
    expect(d.armedTimers()).toEqual([]);
    expect(isStopped(d.state)).toBe(true);
    const stopped = d.state;
    d.send(received(B, aliveFrom(B, 2)));
    d.advanceTo(100000);
    expect(d.state).toBe(stopped);
    expect(aliveMembers(d.state)).toEqual([]);
  });
});
