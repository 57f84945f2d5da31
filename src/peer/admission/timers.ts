/**
 * [PEER-FUNC-TIMER-NAMESPACES.1] [GEN-FUNC-TIMER-GENERATIONS.1] Admitting a fired timer: only with
 * the ticket of the timer armed now under its id (a late or forged fire is a counted no-op); its
 * owner then gets the event it armed, decoded like any input.
 */
import type * as t from 'io-ts';
import { ChannelTimerEvent } from '../../channel';
import { decodeWith, fireTimer } from '../../core';
import { DisseminationTimerEvent } from '../../dissemination';
import { ElectionTimerEvent } from '../../election';
import { EmitterTimerEvent } from '../../emitter';
import { TimerFired } from '../../membership';
import { PullTimerEvent } from '../../pull';
import { IdentityStoreTimerFired } from '../../security/identity';
import { StateTransferTimerEvent } from '../../statetransfer';
import { input, reject, update, type Signal } from '../signals';
import { parseTimerId, type TimerOwner } from '../timers';
import type { WireContext } from '../wiring';
import { withPeerState } from '../state';

/** The codec of each timer owner's events; membership's, the identity store's and dissemination's carry the time of the fire. */
const TIMER_EVENTS: { readonly [S in TimerOwner['sub']]: t.Mixed } = {
  membership: TimerFired,
  identities: IdentityStoreTimerFired,
  emitter: EmitterTimerEvent,
  identityPull: PullTimerEvent,
  election: ElectionTimerEvent,
  dissemination: DisseminationTimerEvent,
  pull: PullTimerEvent,
  channel: ChannelTimerEvent,
  stateTransfer: StateTransferTimerEvent,
};

export function admitTimer({ state, nowMs }: WireContext, timerId: string, ticket: unknown): readonly Signal[] {
  const parsed = parseTimerId(timerId);
  if (parsed === undefined) return [reject('timer.unknown', `timer ${timerId} belongs to no subsystem`)];
  const fired = fireTimer(state.timers, timerId, ticket);
  if (!fired.ok) return [reject(fired.reason, fired.message)];
  const { owner } = parsed;
  const event = owner.sub === 'membership' || owner.sub === 'identities' || owner.sub === 'dissemination' ? { ...(typeof fired.event === 'object' ? fired.event : {}), nowMs } : fired.event;
  const decoded = decodeWith(TIMER_EVENTS[owner.sub], event);
  const consumed = update((s) => withPeerState(s, { timers: fired.table }));
  if (!decoded.ok) return [consumed, reject('timer.decodeError', `timer ${timerId}: ${decoded.error.message}`)];
  return [consumed, input(owner, decoded.value as never)];
}
