import { aliveMembers, aliveStoreContents, deadMembers, lookup } from '../../src/membership';
import { pvalues } from '../../src/core/pmap';
import { storeCheckValid } from '../../src/membership/alive-store';
import { aliveFrom, countingSuite, driverFor, memRes, peer, pki, received } from './fixtures';

const A = peer('A', 7001);
const B = peer('B', 7002);
const C = peer('C', 7003);

describe('alive messages', () => {
  it('[MEM-FUNC-ALIVE-LEARN.1] an alive message about an unknown peer makes it an alive member', () => {
    const d = driverFor(A);
    d.advanceTo(50);
    d.send(received(B, aliveFrom(B, 1, { metadata: 'm1' })));
    expect(aliveMembers(d.state)).toEqual([
      { pkiId: pki(B), endpoint: 'localhost:7002', internalEndpoint: 'localhost:7002', org: 'Org1MSP', metadata: 'm1', status: 'alive' },
    ]);
    expect(d.state.members.size).toBe(1);
    const m = pvalues(d.state.members)[0];
    expect(m?.context.lastSeenMs).toBe(50);
  });

  it('[MEM-FUNC-ALIVE-UPDATE.1] a strictly newer alive updates; an equal or older one changes nothing', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 5, { metadata: 'five' })));
    d.advanceTo(100);
    const before = d.state;
    d.send(received(B, aliveFrom(B, 5, { metadata: 'five-again' })));
    d.send(received(C, memRes([aliveFrom(B, 4, { metadata: 'four' })])));
    expect(lookup(d.state, pki(B))?.metadata).toBe('five');
    expect(d.state.members).toBe(before.members);
    // Newer by seq, and newer by incarnation even with a lower seq.
    d.send(received(B, aliveFrom(B, 6, { metadata: 'six', withSecret: false })));
    expect(lookup(d.state, pki(B))).toMatchObject({ metadata: 'six', internalEndpoint: 'localhost:7002' });
    d.send(received(B, aliveFrom(B, 1, { metadata: 'restarted', startMs: 10 })));
    expect(lookup(d.state, pki(B))?.metadata).toBe('restarted');
  });

  it('[MEM-FUNC-ALIVE-RESURRECT.1] a dead member comes back only with a newer alive message', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.advanceTo(3301); // silent for more than aliveExpirationTimeout (3000ms), checked every 300ms
    expect(deadMembers(d.state).map((m) => m.pkiId)).toEqual([pki(B)]);
    d.send(received(C, memRes([aliveFrom(B, 1)])));
    expect(deadMembers(d.state)).toHaveLength(1);
    d.send(received(C, memRes([aliveFrom(B, 2)])));
    expect(aliveMembers(d.state).map((m) => m.pkiId)).toEqual([pki(B)]);
    expect(deadMembers(d.state)).toEqual([]);
  });

  it('[MEM-FUNC-ALIVE-SELF-IGNORED.1] alive messages about ourselves are neither learned nor forwarded', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(A, 1)));
    expect(d.state.members.size).toBe(0);
    expect(d.of('gossip')).toEqual([]);
    expect(d.of('log').some((l) => l.message.startsWith('Bad configuration'))).toBe(false);
    d.send(received(B, aliveFrom(A, 2, { endpoint: 'elsewhere:1' })));
    expect(d.of('log').some((l) => l.message.startsWith('Bad configuration detected'))).toBe(true);
    expect(d.of('gossip')).toEqual([]);
  });

  it('[MEM-FUNC-ALIVE-VALIDATION.2] a forged signature, a bad identity field or a tampered secret is dropped', () => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    d.send(received(C, aliveFrom(B, 1, { signer: C.key, withIdentity: true })));
    expect(lookup(d.state, pki(B))).toBeUndefined();
    const wrongIdentity = aliveFrom(B, 2);
    const claimsC = { ...wrongIdentity, payload: { ...wrongIdentity.payload, content: { ...wrongIdentity.payload.content, aliveMsg: { ...wrongIdentity.payload.content.aliveMsg, identity: C.key.identity } } } };
    d.send(received(C, claimsC));
    expect(lookup(d.state, pki(B))).toBeUndefined();
    const good = aliveFrom(B, 3, { withIdentity: true });
    const tampered = { ...good, secretEnvelope: { payload: { internalEndpoint: 'evil:1' }, signature: good.secretEnvelope?.signature ?? '' } };
    d.send(received(C, tampered));
    expect(lookup(d.state, pki(B))).toBeUndefined();
    d.send(received(C, good));
    expect(lookup(d.state, pki(B))?.internalEndpoint).toBe('localhost:7002');
  });

  it('[MEM-FUNC-ALIVE-FORWARD.1] a pushed alive message is stored, handled and forwarded once, excluding its sender', () => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    const env = aliveFrom(B, 1, { withIdentity: true });
    d.send(received(C, env));
    d.send(received(B, env));
    const forwards = d.of('gossip').filter((g) => g.envelope.payload.content.$case === 'aliveMsg' && g.envelope.payload.content.aliveMsg.membership.pkiId === pki(B));
    expect(forwards).toEqual([{ kind: 'gossip', envelope: env, excludePkiId: pki(C) }]);
    expect(aliveStoreContents(d.state).map(([id]) => id).sort()).toEqual([pki(B), pki(C)].sort());
  });

  it('[MEM-FUNC-MSGSTORE-POLICY.1] TestAliveMsgStore: CheckValid passes new messages, Add replaces, existing ones fail', () => {
    const d = driverFor(A);
    const msgs = [aliveFrom(B, 1), aliveFrom(C, 1)];
    for (const m of msgs) expect(storeCheckValid(d.state.store, m.payload.content.aliveMsg.membership.pkiId, m.payload.content.aliveMsg.timestamp)).toBe(true);
    d.send(received(B, msgs[0] as never));
    d.send(received(C, msgs[1] as never));
    for (const m of msgs) expect(storeCheckValid(d.state.store, m.payload.content.aliveMsg.membership.pkiId, m.payload.content.aliveMsg.timestamp)).toBe(false);
    expect(storeCheckValid(d.state.store, pki(B), { incNum: 0n, seqNum: 2n })).toBe(true);
    // (Fabric also panics on non-alive messages; here the store's type admits only alive timestamps.)
  });
});

describe('[MEM-FUNC-ALIVE-SELF-IGNORED.1] an alive message about ourselves warns only when its endpoints are not ours', () => {
  const S = peer('S', 7011, 'Org1MSP', 's.example:7011');
  const warnings = (d: ReturnType<typeof driverFor>) => d.of('log').filter((l) => l.level === 'warn' && l.message.startsWith('Bad configuration'));

  it.each<[string, Parameters<typeof aliveFrom>[2], number]>([
    ['our endpoints, SecretEnvelope included', {}, 0],
    ['our external endpoint, no SecretEnvelope', { withSecret: false }, 0],
    ['another external endpoint', { endpoint: 'elsewhere:1' }, 1],
  ])('%s', (_what, opts, count) => {
    const d = driverFor(S);
    d.send(received(B, aliveFrom(S, 5, opts)));
    expect(warnings(d)).toStrictEqual(
      Array.from({ length: count }, () => ({ kind: 'log', level: 'warn', message: 'Bad configuration detected: Received AliveMessage from a peer with the same PKI-ID as myself' })),
    );
    expect(d.state.members.size).toBe(0);
  });

  it('our external endpoint but another internal endpoint in the SecretEnvelope', () => {
    const d = driverFor(S);
    const impostor = { ...S, self: { ...S.self, internalEndpoint: 'localhost:9999' } };
    d.send(received(B, aliveFrom(impostor, 5)));
    expect(warnings(d)).toHaveLength(1);
  });
});

describe('[MEM-FUNC-ALIVE-VALIDATION.2] rejections are reported whole', () => {
  it('an invalid alive message and one of an unknown signer, each with its reason and subject', () => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    d.send(received(C, aliveFrom(B, 1, { signer: C.key, withIdentity: true })));
    d.send(received(C, aliveFrom(peer('U', 7019), 1)));
    expect(d.of('rejected')).toStrictEqual([
      { kind: 'rejected', reason: 'alive.invalid', message: `invalid alive message of ${pki(B)} dropped (signature or identity)` },
      { kind: 'rejected', reason: 'alive.unknownSigner', message: `alive message of ${pki(peer('U', 7019))}, whose identity we do not have, dropped` },
    ]);
  });
});

describe('identities', () => {
  it('[MEM-FUNC-IDENTITY-TABLE.2] identities come from connections, alive identity fields and handshakes, validated', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    expect(lookup(d.state, pki(B))?.org).toBe('Org1MSP');
    d.send(received(B, aliveFrom(C, 1, { withIdentity: true })));
    expect(lookup(d.state, pki(C))?.org).toBe('Org1MSP');
    const D = peer('D', 7004, 'Org2MSP');
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'x:1', attempt: 0, result: { ok: true, pkiId: pki(D), identity: D.key.identity } });
    expect(d.state.identities.size).toBe(2); // a probe nobody asked for teaches nothing
    const E = peer('E', 7005);
    const forged = { ...E.conn, identity: C.key.identity };
    d.send(received({ ...E, conn: forged }, aliveFrom(E, 1)));
    expect(d.of('log').some((l) => l.message.startsWith('identity rejected'))).toBe(true);
    expect(lookup(d.state, pki(E))).toBeUndefined();
  });

  it('[MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1] an alive message of an unknown signer is dropped and counted; its endpoint is never dialled', () => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    d.send(received(C, aliveFrom(B, 1)));
    expect(lookup(d.state, pki(B))).toBeUndefined();
    expect(d.of('rejected')).toEqual([{ kind: 'rejected', reason: 'alive.unknownSigner', message: expect.stringContaining(pki(B)) }]);
    d.advanceTo(10_000); // reconnect ticks come and go: nobody probes B's endpoint
    expect(d.of('handshake').filter((h) => h.endpoint === 'localhost:7002')).toEqual([]);
    // Once the identity is known (identity pull), the next heartbeat of B is taken and forwarded.
    d.send({ type: 'IDENTITY_LEARNED', pkiId: pki(B), identity: B.key.identity });
    d.send(received(C, aliveFrom(B, 2)));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
    const fwd = d.of('gossip').filter((g) => g.envelope.payload.content.aliveMsg.membership.pkiId === pki(B));
    expect(fwd.map((g) => [g.envelope.payload.content.aliveMsg.timestamp.seqNum, g.excludePkiId])).toEqual([[2n, pki(C)]]);
  });

  it('[MEM-FUNC-IDENTITY-TABLE.2] a garbage identity is refused even for a known PKI-ID, and IDENTITY_LEARNED is validated too', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.send({ type: 'IDENTITY_LEARNED', pkiId: pki(B), identity: 'Org1MSP\ngarbage' });
    d.send({ type: 'IDENTITY_LEARNED', pkiId: pki(C), identity: B.key.identity });
    expect(lookup(d.state, pki(C))).toBeUndefined();
    expect(d.of('log').filter((l) => l.message.startsWith('identity rejected'))).toHaveLength(2);
  });
});

describe('signing counts', () => {
  it('[MEM-FUNC-ALIVE-VALIDATION.2] only messages that pass the store check are verified (TestValidation, alive part)', () => {
    const crypto = countingSuite();
    const d = driverFor(A, {}, {}, crypto);
    const env = aliveFrom(B, 1);
    d.send(received(B, env));
    const afterFirst = crypto.verifies;
    d.send(received(B, env));
    d.send(received(B, aliveFrom(B, 0)));
    expect(afterFirst).toBe(2); // envelope + secret envelope
    expect(crypto.verifies).toBe(afterFirst);
  });
});
