/**
 * Identity pull through the composed peer (Fabric's certstore): updates are taken whole or not at
 * all, identities learned reach membership, and the egress filter hides what a foreign org may not
 * see. Ports of certstore_test.go keep its names; the mechanism differs in that the store is fed a
 * DataUpdate directly instead of through a mock comm (the checks are the same).
 */
import { createSymbolicSuite, type SigningKey } from '../../src/core';
import { signMessage } from '../../src/messages';
import { lookup } from '../../src/membership';
import { createPeerReducer, identityVisibleTo, type PeerState } from '../../src/peer';
import { advanceTo, peerState } from '../../src/sim';
import { configOf, joinAll, joinCommand, network, oneOrg } from './fixtures';

const suite = createSymbolicSuite(31);
const me = suite.enroll('Org1MSP', 'p0');
const mate = suite.enroll('Org1MSP', 'p1');
const stranger = suite.enroll('Org1MSP', 'p9');
const reducer = createPeerReducer(suite, (pki) => (pki === suite.pkiIdOf(me.identity) ? me : undefined));
const [s0] = reducer.init({
  self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: suite.orgOf(me.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
  config: configOf('fabric-1.4', { CORE_PEER_GOSSIP_BOOTSTRAP: '' }),
  startTimeMs: 0,
  seed: 31,
});
const from = { pkiId: suite.pkiIdOf(mate.identity), identity: mate.identity, endpoint: 'p1:7051' };
const withoutCounters = (s: PeerState) => ({ ...s, rejected: {} });

function identityMessage(subject: SigningKey, signer: SigningKey = subject, pkiId = suite.pkiIdOf(subject.identity)) {
  return signMessage(suite, signer, { nonce: 0n, channel: '', tag: 'EMPTY' as const, content: { $case: 'peerIdentity' as const, peerIdentity: { pkiId, cert: subject.identity, metadata: '' } } });
}
const update = (...data: unknown[]) => ({ payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'dataUpdate', dataUpdate: { nonce: 5n, msgType: 'IDENTITY_MSG', data } } }, signature: '' });
const deliver = (payload: unknown) => reducer.step(s0, { kind: 'receive', nowMs: 10, from, payload });

describe('identity pull (certstore)', () => {
  it.each([
    ['TestCertStoreBadSignature', () => identityMessage(stranger, mate)],
    ['TestCertStoreMismatchedIdentity', () => identityMessage(stranger, stranger, suite.pkiIdOf(mate.identity))],
  ])('[PEER-FUNC-IDENTITY-UPDATE-CHECKS.1] %s: the whole update is dropped, counted, and nothing is learned', (_name, bad) => {
    const [s1, effects] = deliver(update(identityMessage(mate), bad()));
    expect(s1.rejected).toEqual({ 'identity.badUpdate': 1 });
    expect(withoutCounters(s1)).toEqual(withoutCounters(s0));
    expect(effects.every((e) => e.kind === 'log' || e.kind === 'metric')).toBe(true);
  });

  it('[PEER-FUNC-IDENTITY-PULL.1] [PEER-FUNC-IDENTITY-UPDATE-CHECKS.1] [PEER-MSG-PEER-IDENTITY.1] TestCertStoreShouldSucceed: valid identities enter membership and the pull items', () => {
    const [s1] = deliver(update(identityMessage(stranger)));
    expect(s1.rejected).toEqual({});
    expect(s1.membership.identities.size).toBe(s0.membership.identities.size + 1); // the stranger (a pull message teaches nothing of its sender)
    expect(Object.keys(s1.identityPull.items).sort()).toEqual([suite.pkiIdOf(me.identity), suite.pkiIdOf(stranger.identity)].sort());
    // An alive message signed by the stranger is now verifiable.
    const alive = signMessage(suite, stranger, { nonce: 0n, channel: '', tag: 'EMPTY' as const, content: { $case: 'aliveMsg' as const, aliveMsg: { membership: { endpoint: 'p9:7051', metadata: '', pkiId: suite.pkiIdOf(stranger.identity) }, timestamp: { incNum: 1n, seqNum: 1n } } } });
    const [s2] = reducer.step(s1, { kind: 'receive', nowMs: 20, from, payload: alive });
    expect(lookup(s2.membership, suite.pkiIdOf(stranger.identity))?.status).toBe('alive');
  });

  it('[PEER-FUNC-IDENTITY-PULL.1] with publishCertPeriod 0 (alive messages never carry identities) an org still converges through identity pull', () => {
    let w = network(oneOrg(4, 'fabric-1.4', { CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: '0s' }), 9);
    w = advanceTo(joinAll(w, joinCommand(['Org1MSP'])), 60_000);
    for (let i = 0; i < 4; i++) {
      const s = peerState(w, `p${i}.org1msp`);
      expect(s.membership.identities.size).toBe(3);
      expect(Object.keys(s.identityPull.items)).toHaveLength(4);
    }
  });
});

describe('the identity egress filter', () => {
  it('[PEER-FUNC-IDENTITY-EGRESS-FILTER.1] sameOrgOrOurOrgPullFilter: my org sees all; a foreign org only external peers of its org or mine; an unknown org nothing', () => {
    const foreigner = suite.enroll('Org2MSP', 'q0');
    const third = suite.enroll('Org3MSP', 'r0');
    const internalMate = suite.enroll('Org1MSP', 'p2');
    const aliveOf = (k: SigningKey, endpoint: string, internal?: string) =>
      signMessage(suite, k, { nonce: 0n, channel: '', tag: 'EMPTY' as const, content: { $case: 'aliveMsg' as const, aliveMsg: { membership: { endpoint, metadata: '', pkiId: suite.pkiIdOf(k.identity) }, timestamp: { incNum: 1n, seqNum: 1n }, identity: k.identity } } }, internal);
    const s = [aliveOf(mate, 'p1:7051'), aliveOf(internalMate, '', 'p2:7051'), aliveOf(foreigner, 'q0:7051'), aliveOf(third, 'r0:7051')].reduce(
      (acc, env) => reducer.step(acc, { kind: 'receive', nowMs: 10, from, payload: env })[0],
      s0,
    );
    expect(s.rejected).toEqual({});
    const id = (k: SigningKey) => suite.pkiIdOf(k.identity);
    const items = [me, mate, internalMate, foreigner, third].map(id);
    const visible = (requester: SigningKey) => items.filter((item) => identityVisibleTo(s, id(requester), item));
    expect(visible(mate)).toEqual(items);
    expect(visible(foreigner)).toEqual([id(me), id(mate), id(foreigner)]);
    expect(visible(suite.enroll('Org4MSP', 'nobody'))).toEqual([]);
  });
});
