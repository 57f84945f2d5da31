/**
 * Timers per the effect contract (core/effects.ts, rules 4 and 5; [SIM-FUNC-TIMERS.1], [GEN-ASM-TIMERS.1]): `setTimer` with an armed id
 * replaces it, `cancelTimer` of an unarmed id is a no-op, a replaced or cancelled timer never
 * fires, and a fired timer comes back once, `delayMs` of virtual time after it was armed. Armed
 * timers are removed from the event queue on cancel, so no stale entry is ever popped.
 */
import type { Draft } from './draft';

/**
 * [SIM-FUNC-TIMERS.1] Arm (or re-arm: the old one is unscheduled) a timer due `delayMs` from now; the
 * scheduling seq makes timers due at one instant fire in arming order. Returns a problem description
 * for an invalid effect.
 */
export function armTimer<S>(d: Draft<S>, peer: number, timerId: unknown, delayMs: unknown, event: unknown): string | undefined {
  if (typeof timerId !== 'string') return `setTimer.timerId must be a string, got ${typeof timerId}`;
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
    return `setTimer ${timerId}: delayMs must be a finite number >= 0, got ${String(delayMs)}`;
  }
  const previous = d.slot(peer).timers.get(timerId);
  if (previous !== undefined) d.unscheduleEvent(previous);
  const armed = d.scheduleEvent(d.nowMs + delayMs, { kind: 'timer', peer, timerId, event });
  d.timersToChange(peer).set(timerId, armed);
  return undefined;
}

/** [SIM-FUNC-TIMERS.1] Cancel an armed timer; an unarmed id is a no-op. */
export function cancelTimer<S>(d: Draft<S>, peer: number, timerId: unknown): void {
  if (typeof timerId !== 'string') return;
  const armed = d.slot(peer).timers.get(timerId);
  if (armed === undefined) return;
  d.unscheduleEvent(armed);
  d.timersToChange(peer).delete(timerId);
}

/** [SIM-FUNC-CRASH.1] A crash discards every armed timer of the peer. */
export function discardTimers<S>(d: Draft<S>, peer: number): void {
  const slot = d.slot(peer);
  if (slot.timers.size === 0) return;
  for (const armed of slot.timers.values()) d.unscheduleEvent(armed);
  d.patchSlot(peer, { timers: new Map() });
}

/** The timer event was popped: it is no longer armed. False if it was not (cannot happen; defensive). */
export function disarmFired<S>(d: Draft<S>, peer: number, timerId: string, seq: number): boolean {
  const armed = d.slot(peer).timers.get(timerId);
  if (armed === undefined || armed.seq !== seq) return false;
  d.timersToChange(peer).delete(timerId);
  return true;
}
