import fc from 'fast-check';
import { nanosFromMs } from '../../src/core';
import { aliveMembers, deadMembers, lookup, selfAliveEnvelope, silentAliveMember, type AliveEnvelope } from '../../src/membership';
import { aliveFrom, countingSuite, driverFor, peer, pki, received } from './fixtures';

const A = peer('A', 7101);
const B = peer('B', 7102);
const C = peer('C', 7103);
const F = peer('F', 7104, 'Org2MSP');

const selfInfoOf = (env: { payload: { content: { $case: string } } }): AliveEnvelope | undefined => {
  const c = env.payload.content as { $case: string; memReq?: { selfInformation: AliveEnvelope } };
  return c.$case === 'memReq' ? c.memReq?.selfInformation : undefined;
};

describe('heartbeat', () => {
  it('[MEM-FUNC-SEND-ALIVE.1] every aliveTimeInterval a new signed alive message is gossiped, with identity only early on', () => {
    const d = driverFor(A, { startTimeMs: 1000 }, { publishCertPeriodMs: 1000 });
    d.send(received(B, aliveFrom(B, 1)));
    d.advanceTo(1300);
    const first = d.of('gossip').filter((g) => g.excludePkiId === undefined);
    expect(first).toHaveLength(1);
    const alive = first[0]?.envelope.payload.content.aliveMsg;
    expect(alive?.timestamp).toEqual({ incNum: nanosFromMs(1000), seqNum: 1n });
    expect(alive?.membership).toEqual({ endpoint: 'localhost:7101', metadata: '', pkiId: pki(A) });
    expect(alive?.identity).toBe(A.key.identity);
    expect(first[0]?.envelope.secretEnvelope?.payload.internalEndpoint).toBe('localhost:7101');
    expect(selfAliveEnvelope(d.state)).toBe(first[0]?.envelope);
    d.send(received(B, aliveFrom(B, 2)));
    d.advanceTo(2200);
    // Beats at 1300, 1600, 1900 (within publishCertPeriod: identity) and 2200 (not). The sync at
    // 2000 signed the alive message of its request and took seq 4: one counter, as in Fabric.
    const beats = d.of('gossip').filter((g) => g.excludePkiId === undefined).map((g) => g.envelope.payload.content.aliveMsg);
    expect(beats.map((b) => b.timestamp.seqNum)).toEqual([1n, 2n, 3n, 5n]);
    expect(beats.map((b) => b.identity !== undefined)).toEqual([true, true, true, false]);
  });

  it('[MEM-FUNC-NO-SIGNING-WHEN-ALONE.1] TestNoSigningIfNoMembership: a lone peer signs nothing, heartbeat and sync included', () => {
    const crypto = countingSuite();
    const d = driverFor(A, {}, {}, crypto);
    d.advanceTo(10 * 300 + 2 * 1000);
    expect(crypto.signs).toBe(0);
    expect(d.of('gossip')).toEqual([]);
    expect(d.of('send')).toEqual([]);
  });
});

describe('dead check', () => {
  it('[MEM-FUNC-EXPIRE-DEAD.1] a member silent for more than aliveExpirationTimeout becomes dead and its connection is closed', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.advanceTo(3000); // exactly 3000ms of silence: not yet "more than"
    expect(aliveMembers(d.state).map((m) => m.pkiId)).toEqual([pki(B)]);
    d.advanceTo(3300);
    expect(deadMembers(d.state).map((m) => m.pkiId)).toEqual([pki(B)]);
    expect(d.of('closeConnection')).toEqual([{ kind: 'closeConnection', pkiId: pki(B) }]);
  });

  it('[MEM-LIVE-DETECT-DEAD.1] whatever the arrival times, no member stays alive past timeout + check interval of silence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 6 }), (gaps) => {
        const d = driverFor(A);
        let seq = 1;
        for (const gap of gaps) {
          const start = d.nowMs;
          for (let t = start + 50; t <= start + gap; t += 50) {
            d.advanceTo(t);
            expect(silentAliveMember(d.state, d.nowMs)).toBeUndefined();
          }
          d.advanceBy(gap % 50);
          d.send(received(B, aliveFrom(B, seq++)));
          expect(lookup(d.state, pki(B))?.status).toBe('alive');
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('membership sync', () => {
  it('[MEM-FUNC-SYNC.1] every pullInterval a request goes to min(pullPeerNum, alive) distinct random alive members', () => {
    const others = [B, C, peer('D', 7105), peer('E', 7106), peer('G', 7107)];
    const d = driverFor(A, {}, { pullPeerNum: 3 });
    for (const p of others) d.send(received(p, aliveFrom(p, 1)));
    d.advanceTo(1000);
    const sends = d.of('send');
    expect(sends).toHaveLength(3);
    const targets = sends.map((s) => s.to[0]?.pkiId);
    expect(new Set(targets).size).toBe(3);
    for (const s of sends) expect(selfInfoOf(s.message)?.secretEnvelope?.payload.internalEndpoint).toBe('localhost:7101');
    const two = driverFor(A, {}, { pullPeerNum: 3 });
    for (const p of [B, C]) two.send(received(p, aliveFrom(p, 1)));
    two.advanceTo(1000);
    expect(two.of('send').map((s) => s.to[0]?.pkiId).sort()).toEqual([pki(B), pki(C)].sort());
  });

  it('[MEM-FUNC-SYNC.1] [MEM-FUNC-ENVELOPE-FILTER.1] a sync request to a peer of another org carries no internal endpoint', () => {
    const d = driverFor(A);
    d.send(received(F, aliveFrom(F, 1)));
    d.advanceTo(1000);
    const req = d.of('send')[0];
    expect(req?.to).toEqual([{ pkiId: pki(F), endpoint: 'localhost:7104' }]);
    expect(req && selfInfoOf(req.message)?.secretEnvelope).toBeUndefined();
  });
});

describe('reconnect to dead members', () => {
  it('[MEM-FUNC-RECONNECT-DEAD.1] each reconnectInterval a dead member is probed; if it answers it gets a membership request', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(C, aliveFrom(C, 1)));
    d.advanceTo(3300);
    expect(deadMembers(d.state)).toHaveLength(2);
    d.advanceTo(6000);
    const probes = d.of('handshake', 6000);
    expect(probes.map((h) => h.endpoint).sort()).toEqual(['localhost:7102', 'localhost:7103']);
    expect(probes.every((h) => h.attempt === 0)).toBe(true);
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7102', attempt: 0, result: { ok: true, pkiId: pki(B), identity: B.key.identity } });
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7103', attempt: 0, result: { ok: true, pkiId: pki(B), identity: B.key.identity } });
    const reqs = d.of('send', 6000).filter((s) => s.message.payload.content.$case === 'memReq');
    expect(reqs.map((s) => s.to)).toEqual([[{ pkiId: pki(B), endpoint: 'localhost:7102' }]]);
  });
});

describe('msg-store expiration and purge', () => {
  // TTL = 3000ms * 20 = 60000ms, checked every 600ms.
  it('[MEM-FUNC-MSGSTORE-EXPIRATION.1] [MEM-FUNC-PURGE.1] TestExpirationNoSecretEnvelope: after the TTL the member is removed; replays are refused until 2×TTL', () => {
    const d = driverFor(A);
    const old = aliveFrom(B, 1, { withSecret: false, endpoint: 'foo:1' });
    d.send(received(B, old));
    d.advanceTo(60000);
    expect(deadMembers(d.state)).toHaveLength(1);
    d.advanceTo(60600);
    expect(lookup(d.state, pki(B))).toBeUndefined();
    expect(d.of('log').some((l) => l.message.startsWith('Removing member: Endpoint: foo:1'))).toBe(true);
    d.send(received(B, old));
    expect(lookup(d.state, pki(B))).toBeUndefined();
    d.advanceTo(120600); // dropped at twice the TTL: the store no longer remembers it
    d.send(received(B, old));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
  });

  it('[MEM-FUNC-PURGE.1] bootstrap and anchor peers are never purged', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7102'] });
    d.send({ type: 'ANCHOR_PEERS', channel: 'ch' as never, anchors: [{ org: 'Org1MSP' as never, endpoint: 'localhost:7103' }] });
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(C, aliveFrom(C, 1)));
    d.send(received(C, aliveFrom(peer('D', 7105), 1, { withIdentity: true })));
    d.advanceTo(61000);
    expect(deadMembers(d.state).map((m) => m.pkiId).sort()).toEqual([pki(B), pki(C)].sort());
    expect(d.of('log').filter((l) => l.message.startsWith('Do not remove bootstrap or anchor peer endpoint'))).toHaveLength(2);
  });
});
