/**
 * The checked run of a whole-network property ([GEN-FUNC-CHECK-RUN.1]): safety after every
 * transition; role actions resolved when they fire; at faultsStopAtMs the calm (heal, which also
 * gives every peer the ordering service back, quiet
 * network, ordering service back, crashed peers restarted but those kept down); then every liveness
 * predicate must hold, without a break for `holdMs`, from some time no later than faultsStopAtMs +
 * its bound. The run ends once all have (not at the last deadline), so a calm network costs little.
 */
import type { PeerState } from '../peer';
import {
  allPeerSlots,
  applyAction,
  drive,
  heal,
  leadersOf,
  ledgerHeight,
  ordererHeight,
  partition,
  restart,
  setClock,
  setNetwork,
  setOrdererReachable,
  unreachableOrdererChannels,
  type SafetyCheck,
  type SimFailure,
  type WorldAction,
  type World,
} from '../sim';
import type { CheckAction, CheckItem, PlacedPartition } from './schedule';


export interface LivenessPredicate<S = PeerState> {
  readonly name: string;
  /** How long after faults stop it may take (the spec's bound). */
  readonly boundMs: number;
  readonly holds: (w: World<S>) => boolean;
  /** Called after every transition of the liveness phase (e.g. to remember who led). */
  readonly observe?: (w: World<S>) => void;
}

export interface CheckPlan {
  readonly items: readonly CheckItem[];
  readonly keepDown: readonly string[];
  readonly faultsStopAtMs: number;
  /** How long every liveness predicate must keep holding once the last was met. */
  readonly holdMs: number;
  /** The liveness phase lasts at least this long (safety stays checked), even with nothing to wait for. */
  readonly tailMs?: number;
  readonly maxSteps?: number;
}

export interface CheckFailure {
  readonly kind: 'safety' | 'liveness' | SimFailure['kind'];
  readonly message: string;
  readonly nowMs: number;
  readonly step: number;
}

export interface CheckOutcome<S = PeerState> {
  readonly world: World<S>;
  readonly steps: number;
  readonly failure: CheckFailure | undefined;
  /** Per liveness predicate: how long after faults stopped it was met. */
  readonly metAfterMs: Readonly<Record<string, number>>;
  /** Per liveness predicate: its bound. */
  readonly boundsMs: Readonly<Record<string, number>>;
}

/** What a check action comes to when it fires: a simulator schedule action, or a partition that places the ordering service. */
export type ResolvedAction = WorldAction | PlacedPartition;

/** Whether a peer's state has joined the channel (a Byzantine peer's state has no channels of its own: never). */
function joinedTo(state: unknown, channel: string): boolean {
  const channels = (state as { readonly channels?: Readonly<Record<string, unknown>> } | undefined)?.channels;
  return channels !== undefined && channels[channel] !== undefined;
}

/** [GEN-FUNC-CHECK-FAULTS.2] The actions a check action stands for, in this world now. */
export function resolveAction<S>(w: World<S>, action: CheckAction, keepDown: readonly string[]): ResolvedAction[] {
  switch (action.kind) {
    case 'isolateLeader': {
      const target = currentLeader(w, action.org, action.channel);
      if (target === undefined) return [];
      const rest = allPeerSlots(w).map((s) => s.spec.name).filter((n) => n !== target);
      const groups = [[target], rest];
      switch (action.orderer) {
        case 'outside':
          return [{ kind: 'partition', groups }];
        case 'down':
          return [{ kind: 'partition', groups }, { kind: 'setOrdererReachable', channel: action.channel, reachable: false }];
        case 'withLeader':
          return [{ kind: 'placedPartition', groups, ordererGroup: 0 }];
        case 'withRest':
          return [{ kind: 'placedPartition', groups, ordererGroup: 1 }];
      }
      return [];
    }
    case 'crashLeader': {
      const target = currentLeader(w, action.org, action.channel);
      return target === undefined ? [] : [{ kind: 'crash', peer: target }];
    }
    case 'crashLagging': {
      const joined = allPeerSlots(w).filter((s) => s.alive && joinedTo(s.state, action.channel));
      const height = ordererHeight(w, action.channel);
      const lagging = joined.filter((s) => ledgerHeight(w, s.spec.name, action.channel) < height);
      const pick = lagging.sort((a, b) => ledgerHeight(w, a.spec.name, action.channel) - ledgerHeight(w, b.spec.name, action.channel))[0];
      return pick === undefined ? [] : [{ kind: 'crash', peer: pick.spec.name }];
    }
    case 'restartCrashed':
      return allPeerSlots(w)
        .filter((s) => !s.alive && !keepDown.includes(s.spec.name))
        .map((s): WorldAction => ({ kind: 'restart', peer: s.spec.name }));
    default:
      return [action];
  }
}

/** [SIM-FUNC-ORDERER-PARTITION.1] Apply a resolved action: a placed partition through the simulator's `partition`, the rest as schedule actions. */
export function applyResolved<S>(w: World<S>, action: ResolvedAction): World<S> {
  return action.kind === 'placedPartition' ? partition(w, action.groups, { ordererGroup: action.ordererGroup }) : applyAction(w, action);
}

/** The org's leader in the channel as the host saw it (the smallest name if several), else its first live peer. */
function currentLeader<S>(w: World<S>, org: number, channel: string): string | undefined {
  const msp = `Org${org + 1}MSP`;
  const slots = allPeerSlots(w).filter((s) => s.alive && s.spec.org === msp);
  const leaders = leadersOf(w, channel).filter((n) => slots.some((s) => s.spec.name === n));
  return leaders.sort()[0] ?? slots[0]?.spec.name;
}

const DONE: SimFailure = { kind: 'stepBudget', seed: 0, step: 0, nowMs: 0, message: 'done' };

/** [GEN-FUNC-CHECK-RUN.1] Run the plan with the checks; a violation comes back as a value. */
export function checkedRun<S = PeerState>(world: World<S>, plan: CheckPlan, safety: readonly SafetyCheck<S>[], liveness: readonly LivenessPredicate<S>[]): CheckOutcome<S> {
  let w = world;
  let steps = 0;
  const maxSteps = plan.maxSteps ?? 5_000_000;
  const boundsMs = Object.fromEntries(liveness.map((p) => [p.name, p.boundMs]));
  const out = (failure: CheckFailure | undefined, metAfterMs: Record<string, number> = {}): CheckOutcome<S> => ({ world: w, steps, failure, metAfterMs, boundsMs });
  const check = (x: World<S>): SimFailure | undefined => {
    if (x.failure !== undefined) return x.failure;
    for (const c of safety) {
      let message: string | undefined;
      try {
        message = c(x);
      } catch (err) {
        message = `a safety check threw: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (message !== undefined) return { kind: 'safety', seed: x.seed, step: x.step, nowMs: x.nowMs, message };
    }
    return undefined;
  };
  const fail = (f: SimFailure): CheckFailure => ({ kind: f.kind, message: f.message, nowMs: f.nowMs, step: f.step });
  const first = check(w);
  if (first !== undefined) return out(fail(first));
  const runTo = (untilMs: number, hooks: Parameters<typeof drive<S>>[2] = { afterTransition: check }): SimFailure | undefined => {
    if (untilMs <= w.nowMs) return undefined;
    const r = drive(w, { schedule: [], untilMs, choices: [], choicesUntilMs: 0, maxSteps: maxSteps - steps }, hooks);
    w = r.world;
    steps += r.steps;
    return r.failure;
  };
  const apply = (action: ResolvedAction): SimFailure | undefined => {
    w = applyResolved(w, action);
    return check(w);
  };
  // Faulty phase: the world's own events, with the schedule's actions at their times.
  for (const item of plan.items) {
    if (item.atMs > plan.faultsStopAtMs) break;
    const f = runTo(item.atMs - 1);
    if (f !== undefined) return out(fail(f));
    w = setClock(w, Math.max(w.nowMs, item.atMs));
    for (const action of resolveAction(w, item.action, plan.keepDown)) {
      const broken = apply(action);
      if (broken !== undefined) return out(fail(broken));
    }
  }
  const f = runTo(plan.faultsStopAtMs);
  if (f !== undefined) return out(fail(f));
  w = setClock(w, Math.max(w.nowMs, plan.faultsStopAtMs));
  // The calm, one transition at a time.
  const calm: ((x: World<S>) => World<S>)[] = [heal, (x) => setNetwork(x, { lossProbability: 0, duplicationProbability: 0 })];
  for (const channel of unreachableOrdererChannels(w)) calm.push((x) => setOrdererReachable(x, channel, true));
  for (const slot of allPeerSlots(w)) if (!slot.alive && !plan.keepDown.includes(slot.spec.name)) calm.push((x) => restart(x, slot.spec.name));
  for (const step of calm) {
    w = step(w);
    const broken = check(w);
    if (broken !== undefined) return out(fail(broken));
  }
  // Liveness phase: a predicate is met once it has held without a break for holdMs; met at the start of that stretch.
  const stopMs = w.nowMs;
  const met: Record<string, number> = {};
  const since: Record<string, number | undefined> = {};
  let lost: CheckFailure | undefined;
  const observe = (x: World<S>): SimFailure | undefined => {
    const broken = check(x);
    if (broken !== undefined) return broken;
    for (const p of liveness) {
      p.observe?.(x);
      if (met[p.name] !== undefined) continue;
      if (!p.holds(x)) since[p.name] = undefined;
      else since[p.name] ??= x.nowMs;
    }
    return undefined;
  };
  const before = (x: World<S>, atMs: number): SimFailure | undefined => {
    // The world holds unchanged until atMs: stretches that reach holdMs by then are met.
    for (const p of liveness) {
      const from = since[p.name];
      if (met[p.name] === undefined && from !== undefined && atMs - from >= plan.holdMs) met[p.name] = from - stopMs;
    }
    const missed = liveness.find((p) => met[p.name] === undefined && stopMs + p.boundMs + plan.holdMs < atMs);
    if (missed !== undefined) {
      const from = since[missed.name];
      const detail = from === undefined ? 'false' : `true only since ${from - stopMs} ms`;
      lost = { kind: 'liveness', message: `${missed.name}: not true for ${plan.holdMs} ms on end by its bound, ${missed.boundMs} ms after faults stopped (${detail})`, nowMs: x.nowMs, step: x.step };
      return DONE;
    }
    if (liveness.every((p) => met[p.name] !== undefined) && atMs > stopMs + (plan.tailMs ?? 0)) {
      return DONE;
    }
    return undefined;
  };
  const start = observe(w);
  if (start !== undefined) return out(fail(start));
  const lastBound = Math.max(0, ...liveness.map((p) => p.boundMs));
  const r = runTo(Math.max(stopMs + lastBound + plan.holdMs, stopMs + (plan.tailMs ?? 0)) + 1, { afterTransition: observe, beforeTime: before });
  if (lost !== undefined) return out(lost, met);
  if (r !== undefined && r !== DONE) return out(fail(r), met);
  const unmet = liveness.find((p) => met[p.name] === undefined);
  if (unmet !== undefined) return out({ kind: 'liveness', message: `${unmet.name}: not true by its bound`, nowMs: w.nowMs, step: w.step }, met);
  return out(undefined, met);
}

