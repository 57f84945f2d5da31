/**
 * A configuration of the explored system: every peer's reducer state, the timers each has armed,
 * the messages in flight (a multiset, kept sorted so that its order carries no information), the
 * clock, and what is left of the fault budgets. Values are immutable; a transition builds a new one.
 */
import type { Emit, ExploreModel, PeerStep } from './model';

export interface ArmedTimer<T> {
  readonly timerId: string;
  readonly dueMs: number;
  readonly event: T;
}

export interface InFlight<M> {
  readonly from: number;
  readonly to: number;
  readonly message: M;
  /** The model's key of the message, computed once at send time. */
  readonly key: string;
}

export interface Budgets {
  /** Losses still allowed on this path. */
  readonly losses: number;
  /** Duplications still allowed on this path. */
  readonly duplicates: number;
}

export interface Configuration<S, M, T> {
  readonly nowMs: number;
  readonly peers: readonly S[];
  /** Per peer, its armed timers sorted by id (at most one per id: re-arming replaces, effects.ts rule 4). */
  readonly timers: readonly (readonly ArmedTimer<T>[])[];
  /** Sorted by (to, from, key); equal items repeat. */
  readonly inFlight: readonly InFlight<M>[];
  readonly budgets: Budgets;
}

export function compareInFlight<M>(a: InFlight<M>, b: InFlight<M>): number {
  if (a.to !== b.to) return a.to - b.to;
  if (a.from !== b.from) return a.from - b.from;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function sameInFlight<M>(a: InFlight<M>, b: InFlight<M>): boolean {
  return a.to === b.to && a.from === b.from && a.key === b.key;
}

function insertSorted<M>(items: InFlight<M>[], item: InFlight<M>): void {
  let i = items.length;
  while (i > 0 && compareInFlight(items[i - 1] as InFlight<M>, item) > 0) i--;
  items.splice(i, 0, item);
}

/** Perform one peer's emits in list order (effects.ts rule 1): sends join the multiset, timers are armed or cancelled. */
export function applyEmits<S, M, T>(
  model: ExploreModel<S, M, T>,
  inFlight: InFlight<M>[],
  timers: ArmedTimer<T>[],
  peer: number,
  nowMs: number,
  emits: readonly Emit<M, T>[],
): ArmedTimer<T>[] {
  let armed = timers;
  for (const e of emits) {
    if (e.kind === 'send') {
      insertSorted(inFlight, { from: peer, to: e.to, message: e.message, key: model.messageKey(e.message) });
    } else if (e.kind === 'setTimer') {
      armed = armed.filter((t) => t.timerId !== e.timerId);
      armed.push({ timerId: e.timerId, dueMs: nowMs + e.delayMs, event: e.event });
      armed.sort((a, b) => (a.timerId < b.timerId ? -1 : a.timerId > b.timerId ? 1 : 0));
    } else {
      armed = armed.filter((t) => t.timerId !== e.timerId);
    }
  }
  return armed;
}

/** The configuration after every peer's init, at time 0. */
export function initialConfiguration<S, M, T>(model: ExploreModel<S, M, T>, budgets: Budgets): { config: Configuration<S, M, T>; violations: string[] } {
  const steps = model.init();
  const inFlight: InFlight<M>[] = [];
  const timers = steps.map((s, i) => applyEmits(model, inFlight, [], i, 0, s.emits));
  const violations = steps.flatMap((s, i) => s.violations.map((v) => `${model.peerNames[i]}: ${v}`));
  return { config: { nowMs: 0, peers: steps.map((s) => s.state), timers, inFlight, budgets }, violations };
}

/** Replace peer `peer`'s state by the outcome of one of its steps and perform its emits. */
export function withPeerStep<S, M, T>(
  model: ExploreModel<S, M, T>,
  base: Configuration<S, M, T>,
  peer: number,
  nowMs: number,
  inFlight: InFlight<M>[],
  timersOfPeer: ArmedTimer<T>[],
  step: PeerStep<S, M, T>,
  budgets: Budgets,
): Configuration<S, M, T> {
  const armed = applyEmits(model, inFlight, timersOfPeer, peer, nowMs, step.emits);
  return {
    nowMs,
    peers: base.peers.map((s, i) => (i === peer ? step.state : s)),
    timers: base.timers.map((t, i) => (i === peer ? armed : t)),
    inFlight,
    budgets,
  };
}
