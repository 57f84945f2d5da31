/**
 * The composition's obligations towards the election (spec/election.md, "Obligations of the peer
 * composition") and the orderer connection, on one peer reducer and in the simulator.
 */
import { createSymbolicSuite, type HostInput, type SigningKey } from '../../src/core';
import { signMessage } from '../../src/messages';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { advanceTo, leadersOf, peerState } from '../../src/sim';
import { CHANNEL, FAST_ELECTION_ENV, configOf, joinAll, joinCommand, network, oneOrg } from './fixtures';

const suite = createSymbolicSuite(3);
const me = suite.enroll('Org1MSP', 'p0');
const mate = suite.enroll('Org1MSP', 'p1');
const foreigner = suite.enroll('Org2MSP', 'q0');
const keys = new Map<string, SigningKey>([me, mate, foreigner].map((k) => [suite.pkiIdOf(k.identity), k]));
const reducer = createPeerReducer(suite, (pki) => keys.get(pki));
const conn = (k: SigningKey) => ({ pkiId: suite.pkiIdOf(k.identity), identity: k.identity, endpoint: 'x:1' });

function start(env: Record<string, string>): PeerState {
  const [s0] = reducer.init({
    self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: suite.orgOf(me.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
    config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, ...env }),
    startTimeMs: 0,
    seed: 3,
  });
  const join: HostInput = { kind: 'command', nowMs: 0, command: { type: 'JOIN_CHANNEL', channel: CHANNEL, sequence: 0, orgs: [{ mspId: 'Org1MSP', anchorPeers: [] }, { mspId: 'Org2MSP', anchorPeers: [] }] } };
  return reducer.step(s0, join)[0];
}

function declaration(creator: SigningKey, seq: bigint, signer: SigningKey = creator) {
  const payload = {
    nonce: 0n,
    channel: CHANNEL,
    tag: 'CHAN_AND_ORG' as const,
    content: { $case: 'leadershipMsg' as const, leadershipMsg: { pkiId: suite.pkiIdOf(creator.identity), timestamp: { incNum: 1n, seqNum: seq }, isDeclaration: true } },
  };
  return signMessage(suite, signer, payload);
}

const receive = (s: PeerState, from: SigningKey, payload: unknown) => reducer.step(s, { kind: 'receive', nowMs: 100, from: conn(from), payload });

describe('what the composition owes the election', () => {
  it('[ELE-FUNC-FOREIGN-ORG-ISOLATION.1] TestFilterForeignOrgLeadershipMessages: foreign senders, foreign creators and bad signatures never reach the election', () => {
    const s0 = start({});
    const cases: [SigningKey, unknown, string][] = [
      [foreigner, declaration(foreigner, 1n), 'leadership.foreignSender'],
      [mate, declaration(foreigner, 1n), 'leadership.foreignCreator'],
      [mate, declaration(mate, 1n, foreigner), 'leadership.badSignature'],
    ];
    for (const [from, msg, reason] of cases) {
      const [s1, effects] = receive(s0, from, msg);
      expect(s1.rejected).toEqual({ [reason]: 1 });
      expect(s1.channels[CHANNEL]?.election).toBe(s0.channels[CHANNEL]?.election);
      expect(effects.every((e) => e.kind === 'log' || e.kind === 'metric')).toBe(true);
    }
    // A good one from a same-org peer reaches the election, once: a replay of it does not.
    const good = declaration(mate, 1n);
    const [s2] = receive(s0, mate, good);
    expect(s2.rejected).toEqual({});
    expect(s2.channels[CHANNEL]?.lastLeadership[suite.pkiIdOf(mate.identity)]).toEqual({ ts: { incNum: 1n, seqNum: 1n }, addedAtMs: 100 });
    const [s3] = receive(s2, mate, good);
    expect(s3.channels[CHANNEL]?.election).toBe(s2.channels[CHANNEL]?.election);
  });

  it('[PEER-FUNC-LEADERSHIP-OWN-ECHO.1] our own leadership message relayed back is counted as such, not as a bad signature', () => {
    const s0 = start({});
    const [s1, effects] = receive(s0, mate, declaration(me, 1n));
    expect(s1.rejected).toEqual({ 'leadership.ownMessage': 1 });
    expect(s1.channels[CHANNEL]).toBe(s0.channels[CHANNEL]);
    expect(effects.every((e) => e.kind === 'log' || e.kind === 'metric')).toBe(true);
  });

  it('[PEER-FUNC-LEADERSHIP-STORE-EXPIRY.1] the leadership store forgets a creator 2 x leaderAliveThreshold x 10 after its last message', () => {
    const s0 = start({}); // FAST_ELECTION_ENV: leaderAliveThreshold 2s, so the TTL is 20s
    const at = (s: PeerState, nowMs: number, from: SigningKey, msg: unknown) => reducer.step(s, { kind: 'receive', nowMs, from: conn(from), payload: msg })[0];
    const third = suite.enroll('Org1MSP', 'p2');
    const s1 = at(s0, 100, mate, declaration(mate, 1n));
    const s2 = at(s1, 100 + 40_000, third, declaration(third, 1n)); // exactly 2 x TTL later: still kept
    expect(Object.keys(s2.channels[CHANNEL]!.lastLeadership).sort()).toEqual([suite.pkiIdOf(mate.identity), suite.pkiIdOf(third.identity)].sort());
    const s3 = at(s2, 100 + 40_001, third, declaration(third, 2n));
    expect(Object.keys(s3.channels[CHANNEL]!.lastLeadership)).toEqual([suite.pkiIdOf(third.identity)]);
    // Until then, a replay of the old message is still a duplicate (the expired entry blocks it).
    const replay = reducer.step(s2, { kind: 'receive', nowMs: 100 + 30_000, from: conn(mate), payload: declaration(mate, 1n) })[0];
    expect(replay.channels[CHANNEL]!.election).toBe(s2.channels[CHANNEL]!.election);
  });

  it('[ELE-FUNC-DELIVERY-GAVE-UP.1] a leader whose deliverer gives up yields: callback false, orderer disconnected', () => {
    // A lone peer with an empty view elects itself after the startup grace and one round.
    let w = network(oneOrg(1, 'fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: '' }));
    w = advanceTo(joinAll(w, joinCommand(['Org1MSP'])), 10_000);
    const name = 'p0.org1msp';
    expect(leadersOf(w, CHANNEL)).toEqual([name]);
    const [after, effects] = w.config.reducer.step(peerState(w, name), { kind: 'ordererGaveUp', nowMs: w.nowMs, channel: CHANNEL });
    expect(after.channels[CHANNEL]?.isLeader).toBe(false);
    expect(effects).toEqual(expect.arrayContaining([{ kind: 'leadershipChanged', channel: CHANNEL, isLeader: false }, { kind: 'disconnectOrderer', channel: CHANNEL }]));
  });
});
