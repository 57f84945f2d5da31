/**
 * Scenarios of the whole-network properties ([GEN-FUNC-CHECK-FAULTS.2]): the workload (joins, late
 * joiners, config updates that add and remove an org, blocks cut through the faulty period) and
 * fault episodes biased toward dangerous moments. Some actions name a role, not a peer ("the
 * current leader of Org1 in mychannel", "the most lagging peer"): they are resolved against the
 * world when they fire, so they hit the peer that matters in that run.
 */
import fc from 'fast-check';
import { partitionGroupsArb, type WorldAction } from '../sim';
import { channelOrgs, channelsOf, CHANNELS, joinChannelCommand, peerName, type WorldSpec } from './world';

/**
 * Where an isolated leader's partition leaves the ordering service: outside it (everyone reaches
 * it), down (nobody), on the leader's side (its org mates and the other orgs lose it), or on the
 * rest's side (the leader loses it: its deliver client gives up and it yields).
 */
export type OrdererSide = 'outside' | 'down' | 'withLeader' | 'withRest';

/** Faults that name a role, resolved when they fire (run.ts `resolveAction`). */
export type RoleAction =
  /** Partition the channel's current leader of the org from everyone else, the ordering service on one side, outside or down. */
  | { readonly kind: 'isolateLeader'; readonly org: number; readonly channel: string; readonly orderer: OrdererSide }
  /** Crash the channel's current leader of the org (during its declarations). */
  | { readonly kind: 'crashLeader'; readonly org: number; readonly channel: string }
  /** Crash the live joined peer furthest behind the orderer (during its state transfer). */
  | { readonly kind: 'crashLagging'; readonly channel: string }
  /** Restart every crashed peer but those kept down. */
  | { readonly kind: 'restartCrashed' };

/**
 * [SIM-FUNC-ORDERER-PARTITION.1] A partition that places the ordering service in group
 * `ordererGroup` (`groups.length`: the peers named in no group), applied with the simulator's
 * `partition` command (the simulator's schedule actions do not carry a placement).
 */
export interface PlacedPartition {
  readonly kind: 'placedPartition';
  readonly groups: readonly (readonly string[])[];
  readonly ordererGroup: number;
}

export type CheckAction = WorldAction | PlacedPartition | RoleAction;

export interface CheckItem {
  readonly atMs: number;
  readonly action: CheckAction;
}

export interface Scenario {
  /** Fault episodes and the workload, sorted by time. */
  readonly items: readonly CheckItem[];
  /** Crashed at some point and never restarted, not even when faults stop (a peer gone for good). */
  readonly keepDown: readonly string[];
}

export interface Timing {
  /** When the first joins happen. */
  readonly joinAtMs: number;
  /** When faults stop (and block cutting with them). */
  readonly faultsStopAtMs: number;
  readonly maxEpisodes: number;
}

export const CI_TIMING: Timing = { joinAtMs: 1_000, faultsStopAtMs: 16_000, maxEpisodes: 3 };
export const LONG_TIMING: Timing = { joinAtMs: 1_000, faultsStopAtMs: 40_000, maxEpisodes: 8 };

export type ConfigChange = 'none' | 'addOrg' | 'removeOrg';

export interface Workload {
  readonly configChange: ConfigChange;
  readonly changeAtMs: number;
  /** A peer (org, index) that joins the channels late, and when. */
  readonly lateJoiner: { readonly org: number; readonly peer: number; readonly atMs: number } | undefined;
}

/** The org added or removed by a config update of the first channel: the last one (never org 0). */
export const changedOrg = (spec: WorldSpec): number => spec.orgs - 1;

/** Orgs of a channel at the start, given the config change. */
function initialOrgs(spec: WorldSpec, channel: string, change: ConfigChange): number[] {
  const orgs = channelOrgs(spec, channel);
  return change === 'addOrg' && channel === CHANNELS[0] ? orgs.filter((o) => o !== changedOrg(spec)) : orgs;
}

/** [GEN-FUNC-CHECK-FAULTS.2] Joins, late joiners, config updates and blocks as schedule items. */
export function workloadItems(spec: WorldSpec, work: Workload, timing: Timing): CheckItem[] {
  const items: CheckItem[] = [];
  const cmd = (atMs: number, peer: string, command: unknown): CheckItem => ({ atMs, action: { kind: 'command', peer, command } });
  const late = work.lateJoiner;
  for (const channel of channelsOf(spec)) {
    const orgs = initialOrgs(spec, channel, work.configChange);
    for (const o of orgs) {
      for (let p = 0; p < spec.peersPerOrg; p++) {
        const isLate = late !== undefined && late.org === o && late.peer === p;
        items.push(cmd(isLate ? late.atMs : timing.joinAtMs, peerName(o, p), joinChannelCommand(spec, channel, orgs, 0)));
      }
    }
  }
  const first = CHANNELS[0];
  const all = channelOrgs(spec, first);
  const changed = changedOrg(spec);
  if (work.configChange === 'addOrg') {
    // Members learn the new config; the new org's peers join with it.
    for (const o of all) for (let p = 0; p < spec.peersPerOrg; p++) items.push(cmd(work.changeAtMs, peerName(o, p), joinChannelCommand(spec, first, all, 1)));
  }
  if (work.configChange === 'removeOrg') {
    const rest = all.filter((o) => o !== changed);
    for (const o of rest) for (let p = 0; p < spec.peersPerOrg; p++) items.push(cmd(work.changeAtMs, peerName(o, p), joinChannelCommand(spec, first, rest, 1)));
    for (let p = 0; p < spec.peersPerOrg; p++) items.push(cmd(work.changeAtMs, peerName(changed, p), { type: 'LEAVE_CHANNEL', channel: first }));
  }
  // Blocks through the faulty period, some in bursts of three.
  for (let t = timing.joinAtMs + 1_000, i = 0; t < timing.faultsStopAtMs; t += 1_500, i++) {
    const burst = i % 4 === 3 ? 3 : 1;
    for (let b = 0; b < burst; b++) items.push({ atMs: t, action: { kind: 'cutBlock', channel: first } });
    if (spec.channels === 2 && i % 2 === 0) items.push({ atMs: t + 500, action: { kind: 'cutBlock', channel: CHANNELS[1] } });
  }
  return items;
}

/** The channel's orgs after every config update (what liveness is about). */
export function finalOrgs(spec: WorldSpec, channel: string, change: ConfigChange): number[] {
  const orgs = channelOrgs(spec, channel);
  return change === 'removeOrg' && channel === CHANNELS[0] ? orgs.filter((o) => o !== changedOrg(spec)) : orgs;
}

function workloadArb(spec: WorldSpec, timing: Timing): fc.Arbitrary<Workload> {
  const span = { min: timing.joinAtMs + 1_000, max: timing.faultsStopAtMs - 2_000 };
  return fc.record({
    configChange: spec.orgs >= 3 || spec.channels === 1 ? fc.constantFrom<ConfigChange>('none', 'addOrg', 'removeOrg') : fc.constant<ConfigChange>('none'),
    changeAtMs: fc.integer(span),
    lateJoiner: fc.option(fc.record({ org: fc.nat({ max: spec.orgs - 1 }), peer: fc.integer({ min: 1, max: spec.peersPerOrg - 1 }), atMs: fc.integer(span) }), { nil: undefined }),
  });
}

/**
 * [GEN-FUNC-CHECK-FAULTS.2] Where an isolated leader's partition leaves the ordering service,
 * biased toward splitting the leader from it (its deliver client gives up and it yields; the rest
 * elects a leader that reads the orderer) and its mirror image (the rest loses the orderer: a
 * follower split from its leader can no longer read the orderer itself).
 */
const ordererSideArb: fc.Arbitrary<OrdererSide> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<OrdererSide>('withRest') },
  { weight: 2, arbitrary: fc.constant<OrdererSide>('withLeader') },
  { weight: 1, arbitrary: fc.constant<OrdererSide>('outside') },
  { weight: 1, arbitrary: fc.constant<OrdererSide>('down') },
);

/** A uniform partition, the ordering service outside it or in one of its groups (the extra group of unnamed peers included). */
function randomPartitionArb(names: readonly string[]): fc.Arbitrary<CheckAction> {
  return partitionGroupsArb(names).chain((groups) =>
    fc
      .option(fc.nat({ max: groups.length }), { nil: undefined, freq: 3 })
      .map((ordererGroup): CheckAction => (ordererGroup === undefined ? { kind: 'partition', groups } : { kind: 'placedPartition', groups, ordererGroup })),
  );
}

/**
 * [GEN-FUNC-CHECK-FAULTS.2] One fault episode starting at `t`: most are dangerous on purpose (the
 * leader split from its org, the ordering service mostly on one side, healed around the time the
 * rest proposes or after the deliver client gave up; a leader or a lagging peer crashed and
 * restarted; the ordering service down), the rest uniform noise (partitions with the ordering
 * service outside or in a group, loss, duplication).
 */
function episodeArb(spec: WorldSpec, timing: Timing, names: readonly string[]): fc.Arbitrary<CheckItem[]> {
  const org = fc.nat({ max: spec.orgs - 1 });
  const channel = fc.constantFrom(...channelsOf(spec));
  const start = fc.integer({ min: timing.joinAtMs + 2_500, max: timing.faultsStopAtMs - 500 });
  // leaderAliveThreshold + leaderElectionDuration after a split the rest proposes and declares: heal around then, or later.
  const healAfter = fc.oneof(fc.integer({ min: 2_000, max: 4_000 }), fc.integer({ min: 4_000, max: 10_000 }));
  const at = (t: number, action: CheckAction): CheckItem => ({ atMs: t, action });
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(start, org, channel, ordererSideArb, healAfter).map(([t, o, c, side, d]) => [at(t, { kind: 'isolateLeader', org: o, channel: c, orderer: side }), at(t + d, { kind: 'heal' })]) },
    { weight: 2, arbitrary: fc.tuple(start, org, channel, fc.integer({ min: 500, max: 8_000 })).map(([t, o, c, d]) => [at(t, { kind: 'crashLeader', org: o, channel: c }), at(t + d, { kind: 'restartCrashed' })]) },
    { weight: 2, arbitrary: fc.tuple(start, channel, fc.integer({ min: 100, max: 4_000 })).map(([t, c, d]) => [at(t, { kind: 'crashLagging', channel: c }), at(t + d, { kind: 'restartCrashed' })]) },
    { weight: 1, arbitrary: fc.tuple(start, channel, fc.integer({ min: 1_000, max: 10_000 })).map(([t, c, d]) => [at(t, { kind: 'setOrdererReachable', channel: c, reachable: false }), at(t + d, { kind: 'setOrdererReachable', channel: c, reachable: true })]) },
    { weight: 1, arbitrary: fc.tuple(start, randomPartitionArb(names), fc.integer({ min: 1_000, max: 8_000 })).map(([t, split, d]) => [at(t, split), at(t + d, { kind: 'heal' })]) },
    { weight: 1, arbitrary: fc.tuple(start, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 500, max: 5_000 })).map(([t, pct, d]) => [at(t, { kind: 'setLoss', probability: pct / 100 }), at(t + d, { kind: 'setLoss', probability: 0 })]) },
    { weight: 1, arbitrary: fc.tuple(start, fc.integer({ min: 1, max: 30 })).map(([t, pct]) => [at(t, { kind: 'setDuplication', probability: pct / 100 })]) },
  );
}

export interface GeneratedCase {
  readonly world: WorldSpec;
  readonly seed: number;
  readonly workload: Workload;
  readonly scenario: Scenario;
}

/** A whole case: seed, world, workload and fault episodes (at most one peer gone for good, never a static leader). */
export function scenarioArb(spec: WorldSpec, timing: Timing): fc.Arbitrary<{ workload: Workload; scenario: Scenario }> {
  const names = Array.from({ length: spec.orgs * spec.peersPerOrg }, (_, i) => peerName(Math.floor(i / spec.peersPerOrg), i % spec.peersPerOrg));
  const keepDownArb = fc.option(
    fc.record({ org: fc.nat({ max: spec.orgs - 1 }), peer: fc.integer({ min: 1, max: spec.peersPerOrg - 1 }), atMs: fc.integer({ min: timing.joinAtMs + 2_000, max: timing.faultsStopAtMs - 1_000 }) }),
    { nil: undefined },
  );
  return fc
    .record({ workload: workloadArb(spec, timing), episodes: fc.array(episodeArb(spec, timing, names), { maxLength: timing.maxEpisodes }), down: keepDownArb, finale: finaleArb(spec, timing) })
    .map(({ workload, episodes, down, finale }) => {
      const downItems: CheckItem[] = down === undefined ? [] : [{ atMs: down.atMs, action: { kind: 'crash', peer: peerName(down.org, down.peer) } }];
      const items = sortItems([...workloadItems(spec, workload, timing), ...episodes.flat().filter((i) => i.atMs < timing.faultsStopAtMs), ...finale, ...downItems]);
      return { workload, scenario: { items, keepDown: down === undefined ? [] : [peerName(down.org, down.peer)] } };
    });
}

/**
 * Often, a leader split from its org shortly before faults stop, so that the calm is the heal:
 * liveness is then measured from the hardest start (two leaders, views to mend).
 */
function finaleArb(spec: WorldSpec, timing: Timing): fc.Arbitrary<CheckItem[]> {
  const split = fc
    .tuple(fc.integer({ min: 1_000, max: 5_000 }), fc.nat({ max: spec.orgs - 1 }), fc.constantFrom(...channelsOf(spec)))
    .map(([before, org, channel]): CheckItem[] => [{ atMs: timing.faultsStopAtMs - before, action: { kind: 'isolateLeader', org, channel, orderer: 'outside' } }]);
  return fc.oneof(fc.constant<CheckItem[]>([]), split);
}

export function sortItems(items: readonly CheckItem[]): CheckItem[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => a.item.atMs - b.item.atMs || a.i - b.i).map((x) => x.item);
}

export function caseArb(worldArb: fc.Arbitrary<WorldSpec>, timing: Timing): fc.Arbitrary<GeneratedCase> {
  return fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), worldArb).chain(([seed, world]) => scenarioArb(world, timing).map((s) => ({ seed, world, ...s })));
}

