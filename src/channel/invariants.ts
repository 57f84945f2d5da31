/**
 * Local safety predicates, keyed by requirement id; each returns a violation message or undefined.
 * State invariants look at one state; step invariants at one step (before, event, outputs, after).
 */
import { isNewer } from '../core';
import { cacheInOrder } from './cache';
import type { ChannelEvent } from './inputs';
import { channelPeers, currentChannelPeers, hasLeftChannel, isDirty, isStopped } from './queries';
import type { ChannelOutput, ChannelState } from './step';
import { subjectOf, timestampOf } from './wire';

type StateCheck = (s: ChannelState) => string | undefined;

export const channelStateInvariants: Readonly<Record<string, StateCheck>> = {
  /** [CHN-FUNC-VIEW-MEMO.1] the memoised (and incrementally derived) view equals a fresh channelPeers. */
  'CHN-FUNC-VIEW-MEMO.1': (s) => {
    const memo = currentChannelPeers(s);
    const fresh = channelPeers(s, s.context.alive);
    return memo.length === fresh.length && memo.every((p, i) => p === fresh[i]) ? undefined : `memoised view [${memo.join(', ')}] differs from [${fresh.join(', ')}]`;
  },
  /** [CHN-SAFE-CACHE-IN-CHANNEL.1] every cached StateInfo but ours is of a channel org, filed under its subject. */
  'CHN-SAFE-CACHE-IN-CHANNEL.1': (s) => {
    for (const [pki, c] of cacheInOrder(s.context.cache)) {
      if (subjectOf(c.envelope) !== pki) return `StateInfo of ${subjectOf(c.envelope)} filed under ${pki}`;
      if (pki !== s.context.self.pkiId && !s.context.orgs.includes(c.org)) return `cached StateInfo of ${pki} of org ${c.org}, not in the channel`;
    }
    return undefined;
  },
  /** [CHN-FUNC-LEAVE.1] our StateInfo says left_channel exactly when the lifecycle is `left`. */
  'CHN-FUNC-LEAVE.1': (s) => {
    if (isStopped(s)) return undefined;
    const says = s.context.selfMessage.content.stateInfo.properties.leftChannel;
    return says === hasLeftChannel(s) ? undefined : `left_channel ${says} while ${hasLeftChannel(s) ? 'left' : 'joined'}`;
  },
  /** [CHN-SAFE-SELF-TIME-MONOTONIC.1] the signed StateInfo is never newer than the current one. */
  'CHN-SAFE-SELF-TIME-MONOTONIC.1': (s) => {
    if (isNewer(timestampOf(s.context.selfSigned), s.context.selfMessage.content.stateInfo.timestamp)) return 'signed StateInfo newer than the current one';
    return undefined;
  },
};

export interface ChannelStepRecord {
  readonly before: ChannelState;
  readonly event: ChannelEvent;
  readonly outputs: readonly ChannelOutput[];
  readonly after: ChannelState;
}
type StepCheck = (r: ChannelStepRecord) => string | undefined;

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export const channelStepInvariants: Readonly<Record<string, StepCheck>> = {
  /** [CHN-SAFE-REJECT-CHANGES-NOTHING.1] a rejected message is the step's only output, and the state is the same. */
  'CHN-SAFE-REJECT-CHANGES-NOTHING.1': (r) => {
    if (!r.outputs.some((o) => o.kind === 'rejected')) return undefined;
    if (r.outputs.length !== 1) return `rejection with ${r.outputs.length - 1} other outputs`;
    if (r.after.context !== r.before.context) return 'rejection changed the context';
    return JSON.stringify(r.after.value) === JSON.stringify(r.before.value) ? undefined : 'rejection changed the chart state';
  },
  /** [CHN-FUNC-PUBLISH.1] our StateInfo is gossiped only by a publish tick while dirty, freshly signed, leaving the flag clean. */
  'CHN-FUNC-PUBLISH.1': (r) => {
    const own = r.outputs.filter((o) => o.kind === 'gossip' && o.excludePkiId === undefined);
    if (own.length === 0) return undefined;
    if (own.length > 1) return `${own.length} own StateInfo gossiped in one step`;
    const o = own[0]!;
    if (o.kind !== 'gossip' || o.envelope !== r.after.context.selfSigned) return 'gossiped envelope is not the one just signed';
    if (subjectOf(o.envelope) !== r.after.context.self.pkiId) return 'own gossip about another peer';
    if (!isDirty(r.before) || isDirty(r.after)) return 'published without the dirty flag, or kept it';
    return undefined;
  },
  /** [CHN-SAFE-SELF-TIME-MONOTONIC.1] a newly signed StateInfo is strictly newer than the previous one. */
  'CHN-SAFE-SELF-TIME-MONOTONIC.1': (r) =>
    r.after.context.selfSigned !== r.before.context.selfSigned && !isNewer(timestampOf(r.after.context.selfSigned), timestampOf(r.before.context.selfSigned))
      ? 'signed a StateInfo not newer than the last'
      : undefined,
  /** [CHN-FUNC-STOP.1] Stop only cancels timers; a stopped channel never outputs again. */
  'CHN-FUNC-STOP.1': (r) => {
    if (isStopped(r.before)) return r.outputs.length > 0 || r.after !== r.before ? 'a stopped channel acted' : undefined;
    if (r.event.type === 'STOP' && r.outputs.some((o) => o.kind !== 'cancelTimer')) return 'Stop produced more than timer cancels';
    return undefined;
  },
  /** [CHN-FUNC-VIEW-CHANGED.1] viewChanged exactly when the view changed, with the new view. */
  'CHN-FUNC-VIEW-CHANGED.1': (r) => {
    if (isStopped(r.after)) return undefined;
    const before = currentChannelPeers(r.before);
    const after = currentChannelPeers(r.after);
    const reported = r.outputs.filter((o) => o.kind === 'viewChanged');
    if (sameList(before, after)) return reported.length === 0 ? undefined : 'viewChanged without a change';
    const o = reported[0];
    if (reported.length !== 1 || o === undefined || o.kind !== 'viewChanged') return `view changed, ${reported.length} viewChanged outputs`;
    return sameList(o.peers, after) ? undefined : `viewChanged says ${o.peers.join(',')}, view is ${after.join(',')}`;
  },
};

/** Every violation of one step (state invariants on the state after, step invariants on the step). */
export function channelViolations(r: ChannelStepRecord): string[] {
  const out: string[] = [];
  for (const [id, check] of Object.entries(channelStateInvariants)) {
    const v = check(r.after);
    if (v) out.push(`${id}: ${v}`);
  }
  for (const [id, check] of Object.entries(channelStepInvariants)) {
    const v = check(r);
    if (v) out.push(`${id}: ${v}`);
  }
  return out;
}
