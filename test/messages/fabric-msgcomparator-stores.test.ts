/**
 * Ports of the rest of Fabric's gossip/protoext/msgcomparator_test.go: the StateInfo, identity and
 * leadership rules of Fabric's message comparator (fabric-msgcomparator.test.ts has the alive and
 * data rules).
 *
 * Adaptation of the mechanism (never of the assertions): Fabric has one comparator over every
 * message kind; the reference has no comparator value, but the stores Fabric feeds it to, each
 * keeping one entry per PKI-ID. comparator(this, that) is asked of the store that holds `that`
 * when `this` arrives:
 *  - "invalidated": `this` is dropped and `that` stays;
 *  - "invalidates": `this` is taken and replaces `that`;
 *  - "no action": both are held.
 * The stores: the channel's StateInfo cache ([CHN-FUNC-STATE-INFO-NEWER.1], driven through the
 * channel reducer, whose checks need each StateInfo signed by its subject and carrying its real
 * channel MAC: Fabric's test MACs are arbitrary bytes the comparator never reads); the identity
 * pull's store of PeerIdentity messages ([PEER-FUNC-IDENTITY-PULL.1], a composed peer receiving
 * identity updates; PKI-IDs are the hashes of enrolled certificates, as the update checks require);
 * the leadership message store ([PEER-FUNC-LEADERSHIP-STORE-EXPIRY.1], a composed peer receiving
 * leadership messages from org mates, each its own creator). Fabric's PKI-IDs 17, 13 and 11 are
 * enrolled peers named after them.
 */
import { createSymbolicSuite, orgId, type HostInput, type PeerTime, type SigningKey } from '../../src/core';
import { cachedOf, stateInfoMessage, type StateInfoEnvelope } from '../../src/channel';
import type { Invalidation } from '../../src/dissemination';
import { signMessage, type Envelope } from '../../src/messages';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { channelA, membership, memberOf, ORG1, pushed, startChannel, suite as channelSuite, testPeer, type TestPeer } from '../channel/fixture';
import { CHANNEL, configOf } from '../peer/fixtures';

const ts = (incNum: number, seqNum: number): PeerTime => ({ incNum: BigInt(incNum), seqNum: BigInt(seqNum) });

// ---- StateInfo: the channel's cache ----

const p17 = testPeer(ORG1, 'pki-17');
const p13 = testPeer(ORG1, 'pki-13');

function stateInfo(subject: TestPeer, incNum: number, seqNum: number): StateInfoEnvelope {
  const msg = stateInfoMessage(channelSuite, subject.pkiId, channelA, ts(incNum, seqNum), { ledgerHeight: 1, leftChannel: false, chaincodes: [] });
  return signMessage(channelSuite, subject.key, msg) as StateInfoEnvelope;
}

const subjectOf = (e: StateInfoEnvelope) => e.payload.content.stateInfo.pkiId;
const peerOf = (e: StateInfoEnvelope): TestPeer => (subjectOf(e) === p17.pkiId ? p17 : p13);

/** comparator(this, that) for StateInfo, as the channel's cache decides it. */
function stateInfoComparator(thisMsg: StateInfoEnvelope, thatMsg: StateInfoEnvelope): Invalidation {
  const d = startChannel();
  d.send(membership([memberOf(p17), memberOf(p13)]));
  d.send(pushed(peerOf(thatMsg), thatMsg));
  expect(cachedOf(d.state.context.cache, subjectOf(thatMsg))?.envelope).toEqual(thatMsg);
  const mark = d.outputs.length;
  d.send(pushed(peerOf(thisMsg), thisMsg));
  const relayed = d.outputs.slice(mark).some(({ output }) => output.kind === 'gossip');
  const cache = d.state.context.cache;
  if (!relayed) {
    expect(cachedOf(cache, subjectOf(thatMsg))?.envelope).toEqual(thatMsg);
    return 'invalidated';
  }
  expect(cachedOf(cache, subjectOf(thisMsg))?.envelope).toEqual(thisMsg);
  if (subjectOf(thisMsg) === subjectOf(thatMsg)) return 'invalidates';
  expect(cachedOf(cache, subjectOf(thatMsg))?.envelope).toEqual(thatMsg);
  return 'noAction';
}

// ---- identities and leadership: one composed peer ----

const suite = createSymbolicSuite(3);
const me = suite.enroll('Org1MSP', 'p0');
const mate17 = suite.enroll('Org1MSP', 'pki-17');
const mate11 = suite.enroll('Org1MSP', 'pki-11');
const keys = new Map<string, SigningKey>([me, mate17, mate11].map((k) => [suite.pkiIdOf(k.identity), k]));
const reducer = createPeerReducer(suite, (pki) => keys.get(pki));
const pkiOf = (k: SigningKey) => suite.pkiIdOf(k.identity);
const conn = (k: SigningKey) => ({ pkiId: pkiOf(k), identity: k.identity, endpoint: `${pkiOf(k)}:7051` });

function joinedPeer(): PeerState {
  const [s0] = reducer.init({
    self: { pkiId: pkiOf(me), identity: me.identity, org: orgId('Org1MSP'), internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
    config: configOf('fabric-1.4'),
    startTimeMs: 0,
    seed: 3,
  });
  const join: HostInput = { kind: 'command', nowMs: 0, command: { type: 'JOIN_CHANNEL', channel: CHANNEL, sequence: 0, orgs: [{ mspId: 'Org1MSP', anchorPeers: [] }] } };
  return reducer.step(s0, join)[0];
}

const receive = (s: PeerState, from: SigningKey, payload: unknown, nowMs = 100): PeerState => reducer.step(s, { kind: 'receive', nowMs, from: conn(from), payload })[0];

/** Fabric's PeerIdentity{pki_id, cert} signed by the identity itself; `nonce` tells two copies apart. */
const identityMsg = (k: SigningKey, nonce = 0n): Envelope =>
  signMessage(suite, k, { nonce, channel: '', tag: 'EMPTY', content: { $case: 'peerIdentity', peerIdentity: { pkiId: pkiOf(k), cert: k.identity, metadata: '' } } });

const identityUpdate = (...items: Envelope[]) => ({
  payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'dataUpdate', dataUpdate: { nonce: 1n, data: items, msgType: 'IDENTITY_MSG' } } },
  signature: '',
});

const equal = (a: unknown, b: unknown): boolean => JSON.stringify(a, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) === JSON.stringify(b, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/**
 * comparator(this, that) for PeerIdentity messages, as the identity pull's store decides it. The
 * store is a value replaced on every change, so "dropped" is seen even when `this` equals `that`.
 */
function identityComparator(thisMsg: Envelope, thatMsg: Envelope): Invalidation {
  const pki = (e: Envelope) => (e.payload.content.$case === 'peerIdentity' ? e.payload.content.peerIdentity.pkiId : '');
  const before = receive(joinedPeer(), mate17, identityUpdate(thatMsg));
  expect(before.identityPull.items[pki(thatMsg)]).toEqual(thatMsg);
  const after = receive(before, mate17, identityUpdate(thisMsg));
  const held = after.identityPull.items;
  if (held === before.identityPull.items) return 'invalidated';
  expect(held[pki(thisMsg)]).toEqual(thisMsg);
  if (pki(thisMsg) === pki(thatMsg)) return 'invalidates';
  expect(held[pki(thatMsg)]).toEqual(thatMsg);
  return 'noAction';
}

interface Leadership {
  readonly creator: SigningKey;
  readonly ts: PeerTime;
}
const leadership = (creator: SigningKey, incNum: number, seqNum: number): Leadership => ({ creator, ts: ts(incNum, seqNum) });

const leadershipEnvelope = (m: Leadership): Envelope =>
  signMessage(suite, m.creator, { nonce: 0n, channel: CHANNEL, tag: 'CHAN_AND_ORG', content: { $case: 'leadershipMsg', leadershipMsg: { pkiId: pkiOf(m.creator), timestamp: m.ts, isDeclaration: false } } });

/** comparator(this, that) for leadership messages, as the leadership message store decides it. */
function leadershipComparator(thisMsg: Leadership, thatMsg: Leadership): Invalidation {
  let s = receive(joinedPeer(), thatMsg.creator, leadershipEnvelope(thatMsg));
  const store = () => s.channels[CHANNEL]?.lastLeadership ?? {};
  expect(store()[pkiOf(thatMsg.creator)]?.ts).toEqual(thatMsg.ts);
  s = receive(s, thisMsg.creator, leadershipEnvelope(thisMsg));
  const held = store();
  if (pkiOf(thisMsg.creator) === pkiOf(thatMsg.creator)) {
    const kept = held[pkiOf(thatMsg.creator)]?.ts;
    if (equal(kept, thatMsg.ts)) return 'invalidated';
    expect(kept).toEqual(thisMsg.ts);
    return 'invalidates';
  }
  expect(held[pkiOf(thisMsg.creator)]?.ts).toEqual(thisMsg.ts);
  expect(held[pkiOf(thatMsg.creator)]?.ts).toEqual(thatMsg.ts);
  return 'noAction';
}

describe('Fabric msgcomparator_test.go ports: StateInfo, identity and leadership', () => {
  it('[CHN-FUNC-STATE-INFO-NEWER.1] TestStateInfoMessageNoActionTaken: StateInfo of two PKI-IDs (same time, same MAC bytes in Fabric) neither invalidate the other', () => {
    const sMsg1 = stateInfo(p17, 1, 1);
    const sMsg2 = stateInfo(p13, 1, 1);
    expect(stateInfoComparator(sMsg1, sMsg2)).toBe('noAction');
  });

  it('[CHN-FUNC-STATE-INFO-NEWER.1] [GEN-FUNC-PEER-TIME-ORDER.1] TestStateInfoMessagesInvalidation: of one PKI-ID, the same time is invalidated and the newer PeerTime (incNum first, then seqNum) invalidates the older', () => {
    const sMsg1 = stateInfo(p17, 1, 1);
    const sMsg2 = stateInfo(p17, 1, 1);
    const sMsg3 = stateInfo(p17, 1, 2);
    const sMsg4 = stateInfo(p17, 2, 1);
    expect(stateInfoComparator(sMsg1, sMsg2)).toBe('invalidated');
    expect(stateInfoComparator(sMsg1, sMsg3)).toBe('invalidated');
    expect(stateInfoComparator(sMsg3, sMsg1)).toBe('invalidates');
    expect(stateInfoComparator(sMsg1, sMsg4)).toBe('invalidated');
    expect(stateInfoComparator(sMsg4, sMsg1)).toBe('invalidates');
    expect(stateInfoComparator(sMsg3, sMsg4)).toBe('invalidated');
    expect(stateInfoComparator(sMsg4, sMsg3)).toBe('invalidates');
  });

  it('[PEER-FUNC-IDENTITY-PULL.1] TestIdentityMessagesInvalidation: an identity message of a PKI-ID already held is invalidated; one of another PKI-ID takes no action', () => {
    const msg1 = identityMsg(mate17);
    const msg2 = identityMsg(mate17);
    const msg3 = identityMsg(mate11);
    expect(identityComparator(msg1, msg2)).toBe('invalidated');
    expect(identityComparator(msg1, msg3)).toBe('noAction');
    // Beyond Fabric's table: a different envelope of the same PKI-ID does not replace the held one either.
    expect(identityComparator(identityMsg(mate17, 1n), msg2)).toBe('invalidated');
  });

  it('[ELE-FUNC-FOREIGN-ORG-ISOLATION.1] [PEER-FUNC-LEADERSHIP-STORE-EXPIRY.1] TestLeadershipMessagesNoAction: leadership messages of two PKI-IDs at the same time take no action', () => {
    const msg1 = leadership(mate17, 1, 1);
    const msg2 = leadership(mate11, 1, 1);
    expect(leadershipComparator(msg1, msg2)).toBe('noAction');
  });

  it('[ELE-FUNC-FOREIGN-ORG-ISOLATION.1] [PEER-FUNC-LEADERSHIP-STORE-EXPIRY.1] [GEN-FUNC-PEER-TIME-ORDER.1] TestLeadershipMessagesInvalidation: of one PKI-ID, the newer PeerTime invalidates the older', () => {
    const msg1 = leadership(mate17, 1, 1);
    const msg2 = leadership(mate17, 1, 2);
    const msg3 = leadership(mate17, 2, 1);
    expect(leadershipComparator(msg1, msg2)).toBe('invalidated');
    expect(leadershipComparator(msg2, msg1)).toBe('invalidates');
    expect(leadershipComparator(msg1, msg3)).toBe('invalidated');
    expect(leadershipComparator(msg3, msg1)).toBe('invalidates');
    expect(leadershipComparator(msg2, msg3)).toBe('invalidated');
    expect(leadershipComparator(msg3, msg2)).toBe('invalidates');
  });
});
