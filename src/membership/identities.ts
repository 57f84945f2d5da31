/**
 * [MEM-FUNC-IDENTITY-TABLE.2] The identity table: PKI-ID -> identity and org, learned from the
 * ConnectionInfo of received messages, from handshake results and from the `identity` field of
 * alive messages. An entry is accepted only if the identity is valid and hashes to the PKI-ID
 * (Fabric's identity mapper Put); the first accepted entry stays.
 */
import type { PkiId } from '../core';
import { checkIdentity, type IdentityCheck } from './checks';
import type { Draft } from './draft';
import { applyMemberEvent } from './members';
import { pdelete, pget, pset } from '../core/pmap';

export type IdentityLearnResult = 'known' | 'learned' | 'rejected';

/** The log line of an identity that failed its check. */
export function logRejectedIdentity(d: Draft, check: IdentityCheck): void {
  if (!check.ok) d.log('warn', 'identity rejected: invalid, or does not match the PKI-ID', { pkiId: check.pkiId });
}

/**
 * [MEM-FUNC-IDENTITY-TABLE.2] Record a checked identity: a rejected one is logged; the first
 * accepted entry stays; self is never recorded (it is `self`).
 */
export function learnCheckedIdentity(d: Draft, check: IdentityCheck): IdentityLearnResult {
  if (!check.ok) {
    logRejectedIdentity(d, check);
    return 'rejected';
  }
  const { pkiId, identity, org } = check;
  if (pkiId === d.self.pkiId || pget(d.identities, pkiId) !== undefined) return 'known';
  d.identities = pset(d.identities, pkiId, { identity, org });
  d.renewView(pkiId);
  // [MEM-FUNC-IDENTITY-LEARNED.1] the identity store hears of every identity the table takes.
  d.emit({ kind: 'identityLearned', pkiId, identity });
  return 'learned';
}

/**
 * [MEM-FUNC-IDENTITY-TABLE.2] Record an identity for a PKI-ID if it checks out. As Fabric's Put, it
 * is validated every time, before the first-write-wins check: a known PKI-ID does not make a
 * garbage identity acceptable. Self is never recorded (it is `self`), but is checked the same way.
 */
export function recordIdentity(d: Draft, pkiId: PkiId, identity: string): IdentityLearnResult {
  return learnCheckedIdentity(d, checkIdentity(d.env.crypto, pkiId, identity));
}

/**
 * [MEM-FUNC-IDENTITY-PURGED.1] The identity store purged this PKI-ID (expired, revoked or unused):
 * forget its identity and purge its member, alive or dead, bootstrap or anchor alike, as Fabric's
 * discovery purge(id) does on an identity switch. Nothing is dialled and no connection is closed
 * here: the composition closes it (Fabric's onPurge does CloseConn itself). The alive msg-store
 * entry stays, as in Fabric, so an old message of the PKI-ID cannot bring it back.
 */
export function forgetIdentity(d: Draft, pkiId: PkiId): void {
  if (pget(d.identities, pkiId) === undefined) return;
  d.identities = pdelete(d.identities, pkiId);
  d.renewView(pkiId);
}

/** [MEM-FUNC-IDENTITY-PURGED.1] ... and its member goes with it (alive or dead, protected or not). */
export function purgeMemberOfPurgedIdentity(d: Draft, pkiId: PkiId): void {
  if (applyMemberEvent(d, pkiId, { type: 'PURGE' })) d.log('info', `Purging ${pkiId} from membership: its identity was purged`);
}
