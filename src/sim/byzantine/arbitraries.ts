/**
 * [SIM-FUNC-BYZANTINE-SCHEDULES.1] fast-check scenarios with Byzantine peers: which peers are
 * Byzantine (never a whole org) and a fault schedule in which attack bursts cluster at the moments
 * that matter: during an election round (shortly after the channel is joined, or right after a
 * peer crashes) and right after a partition heals. Plain data that shrinks to fewer episodes,
 * earlier times and fewer attacks.
 */
import fc from 'fast-check';
import { partitionGroupsArb } from '../arbitraries';
import { sortSchedule, type ScheduleItem, type WorldAction } from '../schedule';
import { ATTACK_KINDS, type AttackKind, type ByzantineCommand } from './types';

export interface ByzantinePeerChoice {
  readonly name: string;
  readonly org: string;
}

export interface ByzantineScenarioOptions {
  readonly peers: readonly ByzantinePeerChoice[];
  /** At most this many Byzantine peers (at least one). */
  readonly maxByzantine: number;
  /** At most this many per org; at least one peer of each org stays honest regardless. Default 1. */
  readonly maxPerOrg?: number;
  /** When the first election round starts (the channel join) and how long one round lasts. */
  readonly electionStartMs: number;
  readonly electionRoundMs: number;
  /** How long after a heal the "right after" window lasts. */
  readonly afterHealMs: number;
  /** Every fault and burst happens in [0, untilMs]. */
  readonly untilMs: number;
  readonly maxEpisodes?: number;
  readonly kinds?: readonly AttackKind[];
}

export interface ByzantineScenario {
  readonly byzantine: readonly string[];
  readonly schedule: readonly ScheduleItem[];
}

/** The Byzantine set: 1..maxByzantine peers, at most maxPerOrg per org, never every peer of an org. */
export function byzantineSetArb(o: Pick<ByzantineScenarioOptions, 'peers' | 'maxByzantine' | 'maxPerOrg'>): fc.Arbitrary<string[]> {
  const orgSize = (org: string) => o.peers.filter((p) => p.org === org).length;
  const perOrg = o.maxPerOrg ?? 1;
  return fc.subarray([...o.peers], { minLength: 1, maxLength: Math.max(1, o.maxByzantine) })
    .filter((chosen) => [...new Set(chosen.map((p) => p.org))].every((org) => {
      const n = chosen.filter((p) => p.org === org).length;
      return n <= perOrg && n < orgSize(org);
    }))
    .map((chosen) => chosen.map((p) => p.name));
}

const burst = (peer: string, attacks: readonly AttackKind[], target: string | null): WorldAction => {
  const command: ByzantineCommand = target === null ? { byzantine: 'burst', attacks } : { byzantine: 'burst', attacks, target };
  return { kind: 'command', peer, command };
};

function burstsArb(byzantine: readonly string[], others: readonly string[], kinds: readonly AttackKind[], fromMs: number, windowMs: number, untilMs: number): fc.Arbitrary<ScheduleItem[]> {
  const item = fc.record({
    at: fc.nat({ max: Math.max(0, windowMs) }),
    peer: fc.constantFrom(...byzantine),
    attacks: fc.subarray([...kinds], { minLength: 1, maxLength: 4 }),
    target: fc.option(fc.constantFrom(...others), { nil: null }),
  });
  return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) =>
    items.map((i) => ({ atMs: Math.min(untilMs, fromMs + i.at), action: burst(i.peer, i.attacks, i.target) })),
  );
}

/** One episode: a fault and the bursts around it. */
function episodeArb(byzantine: readonly string[], o: ByzantineScenarioOptions): fc.Arbitrary<ScheduleItem[]> {
  const names = o.peers.map((p) => p.name);
  const honest = names.filter((n) => !byzantine.includes(n));
  const kinds = o.kinds ?? ATTACK_KINDS;
  const bursts = (fromMs: number, windowMs: number) => burstsArb(byzantine, names, kinds, fromMs, windowMs, o.untilMs);
  const at = fc.nat({ max: o.untilMs });
  const electionRound = bursts(o.electionStartMs, o.electionRoundMs);
  // A peer crashes (perhaps the leader): a new election round starts; bursts during it; it comes back later.
  const crashRound = fc.tuple(at, fc.constantFrom(...honest), fc.integer({ min: 500, max: 4 * o.electionRoundMs })).chain(([t, peer, down]) =>
    bursts(t, o.electionRoundMs).map((b): ScheduleItem[] => [
      { atMs: t, action: { kind: 'crash', peer } },
      ...b,
      { atMs: Math.min(o.untilMs, t + down), action: { kind: 'restart', peer } },
    ]),
  );
  // A partition heals; bursts right after.
  const healRound = fc.tuple(at, partitionGroupsArb(names), fc.integer({ min: 500, max: 4 * o.electionRoundMs })).chain(([t, groups, split]) => {
    const healAt = Math.min(o.untilMs, t + split);
    return bursts(healAt, o.afterHealMs).map((b): ScheduleItem[] => [
      { atMs: t, action: { kind: 'partition', groups } },
      { atMs: healAt, action: { kind: 'heal' } },
      ...b,
    ]);
  });
  const anytime = at.chain((t) => bursts(t, 0));
  const pause = fc.tuple(at, fc.constantFrom(...byzantine), fc.integer({ min: 100, max: o.electionRoundMs })).map(([t, peer, d]): ScheduleItem[] => [
    { atMs: t, action: { kind: 'command', peer, command: { byzantine: 'pause' } } },
    { atMs: Math.min(o.untilMs, t + d), action: { kind: 'command', peer, command: { byzantine: 'resume' } } },
  ]);
  return fc.oneof(
    { weight: 3, arbitrary: electionRound },
    { weight: 3, arbitrary: crashRound },
    { weight: 3, arbitrary: healRound },
    { weight: 1, arbitrary: anytime },
    { weight: 1, arbitrary: pause },
  );
}

/** [SIM-FUNC-BYZANTINE-SCHEDULES.1] Byzantine peers and a schedule of faults and attack bursts. */
export function byzantineScenarioArb(o: ByzantineScenarioOptions): fc.Arbitrary<ByzantineScenario> {
  return byzantineSetArb(o).chain((byzantine) =>
    fc.array(episodeArb(byzantine, o), { minLength: 1, maxLength: o.maxEpisodes ?? 3 }).map((episodes) => ({ byzantine, schedule: sortSchedule(episodes.flat()) })),
  );
}
