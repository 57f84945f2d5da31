/**
 * [GEN-FUNC-TIMER-GENERATIONS.1] The timers a reducer has armed, each with a generation, so that a
 * fired timer is checked against what is armed before anything acts on it.
 *
 * Why: the effect contract (effects.ts rule 4) says a cancelled or replaced timer never fires, but a
 * networked host cannot always keep that promise (a timer callback already queued when the cancel
 * arrives fires late), and a host input is `unknown` like any other. So a reducer wrapped with this
 * table hands its host a ticket `{ epoch, generation }` instead of the subsystem's event, keeps the
 * event itself, and on a fire accepts only the ticket of the timer armed now under that id. A late
 * fire of a re-armed or cancelled timer is `stale`; an id or ticket it never issued is `unknown`;
 * the event a subsystem finally sees is always the one it armed, never one the host made up.
 *
 * `epoch` is the incarnation (start time): tickets from before a restart are stale after it.
 */
import * as t from 'io-ts';
import { decodeWith } from './decode';
import type { Effect } from './effects';
import { PositiveInt, TimeMs } from './numbers';
import { emptyPMap, pdelete, pget, pset, type PMap } from './pmap';

/** What the host gets in `setTimer.event` and hands back when the timer fires. */
export const TimerTicket = t.type({ epoch: TimeMs, generation: PositiveInt }, 'TimerTicket');
export type TimerTicket = t.TypeOf<typeof TimerTicket>;

export interface ArmedTimer {
  readonly generation: number;
  /** The event the owner armed the timer with (what it is fed when the timer fires). */
  readonly event: unknown;
}

export interface TimerTable {
  readonly epoch: number;
  /** The generation the next arming gets; every generation below it has been issued. */
  readonly next: number;
  /**
   * By timer id. Persistent: a step that arms one timer changes one entry, instead of copying the
   * whole table (every timer of the peer) as an object spread did, twice per timer event.
   */
  readonly armed: PMap<ArmedTimer>;
}

export type TimerFire =
  | { readonly ok: true; readonly event: unknown; readonly table: TimerTable }
  | { readonly ok: false; readonly reason: 'timer.unknown' | 'timer.stale'; readonly message: string };

export const emptyTimerTable = (epoch: number): TimerTable => ({ epoch, next: 1, armed: emptyPMap() });

/**
 * Record every setTimer / cancelTimer of one step and rewrite each setTimer's event into its ticket.
 * Other effects pass unchanged, in order.
 */
export function armTimers(table: TimerTable, effects: readonly Effect[]): readonly [TimerTable, Effect[]] {
  if (!effects.some((e) => e.kind === 'setTimer' || e.kind === 'cancelTimer')) return [table, effects as Effect[]];
  let next = table.next;
  let armed = table.armed;
  const out: Effect[] = [];
  for (const e of effects) {
    if (e.kind === 'setTimer') {
      armed = pset(armed, e.timerId, { generation: next, event: e.event });
      const ticket: TimerTicket = { epoch: table.epoch, generation: next };
      next += 1;
      out.push({ ...e, event: ticket });
    } else {
      if (e.kind === 'cancelTimer') armed = pdelete(armed, e.timerId);
      out.push(e);
    }
  }
  return [{ epoch: table.epoch, next, armed }, out];
}

/**
 * A timer fired: accept it only if `ticket` is the one issued for the timer armed now under
 * `timerId`. An accepted fire disarms the timer (it fires once) and yields the armed event.
 */
export function fireTimer(table: TimerTable, timerId: string, ticket: unknown): TimerFire {
  const decoded = decodeWith(TimerTicket, ticket);
  if (!decoded.ok) return { ok: false, reason: 'timer.unknown', message: `timer ${timerId}: not a ticket this peer issued (${decoded.error.message})` };
  const { epoch, generation } = decoded.value;
  const current = pget(table.armed, timerId);
  if (current !== undefined && epoch === table.epoch && generation === current.generation) {
    return { ok: true, event: current.event, table: { ...table, armed: pdelete(table.armed, timerId) } };
  }
  const issuedEarlier = epoch < table.epoch || (epoch === table.epoch && generation < table.next);
  if (issuedEarlier) {
    return { ok: false, reason: 'timer.stale', message: `timer ${timerId}: generation ${generation} of epoch ${epoch} was cancelled, re-armed, has fired, or was issued for another timer` };
  }
  return { ok: false, reason: 'timer.unknown', message: `timer ${timerId}: generation ${generation} of epoch ${epoch} was never armed` };
}
