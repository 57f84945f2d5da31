/**
 * Schedules: world actions at virtual times, as plain data (so fast-check can generate and shrink
 * them, and a failing one can be pinned as a literal). `drive` interleaves a schedule with the
 * world's own events and an optional positional choice list; runSchedule and runWithChecks are
 * built on it.
 */
import { cutBlock, command, crash, heal, inject, partition, restart, setNetwork, setOrdererReachable } from './commands';
import { choiceFromInt, choiceTime, NEXT, setClock, stepWorld } from './step';
import type { SimFailure, World } from './world';

export type WorldAction =
  | { readonly kind: 'partition'; readonly groups: readonly (readonly string[])[] }
  | { readonly kind: 'heal' }
  | { readonly kind: 'crash'; readonly peer: string }
  | { readonly kind: 'restart'; readonly peer: string }
  | { readonly kind: 'setLoss'; readonly probability: number }
  | { readonly kind: 'setDuplication'; readonly probability: number }
  | { readonly kind: 'setLatency'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'slowPeer'; readonly peer: string; readonly factor: number }
  | { readonly kind: 'inject'; readonly peer: string; readonly payload: unknown }
  | { readonly kind: 'command'; readonly peer: string; readonly command: unknown }
  | { readonly kind: 'cutBlock'; readonly channel: string }
  | { readonly kind: 'setOrdererReachable'; readonly channel: string; readonly reachable: boolean };

export interface ScheduleItem {
  readonly atMs: number;
  readonly action: WorldAction;
}

/** Faults stop in liveness mode; commands and block cuts are the workload and go on. */
export function isFault(action: WorldAction): boolean {
  return action.kind !== 'command' && action.kind !== 'cutBlock';
}

export function applyAction<S>(w: World<S>, action: WorldAction): World<S> {
  switch (action.kind) {
    case 'partition':
      return partition(w, action.groups);
    case 'heal':
      return heal(w);
    case 'crash':
      return crash(w, action.peer);
    case 'restart':
      return restart(w, action.peer);
    case 'setLoss':
      return setNetwork(w, { lossProbability: action.probability });
    case 'setDuplication':
      return setNetwork(w, { duplicationProbability: action.probability });
    case 'setLatency':
      return setNetwork(w, { minLatencyMs: action.minMs, maxLatencyMs: action.maxMs });
    case 'slowPeer':
      return setNetwork(w, { slowPeers: { ...w.network.slowPeers, [action.peer]: action.factor } });
    case 'inject':
      return inject(w, action.peer, action.payload);
    case 'command':
      return command(w, action.peer, action.command);
    case 'cutBlock':
      return cutBlock(w, action.channel);
    case 'setOrdererReachable':
      return setOrdererReachable(w, action.channel, action.reachable);
  }
}

/** Stable sort by time: items at one time keep their written order. */
export function sortSchedule(schedule: readonly ScheduleItem[]): ScheduleItem[] {
  return schedule.map((item, i) => ({ item, i })).sort((a, b) => a.item.atMs - b.item.atMs || a.i - b.i).map((x) => x.item);
}

export interface DrivePlan {
  readonly schedule: readonly ScheduleItem[];
  readonly untilMs: number;
  readonly choices: readonly number[];
  /** Choices apply only while the clock is before this time. */
  readonly choicesUntilMs: number;
  readonly maxSteps: number;
}

export interface DriveHooks<S> {
  /** Called before the clock moves to `atMs`: the world holds, unchanged, until then. */
  readonly beforeTime?: (w: World<S>, atMs: number) => SimFailure | undefined;
  readonly afterTransition?: (w: World<S>) => SimFailure | undefined;
}

export interface DriveResult<S> {
  readonly world: World<S>;
  readonly steps: number;
  readonly failure: SimFailure | undefined;
}

/**
 * Run to `untilMs`: an action due no later than the next event runs first (so a fault at t
 * precedes events at t); otherwise the next event runs, picked by the next choice while choices
 * last. A choice whose event lies beyond `untilMs` is not used.
 */
export function drive<S>(world: World<S>, plan: DrivePlan, hooks: DriveHooks<S> = {}): DriveResult<S> {
  const items = sortSchedule(plan.schedule);
  let w = world;
  let nextItem = 0;
  let nextChoice = 0;
  let steps = 0;
  const done = (failure: SimFailure | undefined): DriveResult<S> => ({ world: w, steps, failure });
  for (;;) {
    if (w.failure !== undefined) return done(w.failure);
    const item = items[nextItem];
    const raw = nextChoice < plan.choices.length && w.nowMs < plan.choicesUntilMs ? plan.choices[nextChoice] : undefined;
    let choice = raw === undefined ? NEXT : choiceFromInt(w, raw);
    let atMs = choiceTime(w, choice);
    let usesChoice = raw !== undefined;
    if (usesChoice && atMs !== undefined && atMs > plan.untilMs) [choice, atMs, usesChoice] = [NEXT, choiceTime(w, NEXT), false];
    if (item !== undefined && item.atMs <= plan.untilMs && (atMs === undefined || item.atMs <= atMs)) {
      const late = hooks.beforeTime?.(w, item.atMs);
      if (late !== undefined) return done(late);
      w = applyAction(setClock(w, item.atMs), item.action);
      nextItem += 1;
    } else {
      if (atMs === undefined || atMs > plan.untilMs) break;
      const late = hooks.beforeTime?.(w, atMs);
      if (late !== undefined) return done(late);
      w = stepWorld(w, choice);
      if (usesChoice) nextChoice += 1;
      steps += 1;
      if (steps > plan.maxSteps) return done(budgetFailure(w, plan.maxSteps));
    }
    const broken = hooks.afterTransition?.(w);
    if (broken !== undefined) return done(broken);
  }
  const late = hooks.beforeTime?.(w, plan.untilMs);
  if (late !== undefined) return done(late);
  w = setClock(w, plan.untilMs);
  return done(w.failure);
}

function budgetFailure<S>(w: World<S>, maxSteps: number): SimFailure {
  return { kind: 'stepBudget', seed: w.seed, step: w.step, nowMs: w.nowMs, message: `more than ${maxSteps} steps` };
}

/** Run a schedule (and optional positional choices) to `untilMs`; failures stay on the world. */
export function runSchedule<S>(world: World<S>, schedule: readonly ScheduleItem[], untilMs: number, choices: readonly number[] = []): World<S> {
  return drive(world, { schedule, untilMs, choices, choicesUntilMs: untilMs, maxSteps: Number.POSITIVE_INFINITY }).world;
}
