/**
 * The channel's invariants (src/channel/invariants.ts) on forged states and steps: each check flags
 * the state or step it names and passes its legal neighbour. States come from a real channel
 * (joined, left, published, stopped); a forged one changes only what the check reads.
 */
import { cachedOf, cacheWith, channelViolations, emptyStateInfoCache, type ChannelEvent, type ChannelOutput, type ChannelState } from '../../src/channel';
import type { PkiId } from '../../src/core';
import { configOf, FABRIC_TEST_PARAMS, memberOf, membership, ORG1, ORG2, ORG3, pkiIDinOrg2, pushed, startChannel, stateInfoOf, testPeer, type ChannelDriver } from './fixture';

const other = testPeer(ORG1, 'other');
const third = testPeer(ORG1, 'third');

/** A channel of ORG1 and ORG2 whose view holds `other`, with a pending ledger height (dirty). */
function joined(): ChannelDriver {
  const d = startChannel({ config: configOf(1, ORG1, ORG2) });
  d.send(membership([memberOf(other), memberOf(third)]));
  d.send(pushed(other, stateInfoOf(other, 1)));
  d.send({ type: 'LEDGER_HEIGHT', nowMs: 0, height: 2 });
  return d;
}

const violations = (before: ChannelState, event: ChannelEvent, outputs: readonly ChannelOutput[] = [], after: ChannelState = before) =>
  channelViolations({ before, event, outputs, after });
const withContext = (s: ChannelState, context: Partial<ChannelState['context']>): ChannelState => ({ ...s, context: { ...s.context, ...context } }) as ChannelState;
const withValue = (s: ChannelState, value: ChannelState['value']): ChannelState => ({ ...s, value }) as ChannelState;
const STOP: ChannelEvent = { type: 'STOP' };
const HEIGHT: ChannelEvent = { type: 'LEDGER_HEIGHT', nowMs: 0, height: 3 };
const PUBLISH_TICK = { type: 'xstate.after.publishStateInfoInterval.channel.running.publishing.waiting' } as ChannelEvent;

/** The state before and after one step of the driver, with its outputs. */
function stepOf(d: ChannelDriver, event: ChannelEvent) {
  const before = d.state;
  const [after, outputs] = d.reducer.step(before, event);
  return { before, after, outputs };
}

describe('channel invariants', () => {
  it('[CHN-SAFE-CACHE-IN-CHANNEL.1] a cached StateInfo must be filed under its subject and be of a channel org, except our own', () => {
    const s = joined().state;
    const entry = cachedOf(s.context.cache, other.pkiId)!;
    expect(violations(s, HEIGHT)).toEqual([]);
    expect(violations(withContext(s, { cache: cacheWith(s.context.cache, third.pkiId, entry) }), HEIGHT)).toEqual([
      `CHN-SAFE-CACHE-IN-CHANNEL.1: StateInfo of ${other.pkiId} filed under ${third.pkiId}`,
    ]);
    expect(violations(withContext(s, { cache: cacheWith(emptyStateInfoCache, other.pkiId, { ...entry, org: ORG3 }) }), HEIGHT)).toEqual([
      `CHN-SAFE-CACHE-IN-CHANNEL.1: cached StateInfo of ${other.pkiId} of org ORG3, not in the channel`,
    ]);
    // Our own StateInfo stays cached when our org leaves the channel ([CHN-FUNC-ORG-REMOVED.1]): legal.
    const published = publishedChannel();
    const ownEntry = cachedOf(published.state.context.cache, published.state.context.self.pkiId)!;
    expect(ownEntry.org).toBe(ORG1);
    const ownOnly = withContext(published.state, { orgs: [ORG2], cache: cacheWith(emptyStateInfoCache, published.state.context.self.pkiId, ownEntry) });
    expect(violations(ownOnly, HEIGHT)).toEqual([]);
    expect(violations(withContext(ownOnly, { cache: cacheWith(ownOnly.context.cache, other.pkiId, entry) }), HEIGHT)).toEqual([
      `CHN-SAFE-CACHE-IN-CHANNEL.1: cached StateInfo of ${other.pkiId} of org ORG1, not in the channel`,
    ]);
  });

  it('[CHN-FUNC-LEAVE.1] our StateInfo says left_channel exactly when the lifecycle is left; a stopped channel is not checked', () => {
    const d = joined();
    const joinedState = d.state;
    d.send({ type: 'LEAVE', nowMs: 1 });
    const leftState = d.state;
    expect(violations(joinedState, HEIGHT)).toEqual([]);
    expect(violations(leftState, HEIGHT)).toEqual([]);
    // The left state's StateInfo in the joined lifecycle, and the joined one's in the left lifecycle.
    expect(violations(withValue(leftState, joinedState.value), HEIGHT)).toEqual(['CHN-FUNC-LEAVE.1: left_channel true while joined']);
    expect(violations(withValue(joinedState, leftState.value), HEIGHT)).toEqual(['CHN-FUNC-LEAVE.1: left_channel false while left']);
    d.send(STOP);
    const stopped = d.state;
    expect(violations(withContext(stopped, { selfMessage: joinedState.context.selfMessage }), HEIGHT)).toEqual([]);
  });

  it('[CHN-SAFE-SELF-TIME-MONOTONIC.1] the signed StateInfo is never newer than the current one, and each newly signed one is newer than the last', () => {
    const d = publishedChannel();
    const signed = d.state;
    // Signed and current are the same message right after publishing: equal timestamps are legal.
    expect(signed.context.selfSigned.payload).toBe(signed.context.selfMessage);
    expect(violations(signed, HEIGHT)).toEqual([]);
    d.send({ type: 'LEDGER_HEIGHT', nowMs: d.nowMs, height: 7 });
    const newer = d.state;
    expect(violations(withContext(signed, { selfMessage: initialSelfMessage() }), HEIGHT)).toEqual([
      'CHN-SAFE-SELF-TIME-MONOTONIC.1: signed StateInfo newer than the current one',
    ]);
    // A step that signs: the new signature must be strictly newer than the one before.
    const unsigned = withContext(newer, { selfSigned: startChannel().state.context.selfSigned });
    expect(violations(unsigned, HEIGHT, [], newer)).toEqual([]);
    for (const stale of [unsigned.context.selfSigned, { ...newer.context.selfSigned }]) {
      expect(violations(newer, HEIGHT, [], withContext(newer, { selfSigned: stale }))).toEqual(['CHN-SAFE-SELF-TIME-MONOTONIC.1: signed a StateInfo not newer than the last']);
    }
    // The same envelope object kept is no new signature.
    expect(violations(newer, HEIGHT, [], withContext(newer, {}))).toEqual([]);
  });

  it('[CHN-SAFE-REJECT-CHANGES-NOTHING.1] a rejection is the step\u2019s only output and leaves the context and the chart state as they were', () => {
    const d = joined();
    const s = d.state;
    const bad = pushed(pkiIDinOrg2, stateInfoOf(other, 1, { mac: 'bad' }), other);
    const { before, after, outputs } = stepOf(d, bad);
    expect(outputs.map((o) => o.kind)).toEqual(['rejected']);
    expect(violations(before, bad, outputs, after)).toEqual([]);
    const relay: ChannelOutput = { kind: 'gossip', envelope: cachedOf(s.context.cache, other.pkiId)!.envelope, excludePkiId: pkiIDinOrg2.pkiId };
    expect(violations(s, bad, [...outputs, relay], s)).toEqual(['CHN-SAFE-REJECT-CHANGES-NOTHING.1: rejection with 1 other outputs']);
    expect(violations(s, bad, outputs, withContext(s, {}))).toEqual(['CHN-SAFE-REJECT-CHANGES-NOTHING.1: rejection changed the context']);
    d.send({ type: 'LEAVE', nowMs: 1 });
    const leftValue = withValue(s, d.state.value);
    expect(violations(s, bad, outputs, leftValue).filter((v) => v.startsWith('CHN-SAFE-REJECT'))).toEqual(['CHN-SAFE-REJECT-CHANGES-NOTHING.1: rejection changed the chart state']);
    // Without a rejection, outputs and changes are the other checks' business.
    expect(violations(s, HEIGHT, [relay], withContext(s, {}))).toEqual([]);
  });

  it('[CHN-FUNC-PUBLISH.1] our StateInfo is gossiped once per publish tick, freshly signed, about us, only while dirty, and the tick clears the flag', () => {
    const d = joined();
    const { before, after, outputs } = stepOf(d, PUBLISH_TICK);
    const own = outputs.filter((o) => o.kind === 'gossip');
    expect(own).toEqual([{ kind: 'gossip', envelope: after.context.selfSigned }]);
    expect(violations(before, PUBLISH_TICK, outputs, after)).toEqual([]);
    const P = 'CHN-FUNC-PUBLISH.1';
    expect(violations(before, PUBLISH_TICK, [...outputs, ...own], after)).toEqual([`${P}: 2 own StateInfo gossiped in one step`]);
    expect(violations(before, PUBLISH_TICK, [{ kind: 'gossip', envelope: before.context.selfSigned }], after)).toEqual([`${P}: gossiped envelope is not the one just signed`]);
    const aboutOther = cachedOf(before.context.cache, other.pkiId)!.envelope;
    expect(violations(before, PUBLISH_TICK, [{ kind: 'gossip', envelope: aboutOther }], withContext(after, { selfSigned: aboutOther })).filter((v) => v.startsWith(P))).toEqual([
      `${P}: own gossip about another peer`,
    ]);
    expect(violations(withContext(before, { dirty: false }), PUBLISH_TICK, outputs, after)).toEqual([`${P}: published without the dirty flag, or kept it`]);
    expect(violations(before, PUBLISH_TICK, outputs, withContext(after, { dirty: true }))).toEqual([`${P}: published without the dirty flag, or kept it`]);
    // A relay (with an exclusion) is not our own publication.
    expect(violations(withContext(before, { dirty: false }), PUBLISH_TICK, [{ kind: 'gossip', envelope: aboutOther, excludePkiId: other.pkiId }], before)).toEqual([]);
  });

  it('[CHN-FUNC-STOP.1] Stop only cancels timers; a stopped channel neither outputs nor changes', () => {
    const d = joined();
    const { before, after, outputs } = stepOf(d, STOP);
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.every((o) => o.kind === 'cancelTimer')).toBe(true);
    expect(violations(before, STOP, outputs, after)).toEqual([]);
    const log: ChannelOutput = { kind: 'log', level: 'warn', message: 'x' };
    expect(violations(before, STOP, [...outputs, log], after)).toEqual(['CHN-FUNC-STOP.1: Stop produced more than timer cancels']);
    // Another event's outputs are not Stop's.
    expect(violations(before, HEIGHT, [log], before)).toEqual([]);
    expect(violations(after, HEIGHT, [], after)).toEqual([]);
    expect(violations(after, HEIGHT, [log], after)).toEqual(['CHN-FUNC-STOP.1: a stopped channel acted']);
    expect(violations(after, HEIGHT, [], { ...after })).toEqual(['CHN-FUNC-STOP.1: a stopped channel acted']);
  });

  it('[CHN-FUNC-VIEW-CHANGED.1] viewChanged is output exactly when the view changed, once, with the new view', () => {
    const d = joined();
    const s = d.state;
    expect(s.context.alive.map((m) => m.pkiId)).toEqual([other.pkiId, third.pkiId]);
    const ev = pushed(third, stateInfoOf(third, 1));
    const { before, after, outputs } = stepOf(d, ev);
    const reported = outputs.filter((o) => o.kind === 'viewChanged');
    const view = [other.pkiId, third.pkiId].sort() as PkiId[];
    expect(reported).toHaveLength(1);
    expect(violations(before, ev, outputs, after)).toEqual([]);
    const V = 'CHN-FUNC-VIEW-CHANGED.1';
    const rest = outputs.filter((o) => o.kind !== 'viewChanged');
    expect(violations(before, ev, rest, after)).toEqual([`${V}: view changed, 0 viewChanged outputs`]);
    expect(violations(before, ev, [...outputs, ...reported], after)).toEqual([`${V}: view changed, 2 viewChanged outputs`]);
    const wrong: ChannelOutput = { kind: 'viewChanged', peers: [other.pkiId], wentOnline: [], wentOffline: [] };
    expect(violations(before, ev, [...rest, wrong], after)).toEqual([`${V}: viewChanged says ${other.pkiId}, view is ${view.join(',')}`]);
    // Same view (a ledger height changes nothing in it): a report is a violation, none is legal.
    expect(violations(after, HEIGHT, [], after)).toEqual([]);
    expect(violations(after, HEIGHT, reported, after)).toEqual([`${V}: viewChanged without a change`]);
    // A view of the same length but another member is a change.
    const onlyOther = withContext(after, { alive: [memberOf(other)] });
    const onlyThird = withContext(after, { alive: [memberOf(third)] });
    expect(violations(onlyOther, HEIGHT, [], onlyThird)).toEqual([`${V}: view changed, 0 viewChanged outputs`]);
    // Once stopped, the view is not reported.
    d.send(STOP);
    expect(violations(before, STOP, [], d.state)).toEqual([]);
  });
});

/** A channel that has published its StateInfo once (dirty after LEDGER_HEIGHT, then a publish tick). */
function publishedChannel(): ChannelDriver {
  const d = joined();
  d.advanceBy(FABRIC_TEST_PARAMS.publishStateInfoIntervalMs);
  return d;
}

/** The StateInfo a fresh channel starts with (older than anything signed later). */
function initialSelfMessage(): ChannelState['context']['selfMessage'] {
  return startChannel({ config: configOf(1, ORG1, ORG2) }).state.context.selfMessage;
}
