/**
 * [MEM-FUNC-PRESUMED-DEAD.1] Fabric's discovery handleEvents on comm.PresumedDead(): `if
 * d.isAlive(deadPeer) { d.expireDeadMembers([deadPeer]) }`: an alive member becomes dead at once
 * and its connection is closed; a dead, unknown or purged PKI-ID (and ourselves) changes nothing.
 */
import type { PkiId } from '../core';
import type { Draft } from './draft';
import { applyMemberEvent } from './members';
import { memberStatus } from './member-step';
import { pget, type PMap } from '../core/pmap';
import type { MemberSnapshot } from './member-step';

/** The PKI-ID is an alive member (ourselves never is). */
export function isAliveMember(view: { readonly members: PMap<MemberSnapshot> }, pkiId: PkiId): boolean {
  const member = pget(view.members, pkiId);
  return member !== undefined && memberStatus(member) === 'alive';
}

export function presumeDead(d: Draft, pkiId: PkiId): void {
  if (applyMemberEvent(d, pkiId, { type: 'PRESUMED_DEAD' })) d.log('warn', `Presumed dead: ${pkiId} (a send to it failed); closing its connection`, { pkiId });
}
