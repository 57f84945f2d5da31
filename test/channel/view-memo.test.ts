/**
 * The channel view is memoised per StateInfo cache, and a cache that added or replaced one
 * subject's StateInfo (pushed, from a snapshot, or our own signed) derives its memo from the cache
 * before by putting that subject in or taking it out (src/channel/queries.ts
 * `rememberViewAfterEntry`). The memo must never answer differently from the view computed afresh:
 * here every step of generated runs compares the two.
 */
import { fc, test } from '@fast-check/jest';
import { channelPeers, currentChannelPeers } from '../../src/channel';
import { channelA, configOf, FABRIC_TEST_PARAMS, membership, memberOf, ORG1, ORG2, ORG3, pushed, snapshotFrom, startChannel, stateInfoOf, testPeer } from './fixture';

const PEERS = [testPeer(ORG1, 'a'), testPeer(ORG1, 'b'), testPeer(ORG2, 'c'), testPeer(ORG2, 'd'), testPeer(ORG3, 'e')];

// Membership lists its members sorted by PKI-ID and keeps an unchanged member the same object: the
// lists below do too (one object per peer and identity state), so the view is derived member by member.
const SORTED = [...PEERS].sort((a, b) => (a.pkiId < b.pkiId ? -1 : a.pkiId > b.pkiId ? 1 : 0));
const KNOWN = SORTED.map((p) => memberOf(p));
const UNKNOWN = SORTED.map((p) => memberOf(p, undefined, false));

const op = fc.oneof(
  fc.record({ kind: fc.constant('sortedMembers' as const), listed: fc.array(fc.constantFrom('absent', 'known', 'unknown'), { minLength: SORTED.length, maxLength: SORTED.length }) }),
  // The same member objects in any order: a list that shares runs of entries with a sorted one and is not sorted itself.
  fc.record({ kind: fc.constant('shuffledMembers' as const), alive: fc.shuffledSubarray([0, 1, 2, 3, 4]) }),
  fc.record({ kind: fc.constant('push' as const), peer: fc.nat(PEERS.length - 1), height: fc.integer({ min: 1, max: 9 }), left: fc.boolean() }),
  fc.record({ kind: fc.constant('members' as const), alive: fc.subarray([0, 1, 2, 3, 4]) }),
  fc.record({ kind: fc.constant('config' as const), orgs: fc.subarray([ORG2, ORG3]) }),
  fc.record({ kind: fc.constant('snapshot' as const), from: fc.nat(PEERS.length - 1), subjects: fc.subarray([0, 1, 2, 3, 4]), height: fc.integer({ min: 1, max: 9 }), left: fc.boolean() }),
  fc.record({ kind: fc.constant('publish' as const), height: fc.integer({ min: 1, max: 9 }) }),
  fc.constant({ kind: 'leave' as const }),
);

describe('channel view memo', () => {
  test.prop([fc.array(op, { maxLength: 40 })], { numRuns: 150 })(
    '[CHN-FUNC-VIEW-MEMO.1] [CHN-FUNC-CHANNEL-VIEW.1] after every step the memoised view equals the view computed afresh',
    (ops) => {
      const d = startChannel({ self: testPeer(ORG1, 'self'), config: configOf(1, ORG1, ORG2, ORG3) });
      let sequence = 1;
      for (const o of ops) {
        if (o.kind === 'push') {
          const p = PEERS[o.peer]!;
          d.send(pushed(p, stateInfoOf(p, o.height, { leftChannel: o.left })));
        } else if (o.kind === 'members') d.send(membership(o.alive.map((i) => memberOf(PEERS[i]!))));
        else if (o.kind === 'shuffledMembers') d.send(membership(o.alive.map((i) => KNOWN[i]!)));
        else if (o.kind === 'sortedMembers') d.send(membership(o.listed.flatMap((l, i) => (l === 'absent' ? [] : [(l === 'known' ? KNOWN : UNKNOWN)[i]!]))));
        else if (o.kind === 'config') d.send({ type: 'CONFIG_UPDATED', config: configOf(++sequence, ORG1, ...o.orgs) });
        else if (o.kind === 'snapshot') {
          const subjects = o.subjects.map((i) => PEERS[i]!);
          d.send(snapshotFrom(PEERS[o.from]!, channelA, subjects.map((p) => stateInfoOf(p, o.height, { leftChannel: o.left })), ...subjects));
        } else if (o.kind === 'publish') {
          d.send({ type: 'LEDGER_HEIGHT', nowMs: d.nowMs, height: o.height });
          d.advanceBy(FABRIC_TEST_PARAMS.publishStateInfoIntervalMs);
        } else d.send({ type: 'LEAVE', nowMs: d.nowMs });
        expect([...currentChannelPeers(d.state)]).toEqual(channelPeers(d.state, d.state.context.alive));
      }
    },
  );

  it('[CHN-FUNC-CHANNEL-VIEW.1] a height-only update keeps the view (the same answer object), a leftChannel update changes it', () => {
    const [a, c] = [PEERS[0]!, PEERS[2]!];
    const d = startChannel({ self: testPeer(ORG1, 'self'), config: configOf(1, ORG1, ORG2) });
    d.send(membership([memberOf(a), memberOf(c)]));
    d.send(pushed(a, stateInfoOf(a, 1)));
    d.send(pushed(c, stateInfoOf(c, 1)));
    const view = currentChannelPeers(d.state);
    expect([...view].sort()).toEqual([a.pkiId, c.pkiId].sort());
    d.send(pushed(c, stateInfoOf(c, 2)));
    expect(currentChannelPeers(d.state)).toBe(view);
    d.send(pushed(c, stateInfoOf(c, 3, { leftChannel: true })));
    expect(currentChannelPeers(d.state)).toEqual([a.pkiId]);
  });

  it('[CHN-FUNC-VIEW-MEMO.1] a sorted member list that changes one member in place (its identity now known) puts it in the view', () => {
    const [a, c] = [PEERS[0]!, PEERS[2]!].sort((x, y) => (x.pkiId < y.pkiId ? -1 : 1));
    const d = startChannel({ self: testPeer(ORG1, 'self'), config: configOf(1, ORG1, ORG2) });
    const unknown = [memberOf(a!, undefined, false), memberOf(c!, undefined, false)];
    d.send(membership(unknown));
    d.send(pushed(a!, stateInfoOf(a!, 1)));
    d.send(pushed(c!, stateInfoOf(c!, 1)));
    expect(currentChannelPeers(d.state)).toEqual([]);
    d.send(membership([unknown[0]!, memberOf(c!)]));
    expect(currentChannelPeers(d.state)).toEqual([c!.pkiId]);
    d.send(membership([memberOf(a!), memberOf(c!)]));
    expect(currentChannelPeers(d.state)).toEqual([a!.pkiId, c!.pkiId]);
    d.send(membership([memberOf(c!)]));
    expect(currentChannelPeers(d.state)).toEqual([c!.pkiId]);
  });
});
