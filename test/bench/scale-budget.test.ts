/**
 * scale.eventBudget (src/bench/scale.ts): the most CPU per event that lets the largest run of a
 * layout meet the wall-clock goal, from a smaller run's events per peer after the join.
 */
import { eventBudget, SCALE_WALL_GOAL_MS, type ScaleRun } from '../../src/bench/scale';
import { JOIN_AT_MS } from '../../src/bench/network';

/** A run that made `perPeerPerS` events per peer per virtual second after the join, with checkpoints every second. */
function run(n: number, reachedMs: number, perPeerPerS: number): ScaleRun {
  const before = 10 * n; // a few events before the join, which the budget must not count
  const checkpoints = [];
  for (let atMs = 1_000; atMs <= reachedMs; atMs += 1_000) {
    const events = atMs <= JOIN_AT_MS ? (before * atMs) / JOIN_AT_MS : before + (perPeerPerS * n * (atMs - JOIN_AT_MS)) / 1_000;
    checkpoints.push({ atMs, events, cpuMs: events / 10, wallMs: events / 10, rssMib: 100 });
  }
  return { n, orgs: 10, peersPerOrg: n / 10, checkpoints, done: undefined };
}

describe('scale.eventBudget', () => {
  it('is the wall goal over (events per peer per virtual s after the join) x the largest N x the virtual time after the join', () => {
    const runs = [run(100, 60_000, 117), run(300, 25_000, 327), run(1000, 5_050, 0)];
    const b = eventBudget(runs, 60_000);
    // The basis is the 300-peer run (the largest smaller run 2 s past the join): 327 x 1000 x 55 s = 17,985,000 events at least.
    expect(b?.basis.n).toBe(300);
    expect(b?.perPeerPerS).toBeCloseTo(327, 9);
    expect(b?.eventsAtLeast).toBeCloseTo(327 * 1_000 * 55, 3);
    expect(b?.budgetUs).toBeCloseTo((SCALE_WALL_GOAL_MS * 1_000) / (327 * 1_000 * 55), 9);
    expect(b?.budgetUs).toBeCloseTo(3.336, 3);
  });

  it('falls back to a smaller run when the next one stalled within 2 s of the join, and gives none when no run got past it', () => {
    const b = eventBudget([run(100, 60_000, 117), run(300, 6_000, 327), run(1000, 5_050, 0)], 60_000);
    expect(b?.basis.n).toBe(100);
    expect(b?.budgetUs).toBeCloseTo((SCALE_WALL_GOAL_MS * 1_000) / (117 * 1_000 * 55), 9);
    expect(eventBudget([run(100, 6_000, 117), run(1000, 5_050, 0)], 60_000)).toBeUndefined();
    expect(eventBudget([run(1000, 60_000, 5)], 60_000)).toBeUndefined();
  });
});
