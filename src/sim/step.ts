/**
 * The pure world step. The next event is the earliest queued one by (time, seq), where seq is the
 * order of scheduling, so ties are broken deterministically; the clock jumps to it (event-driven:
 * an idle peer costs nothing). A Choice lets a schedule pick another event instead: the k-th
 * in-flight envelope in (time, seq) order, or the next non-message event (timer, handshake answer,
 * orderer block). A chosen event that is already overdue runs at the current time: the clock never
 * goes backwards, so choosing reorders messages and may make other events late, never early.
 */
import { Draft } from './draft';
import { deliverEnvelope, fireEvent } from './dispatch';
import { treapKth, treapMin, treapRemove, treapSize, type TreapNode } from './treap';
import type { Envelope, HostEvent, World } from './world';

export type Choice =
  | { readonly kind: 'next' }
  | { readonly kind: 'nextHostEvent' }
  | { readonly kind: 'deliver'; readonly index: number };

export const NEXT: Choice = { kind: 'next' };

type Picked =
  | { readonly source: 'envelope'; readonly node: TreapNode<Envelope> }
  | { readonly source: 'event'; readonly node: TreapNode<HostEvent> };

/** [SIM-FUNC-EVENT-ORDER.1] The queued envelope or host event with the least (time, seq). */
function earliest<S>(w: World<S>): Picked | undefined {
  const envelope = treapMin(w.envelopes);
  const event = treapMin(w.events);
  if (envelope === undefined) return event === undefined ? undefined : { source: 'event', node: event };
  if (event === undefined) return { source: 'envelope', node: envelope };
  const envelopeFirst = envelope.atMs < event.atMs || (envelope.atMs === event.atMs && envelope.seq < event.seq);
  return envelopeFirst ? { source: 'envelope', node: envelope } : { source: 'event', node: event };
}

/** [SIM-FUNC-CHOICES.1] The event a choice names: the next timer-like event, or the k-th envelope in (time, seq) order. */
function pick<S>(w: World<S>, choice: Choice): Picked | undefined {
  if (choice.kind === 'nextHostEvent') {
    const event = treapMin(w.events);
    return event === undefined ? earliest(w) : { source: 'event', node: event };
  }
  if (choice.kind === 'deliver') {
    const count = treapSize(w.envelopes);
    const node = count === 0 ? undefined : treapKth(w.envelopes, ((choice.index % count) + count) % count);
    return node === undefined ? earliest(w) : { source: 'envelope', node };
  }
  return earliest(w);
}

/** Time of the next event (normal order), or undefined when nothing is queued. */
export function nextEventTime<S>(w: World<S>): number | undefined {
  const picked = earliest(w);
  return picked === undefined ? undefined : Math.max(w.nowMs, picked.node.atMs);
}

/** The virtual time at which stepWorld(w, choice) would run its event. */
export function choiceTime<S>(w: World<S>, choice: Choice): number | undefined {
  const picked = pick(w, choice);
  return picked === undefined ? undefined : Math.max(w.nowMs, picked.node.atMs);
}

/**
 * [SIM-FUNC-CHOICES.1] Map a small integer from a positional schedule to a Choice: c mod (envelopes + 2) picks 0 the
 * normal next event, 1 the next timer-like event, j >= 2 the (j-2)-th envelope in flight. Shrinking
 * towards 0 therefore shrinks towards the unperturbed run.
 */
export function choiceFromInt<S>(w: World<S>, c: number): Choice {
  const options = treapSize(w.envelopes) + 2;
  const r = ((Math.trunc(c) % options) + options) % options;
  if (r === 0) return NEXT;
  if (r === 1) return { kind: 'nextHostEvent' };
  return { kind: 'deliver', index: r - 2 };
}

/** Run one event. A halted ([SIM-FUNC-REDUCER-FAILURE.1]) or idle world steps to itself. */
export function stepWorld<S>(w: World<S>, choice: Choice = NEXT): World<S> {
  if (w.failure !== undefined) return w;
  const picked = pick(w, choice);
  if (picked === undefined) return w;
  const d = new Draft(w);
  // [SIM-SAFE-CLOCK-MONOTONIC.1] [SIM-FUNC-EVENT-ORDER.1] the clock jumps to the event; an overdue one runs now.
  const atMs = Math.max(w.nowMs, picked.node.atMs);
  d.step = w.step + 1;
  d.stepsAtThisInstant = atMs === w.nowMs ? w.stepsAtThisInstant + 1 : 1;
  d.nowMs = atMs;
  if (picked.source === 'envelope') {
    d.envelopes = treapRemove(d.envelopes, picked.node.atMs, picked.node.seq);
    deliverEnvelope(d, picked.node.value);
  } else {
    d.events = treapRemove(d.events, picked.node.atMs, picked.node.seq);
    fireEvent(d, picked.node.value, picked.node.seq);
  }
  // [SIM-FUNC-ZENO-GUARD.1] too many events at one instant: virtual time has stopped.
  if (d.stepsAtThisInstant > w.config.maxStepsPerInstant) {
    d.fail('zeno', `more than ${w.config.maxStepsPerInstant} events at t=${atMs}ms: virtual time stopped (a zero-delay loop?)`);
  }
  return d.close();
}

export function stepWorldWithChoice<S>(w: World<S>, c: number): World<S> {
  return stepWorld(w, choiceFromInt(w, c));
}

/** Set the clock forward (never back: [SIM-SAFE-CLOCK-MONOTONIC.1]) without running anything (callers make sure nothing is due before). */
export function setClock<S>(w: World<S>, ms: number): World<S> {
  return ms > w.nowMs ? { ...w, nowMs: ms, stepsAtThisInstant: 0 } : w;
}

/** Run every event due at or before `ms` in normal order, then set the clock to `ms`. */
export function advanceTo<S>(w: World<S>, ms: number): World<S> {
  let world = w;
  for (;;) {
    if (world.failure !== undefined) return world;
    const next = nextEventTime(world);
    if (next === undefined || next > ms) break;
    world = stepWorld(world);
  }
  return setClock(world, ms);
}

export function advanceBy<S>(w: World<S>, ms: number): World<S> {
  return advanceTo(w, w.nowMs + ms);
}
