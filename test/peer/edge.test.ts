import { createSymbolicSuite, type Effect, type HostInput } from '../../src/core';
import { createPeerReducer, peerStateViolation, type PeerState } from '../../src/peer';
import { pset, pvalues } from '../../src/core/pmap';
import { configOf } from './fixtures';

const suite = createSymbolicSuite(1);
const key = suite.enroll('Org1MSP', 'p0');
const other = suite.enroll('Org1MSP', 'p1');
const reducer = createPeerReducer(suite, (pki) => (pki === suite.pkiIdOf(key.identity) ? key : undefined));
const [s0, initEffects] = reducer.init({
  self: { pkiId: suite.pkiIdOf(key.identity), identity: key.identity, org: suite.orgOf(key.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
  config: configOf('fabric-1.4', { CORE_PEER_GOSSIP_BOOTSTRAP: 'p1:7051' }),
  startTimeMs: 0,
  seed: 1,
});
const from = { pkiId: suite.pkiIdOf(other.identity), identity: other.identity, endpoint: 'p1:7051' };
const receive = (payload: unknown): HostInput => ({ kind: 'receive', nowMs: 10, from, payload });

function onlyReporting(effects: readonly Effect[]): boolean {
  return effects.every((e) => e.kind === 'log' || e.kind === 'metric');
}
const withoutCounters = (s: PeerState) => ({ ...s, rejected: {} });

describe('the peer edge', () => {
  it.each([
    ['a string', 'garbage', 'message.decodeError', '(root)'],
    ['a wrong nested field', { payload: { nonce: 1n, channel: '', tag: 'EMPTY', content: { $case: 'aliveMsg', aliveMsg: { membership: 5 } } }, signature: '' }, 'message.decodeError', 'payload.content.aliveMsg.membership'],
    ['an unknown content case', { payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'bogus' } }, signature: '' }, 'message.decodeError', 'payload.content'],
    ['an illegal tag', { payload: { nonce: 0n, channel: '', tag: 'ORG_ONLY', content: { $case: 'aliveMsg', aliveMsg: { membership: { endpoint: 'x:1', metadata: '', pkiId: 'x' }, timestamp: { incNum: 1n, seqNum: 1n } } } }, signature: '' }, 'message.illegalTag', 'payload.tag'],
  ])('[PEER-FUNC-EDGE-DECODE.1] [GEN-FUNC-BAD-INPUT.1] %s is counted, named, and changes nothing else', (_what, payload, reason, path) => {
    const [s1, effects] = reducer.step(s0, receive(payload));
    expect(s1.rejected).toEqual({ [reason]: 1 });
    expect(withoutCounters(s1)).toEqual(withoutCounters(s0));
    expect(onlyReporting(effects)).toBe(true);
    const log = effects.find((e) => e.kind === 'log');
    expect(log && log.kind === 'log' ? log.message : '').toContain(path);
  });

  it('[PEER-FUNC-EDGE-DECODE.1] a malformed command is rejected with the field named', () => {
    const [s1, effects] = reducer.step(s0, { kind: 'command', nowMs: 1, command: { type: 'JOIN_CHANNEL', channel: 'c', sequence: 'x', orgs: [] } });
    expect(s1.rejected).toEqual({ 'command.decodeError': 1 });
    expect(effects.some((e) => e.kind === 'log' && e.message.includes('sequence'))).toBe(true);
  });

  it('[PEER-FUNC-TIMER-NAMESPACES.1] every timer a peer arms is prefixed with its owner; an unknown one is rejected', () => {
    const ids = initEffects.flatMap((e) => (e.kind === 'setTimer' ? [e.timerId] : []));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('membership|') || id.startsWith('emitter|') || id.startsWith('identityPull|') || id.startsWith('identities|'))).toBe(true);
    const [s1] = reducer.step(s0, { kind: 'timer', nowMs: 5, timerId: 'nobody|x', event: {} });
    expect(s1.rejected).toEqual({ 'timer.unknown': 1 });
  });

  it('[PEER-FUNC-JOIN-CHANNEL.1] a channel whose orgs do not include ours is not joined', () => {
    const [s1, effects] = reducer.step(s0, { kind: 'command', nowMs: 1, command: { type: 'JOIN_CHANNEL', channel: 'c', sequence: 0, orgs: [{ mspId: 'Org2MSP', anchorPeers: [] }] } });
    expect(s1.channels).toEqual({});
    expect(s1.rejected).toEqual({ 'join.notAMember': 1 });
    expect(effects.some((e) => e.kind === 'log' && e.message.includes("isn't among the orgs of the channel"))).toBe(true);
  });

  it('[PEER-FUNC-JOIN-CHANNEL.1] an outdated config sequence does not change the channel; anchors go to membership', () => {
    const join = (sequence: number, orgs: string[]) => ({
      kind: 'command' as const,
      nowMs: 1,
      command: { type: 'JOIN_CHANNEL', channel: 'c', sequence, orgs: orgs.map((mspId) => ({ mspId, anchorPeers: [{ host: 'anchor.' + mspId, port: 7051 }] })) },
    });
    const [s1, e1] = reducer.step(s0, join(2, ['Org1MSP', 'Org2MSP']));
    expect(s1.channels['c']?.orgs).toEqual(['Org1MSP', 'Org2MSP']);
    // membership starts connecting to the anchors: a handshake to each anchor endpoint
    const dialled = e1.flatMap((e) => (e.kind === 'handshake' ? [e.endpoint] : []));
    expect(dialled.sort()).toEqual(['anchor.Org1MSP:7051', 'anchor.Org2MSP:7051']);
    const [s2] = reducer.step(s1, join(1, ['Org1MSP']));
    expect(s2.channels['c']?.orgs).toEqual(['Org1MSP', 'Org2MSP']);
    expect(s2.channels['c']?.sequence).toBe(2);
  });
});

describe('the composed peer invariants', () => {
  it('[PEER-SAFE-SUBSYSTEM-INVARIANTS.1] a subsystem state that breaks its own invariant is reported with the id', () => {
    const follower = reducer.init({
      self: { pkiId: suite.pkiIdOf(key.identity), identity: key.identity, org: suite.orgOf(key.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: '' },
      config: configOf('fabric-2.x', { CORE_PEER_GOSSIP_ORGLEADER: 'false' }),
      startTimeMs: 0,
      seed: 2,
    })[0];
    const [joined] = reducer.step(follower, { kind: 'command', nowMs: 0, command: { type: 'JOIN_CHANNEL', channel: 'c', sequence: 0, orgs: [{ mspId: 'Org1MSP', anchorPeers: [] }] } });
    expect(peerStateViolation(joined)).toBeUndefined();
    const ch = joined.channels['c']!;
    const forged = { ...joined, channels: { c: { ...ch, election: { ...ch.election, context: { ...ch.election.context, isLeader: true } } } } };
    expect(peerStateViolation(forged)).toMatch(/^c: ELE-SAFE-STATIC-FOLLOWER\.1: /);
  });

  it('[PEER-SAFE-SUBSYSTEM-INVARIANTS.1] given the crypto suite, an identity store entry under a PKI-ID that is not its identity\'s is reported', () => {
    const [state] = reducer.init({
      self: { pkiId: suite.pkiIdOf(key.identity), identity: key.identity, org: suite.orgOf(key.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: '' },
      config: configOf('fabric-2.x'),
      startTimeMs: 0,
      seed: 2,
    });
    expect(peerStateViolation(state, suite)).toBeUndefined();
    const entries = state.identities.context.entries;
    const [own] = pvalues(entries);
    if (own === undefined) throw new Error('the store holds no entry for the peer itself');
    const forged = { ...state, identities: { ...state.identities, context: { ...state.identities.context, entries: pset(entries, 'mallory', { ...own, pkiId: 'mallory' }) } } };
    expect(peerStateViolation(forged, suite)).toMatch(/^SEC-SAFE-IDENTITY-MATCHES-PKIID\.1: /);
    // Without the suite the store is not checked (the other subsystems are).
    expect(peerStateViolation(forged)).toBeUndefined();
  });
});
