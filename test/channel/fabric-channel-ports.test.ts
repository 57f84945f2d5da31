/**
 * More ports of Fabric's gossip/gossip/channel/channel_test.go on the channel subsystem alone, with
 * Fabric's names, org layout (channel A = {ORG1}), timing (publish and request every 100ms, cache
 * sweep every 1s) and assertions. The mechanism is test/channel/fabric-ports.test.ts's: a
 * TimerDriver host in virtual time instead of goroutines and sleeps; the adapter mock becomes
 * inputs (MEMBERSHIP_CHANGED for GetMembership and Lookup, the identities of each message for
 * GetOrgOfPeer) and outputs (`gossip` for Gossip, `send` for Respond). Fabric's "within 1s" and
 * "not within 500ms" are exact counts after that much virtual time.
 */
import type { PkiId } from '../../src/core';
import {
  FABRIC_TEST_PARAMS,
  memberOf,
  membership,
  ORG1,
  outputsOf,
  pullRequestFrom,
  pushed,
  snapshotSubjects,
  startChannel,
  stateInfoOf,
  testPeer,
  type ChannelDriver,
  type TestPeer,
} from './fixture';

/** Our own StateInfos gossiped since `from` (a relayed one carries its sender as exclusion). */
const ownPublished = (d: ChannelDriver, self: TestPeer, from = 0) =>
  outputsOf(d, 'gossip', from).filter((o) => o.excludePkiId === undefined && o.envelope.payload.content.stateInfo.pkiId === self.pkiId);

describe('channel: more ports of Fabric channel_test.go', () => {
  it('[CHN-FUNC-CACHE-SWEEP.1] [CHN-FUNC-SERVE-SNAPSHOT.1] TestMsgStoreNotExpire: snapshots hold 3 StateInfos while membership knows 2 and 3; after peer 3 is forgotten and a sweep, 2', () => {
    // Fabric: Lookup is not mocked at first (every PKI-ID is found); then Lookup(3) returns nil,
    // while GetMembership still lists peer 3. Here Lookup is membership's alive and dead members,
    // so "Lookup(3) is nil" is membership no longer holding peer 3.
    const p1 = testPeer(ORG1, '1');
    const p2 = testPeer(ORG1, '2');
    const p3 = testPeer(ORG1, '3');
    const d = startChannel({ self: p1 });
    d.send({ type: 'LEDGER_HEIGHT', nowMs: 0, height: 1 });
    d.send(membership([memberOf(p2, '2'), memberOf(p3, '3')]));
    // Receive StateInfo messages from other peers.
    d.send(pushed(p2, stateInfoOf(p2, 1)));
    d.send(pushed(p3, stateInfoOf(p3, 1)));
    d.advanceBy(FABRIC_TEST_PARAMS.publishStateInfoIntervalMs * 2);

    const snapshotFor = (requester: TestPeer): PkiId[] => {
      const from = d.outputs.length;
      d.send(pullRequestFrom(requester));
      const answers = outputsOf(d, 'send', from);
      // Fabric: "Haven't received a state info snapshot on time" — exactly one answer, to the requester.
      expect(answers).toHaveLength(1);
      expect(answers[0]!.to.map((r) => r.pkiId)).toEqual([requester.pkiId]);
      return snapshotSubjects(answers[0]!.message).sort() as PkiId[];
    };
    const all = [p1, p2, p3].map((p) => p.pkiId).sort();
    expect(snapshotFor(p2)).toHaveLength(3);
    expect(snapshotFor(p2)).toEqual(all);
    expect(snapshotFor(p3)).toEqual(all);

    // Now simulate an expiration of peer 3 in the membership view; wait for at least one sweep.
    d.send(membership([memberOf(p2, '2')]));
    d.advanceBy(FABRIC_TEST_PARAMS.stateInfoCacheSweepIntervalMs * 2);
    const left = [p1, p2].map((p) => p.pkiId).sort();
    expect(snapshotFor(p2)).toEqual(left);
    expect(snapshotFor(p3)).toEqual(left);
  });

  it('[CHN-FUNC-PUBLISH.1] [CHN-FUNC-LEDGER-HEIGHT.1] TestOnDemandGossip: StateInfo is gossiped only when updated and membership is not empty, once per update', () => {
    const self = testPeer(ORG1, 'pkiIDInOrg1-self');
    const params = { ...FABRIC_TEST_PARAMS, publishStateInfoIntervalMs: 200 };
    const d = startChannel({ self, params });
    // Membership unknown (empty) and metadata not updated: no gossip within 500ms.
    d.advanceBy(500);
    expect(ownPublished(d, self)).toHaveLength(0);
    // UpdateLedgerHeight(1), then membership becomes known: gossiped within 1s, once.
    d.send({ type: 'LEDGER_HEIGHT', nowMs: d.nowMs, height: 1 });
    d.send(membership([memberOf(testPeer(ORG1, 'a'), 'a')]));
    d.advanceBy(1000);
    let published = ownPublished(d, self);
    expect(published).toHaveLength(1);
    expect(published[0]!.envelope.payload.content.stateInfo.properties.ledgerHeight).toBe(1);
    // UpdateLedgerHeight(2): gossiped again within 1s...
    d.send({ type: 'LEDGER_HEIGHT', nowMs: d.nowMs, height: 2 });
    d.advanceBy(1000);
    published = ownPublished(d, self);
    expect(published).toHaveLength(2);
    expect(published[1]!.envelope.payload.content.stateInfo.properties.ledgerHeight).toBe(2);
    // ...and not once more within 500ms: the dirty flag was turned off.
    d.advanceBy(500);
    expect(ownPublished(d, self)).toHaveLength(2);
    // UpdateLedgerHeight(3): a new StateInfo, gossiped within 1s.
    d.send({ type: 'LEDGER_HEIGHT', nowMs: d.nowMs, height: 3 });
    d.advanceBy(1000);
    published = ownPublished(d, self);
    expect(published).toHaveLength(3);
    expect(published[2]!.envelope.payload.content.stateInfo.properties.ledgerHeight).toBe(3);
  });
});
