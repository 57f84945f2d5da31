/**
 * One peer, several subsystems, one timer namespace: each subsystem's timer ids are prefixed with
 * its name (and channel), so a fired timer goes back to the instance that armed it
 * ([PEER-FUNC-TIMER-NAMESPACES.1]).
 */
import type { ChannelId, Effect } from '../core';
import type { Address } from './instances';

/** The instances that arm timers (dissemination only its block store's expiry check). */
export type TimerOwner = Address<'membership' | 'emitter' | 'identityPull' | 'identities' | 'election' | 'dissemination' | 'pull' | 'channel' | 'stateTransfer'>;

const SEP = '|';

export function ownerPrefix(owner: TimerOwner): string {
  return 'channel' in owner ? `${owner.sub}${SEP}${owner.channel}${SEP}` : `${owner.sub}${SEP}`;
}

export function parseTimerId(timerId: string): { owner: TimerOwner; localId: string } | undefined {
  const [head, second, ...rest] = timerId.split(SEP);
  if (head === 'membership' || head === 'emitter' || head === 'identityPull' || head === 'identities') {
    return second === undefined ? undefined : { owner: { sub: head }, localId: [second, ...rest].join(SEP) };
  }
  if ((head === 'election' || head === 'dissemination' || head === 'pull' || head === 'channel' || head === 'stateTransfer') && second !== undefined && rest.length > 0) {
    return { owner: { sub: head, channel: second as ChannelId }, localId: rest.join(SEP) };
  }
  return undefined;
}

type TimerOut = { kind: 'setTimer'; timerId: string; delayMs: number; event: unknown } | { kind: 'cancelTimer'; timerId: string };

export function namespaced(owner: TimerOwner, out: TimerOut): Effect {
  const timerId = ownerPrefix(owner) + out.timerId;
  return out.kind === 'setTimer' ? { kind: 'setTimer', timerId, delayMs: out.delayMs, event: out.event } : { kind: 'cancelTimer', timerId };
}
