/**
 * Ports of Fabric's gossip/gossip/channel/channel_test.go (StateInfo part), with Fabric's names,
 * org layout (channel A = {ORG1} unless the test joins more), timing (publish and request every
 * 100ms) and assertions. How the mechanism differs: a TimerDriver host in virtual time instead of
 * goroutines and sleeps; Fabric's adapter mock becomes inputs (MEMBERSHIP_CHANGED for
 * GetMembership/Lookup, the identities of each message for GetOrgOfPeer/GetIdentityByPKIID) and
 * outputs (gossip for Gossip/Forward, send for Send/Respond); signatures are real (symbolic
 * suite) where Fabric NoopSigns and mocks the check; the channel Readers policy (VerifyByChannel)
 * is not modelled, so its parts of the tests are left out and named in each test.
 */
import { channelPeers, currentChannelPeers, isEligible, isOrgInChannel, selfStateInfo, ledgerHeightOf, type ChannelOutput } from '../../src/channel';
import type { CryptoSuite } from '../../src/core';
import { verifyEnvelope } from '../../src/messages';
import {
  channelA,
  configOf,
  FABRIC_TEST_PARAMS,
  macOf,
  memberOf,
  membership,
  ORG1,
  ORG2,
  outputsOf,
  pkiIDInOrg1,
  pkiIDInOrg1ButNotEligible,
  pkiIDinOrg2,
  pkiIDinOrg3,
  pullRequestFrom,
  pushed,
  snapshotFrom,
  snapshotSubjects,
  startChannel,
  stateInfoOf,
  suite,
  testPeer,
} from './fixture';
import { channelId } from '../../src/core';

const reasons = (outs: readonly { output: ChannelOutput }[]): string[] => outs.flatMap((o) => (o.output.kind === 'rejected' ? [o.output.reason] : []));

describe('channel: ports of Fabric channel_test.go', () => {
  it('[CHN-MSG-STATE-INFO.1] TestSelf: Self() is our signed StateInfo, ledger height 1, our PKI-ID, no channel name', () => {
    const p1 = testPeer(ORG1, '1');
    const d = startChannel({ self: p1 });
    d.send({ type: 'LEDGER_HEIGHT', nowMs: 0, height: 1 });
    const self = selfStateInfo(d.state);
    expect(self.payload.content.stateInfo.properties.ledgerHeight).toBe(1);
    expect(self.payload.content.stateInfo.pkiId).toBe(p1.pkiId);
    expect(self.payload.channel).toBe('');
    expect(self.payload.tag).toBe('CHAN_OR_ORG');
    expect(self.payload.content.stateInfo.channelMAC).toBe(macOf(p1));
    expect(verifyEnvelope(suite, p1.identity, self)).toBe(true);
    expect(verifyEnvelope(suite, p1.identity, { ...self, signature: `${self.signature}x` })).toBe(false);
  });

  it('[CHN-FUNC-LEAVE.1] [CHN-FUNC-CHANNEL-VIEW.1] TestLeaveChannel: a peer whose StateInfo says left is skipped; after we leave, nobody is in our view', () => {
    const p0 = testPeer(ORG1, 'p0');
    const d = startChannel({ self: p0, config: configOf(1, ORG1, ORG2) });
    d.send(membership([memberOf(pkiIDInOrg1), memberOf(pkiIDinOrg2)]));
    d.send(pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 1)));
    d.send(pushed(pkiIDinOrg2, stateInfoOf(pkiIDinOrg2, 1)));
    expect(currentChannelPeers(d.state)).toHaveLength(2);
    // The peer in ORG2 "leaves the channel" by publishing an update.
    d.send(pushed(pkiIDinOrg2, stateInfoOf(pkiIDinOrg2, 0, { leftChannel: true })));
    expect(currentChannelPeers(d.state)).toEqual([pkiIDInOrg1.pkiId]);
    d.send({ type: 'LEAVE', nowMs: 0 });
    expect(currentChannelPeers(d.state)).toHaveLength(0);
    expect(channelPeers(d.state, [memberOf(pkiIDInOrg1), memberOf(pkiIDinOrg2)])).toHaveLength(0);
    // Our leaving is published at the next tick (block pull's part of this test belongs to src/pull).
    const from = d.outputs.length;
    d.advanceBy(FABRIC_TEST_PARAMS.publishStateInfoIntervalMs);
    const own = outputsOf(d, 'gossip', from).filter((o) => o.excludePkiId === undefined);
    expect(own).toHaveLength(1);
    expect(own[0]!.envelope.payload.content.stateInfo.properties.leftChannel).toBe(true);
  });

  it('[CHN-FUNC-PUBLISH.1] [CHN-FUNC-LEDGER-HEIGHT.1] TestChannelPeriodicalPublishStateInfo: after UpdateLedgerHeight(5) a StateInfo with height 5 is gossiped within 5s', () => {
    const d = startChannel();
    d.send(membership([{ ...memberOf(testPeer(ORG1, 'a')), endpoint: 'a', internalEndpoint: 'a' }]));
    d.send({ type: 'LEDGER_HEIGHT', nowMs: 0, height: 5 });
    d.advanceBy(5000);
    const own = outputsOf(d, 'gossip').filter((o) => o.excludePkiId === undefined);
    expect(own.length).toBeGreaterThan(0);
    expect(own[0]!.envelope.payload.content.stateInfo.properties.ledgerHeight).toBe(5);
    // Published once per update: the flag is clean afterwards.
    expect(own).toHaveLength(1);
  });

  it('[CHN-FUNC-SERVE-SNAPSHOT.1] [CHN-FUNC-STATE-INFO-CHECKS.2] TestChannelPeerNotInChannel (StateInfo part): pull requests are answered only for channel orgs and the right MAC', () => {
    const d = startChannel();
    d.send(pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 10)));
    // A valid StateInfoPullRequest from a peer in the channel is answered.
    let from = d.outputs.length;
    d.send(pullRequestFrom(pkiIDInOrg1));
    expect(outputsOf(d, 'send', from)).toHaveLength(1);
    // From a peer in ORG2, not in the channel: no answer.
    from = d.outputs.length;
    d.send(pullRequestFrom(pkiIDinOrg2));
    expect(outputsOf(d, 'send', from)).toHaveLength(0);
    expect(reasons(d.outputs.slice(from))).toEqual(['stateInfo.senderNotInChannel']);
    // The right org but the MAC of channel B: no answer.
    from = d.outputs.length;
    d.send(pullRequestFrom(pkiIDInOrg1, { macChannel: channelId('B') }));
    expect(outputsOf(d, 'send', from)).toHaveLength(0);
    expect(reasons(d.outputs.slice(from))).toEqual(['stateInfo.badRequestMac']);
  });

  it('[CHN-FUNC-ELIGIBILITY.1] TestChannelIsInChannel: ORG1 is in channel A, ORG2 is not', () => {
    const d = startChannel();
    expect(isOrgInChannel(d.state, undefined)).toBe(false);
    expect(isOrgInChannel(d.state, ORG1)).toBe(true);
    expect(isOrgInChannel(d.state, ORG2)).toBe(false);
  });

  it('[CHN-FUNC-ELIGIBILITY.1] [CHN-FUNC-STATE-INFO-RELAY.1] TestChannelIsSubscribed: a peer that sent its StateInfo is eligible', () => {
    const d = startChannel();
    d.send(pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 10)));
    expect(isEligible(d.state, memberOf(pkiIDInOrg1))).toBe(true);
  });

  it('[CHN-FUNC-PUBLISH.1] TestNoGossipOrSigningWhenEmptyMembership: signed once at creation, once per publish, never with an empty membership', () => {
    let signCount = 0;
    const counting: CryptoSuite = { ...suite, sign: (key, payload) => ((signCount += 1), suite.sign(key, payload)) };
    const params = { ...FABRIC_TEST_PARAMS, publishStateInfoIntervalMs: 1000, requestStateInfoIntervalMs: 3_600_000 };
    const d = startChannel({ crypto: counting, params });
    // We have signed only once at creation time.
    expect(signCount).toBe(1);
    d.send(membership([memberOf(pkiIDInOrg1)]));
    d.send({ type: 'LEDGER_HEIGHT', nowMs: 0, height: 1 });
    d.advanceBy(params.publishStateInfoIntervalMs);
    expect(outputsOf(d, 'gossip').filter((o) => o.excludePkiId === undefined)).toHaveLength(1);
    expect(signCount).toBe(2);
    // Membership is now empty: a new height is not signed nor gossiped for 3 intervals.
    d.send(membership([]));
    d.send({ type: 'LEDGER_HEIGHT', nowMs: d.nowMs, height: 2 });
    d.advanceBy(params.publishStateInfoIntervalMs * 3);
    expect(signCount).toBe(2);
    expect(outputsOf(d, 'gossip').filter((o) => o.excludePkiId === undefined)).toHaveLength(1);
    // (Fabric's UpdateChaincodes part is not modelled: chaincodes are always empty.)
    expect(selfStateInfo(d.state).payload.content.stateInfo.properties.chaincodes).toEqual([]);
  });

  it('[CHN-FUNC-SNAPSHOT.1] [CHN-FUNC-SERVE-SNAPSHOT.1] TestChannelStateInfoSnapshot: bad snapshots are ignored, a good one is taken, a request with a bad MAC is not answered', () => {
    const d = startChannel();
    d.send(membership([memberOf(pkiIDInOrg1, 'localhost:5000')]));
    // A snapshot for channel B.
    d.send(snapshotFrom(pkiIDInOrg1, channelId('B'), [stateInfoOf(pkiIDInOrg1, 4)]));
    expect(currentChannelPeers(d.state)).toEqual([]);
    // A StateInfo with the MAC of channel B.
    d.send(snapshotFrom(pkiIDInOrg1, channelA, [stateInfoOf(pkiIDInOrg1, 4, { channel: channelId('B') })]));
    expect(currentChannelPeers(d.state)).toEqual([]);
    // A StateInfo of a peer not in the channel.
    d.send(snapshotFrom(pkiIDInOrg1, channelA, [stateInfoOf(pkiIDinOrg2, 4)], pkiIDinOrg2));
    expect(currentChannelPeers(d.state)).toEqual([]);
    // A snapshot from a peer not in the channel's orgs.
    d.send(snapshotFrom(pkiIDinOrg2, channelA, [stateInfoOf(pkiIDInOrg1, 4)], pkiIDInOrg1));
    expect(currentChannelPeers(d.state)).toEqual([]);
    // A corrupted MAC (re-signed).
    d.send(snapshotFrom(pkiIDInOrg1, channelA, [stateInfoOf(pkiIDInOrg1, 4, { mac: `${macOf(pkiIDInOrg1)}01` })]));
    expect(currentChannelPeers(d.state)).toEqual([]);
    expect(reasons(d.outputs)).toEqual(['stateInfo.wrongChannel', 'stateInfo.badMac', 'stateInfo.subjectNotInChannel', 'stateInfo.senderNotInChannel', 'stateInfo.badMac']);
    // A good snapshot.
    d.send(snapshotFrom(pkiIDInOrg1, channelA, [stateInfoOf(pkiIDInOrg1, 4)]));
    expect(currentChannelPeers(d.state)).not.toHaveLength(0);
    expect(ledgerHeightOf(d.state, pkiIDInOrg1.pkiId)).toBe(4);
    // A request with a wrong MAC is not answered.
    let from = d.outputs.length;
    d.send(pullRequestFrom(pkiIDInOrg1, { mac: `${macOf(pkiIDInOrg1)}01` }));
    expect(outputsOf(d, 'send', from)).toHaveLength(0);
    // A valid request gets one element with height 4.
    from = d.outputs.length;
    d.send(pullRequestFrom(pkiIDInOrg1));
    const answers = outputsOf(d, 'send', from);
    expect(answers).toHaveLength(1);
    expect(snapshotSubjects(answers[0]!.message)).toEqual([pkiIDInOrg1.pkiId]);
    // A StateInfo of a peer whose org is unknown: dropped, no crash.
    from = d.outputs.length;
    d.send(snapshotFrom(pkiIDInOrg1, channelA, [stateInfoOf(testPeer(ORG1, 'unknown'), 4)]));
    expect(reasons(d.outputs.slice(from))).toEqual(['stateInfo.unknownSubject']);
  });

  it('[CHN-FUNC-SERVE-SNAPSHOT.1] TestInterOrgExternalEndpointDisclosure: a foreign requester gets 2 of 3 StateInfos, a same-org one all 3', () => {
    const withExternal = testPeer(ORG1, 'withExternalEndpoint');
    const noExternal = testPeer(ORG1, 'noExternalEndpoint');
    const inOrg2 = testPeer(ORG2, 'pkiIDinOrg2');
    const d = startChannel({ config: configOf(1, ORG1, ORG2) });
    d.send(membership([memberOf(withExternal, 'localhost:5000'), memberOf(noExternal, ''), memberOf(inOrg2, '')]));
    d.send(pushed(withExternal, stateInfoOf(withExternal, 0)));
    d.send(pushed(noExternal, stateInfoOf(noExternal, 0)));
    d.send(pushed(noExternal, stateInfoOf(inOrg2, 0), inOrg2));
    let from = d.outputs.length;
    d.send(pullRequestFrom(inOrg2));
    let answers = outputsOf(d, 'send', from);
    expect(answers).toHaveLength(1);
    expect(snapshotSubjects(answers[0]!.message).sort()).toEqual([withExternal.pkiId, inOrg2.pkiId].sort());
    from = d.outputs.length;
    d.send(pullRequestFrom(noExternal));
    answers = outputsOf(d, 'send', from);
    expect(snapshotSubjects(answers[0]!.message).sort()).toEqual([withExternal.pkiId, noExternal.pkiId, inOrg2.pkiId].sort());
  });

  it('[CHN-FUNC-CONFIG.1] [CHN-FUNC-ORG-REMOVED.1] TestChannelReconfigureChannel: an outdated config is ignored, an update moves the channel to ORG2, and ORG1 is no longer answered', () => {
    const d = startChannel({ config: configOf(100, ORG1) });
    d.send({ type: 'CONFIG_UPDATED', config: configOf(100, ORG1) });
    expect(isOrgInChannel(d.state, ORG1)).toBe(true);
    expect(isOrgInChannel(d.state, ORG2)).toBe(false);
    d.send({ type: 'CONFIG_UPDATED', config: configOf(0, ORG2) });
    expect(isOrgInChannel(d.state, ORG1)).toBe(true);
    expect(isOrgInChannel(d.state, ORG2)).toBe(false);
    d.send({ type: 'CONFIG_UPDATED', config: configOf(200, ORG2) });
    d.send({ type: 'CONFIG_UPDATED', config: configOf(200, ORG2) });
    expect(isOrgInChannel(d.state, ORG1)).toBe(false);
    expect(isOrgInChannel(d.state, ORG2)).toBe(true);
    const from = d.outputs.length;
    d.send(pullRequestFrom(pkiIDInOrg1));
    expect(outputsOf(d, 'send', from)).toHaveLength(0);
  });

  it('[CHN-FUNC-CONFIG.1] TestChannelNoAnchorPeers: a config with no anchor peers still puts us in the channel', () => {
    const d = startChannel({ config: configOf(1, ORG1) });
    expect(isOrgInChannel(d.state, ORG1)).toBe(true);
  });

  it('[CHN-FUNC-ELIGIBILITY.1] [CHN-FUNC-ORG-REMOVED.1] TestGossipChannelEligibility: org removal and identity expiry make peers ineligible, and re-sent StateInfos do not restore them', () => {
    const p = testPeer(ORG1, 'p');
    const d = startChannel({ self: p, config: configOf(1, ORG1, ORG2) });
    const all = [pkiIDInOrg1, pkiIDinOrg2, pkiIDInOrg1ButNotEligible, pkiIDinOrg3];
    d.send(membership(all.map((x) => memberOf(x))));
    for (const x of all) d.send(pushed(x, stateInfoOf(x, 1)));
    const eligible = () => all.map((x) => isEligible(d.state, memberOf(x)));
    expect(eligible()).toEqual([true, true, true, false]);
    // Remove ORG2 from the channel.
    d.send({ type: 'CONFIG_UPDATED', config: configOf(2, ORG1) });
    expect(eligible()).toEqual([true, false, true, false]);
    // (Fabric's Readers-policy step, VerifyByChannel failing for pkiIDInOrg1ButNotEligible, is not modelled.)
    // pkiIDInOrg1's certificate expires: the identity store no longer has it.
    const expired = (x: typeof p) => (x === pkiIDInOrg1 ? memberOf(x, undefined, false) : memberOf(x));
    d.send(membership(all.map(expired)));
    expect(all.map((x) => isEligible(d.state, expired(x)))).toEqual([false, false, true, false]);
    // Updated StateInfos (height 2), all relayed by pkiIDInOrg1, do not change the resolution.
    for (const x of all) d.send({ type: 'STATE_INFO_RECEIVED', from: pkiIDInOrg1.pkiId, envelope: stateInfoOf(x, 2), identities: Object.fromEntries(all.filter((y) => y !== pkiIDInOrg1).map((y) => [y.pkiId, y.identity])) });
    expect(all.map((x) => isEligible(d.state, expired(x)))).toEqual([false, false, true, false]);
  });

  it('[CHN-FUNC-CHANNEL-VIEW.1] [CHN-FUNC-STATE-INFO-CHECKS.2] TestChannelGetPeers: only eligible peers of channel orgs; a corrupt MAC does not count', () => {
    const p0 = testPeer(ORG1, 'p0');
    const d = startChannel({ self: p0 });
    d.send(membership([memberOf(pkiIDInOrg1), memberOf(pkiIDInOrg1ButNotEligible), memberOf(pkiIDinOrg2)]));
    d.send(pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 1)));
    d.send(pushed(pkiIDInOrg1, stateInfoOf(pkiIDinOrg2, 1), pkiIDinOrg2));
    expect(currentChannelPeers(d.state)).toEqual([pkiIDInOrg1.pkiId]);
    const d2 = startChannel();
    d2.send(membership([memberOf(pkiIDInOrg1)]));
    d2.send(pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 1, { mac: macOf(pkiIDinOrg2) })));
    expect(currentChannelPeers(d2.state)).toEqual([]);
  });

  describe('[CHN-FUNC-VIEW-CHANGED.1] TestChangesInPeers: the view change reports who went online and offline, and the total', () => {
    const cases: { name: string; oldMembers: string[]; newMembers: string[]; online: string[]; offline: string[]; total: number }[] = [
      { name: 'noChanges', oldMembers: ['pkiID11', 'pkiID22', 'pkiID33'], newMembers: ['pkiID11', 'pkiID22', 'pkiID33'], online: [], offline: [], total: 3 },
      { name: 'newPeerWasAdded', oldMembers: ['pkiID1'], newMembers: ['pkiID1', 'pkiID3'], online: ['pkiID3'], offline: [], total: 2 },
      { name: 'newPeerAddedOldPeerDeleted', oldMembers: ['pkiID1', 'pkiID2'], newMembers: ['pkiID1', 'pkiID3'], online: ['pkiID3'], offline: ['pkiID2'], total: 2 },
      { name: 'newPeersAddedOldPeerStayed', oldMembers: ['pkiID1'], newMembers: ['pkiID2'], online: ['pkiID2'], offline: ['pkiID1'], total: 1 },
      { name: 'newPeersAddedNoOldPeers', oldMembers: [], newMembers: ['pkiID1'], online: ['pkiID1'], offline: [], total: 1 },
      { name: 'PeerWasDeletedNoNewPeers', oldMembers: ['pkiID1'], newMembers: [], online: [], offline: ['pkiID1'], total: 0 },
      { name: 'onePeerWasDeletedRestStayed', oldMembers: ['pkiID01', 'pkiID02', 'pkiID03'], newMembers: ['pkiID01', 'pkiID02'], online: [], offline: ['pkiID03'], total: 2 },
    ];
    for (const c of cases) {
      it(`[CHN-FUNC-VIEW-CHANGED.1] ${c.name}`, () => {
        const d = startChannel({ self: testPeer(ORG1, 'self') });
        const peers = new Map([...c.oldMembers, ...c.newMembers].map((n) => [n, testPeer(ORG1, n)]));
        for (const p of peers.values()) d.send(pushed(p, stateInfoOf(p, 1)));
        d.send(membership(c.oldMembers.map((n) => memberOf(peers.get(n)!))));
        const from = d.outputs.length;
        d.send(membership(c.newMembers.map((n) => memberOf(peers.get(n)!))));
        const changes = outputsOf(d, 'viewChanged', from);
        const id = (n: string) => peers.get(n)!.pkiId;
        if (c.online.length === 0 && c.offline.length === 0) expect(changes).toEqual([]);
        else expect(changes).toEqual([{ kind: 'viewChanged', peers: c.newMembers.map(id).sort(), wentOnline: c.online.map(id), wentOffline: c.offline.map(id) }]);
        expect(currentChannelPeers(d.state)).toHaveLength(c.total);
      });
    }
  });

  it('[CHN-FUNC-STATE-INFO-CHECKS.2] TestChannelStateInfoSnapshot (pushed): a StateInfo of ORG3, outside the channel, is rejected', () => {
    const d = startChannel({ config: configOf(1, ORG1, ORG2) });
    d.send(pushed(pkiIDInOrg1, stateInfoOf(pkiIDinOrg3, 1), pkiIDinOrg3));
    expect(reasons(d.outputs)).toEqual(['stateInfo.subjectNotInChannel']);
  });
});
