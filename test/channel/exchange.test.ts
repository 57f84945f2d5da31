/**
 * The StateInfo exchange in detail: whom a pull request goes to and at which endpoint, what a
 * snapshot answer discloses about us, which snapshot elements enter the cache, what the sweep
 * keeps, and how our own StateInfo's timestamp moves.
 */
import { cacheInOrder, cachedStateInfo, ledgerHeightOf, type ChannelMember } from '../../src/channel';
import { nanosFromMs } from '../../src/core';
import type { Envelope } from '../../src/messages';
import {
  channelA,
  configOf,
  FABRIC_TEST_PARAMS,
  memberOf,
  membership,
  ORG1,
  ORG2,
  outputsOf,
  pkiIDInOrg1,
  pkiIDinOrg2,
  pullRequestFrom,
  pushed,
  snapshotFrom,
  snapshotSubjects,
  startChannel,
  stateInfoOf,
  testPeer,
  type ChannelDriver,
} from './fixture';

const a = testPeer(ORG1, 'a');
const b = testPeer(ORG1, 'b');
const c = testPeer(ORG1, 'c');

/** Publish our StateInfo once (a ledger height, then a publish tick with `a` alive). */
function publish(d: ChannelDriver): void {
  d.send({ type: 'LEDGER_HEIGHT', nowMs: d.nowMs, height: 2 });
  d.advanceBy(FABRIC_TEST_PARAMS.publishStateInfoIntervalMs);
}

describe('channel StateInfo exchange', () => {
  it('[CHN-FUNC-REQUEST-STATE-INFO.1] a pull request goes to the internal endpoint when membership knows one, else to the external one; never to a member of unknown identity', () => {
    const d = startChannel({ params: { ...FABRIC_TEST_PARAMS, pullPeerNum: 5 } });
    const members: ChannelMember[] = [
      { ...memberOf(a, 'a-ext:7051'), internalEndpoint: 'a-int:7051' },
      { ...memberOf(b, 'b-ext:7051'), internalEndpoint: '' },
      memberOf(c, 'c-ext:7051'),
      memberOf(testPeer(ORG1, 'anonymous'), 'x:7051', false),
    ];
    d.send(membership(members));
    d.advanceBy(FABRIC_TEST_PARAMS.requestStateInfoIntervalMs);
    const sends = outputsOf(d, 'send');
    expect(sends).toHaveLength(1);
    const to = [...sends[0]!.to].sort((x, y) => (x.endpoint < y.endpoint ? -1 : 1));
    expect(to).toEqual([
      { pkiId: a.pkiId, endpoint: 'a-int:7051' },
      { pkiId: b.pkiId, endpoint: 'b-ext:7051' },
      { pkiId: c.pkiId, endpoint: 'c-ext:7051' },
    ]);
  });

  it('[CHN-FUNC-REQUEST-STATE-INFO.1] requests go on after we left the channel', () => {
    const d = startChannel();
    d.send(membership([memberOf(a)]));
    d.send({ type: 'LEAVE', nowMs: 0 });
    d.advanceBy(FABRIC_TEST_PARAMS.requestStateInfoIntervalMs * 2);
    expect(outputsOf(d, 'send').map((s) => s.to.map((r) => r.pkiId))).toEqual([[a.pkiId], [a.pkiId]]);
  });

  it('[CHN-FUNC-SERVE-SNAPSHOT.1] our own StateInfo is disclosed to another org only when we have an external endpoint; the answer goes to the requester\u2019s endpoint', () => {
    for (const [selfEndpoint, disclosed] of [
      ['', false],
      ['self:7051', true],
    ] as const) {
      const d = startChannel({ selfEndpoint, config: configOf(1, ORG1, ORG2) });
      d.send(membership([memberOf(a), memberOf(pkiIDinOrg2)]));
      publish(d);
      expect(cachedStateInfo(d.state, pkiIDInOrg1.pkiId)).toBeDefined();
      let from = d.outputs.length;
      d.send(pullRequestFrom(pkiIDinOrg2));
      let answers = outputsOf(d, 'send', from);
      expect(answers.map((s) => s.to)).toEqual([[{ pkiId: pkiIDinOrg2.pkiId, endpoint: `${pkiIDinOrg2.pkiId}:7051` }]]);
      expect([selfEndpoint, snapshotSubjects(answers[0]!.message)]).toEqual([selfEndpoint, disclosed ? [pkiIDInOrg1.pkiId] : []]);
      // A requester of our org gets it either way.
      from = d.outputs.length;
      d.send(pullRequestFrom(a));
      answers = outputsOf(d, 'send', from);
      expect(snapshotSubjects(answers[0]!.message)).toEqual([pkiIDInOrg1.pkiId]);
      expect((answers[0]!.message as Envelope).payload.channel).toBe(channelA);
    }
  });

  it('[CHN-FUNC-SERVE-SNAPSHOT.1] a peer of our org that membership knows only as dead is disclosed by its external endpoint too; one it forgot is not', () => {
    const d = startChannel({ config: configOf(1, ORG1, ORG2) });
    d.send(pushed(a, stateInfoOf(a, 1)));
    d.send(pushed(a, stateInfoOf(b, 1), b));
    d.send(membership([memberOf(pkiIDinOrg2)], [memberOf(a, 'a:7051')]));
    const from = d.outputs.length;
    d.send(pullRequestFrom(pkiIDinOrg2));
    expect(snapshotSubjects(outputsOf(d, 'send', from)[0]!.message)).toEqual([a.pkiId]);
  });

  it('[CHN-FUNC-SNAPSHOT.1] [CHN-FUNC-STATE-INFO-NEWER.1] snapshot elements enter the cache only for subjects membership knows and only when newer; nothing is relayed', () => {
    const d = startChannel();
    d.send(membership([memberOf(a)], [memberOf(b)]));
    const olderA = stateInfoOf(a, 1);
    const newerA = stateInfoOf(a, 5);
    d.send(snapshotFrom(a, channelA, [newerA, stateInfoOf(b, 3), stateInfoOf(c, 4)], b, c));
    expect(ledgerHeightOf(d.state, a.pkiId)).toBe(5);
    expect(ledgerHeightOf(d.state, b.pkiId)).toBe(3);
    expect(ledgerHeightOf(d.state, c.pkiId)).toBeUndefined();
    // An older element does not replace the cached one, and a snapshot of nothing new changes nothing.
    const before = d.state;
    const [after, outs] = d.reducer.step(before, snapshotFrom(a, channelA, [olderA]));
    expect(after.context.cache).toBe(before.context.cache);
    expect(outs).toEqual([]);
    expect(outputsOf(d, 'gossip')).toEqual([]);
    // Two elements of one subject in one snapshot: the newer one wins whatever the order.
    const first = stateInfoOf(b, 6);
    const second = stateInfoOf(b, 7);
    d.send(snapshotFrom(a, channelA, [second, first], b));
    expect(ledgerHeightOf(d.state, b.pkiId)).toBe(7);
  });

  it('[CHN-FUNC-CACHE-SWEEP.1] the sweep keeps our own StateInfo with nobody left in membership, and a sweep that drops nothing keeps the cache', () => {
    const d = startChannel();
    d.send(membership([memberOf(a)]));
    d.send(pushed(a, stateInfoOf(a, 1)));
    publish(d);
    const cache = d.state.context.cache;
    d.advanceBy(FABRIC_TEST_PARAMS.stateInfoCacheSweepIntervalMs);
    expect(d.state.context.cache).toBe(cache);
    d.send(membership([]));
    d.advanceBy(FABRIC_TEST_PARAMS.stateInfoCacheSweepIntervalMs);
    expect(cacheInOrder(d.state.context.cache).map(([k]) => k)).toEqual([pkiIDInOrg1.pkiId]);
  });

  it('[CHN-MSG-STATE-INFO.1] [CHN-FUNC-LEDGER-HEIGHT.1] [CHN-FUNC-LEAVE.1] our StateInfo\u2019s timestamp is {incTime, now in ns}, one more when two updates share a millisecond; height and left_channel carry over', () => {
    const d = startChannel();
    const inc = d.state.context.incNum;
    expect(inc).toBe(nanosFromMs(0));
    d.send({ type: 'LEDGER_HEIGHT', nowMs: 7, height: 2 });
    const ts = () => d.state.context.selfMessage.content.stateInfo.timestamp;
    expect(ts()).toEqual({ incNum: inc, seqNum: nanosFromMs(7) });
    d.send({ type: 'LEAVE', nowMs: 7 });
    expect(ts()).toEqual({ incNum: inc, seqNum: nanosFromMs(7) + 1n });
    expect(d.state.context.selfMessage.content.stateInfo.properties).toEqual({ ledgerHeight: 2, leftChannel: true, chaincodes: [] });
    d.send({ type: 'LEDGER_HEIGHT', nowMs: 9, height: 3 });
    expect(ts()).toEqual({ incNum: inc, seqNum: nanosFromMs(9) });
    expect(d.state.context.selfMessage.content.stateInfo.properties).toEqual({ ledgerHeight: 3, leftChannel: true, chaincodes: [] });
    expect(d.state.context.dirty).toBe(true);
  });

  it('[CHN-FUNC-STATE-INFO-RELAY.1] an accepted StateInfo is relayed excluding its sender, not its subject', () => {
    const d = startChannel();
    const e = stateInfoOf(b, 1);
    d.send(pushed(a, e, b));
    expect(outputsOf(d, 'gossip')).toEqual([{ kind: 'gossip', envelope: e, excludePkiId: a.pkiId }]);
    expect(cachedStateInfo(d.state, b.pkiId)).toMatchObject({ envelope: e, org: ORG1 });
  });

  it('[CHN-FUNC-CONFIG.1] an org is in the channel only when the config lists it (ORG2 is not in channel A of ORG1)', () => {
    const d = startChannel({ config: configOf(1, ORG1) });
    d.send(membership([memberOf(pkiIDinOrg2)]));
    d.send({ type: 'LEDGER_HEIGHT', nowMs: 0, height: 2 });
    d.advanceBy(FABRIC_TEST_PARAMS.publishStateInfoIntervalMs * 2);
    // Nobody of a channel org alive: nothing published, nothing requested.
    expect(outputsOf(d, 'gossip')).toEqual([]);
    expect(outputsOf(d, 'send')).toEqual([]);
  });
});
