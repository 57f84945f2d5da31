/**
 * The identity store (Fabric's identity mapper) inside the composed peer: what it purges, membership,
 * identity pull and the connection lose (Fabric's onPurge), and an identity it refuses rejects the
 * input that brought it.
 *
 * Ports keep Fabric's names and assertions. How the mechanism differs: Fabric's naiveCryptoService
 * revokes by a mutable set read inside ValidateIdentity and a test calls SuspectPeers directly; here
 * revocation arrives as a JOIN_CHANNEL config update carrying `revokedPkiIds` (the store's
 * CONFIG_UPDATED suspects every identity, as core/peer/peer.go does on every config update), and a
 * certificate's NotAfter is the symbolic suite's `expiresAtMs`. Time is the simulator's virtual
 * clock, so Fabric's waitUntilOrFail becomes "by this deadline, checked every 250ms".
 * TestCertStore's mock comm becomes a one-peer host fed hellos, digests and updates.
 */
import { createSymbolicSuite, type Effect, type SigningKey } from '../../src/core';
import { aliveMembers, lookup } from '../../src/membership';
import { signMessage } from '../../src/messages';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { storedIdentityOf } from '../../src/security/identity';
import { advanceTo, command, createWorld, peerState, type PeerSpec, type World } from '../../src/sim';
import { configOf, CHANNEL, joinCommand } from './fixtures';
import { SoloHost } from './solo-host';

const withoutCounters = (s: PeerState) => ({ ...s, rejected: {} });
const pki = (suite: ReturnType<typeof createSymbolicSuite>, k: SigningKey) => suite.pkiIdOf(k.identity);

function aliveOf(suite: ReturnType<typeof createSymbolicSuite>, k: SigningKey, endpoint: string, seqNum: bigint, identity?: string) {
  return signMessage(suite, k, {
    nonce: 0n, channel: '', tag: 'EMPTY' as const,
    content: { $case: 'aliveMsg' as const, aliveMsg: { membership: { endpoint, metadata: '', pkiId: suite.pkiIdOf(k.identity) }, timestamp: { incNum: 1n, seqNum }, ...(identity === undefined ? {} : { identity }) } },
  });
}
function identityMessage(suite: ReturnType<typeof createSymbolicSuite>, subject: SigningKey) {
  return signMessage(suite, subject, { nonce: 0n, channel: '', tag: 'EMPTY' as const, content: { $case: 'peerIdentity' as const, peerIdentity: { pkiId: suite.pkiIdOf(subject.identity), cert: subject.identity, metadata: '' } } });
}
const pullMsg = (content: unknown) => ({ payload: { nonce: 0n, channel: '', tag: 'EMPTY', content }, signature: '' });
const identityUpdate = (...data: unknown[]) => pullMsg({ $case: 'dataUpdate', dataUpdate: { nonce: 5n, msgType: 'IDENTITY_MSG', data } });
const identityHello = (nonce: bigint) => pullMsg({ $case: 'hello', hello: { nonce, metadata: '', msgType: 'IDENTITY_MSG' } });
const identityDigest = (nonce: bigint, digests: string[]) => pullMsg({ $case: 'dataDig', dataDig: { nonce, msgType: 'IDENTITY_MSG', digests } });

type Sent = { to: string[]; content: { $case: string } & Record<string, unknown> };
const sentOf = (effects: readonly Effect[]): Sent[] =>
  effects.flatMap((e) => (e.kind === 'send' ? [{ to: e.to.map((r) => r.pkiId as string), content: (e.message as { payload: { content: Sent['content'] } }).payload.content }] : []));
const identityPullSent = (effects: readonly Effect[], $case: string) =>
  sentOf(effects).filter((s) => s.content.$case === $case && (s.content[$case] as { msgType: string }).msgType === 'IDENTITY_MSG');

/** One peer p0 of Org1MSP in a SoloHost, with the suite it trusts. */
function solo(seed: number, options: { selfExpiresAtMs?: number; usageThresholdMs?: number } = {}) {
  const suite = createSymbolicSuite(seed);
  const me = suite.enroll('Org1MSP', 'p0', options.selfExpiresAtMs === undefined ? undefined : { expiresAtMs: options.selfExpiresAtMs });
  const reducer = createPeerReducer(suite, (p) => (p === suite.pkiIdOf(me.identity) ? me : undefined));
  const start = {
    self: { pkiId: pki(suite, me), identity: me.identity, org: suite.orgOf(me.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
    config: configOf('fabric-1.4', { CORE_PEER_GOSSIP_BOOTSTRAP: '', CORE_PEER_GOSSIP_PULLINTERVAL: '4s' }),
    startTimeMs: 0,
    seed,
    ...(options.usageThresholdMs === undefined ? {} : { identityUsageThresholdMs: options.usageThresholdMs }),
  };
  return { suite, me, reducer, start };
}
const conn = (suite: ReturnType<typeof createSymbolicSuite>, k: SigningKey, endpoint: string) => ({ pkiId: pki(suite, k), identity: k.identity, endpoint });

describe('the identity store in the composed peer', () => {
  it('[PEER-FUNC-IDENTITY-STORE.1] [MEM-FUNC-IDENTITY-LEARNED.1] the store starts with our own identity and takes every identity membership learns', () => {
    const { suite, me, reducer, start } = solo(61);
    const mate = suite.enroll('Org1MSP', 'p1');
    const far = suite.enroll('Org1MSP', 'p2');
    const [s0] = reducer.init(start);
    expect(storedIdentityOf(s0.identities, pki(suite, me))?.identity).toBe(me.identity);
    // The sender (connection info) and the alive message's carried identity are both learned.
    const [s1] = reducer.step(s0, { kind: 'receive', nowMs: 10, from: conn(suite, mate, 'p1:7051'), payload: aliveOf(suite, far, 'p2:7051', 1n, far.identity) });
    expect(s1.rejected).toEqual({});
    for (const k of [mate, far]) expect(storedIdentityOf(s1.identities, pki(suite, k))?.identity).toBe(k.identity);
    expect(lookup(s1.membership, pki(suite, far))?.status).toBe('alive');
  });

  it('[PEER-FUNC-IDENTITY-STORE.1] a peer whose own identity the store refuses (already expired) cannot start, as Fabric panics', () => {
    const { reducer, start } = solo(62, { selfExpiresAtMs: 1_000 });
    expect(() => reducer.init({ ...start, startTimeMs: 2_000 })).toThrow(/gossipping peer identity expired/);
    expect(() => reducer.init(start)).not.toThrow();
  });

  it('[PEER-FUNC-IDENTITY-REFUSED-INPUT.1] an inbound message bringing an identity the store refuses changes nothing but the counter', () => {
    const { suite, reducer, start } = solo(63);
    const mate = suite.enroll('Org1MSP', 'p1');
    const expired = suite.enroll('Org1MSP', 'p3', { expiresAtMs: 5 });
    const [s0] = reducer.init(start);
    const [s1] = reducer.step(s0, { kind: 'receive', nowMs: 10, from: conn(suite, mate, 'p1:7051'), payload: aliveOf(suite, mate, 'p1:7051', 1n) });
    // 1. an identity update carrying an expired certificate (valid, correctly signed): dropped whole.
    const [s2] = reducer.step(s1, { kind: 'receive', nowMs: 20, from: conn(suite, mate, 'p1:7051'), payload: identityUpdate(identityMessage(suite, expired)) });
    expect(s2.rejected).toEqual({ ...s1.rejected, 'identity.expired': 1 });
    expect(withoutCounters(s2)).toEqual(withoutCounters(s1));
    // 2. an alive message relayed by the mate, carrying the expired identity: dropped whole.
    const [s3] = reducer.step(s1, { kind: 'receive', nowMs: 20, from: conn(suite, mate, 'p1:7051'), payload: aliveOf(suite, expired, 'p3:7051', 1n, expired.identity) });
    expect(s3.rejected).toEqual({ ...s1.rejected, 'identity.expired': 1 });
    expect(withoutCounters(s3)).toEqual(withoutCounters(s1));
    // 3. anything from a sender the last config update revoked: dropped at the edge.
    const [s4] = reducer.step(s1, { kind: 'command', nowMs: 30, command: { ...(joinCommand(['Org1MSP']) as object), revokedPkiIds: [pki(suite, mate)] } });
    const [s5] = reducer.step(s4, { kind: 'receive', nowMs: 40, from: conn(suite, mate, 'p1:7051'), payload: aliveOf(suite, mate, 'p1:7051', 2n, mate.identity) });
    expect(s5.rejected).toEqual({ ...s4.rejected, 'identity.revoked': 1 });
    expect(withoutCounters(s5)).toEqual(withoutCounters(s4));
  });

  it('[PEER-FUNC-IDENTITY-REFUSED-INPUT.1] a handshake with a revoked peer fails', () => {
    const { suite, reducer, start } = solo(64);
    const mate = suite.enroll('Org1MSP', 'p1');
    const host = new SoloHost(reducer, ...reducer.init({ ...start, config: configOf('fabric-1.4', { CORE_PEER_GOSSIP_BOOTSTRAP: 'p1:7051' }) }), 0);
    host.input({ kind: 'command', nowMs: 0, command: { ...(joinCommand(['Org1MSP']) as object), revokedPkiIds: [pki(suite, mate)] } });
    const attempt = host.effects.find((e) => e.effect.kind === 'handshake')?.effect;
    if (attempt?.kind !== 'handshake') throw new Error('no handshake to the bootstrap peer');
    const effects = host.input({ kind: 'handshakeResult', nowMs: 1, endpoint: attempt.endpoint, attempt: attempt.attempt, result: { ok: true, pkiId: pki(suite, mate), identity: mate.identity } });
    expect(sentOf(effects)).toEqual([]); // no membership request: the Connect saw a failed handshake
    expect(host.state.membership.identities.size).toBe(0);
    expect(storedIdentityOf(host.state.identities, pki(suite, mate))).toBeUndefined();
  });

  it('[PEER-FUNC-IDENTITY-PURGE.1] [MEM-FUNC-IDENTITY-PURGED.1] an identity that expires is purged: membership forgets the member and its identity, identity pull drops it, the connection is closed', () => {
    const { suite, reducer, start } = solo(65);
    const mate = suite.enroll('Org1MSP', 'p1', { expiresAtMs: 5_000 });
    const host = new SoloHost(reducer, ...reducer.init(start), 0);
    host.input({ kind: 'receive', nowMs: 10, from: conn(suite, mate, 'p1:7051'), payload: identityUpdate(identityMessage(suite, mate)) });
    host.input({ kind: 'receive', nowMs: 20, from: conn(suite, mate, 'p1:7051'), payload: aliveOf(suite, mate, 'p1:7051', 1n) });
    const mateId = pki(suite, mate);
    expect(lookup(host.state.membership, mateId)?.status).toBe('alive');
    expect(Object.keys(host.state.identityPull.items)).toContain(mateId);
    expect(host.armed(`identities|expiry/${mateId}`)).toHaveLength(1);
    host.runUntil(5_001);
    expect(lookup(host.state.membership, mateId)).toBeUndefined();
    expect(host.state.membership.identities.size).toBe(0);
    expect(Object.keys(host.state.identityPull.items)).not.toContain(mateId);
    expect(storedIdentityOf(host.state.identities, mateId)).toBeUndefined();
    expect(host.effects.filter((e) => e.effect.kind === 'closeConnection').map((e) => e.effect)).toEqual([{ kind: 'closeConnection', pkiId: mateId }]);
    // Its next heartbeat does not bring it back.
    host.input({ kind: 'receive', nowMs: 6_000, from: conn(suite, mate, 'p1:7051'), payload: aliveOf(suite, mate, 'p1:7051', 2n, mate.identity) });
    expect(lookup(host.state.membership, mateId)).toBeUndefined();
    expect(host.state.rejected).toEqual({ 'identity.expired': 1 });
  });

  it('[MEM-FUNC-IDENTITY-PURGED.1] a purged identity takes its member with it even when it is a bootstrap peer', () => {
    const { suite, reducer, start } = solo(66);
    const mate = suite.enroll('Org1MSP', 'p1');
    const [s0] = reducer.init({ ...start, config: configOf('fabric-1.4', { CORE_PEER_GOSSIP_BOOTSTRAP: 'p1:7051' }) });
    const [s1] = reducer.step(s0, { kind: 'receive', nowMs: 10, from: conn(suite, mate, 'p1:7051'), payload: aliveOf(suite, mate, 'p1:7051', 1n, mate.identity) });
    expect(lookup(s1.membership, pki(suite, mate))?.status).toBe('alive');
    const [s2, effects] = reducer.step(s1, { kind: 'command', nowMs: 20, command: { ...(joinCommand(['Org1MSP']) as object), revokedPkiIds: [pki(suite, mate)] } });
    expect(lookup(s2.membership, pki(suite, mate))).toBeUndefined();
    expect(effects.filter((e) => e.kind === 'handshake')).toEqual([]); // forgotten, not dialled
  });

  it('[PEER-FUNC-IDENTITY-REVOCATION.1] a config update without revocations keeps what other channels revoke; an outdated one changes nothing', () => {
    const { suite, reducer, start } = solo(67);
    const mate = suite.enroll('Org1MSP', 'p1');
    const [s0] = reducer.init(start);
    const join = (channel: string, sequence: number, revokedPkiIds?: string[]) =>
      ({ kind: 'command' as const, nowMs: 10, command: { ...(joinCommand(['Org1MSP'], sequence) as object), channel, ...(revokedPkiIds === undefined ? {} : { revokedPkiIds }) } });
    const [s1] = reducer.step(s0, join('a', 1, [pki(suite, mate)]));
    const [s2] = reducer.step(s1, join('b', 1));
    expect(s2.identities.context.revokedPkiIds).toEqual([pki(suite, mate)]);
    const [s3] = reducer.step(s2, join('a', 0, []));
    expect(s3.identities.context.revokedPkiIds).toEqual([pki(suite, mate)]);
    const [s4] = reducer.step(s3, join('a', 2, []));
    expect(s4.identities.context.revokedPkiIds).toEqual([]);
  });
});

describe('certstore_test.go ports', () => {
  it('[PEER-FUNC-IDENTITY-PURGE.1] [PEER-FUNC-IDENTITY-REVOCATION.1] TestCertRevocation: a revoked identity leaves identity pull, and is asked for again when offered', () => {
    const { suite, me, reducer, start } = solo(71);
    const b = suite.enroll('Org1MSP', 'B');
    const c = suite.enroll('Org1MSP', 'C');
    const host = new SoloHost(reducer, ...reducer.init(start), 0);
    const fromC = conn(suite, c, 'C:7051');
    const bId = pki(suite, b);
    // testCertificateUpdate(shouldSucceed = true): B enters the certstore; a hello is answered with 2 digests.
    host.input({ kind: 'receive', nowMs: 10, from: fromC, payload: identityUpdate(identityMessage(suite, b)) });
    // C is alive (its org known, so the egress filter offers it what my org may see), and the engine pulls from it.
    host.input({ kind: 'receive', nowMs: 20, from: fromC, payload: aliveOf(suite, c, 'C:7051', 1n, c.identity) });
    const digestFor = (nonce: bigint) => {
      const [answer] = identityPullSent(host.input({ kind: 'receive', nowMs: host.nowMs, from: fromC, payload: identityHello(nonce) }), 'dataDig');
      return (answer?.content.dataDig as { digests: string[] } | undefined)?.digests;
    };
    expect(digestFor(1n)).toHaveLength(2);
    expect(digestFor(1n)?.sort()).toEqual([pki(suite, me), bId].sort());
    // Our hello to C, C's digest offering B.
    const askedForB = (untilMs: number): boolean => {
      const before = host.effects.length;
      host.runUntil(untilMs - 1_000);
      const hello = host.effects.slice(before).flatMap((e) => identityPullSent([e.effect], 'hello')).filter((s) => s.to.includes(pki(suite, c))).pop(); // the round now open
      if (hello === undefined) throw new Error('no identity hello to C');
      host.input({ kind: 'receive', nowMs: host.nowMs, from: fromC, payload: identityDigest((hello.content.hello as { nonce: bigint }).nonce, [bId]) });
      host.runUntil(untilMs);
      return host.effects.slice(before).some((e) => identityPullSent([e.effect], 'dataReq').some((s) => (s.content.dataReq as { digests: string[] }).digests.includes(bId)));
    };
    // Shouldn't have asked, because already got identity.
    expect(askedForB(9_000)).toBe(false);
    // Revoke the identity (a config update revoking B; every identity suspected).
    host.input({ kind: 'command', nowMs: host.nowMs, command: { ...(joinCommand(['Org1MSP']) as object), revokedPkiIds: [bId] } });
    expect(Object.keys(host.state.identityPull.items)).not.toContain(bId);
    expect(digestFor(2n)).toHaveLength(1);
    // Didn't ask for identity, but should have: the revoked identity is no longer held.
    expect(askedForB(17_000)).toBe(true);
  });

  it('[PEER-FUNC-IDENTITY-STORE.1] TestCertExpiration: a peer never purges its own identity as unused, so it keeps offering it by pull', () => {
    // Fabric sets the usage threshold to 1s, sleeps twice that, then starts a second peer and waits
    // for three identity digests naming the first peer. Here the second peer's hellos are fed to the first.
    const usageThresholdMs = 1_000;
    const { suite, me, reducer, start } = solo(72, { usageThresholdMs });
    const other = suite.enroll('Org1MSP', 'p1');
    const host = new SoloHost(reducer, ...reducer.init(start), 0);
    // A learned identity nobody uses is purged, which shows the usage check runs.
    host.input({ kind: 'receive', nowMs: 0, from: conn(suite, other, 'p1:7051'), payload: identityUpdate(identityMessage(suite, other)) });
    host.runUntil(usageThresholdMs * 2);
    expect(storedIdentityOf(host.state.identities, pki(suite, other))).toBeUndefined();
    expect(storedIdentityOf(host.state.identities, pki(suite, me))).toBeDefined();
    const identities2Detect = 3;
    let detected = 0;
    for (let i = 0; i < identities2Detect; i++) {
      host.runUntil(host.nowMs + 4_000);
      // The second peer's heartbeat (with its identity, as a newly started peer's) precedes its hello.
      host.input({ kind: 'receive', nowMs: host.nowMs, from: conn(suite, other, 'p1:7051'), payload: aliveOf(suite, other, 'p1:7051', BigInt(1 + i), other.identity) });
      const effects = host.input({ kind: 'receive', nowMs: host.nowMs, from: conn(suite, other, 'p1:7051'), payload: identityHello(BigInt(10 + i)) });
      if (identityPullSent(effects, 'dataDig').some((s) => (s.content.dataDig as { digests: string[] }).digests.includes(pki(suite, me)))) detected++;
    }
    expect(detected).toBe(identities2Detect);
  });
});

describe('gossip_test.go ports', () => {
  /**
   * Fabric's parameters: aliveTimeInterval 1s, aliveExpirationTimeout 10s, reconnectInterval 1s,
   * pullInterval 4s, publishCertPeriod 4s; peers 2..5 bootstrap from peer 1.
   */
  function identityExpirationNetwork(seed: number): { world: World<PeerState>; names: string[]; pkiIds: string[] } {
    const suite = createSymbolicSuite(seed);
    const names = [1, 2, 3, 4, 5].map((i) => `g${i}`);
    const endpoint = (name: string) => `${name}:7051`;
    // The last peer's certificate expires 5 seconds from the start.
    const keys = names.map((name, i) => suite.enroll('Org1MSP', name, i === 4 ? { expiresAtMs: 5_000 } : undefined));
    const specs: PeerSpec[] = names.map((name, i) => {
      const key = keys[i] as SigningKey;
      return { name, pkiId: pki(suite, key), identity: key.identity, org: 'Org1MSP' as never, internalEndpoint: endpoint(name), externalEndpoint: endpoint(name) };
    });
    const byPki = new Map(specs.map((s, i) => [s.pkiId as string, keys[i] as SigningKey]));
    const reducer = createPeerReducer(suite, (p) => byPki.get(p));
    const config = (name: string) => configOf('fabric-1.4', {
      CORE_PEER_GOSSIP_BOOTSTRAP: name === 'g1' ? '' : endpoint('g1'),
      CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
      CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '10s',
      CORE_PEER_GOSSIP_RECONNECTINTERVAL: '1s',
      CORE_PEER_GOSSIP_PULLINTERVAL: '4s',
      CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: '4s',
    });
    const world = createWorld<PeerState>({
      seed,
      peers: specs,
      reducer,
      tracing: false,
      initPeer: (spec, nowMs, context) => reducer.init({
        self: { pkiId: spec.pkiId, identity: spec.identity, org: spec.org, internalEndpoint: spec.internalEndpoint, externalEndpoint: spec.externalEndpoint },
        config: config(spec.name),
        startTimeMs: nowMs,
        seed: seed * 10 + names.indexOf(spec.name) + context.incarnation,
      }),
    });
    return { world, names, pkiIds: specs.map((s) => s.pkiId) };
  }

  const neighbours = (w: World<PeerState>, name: string) => aliveMembers(peerState(w, name).membership).map((m) => m.pkiId as string);

  /** Fabric's waitUntilOrFail: advance in 250ms steps until `done` holds, or fail at the deadline. */
  function waitUntilOrFail(w: World<PeerState>, deadlineMs: number, done: (w: World<PeerState>) => boolean, what: string): World<PeerState> {
    let world = w;
    while (!done(world)) {
      if (world.nowMs >= deadlineMs) throw new Error(`timed out ${what}`);
      world = advanceTo(world, world.nowMs + 250);
    }
    return world;
  }

  it.each([0, 1, 2, 3])(
    '[PEER-FUNC-IDENTITY-PURGE.1] [PEER-FUNC-IDENTITY-REVOCATION.1] [PEER-FUNC-IDENTITY-REFUSED-INPUT.1] TestIdentityExpiration: the expired peer and then a revoked one (index %i) drop out of every view and stay out',
    (revokedPeerIndex) => {
      const { world: w0, names, pkiIds } = identityExpirationNetwork(81 + revokedPeerIndex);
      const peers = names.slice(0, 4);
      const expiredPkiId = pkiIds[4] as string;
      // Every one of the first four sees exactly the other three: the fifth, expired, is gone.
      const seeAllNeighbors = (w: World<PeerState>) => peers.every((n) => neighbours(w, n).length === 3);
      let w = waitUntilOrFail(advanceTo(w0, 5_001), 60_000, seeAllNeighbors, 'waiting for all instances to form uniform membership view');
      for (const n of peers) expect(neighbours(w, n)).not.toContain(expiredPkiId);
      // Now revoke some peer: a config update revoking it reaches every other peer.
      const revokedPkiId = pkiIds[revokedPeerIndex] as string;
      peers.forEach((n, i) => {
        if (i !== revokedPeerIndex) w = command(w, n, { ...(joinCommand(['Org1MSP'], 1) as object), channel: CHANNEL, revokedPkiIds: [revokedPkiId] });
      });
      // Ensure that no one talks to the peer that is revoked.
      const ensureRevokedPeerIsIgnored = (world: World<PeerState>) =>
        peers.every((n, i) => neighbours(world, n).length === (i === revokedPeerIndex ? 0 : 2));
      w = waitUntilOrFail(w, w.nowMs + 60_000, ensureRevokedPeerIsIgnored, 'waiting to make sure revoked peers are ignored');
      // And they stay out: neither the expired nor the revoked peer comes back.
      w = advanceTo(w, w.nowMs + 30_000);
      expect(ensureRevokedPeerIsIgnored(w)).toBe(true);
      peers.forEach((n, i) => {
        if (i === revokedPeerIndex) return;
        const s = peerState(w, n);
        expect(neighbours(w, n)).not.toContain(revokedPkiId);
        expect(neighbours(w, n)).not.toContain(expiredPkiId);
        expect(Object.keys(s.identityPull.items)).not.toContain(revokedPkiId);
        expect(Object.keys(s.identityPull.items)).not.toContain(expiredPkiId);
        expect(storedIdentityOf(s.identities, revokedPkiId)).toBeUndefined();
      });
    },
  );
});
