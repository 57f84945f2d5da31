/** Stepping one member chart and keeping the view's bookkeeping (alive count) in line. */
import type { PkiId } from '../core';
import type { Draft } from './draft';
import type { MemberEvent } from './member-machine';
import { memberStatus, stepMember, type MemberSnapshot } from './member-step';
import { pdelete, pget, pset } from '../core/pmap';

/** [MEM-FUNC-VIEW-TOKEN.1] the fields of a member that aliveMembers() reports. */
function viewFieldsDiffer(a: MemberSnapshot['context'], b: MemberSnapshot['context']): boolean {
  return a.endpoint !== b.endpoint || a.internalEndpoint !== b.internalEndpoint || a.metadata !== b.metadata;
}

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
  if (was !== now || (current !== undefined && viewFieldsDiffer(current.context, next.context))) d.renewView(pkiId);
  for (const e of effects) d.emit(e);
  return true;
}
