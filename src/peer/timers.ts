/**
 * One peer, several subsystems, one timer namespace: each subsystem's timer ids are prefixed with
 * its name (and channel), so a fired timer goes back to the instance that armed it
 * ([PEER-FUNC-TIMER-NAMESPACES.1]).
 */
import type { Effect } from '../core';

export type TimerOwner =
  | { readonly subsystem: 'membership' }
  | { readonly subsystem: 'emitter' }
  | { readonly subsystem: 'identityPull' }
  | { readonly subsystem: 'election' | 'pull'; readonly channel: string };

const SEP = '|';

export function ownerPrefix(owner: TimerOwner): string {
  return owner.subsystem === 'election' || owner.subsystem === 'pull' ? `${owner.subsystem}${SEP}${owner.channel}${SEP}` : `${owner.subsystem}${SEP}`;
}

export function parseTimerId(timerId: string): { owner: TimerOwner; localId: string } | undefined {
  const [head, second, ...rest] = timerId.split(SEP);
  if (head === 'membership' || head === 'emitter' || head === 'identityPull') {
    return second === undefined ? undefined : { owner: { subsystem: head }, localId: [second, ...rest].join(SEP) };
  }
  if ((head === 'election' || head === 'pull') && second !== undefined && rest.length > 0) {
    return { owner: { subsystem: head, channel: second }, localId: rest.join(SEP) };
  }
  return undefined;
}

type TimerOut = { kind: 'setTimer'; timerId: string; delayMs: number; event: unknown } | { kind: 'cancelTimer'; timerId: string };

export function namespaced(owner: TimerOwner, out: TimerOut): Effect {
  const timerId = ownerPrefix(owner) + out.timerId;
  return out.kind === 'setTimer' ? { kind: 'setTimer', timerId, delayMs: out.delayMs, event: out.event } : { kind: 'cancelTimer', timerId };
}
