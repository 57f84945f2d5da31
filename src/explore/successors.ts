/**
 * [EXP-FUNC-TIMERS.1] [EXP-FUNC-FAULTS.1] The transitions enabled in a configuration and the configurations they lead to:
 *  - deliver any message in flight (one copy of it) to its recipient, at the current time;
 *  - lose it, while the loss budget lasts (the model may turn a loss into an input: a failed handshake);
 *  - duplicate it, while the duplication budget lasts;
 *  - fire a timer: with `timers: 'earliest'`, only a timer due first (ties: each of them, in turn),
 *    and the clock jumps to its due time; with `timers: 'any'`, any armed timer, the clock moving
 *    to max(now, due). Messages carry no delivery time: any delay is possible, so a message may be
 *    delivered before or after any number of timer fires.
 * Equal copies of a message give equal successors, so each distinct item is tried once.
 */
import { sameInFlight, withPeerStep, type ArmedTimer, type Configuration, type InFlight } from './configuration';
import type { ExploreModel, PeerStep } from './model';

export type TimerMode = 'earliest' | 'any';

export type Transition<M> =
  | { readonly kind: 'deliver' | 'lose' | 'duplicate'; readonly item: InFlight<M> }
  | { readonly kind: 'fire'; readonly peer: number; readonly timerId: string; readonly atMs: number };

export interface Successor<S, M, T> {
  readonly transition: Transition<M>;
  readonly config: Configuration<S, M, T>;
  /** Step invariants the transition broke, `peer: ID: message`. */
  readonly violations: readonly string[];
}

function without<M>(items: readonly InFlight<M>[], index: number): InFlight<M>[] {
  const copy = items.slice();
  copy.splice(index, 1);
  return copy;
}

function stepped<S, M, T>(
  model: ExploreModel<S, M, T>,
  c: Configuration<S, M, T>,
  peer: number,
  nowMs: number,
  inFlight: InFlight<M>[],
  timers: ArmedTimer<T>[],
  step: PeerStep<S, M, T>,
  budgets = c.budgets,
): { config: Configuration<S, M, T>; violations: string[] } {
  return {
    config: withPeerStep(model, c, peer, nowMs, inFlight, timers, step, budgets),
    violations: step.violations.map((v) => `${model.peerNames[peer]}: ${v}`),
  };
}

function messageSuccessors<S, M, T>(model: ExploreModel<S, M, T>, c: Configuration<S, M, T>, out: Successor<S, M, T>[]): void {
  c.inFlight.forEach((item, i) => {
    if (i > 0 && sameInFlight(c.inFlight[i - 1] as InFlight<M>, item)) return;
    const rest = without(c.inFlight, i);
    const to = item.to;
    const timersOfTo = (c.timers[to] ?? []).slice();
    const delivered = model.deliver(to, c.peers[to] as S, item.from, item.message, c.nowMs);
    out.push({ transition: { kind: 'deliver', item }, ...stepped(model, c, to, c.nowMs, rest.slice(), timersOfTo, delivered) });
    if (c.budgets.losses > 0) {
      const budgets = { ...c.budgets, losses: c.budgets.losses - 1 };
      const answer = model.lost?.(to, c.peers[to] as S, item.from, item.message, c.nowMs);
      const next = answer === undefined
        ? { config: { ...c, inFlight: rest, budgets }, violations: [] }
        : stepped(model, c, to, c.nowMs, rest.slice(), timersOfTo.slice(), answer, budgets);
      out.push({ transition: { kind: 'lose', item }, ...next });
    }
    if (c.budgets.duplicates > 0) {
      const inFlight = c.inFlight.slice();
      inFlight.splice(i, 0, item);
      out.push({ transition: { kind: 'duplicate', item }, config: { ...c, inFlight, budgets: { ...c.budgets, duplicates: c.budgets.duplicates - 1 } }, violations: [] });
    }
  });
}

/** The timers that may fire now: (peer, timer) pairs in peer, then id, order. */
function fireable<S, M, T>(c: Configuration<S, M, T>, mode: TimerMode): { peer: number; timer: ArmedTimer<T> }[] {
  const all = c.timers.flatMap((ts, peer) => ts.map((timer) => ({ peer, timer })));
  if (mode === 'any' || all.length === 0) return all;
  const first = Math.min(...all.map((x) => x.timer.dueMs));
  return all.filter((x) => x.timer.dueMs === first);
}

function timerSuccessors<S, M, T>(model: ExploreModel<S, M, T>, c: Configuration<S, M, T>, mode: TimerMode, out: Successor<S, M, T>[]): void {
  for (const { peer, timer } of fireable(c, mode)) {
    const nowMs = Math.max(c.nowMs, timer.dueMs);
    const timers = (c.timers[peer] ?? []).filter((t) => t.timerId !== timer.timerId);
    const step = model.fire(peer, c.peers[peer] as S, timer.event, nowMs);
    out.push({ transition: { kind: 'fire', peer, timerId: timer.timerId, atMs: nowMs }, ...stepped(model, c, peer, nowMs, c.inFlight.slice(), timers, step) });
  }
}

/** Every successor of `c`, in a fixed order (messages in multiset order, then timers). */
export function successors<S, M, T>(model: ExploreModel<S, M, T>, c: Configuration<S, M, T>, mode: TimerMode): Successor<S, M, T>[] {
  const out: Successor<S, M, T>[] = [];
  messageSuccessors(model, c, out);
  timerSuccessors(model, c, mode, out);
  return out;
}

