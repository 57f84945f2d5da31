/**
 * [GEN-FUNC-SCENARIO-RUN.1] Running a compiled scenario in the simulator, and when each thing
 * happens: the world's events before each time something is due, then the timeline's actions due
 * at that time, then the events at it (the world and what each action does to it:
 * scenario-world.ts).
 *
 * The run records, step by step, what a reader of the peers' logs would see (membership and
 * channel view changes, leadership, commits), samples heights, leaders and view sizes over time,
 * and checks the scenario's expectations at their times (expectations.ts), then its invariants.
 * Pure: no I/O, no clock.
 */
import type { CompiledExpectation, CompiledScenario } from './compile';
import { evaluateExpectation, invariantResults } from './expectations';
import { messageCounts, withTraceObservations } from './observer';
import type { ExpectationResult, RunScenarioOptions, ScenarioRun } from './run-types';
import { ScenarioWorld } from './scenario-world';

export type { Check, ExpectationResult, InvariantResult, MessageCounts, Observation, RunScenarioOptions, Sample, ScenarioRun } from './run-types';

export function runScenario(c: CompiledScenario, options: RunScenarioOptions = {}): ScenarioRun {
  const s = new ScenarioWorld(c, options.tracing ?? true);
  const results: ExpectationResult[] = [];
  s.startLatePeersDown();
  s.observe();
  const until = c.durationMs;
  const every = options.sampleEveryMs ?? Math.max(100, Math.ceil(until / 240));
  const actions = c.timeline;
  const expectations = [...c.expectations].sort((a, b) => a.atMs - b.atMs);
  let ai = 0;
  let ei = 0;
  let nextSample = 0;
  for (;;) {
    const nextAction = actions[ai]?.atMs ?? Infinity;
    const nextExpect = expectations[ei]?.atMs ?? Infinity;
    const t = Math.min(nextAction, nextExpect, nextSample, until);
    // Events strictly before t, then the actions due at t (a fault at t precedes events at t), then events at t.
    s.stepWhile((next) => next < t);
    s.setClock(t);
    while (actions[ai] !== undefined && (actions[ai] as (typeof actions)[number]).atMs === t) {
      s.apply(actions[ai] as (typeof actions)[number]);
      ai += 1;
    }
    s.stepWhile((next) => next <= t);
    s.setClock(t);
    if (t === nextSample) {
      s.observer.sample(s.w);
      options.onProgress?.(t, until);
      nextSample = Math.min(nextSample + every, until);
      if (t === until) nextSample = Infinity;
    }
    while (expectations[ei] !== undefined && (expectations[ei] as CompiledExpectation).atMs === t) {
      results.push(evaluateExpectation(s.checked(), expectations[ei] as CompiledExpectation));
      ei += 1;
    }
    if (t >= until && ai >= actions.length && ei >= expectations.length && nextSample === Infinity) break;
    if (s.w.failure !== undefined && t >= until) break;
  }
  const invariants = invariantResults(s.checked(), c);
  const ok = results.every((r) => r.ok);
  return {
    compiled: c,
    world: s.w,
    observations: withTraceObservations(s.w, s.observer.observations),
    samples: s.observer.samples,
    results,
    invariants,
    messages: messageCounts(s.w),
    ok,
  };
}
