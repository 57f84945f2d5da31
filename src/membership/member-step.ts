/** The member chart as a pure reducer; `closeConnection` is its only output. */
import type { Effect, PkiId } from '../core';
import { machineReducer, type ChartState } from '../core/xstate-step';
import { memberMachine, type CloseConnectionParams, type MemberEvent } from './member-machine';

export type MemberSnapshot = ChartState<typeof memberMachine>;
export type CloseConnection = Extract<Effect, { kind: 'closeConnection' }>;

const reducer = machineReducer(memberMachine, {
  closeConnection: (p: CloseConnectionParams): CloseConnection => ({ kind: 'closeConnection', pkiId: p.pkiId }),
});

export type MemberStatus = 'alive' | 'dead';

export function memberStatus(s: MemberSnapshot): MemberStatus | undefined {
  return s.value === 'alive' || s.value === 'dead' ? s.value : undefined;
}

/** Step a member (a new chart when `current` is undefined). `changed` is false when nothing fired. */
export function stepMember(
  current: MemberSnapshot | undefined,
  pkiId: PkiId,
  event: MemberEvent,
): { readonly next: MemberSnapshot; readonly changed: boolean; readonly effects: readonly CloseConnection[] } {
  const from = current ?? reducer.init({ pkiId })[0];
  const [next, outs] = reducer.step(from, event);
  // A new chart that fired stays 'unknown' no more, so comparing with its initial state says it all.
  const changed = next.value !== from.value || next.context !== from.context;
  const effects = outs.filter((o): o is CloseConnection => o.kind === 'closeConnection');
  return { next, changed: changed && next.value !== 'unknown', effects };
}
