/**
 * Checked runs, TigerBeetle's VOPR split: safety predicates are checked after every transition
 * while faults run free; at `faultsStopAtMs` the world is calmed (partition healed, loss and
 * duplication off, ordering services reachable, crashed peers restarted) and every liveness predicate must then hold by its
 * deadline. Protocol failures come back as a result value, never as an exception.
 */
import { heal, restart, setNetwork, setOrdererReachable } from './commands';
import { allPeerSlots, unreachableOrdererChannels } from './query';
import { drive, isFault, type ScheduleItem } from './schedule';
import { describeError } from './peer-step';
import type { NetworkSettings, SimFailure, World } from './world';

/** A safety predicate: undefined when it holds, else a message (start it with the requirement id). */
export type SafetyCheck<S> = (w: World<S>) => string | undefined;

export interface LivenessCheck<S> {
  readonly name: string;
  /** Absolute virtual time by which `holds` must have become true (after faults stopped). */
  readonly deadlineMs: number;
  readonly holds: (w: World<S>) => boolean;
  /** When true it must also still hold at the deadline (for "stays true", e.g. one leader). */
  readonly mustHoldAtDeadline?: boolean;
}

export interface CalmOptions {
  readonly heal?: boolean;
  readonly network?: Partial<NetworkSettings>;
  readonly restartCrashed?: boolean;
  /** Default true: every ordering service that is down comes back ([SIM-FUNC-ORDERER-OUTAGE.1]). */
  readonly restoreOrderer?: boolean;
}

export interface CheckedRunOptions<S> {
  readonly safety: readonly SafetyCheck<S>[];
  readonly liveness?: readonly LivenessCheck<S>[];
  readonly untilMs: number;
  /** Default untilMs (no liveness phase). Fault actions after it are ignored. */
  readonly faultsStopAtMs?: number;
  readonly schedule?: readonly ScheduleItem[];
  /** Positional choices (stepWorldWithChoice), used only before faultsStopAtMs. */
  readonly choices?: readonly number[];
  /** Default: heal, loss 0, duplication 0, restart crashed peers. */
  readonly calm?: CalmOptions;
  readonly maxSteps?: number;
}

export type RunResult<S> =
  | { readonly ok: true; readonly world: World<S>; readonly steps: number; readonly livenessMetAtMs: Readonly<Record<string, number>> }
  | { readonly ok: false; readonly world: World<S>; readonly steps: number; readonly failure: SimFailure };

/** A liveness failure is dated at the deadline: the world held unchanged from its last step until then. */
function failureAt<S>(w: World<S>, kind: 'safety' | 'liveness', message: string, nowMs = w.nowMs): SimFailure {
  return { kind, seed: w.seed, step: w.step, nowMs, message };
}

function checkSafety<S>(w: World<S>, checks: readonly SafetyCheck<S>[]): SimFailure | undefined {
  for (const check of checks) {
    let message: string | undefined;
    try {
      message = check(w);
    } catch (err) {
      message = `a safety check threw: ${describeError(err)}`;
    }
    if (message !== undefined) return failureAt(w, 'safety', message);
  }
  return undefined;
}

type Transition<S> = (w: World<S>) => World<S>;

/** The calm as separate transitions: heal, quiet the network, end orderer outages (in channel order), restart each crashed peer (in peer order). */
function calmTransitions<S>(world: World<S>, calm: CalmOptions): Transition<S>[] {
  const steps: Transition<S>[] = [];
  if (calm.heal !== false) steps.push(heal);
  const network = calm.network ?? { lossProbability: 0, duplicationProbability: 0 };
  steps.push((w) => setNetwork(w, network));
  // [SIM-FUNC-ORDERER-OUTAGE.1] faults stop: the ordering service is reachable again, channel by channel.
  if (calm.restoreOrderer !== false) for (const channel of unreachableOrdererChannels(world)) steps.push((w) => setOrdererReachable(w, channel, true));
  if (calm.restartCrashed === false) return steps;
  for (const slot of allPeerSlots(world)) if (!slot.alive) steps.push((w) => restart(w, slot.spec.name));
  return steps;
}

/** [SIM-FUNC-LIVENESS-MODE.2] Heal, quiet the network, end orderer outages and restart crashed peers (in peer order), at the current time. */
export function calmWorld<S>(world: World<S>, calm: CalmOptions = {}): World<S> {
  return calmTransitions(world, calm).reduce((w, step) => step(w), world);
}

/** The calm, with the safety checks after each of its transitions ([SIM-FUNC-CHECKED-RUN.1]). */
function calmChecked<S>(
  world: World<S>,
  calm: CalmOptions,
  safety: (w: World<S>) => SimFailure | undefined,
): { readonly world: World<S>; readonly failure: SimFailure | undefined } {
  let w = world;
  for (const step of calmTransitions(world, calm)) {
    w = step(w);
    const broken = safety(w) ?? w.failure;
    if (broken !== undefined) return { world: w, failure: broken };
  }
  return { world: w, failure: undefined };
}

/** [SIM-FUNC-LIVENESS-MODE.2] Tracks which liveness checks are met; a check fails when the clock passes its deadline. */
class LivenessTracker<S> {
  readonly metAtMs: Record<string, number> = {};
  private pending: LivenessCheck<S>[];
  private readonly sticky: LivenessCheck<S>[];

  constructor(private readonly checks: readonly LivenessCheck<S>[]) {
    this.pending = [...checks];
    this.sticky = checks.filter((c) => c.mustHoldAtDeadline === true);
  }

  /** The run must reach past every deadline so that each check is decided. */
  lastDeadlineMs(): number {
    return Math.max(Number.NEGATIVE_INFINITY, ...this.checks.map((c) => c.deadlineMs));
  }

  observe(w: World<S>): SimFailure | undefined {
    const still: LivenessCheck<S>[] = [];
    for (const check of this.pending) {
      if (safeHolds(check, w)) this.metAtMs[check.name] = w.nowMs;
      else still.push(check);
    }
    this.pending = still;
    return undefined;
  }

  /** The world holds unchanged until `atMs`: checks with a deadline before it are decided now. */
  before(w: World<S>, atMs: number): SimFailure | undefined {
    const missed = this.pending.find((c) => c.deadlineMs < atMs);
    if (missed !== undefined) return failureAt(w, 'liveness', `${missed.name}: not true by its deadline t=${missed.deadlineMs}ms`, missed.deadlineMs);
    const broken = this.sticky.find((c) => c.deadlineMs < atMs && c.deadlineMs >= w.nowMs && !safeHolds(c, w));
    if (broken === undefined) return undefined;
    return failureAt(w, 'liveness', `${broken.name}: no longer true at its deadline t=${broken.deadlineMs}ms`, broken.deadlineMs);
  }
}

function safeHolds<S>(check: LivenessCheck<S>, w: World<S>): boolean {
  try {
    return check.holds(w);
  } catch {
    return false;
  }
}

/**
 * [SIM-FUNC-CHECKED-RUN.1] Safety on the initial world and after every transition; the first violation
 * (or halt) comes back as a failure value. [SIM-FUNC-LIVENESS-MODE.2] from faultsStopAtMs on.
 */
export function runWithChecks<S>(world: World<S>, options: CheckedRunOptions<S>): RunResult<S> {
  const stopMs = options.faultsStopAtMs ?? options.untilMs;
  const schedule = options.schedule ?? [];
  const maxSteps = options.maxSteps ?? Number.POSITIVE_INFINITY;
  const safety = (w: World<S>) => checkSafety(w, options.safety);
  const first = safety(world);
  if (first !== undefined) return { ok: false, world, steps: 0, failure: first };
  const faultSchedule = schedule.filter((i) => i.atMs <= stopMs);
  const faultPlan = { schedule: faultSchedule, untilMs: stopMs, choices: options.choices ?? [], choicesUntilMs: stopMs, maxSteps };
  const faulty = drive(world, faultPlan, { afterTransition: safety });
  if (faulty.failure !== undefined) return { ok: false, world: faulty.world, steps: faulty.steps, failure: faulty.failure };
  const noLivenessPhase = options.faultsStopAtMs === undefined && (options.liveness ?? []).length === 0;
  if (noLivenessPhase) return { ok: true, world: faulty.world, steps: faulty.steps, livenessMetAtMs: {} };
  const calm = calmChecked(faulty.world, options.calm ?? {}, safety);
  if (calm.failure !== undefined) return { ok: false, world: calm.world, steps: faulty.steps, failure: calm.failure };
  return livenessPhase(calm.world, options, faulty.steps, safety);
}

/**
 * [SIM-FUNC-LIVENESS-MODE.2] After the calm: the workload goes on (no faults, no choices), safety is
 * still checked, and each liveness predicate must hold at some time by its deadline.
 */
function livenessPhase<S>(
  calm: World<S>,
  options: CheckedRunOptions<S>,
  stepsSoFar: number,
  safety: (w: World<S>) => SimFailure | undefined,
): RunResult<S> {
  const stopMs = options.faultsStopAtMs ?? options.untilMs;
  const tracker = new LivenessTracker(options.liveness ?? []);
  tracker.observe(calm);
  const workload = (options.schedule ?? []).filter((i) => i.atMs > stopMs && !isFault(i.action));
  const endMs = Math.max(options.untilMs, tracker.lastDeadlineMs() + 1);
  const maxSteps = (options.maxSteps ?? Number.POSITIVE_INFINITY) - stepsSoFar;
  const healed = drive(calm, { schedule: workload, untilMs: endMs, choices: [], choicesUntilMs: stopMs, maxSteps }, {
    beforeTime: (w, atMs) => tracker.before(w, atMs),
    afterTransition: (w) => safety(w) ?? tracker.observe(w),
  });
  const steps = stepsSoFar + healed.steps;
  if (healed.failure !== undefined) return { ok: false, world: healed.world, steps, failure: healed.failure };
  return { ok: true, world: healed.world, steps, livenessMetAtMs: tracker.metAtMs };
}
