/** Stepping one member chart and keeping the view's bookkeeping (alive count) in line. */
import type { PkiId } from '../core';
import type { Draft } from './draft';
import type { MemberEvent } from './member-machine';
import { memberStatus, stepMember } from './member-step';
import { pdelete, pget, pset } from './pmap';

/** Feed one event to a member's chart; returns whether anything changed. */
export function applyMemberEvent(d: Draft, pkiId: PkiId, event: MemberEvent): boolean {
  const current = pget(d.members, pkiId);
  const { next, changed, effects } = stepMember(current, pkiId, event);
  if (!changed) return false;
  const was = current === undefined ? undefined : memberStatus(current);
  const now = memberStatus(next);
  d.members = now === undefined ? pdelete(d.members, pkiId) : pset(d.members, pkiId, next);
  if (was === 'alive') d.aliveCount--;
  if (now === 'alive') d.aliveCount++;
  for (const e of effects) d.emit(e);
  return true;
}
