/**
 * Figure 5, property throughput:
 *  - generated 5-peer election interleavings per CPU minute: fast-check draws a list of choices,
 *    and a walk over the explorer's election configuration (a) (src/explore/models/election.ts:
 *    five dynamic peers of one org, peers 1 and 2 may each get a Yield) takes, at each step, the
 *    chosen message in flight (delivered whatever its age: any delay) or the earliest timer,
 *    checking the election's invariants and the explorer's one-leader rule after every step.
 *    One interleaving is one such walk of `depth` steps;
 *  - swarm steps per CPU second: the whole-network property runner (src/check) over generated
 *    small worlds of composed peers, as `npm run check -- --budget` runs it.
 */
import fc from 'fast-check';
import { CI_TIMING, PROPERTIES, WORLD_SIZES, checkProperty } from '../check';
import { electionModel, initialConfiguration, withPeerStep, type Configuration, type ExploreModel, type InFlight } from '../explore';
import { atLeast, record, round, stopwatch } from './measure';

export interface PropertyOptions {
  readonly interleavings: number;
  readonly depth: number;
  readonly swarmRuns: number;
}

export const FULL_PROPERTIES: PropertyOptions = { interleavings: 2_000, depth: 200, swarmRuns: 6 };
export const QUICK_PROPERTIES: PropertyOptions = { interleavings: 200, depth: 200, swarmRuns: 1 };

const INTERLEAVINGS_GOAL_PER_MINUTE = 1_000;

/** One step of the walk: deliver in-flight item `c` (mod count), or, for the last option, fire the earliest timer. */
function walkStep<S, M, T>(model: ExploreModel<S, M, T>, c: Configuration<S, M, T>, choice: number): { config: Configuration<S, M, T>; violations: readonly string[] } | undefined {
  const options = c.inFlight.length + 1;
  const pick = choice % options;
  if (pick < c.inFlight.length) {
    const item = c.inFlight[pick] as InFlight<M>;
    const rest = c.inFlight.slice();
    rest.splice(pick, 1);
    const step = model.deliver(item.to, c.peers[item.to] as S, item.from, item.message, c.nowMs);
    return { config: withPeerStep(model, c, item.to, c.nowMs, rest, (c.timers[item.to] ?? []).slice(), step, c.budgets), violations: step.violations };
  }
  let best: { peer: number; dueMs: number; index: number } | undefined;
  c.timers.forEach((ts, peer) => ts.forEach((t, index) => {
    if (best === undefined || t.dueMs < best.dueMs) best = { peer, dueMs: t.dueMs, index };
  }));
  if (best === undefined) return undefined;
  const { peer, dueMs, index } = best;
  const timers = (c.timers[peer] ?? []).filter((_, i) => i !== index);
  const timer = (c.timers[peer] ?? [])[index]!;
  const nowMs = Math.max(c.nowMs, dueMs);
  const step = model.fire(peer, c.peers[peer] as S, timer.event, nowMs);
  return { config: withPeerStep(model, c, peer, nowMs, c.inFlight.slice(), timers, step, c.budgets), violations: step.violations };
}

function benchInterleavings(o: PropertyOptions): void {
  const model = electionModel({ peers: 5, yielders: [0, 1] });
  const initial = initialConfiguration(model, { losses: 0, duplicates: 0 }).config;
  let steps = 0;
  const walk = (choices: readonly number[]): void => {
    let c = initial;
    for (const choice of choices) {
      const next = walkStep(model, c, choice);
      if (next === undefined) return;
      steps += 1;
      const broken = [...next.violations, ...(model.globalViolations?.(next.config.peers) ?? [])];
      if (broken.length > 0) throw new Error(broken.join('; '));
      c = next.config;
    }
  };
  const watch = stopwatch();
  const details = fc.check(fc.property(fc.array(fc.nat(), { minLength: o.depth, maxLength: o.depth }), walk), { numRuns: o.interleavings, seed: 1 });
  const usage = watch();
  const perMinute = (details.numRuns / usage.cpuMs) * 60_000;
  const params = { peers: 5, model: model.name, depth: o.depth, runs: details.numRuns, steps, cpuMs: Math.round(usage.cpuMs), wallMs: Math.round(usage.wallMs), violated: details.failed, seed: details.seed, ...(details.failed ? { path: details.counterexamplePath } : {}) };
  record({ name: 'properties.electionInterleavings', value: Math.round(perMinute), unit: 'interleavings/CPU-min', goal: atLeast(INTERLEAVINGS_GOAL_PER_MINUTE), params });
  record({ name: 'properties.electionSteps', value: Math.round((steps / usage.cpuMs) * 1000), unit: 'steps/CPU-s', goal: null, params });
}

function benchSwarm(o: PropertyOptions): void {
  // The election's safety property (at most one leader), as `npm run check` runs it. Chosen by its
  // subsystem and kind: the bench measures the runner and does not cite the requirement.
  const property = PROPERTIES.find((p) => p.subsystem === 'election' && p.kind === 'safety') ?? PROPERTIES[0];
  if (property === undefined) return;
  const watch = stopwatch();
  const report = checkProperty(property, { runs: o.swarmRuns, seed: 1, size: WORLD_SIZES.small, timing: CI_TIMING });
  const usage = watch();
  record({
    name: 'properties.swarmSteps',
    value: Math.round((report.steps / usage.cpuMs) * 1000),
    unit: 'steps/CPU-s',
    goal: null,
    params: { property: property.id, worlds: 'small', runs: report.runs, steps: report.steps, violations: report.violations, cpuMs: Math.round(usage.cpuMs), wallMs: Math.round(usage.wallMs), casesPerCpuMinute: round((report.runs / usage.cpuMs) * 60_000, 1) },
  });
}

export function benchProperties(o: PropertyOptions): void {
  benchInterleavings(o);
  benchSwarm(o);
}
