/**
 * Checking a property over generated cases with fast-check ([GEN-FUNC-CHECK-RUNNER.1]): a fixed
 * number of runs from a seed (and optionally a path, to replay one shrunk counterexample), with
 * the counts the runner's table shows. No clocks here: the runner owns time budgets.
 */
import fc from 'fast-check';
import { runCase, type RunCaseOptions, type WholeNetworkProperty } from './properties';
import { caseArb, type GeneratedCase, type Timing } from './schedule';
import { worldSpecArb, type WorldSize } from './world';

export interface CheckOptions {
  readonly runs: number;
  readonly seed: number;
  /** fast-check's path of a counterexample: replays it (and its shrinking) only. */
  readonly path?: string;
  readonly size: WorldSize;
  readonly timing: Timing;
  readonly plant?: RunCaseOptions['plant'];
  /**
   * How many shrinking attempts after the first failure (each reruns a case, a liveness one up to
   * its bound); default 20, and 0 when replaying a path, so that a replay reports the very case.
   */
  readonly maxShrinkRuns?: number;
  /**
   * [GEN-FUNC-CHECK-PINNED.1] Counterexamples pinned by their seed and path: their cases (`caseAt`)
   * run first, as fast-check `examples`, then `runs` generated cases; ignored when replaying a path.
   */
  readonly pinned?: readonly PinnedCase[];
}

/** A counterexample pinned by the seed and path fast-check printed for it (`check --seed S --path P` replays it). */
export interface PinnedCase {
  readonly seed: number;
  readonly path: string;
}

/**
 * [GEN-FUNC-CHECK-PINNED.1] The case fast-check reaches from `seed` along `path` (the generated run
 * the path's first number names, then its shrinks): the case a printed counterexample names,
 * obtained without running any property on it.
 */
export function caseAt(property: Pick<WholeNetworkProperty, 'byzantine'>, options: Pick<CheckOptions, 'size' | 'timing'>, pin: PinnedCase): GeneratedCase {
  let reached: GeneratedCase | undefined;
  const predicate = (testCase: GeneratedCase): boolean => {
    reached = testCase;
    return false;
  };
  fc.check(fc.property(casesOf({ ...options, byzantine: property.byzantine === true }), predicate), { seed: pin.seed, path: pin.path, numRuns: 1, endOnFailure: true });
  if (reached === undefined) throw new RangeError(`no case at seed ${pin.seed} and path ${pin.path}`);
  return reached;
}

export interface Counterexample {
  readonly property: string;
  /** fast-check's seed and path: `check --property <id> --seed <seed> --path <path>` replays it. */
  readonly seed: number;
  readonly path: string;
  /** The shrunk case: world, seed, workload and schedule. */
  readonly testCase: GeneratedCase;
  readonly message: string;
}

export interface PropertyReport {
  readonly property: string;
  readonly runs: number;
  /** Simulator transitions over every run, shrinking included. */
  readonly steps: number;
  readonly violations: number;
  /** Per liveness predicate, the smallest bound / time-to-hold ratio seen (Infinity: held at once). */
  readonly worstRatio: Readonly<Record<string, number>>;
  readonly worstMetMs: Readonly<Record<string, number>>;
  readonly counterexample: Counterexample | undefined;
}

/** The cases of a property: generated worlds (with a Byzantine insider for the Byzantine properties) and their scenarios. */
export function casesOf(options: Pick<CheckOptions, 'size' | 'timing'> & { readonly byzantine?: boolean }): fc.Arbitrary<GeneratedCase> {
  return caseArb(worldSpecArb(options.size, { byzantine: options.byzantine === true }), options.timing);
}

/**
 * [GEN-FUNC-CHECK-PINNED.1] The seed and path that replay a counterexample without the pinned cases:
 * a pinned case is its own pin (fast-check does not shrink examples, so its path is its index alone);
 * a generated one keeps its seed, its first index less the number of pins.
 */
export function pinnedReplay(pins: readonly PinnedCase[], found: PinnedCase): PinnedCase {
  if (pins.length === 0 || found.path === '') return found;
  const [first, ...shrinks] = found.path.split(':');
  const index = Number(first);
  const pin = pins[index];
  if (pin !== undefined) return { seed: pin.seed, path: [pin.path, ...shrinks].join(':') };
  return { seed: found.seed, path: [String(index - pins.length), ...shrinks].join(':') };
}

/** Run `property` over its pinned cases, then `options.runs` generated cases; fast-check shrinks a violation. */
export function checkProperty(property: WholeNetworkProperty, options: CheckOptions): PropertyReport {
  let steps = 0;
  const worstRatio: Record<string, number> = {};
  const worstMetMs: Record<string, number> = {};
  const maxShrinkRuns = options.maxShrinkRuns ?? (options.path === undefined ? 20 : 0);
  let failures = 0;
  let shrinkRuns = 0;
  const predicate = (testCase: GeneratedCase): void => {
    if (failures > 0 && shrinkRuns++ >= maxShrinkRuns) fc.pre(false);
    const outcome = runCase(property, testCase, { timing: options.timing, plant: options.plant });
    steps += outcome.steps;
    if (outcome.failure !== undefined) {
      failures += 1;
      throw new Error(`${property.id} violated: ${outcome.failure.kind} at ${outcome.failure.nowMs} ms (step ${outcome.failure.step}): ${outcome.failure.message}`);
    }
    for (const [name, ms] of Object.entries(outcome.metAfterMs)) {
      worstMetMs[name] = Math.max(worstMetMs[name] ?? 0, ms);
      const bound = outcome.boundsMs[name] ?? 0;
      const ratio = ms === 0 ? Number.POSITIVE_INFINITY : bound / ms;
      worstRatio[name] = Math.min(worstRatio[name] ?? Number.POSITIVE_INFINITY, ratio);
    }
  };
  const pins = options.path === undefined ? (options.pinned ?? []) : [];
  const examples = pins.map((pin): [GeneratedCase] => [caseAt(property, options, pin)]);
  const details = fc.check(fc.property(casesOf({ ...options, byzantine: property.byzantine === true }), predicate), {
    // The pinned cases come first and count among fast-check's runs: the generated budget stays `runs`.
    numRuns: options.runs + examples.length,
    // Skipped runs are shrinking attempts past the budget, not generation failures.
    maxSkipsPerRun: 1_000_000,
    seed: options.seed,
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(examples.length === 0 ? {} : { examples }),
  });
  // A path counts the pinned cases first: say it as the pin it is, or as a path of the generated runs alone.
  const replay = pinnedReplay(pins, { seed: details.seed, path: details.counterexamplePath ?? '' });
  const counterexample: Counterexample | undefined =
    details.failed && details.counterexample !== null
      ? {
          property: property.id,
          seed: replay.seed,
          path: replay.path,
          testCase: details.counterexample[0],
          message: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
        }
      : undefined;
  return { property: property.id, runs: details.numRuns, steps, violations: details.failed ? 1 : 0, worstRatio, worstMetMs, counterexample };
}
