/**
 * [MEM-FUNC-IDENTITY-TABLE.2] The identity table: PKI-ID -> identity and org, learned from the
 * ConnectionInfo of received messages, from handshake results and from the `identity` field of
 * alive messages. An entry is accepted only if the identity is valid and hashes to the PKI-ID
 * (Fabric's identity mapper Put); the first accepted entry stays.
 */
import type { OrgId, PkiId } from '../core';
import type { Draft } from './draft';
import type { SelfInfo } from './inputs';
import { applyMemberEvent } from './members';
import { pdelete, pget, pset, type PMap } from './pmap';
import type { KnownIdentity } from './state';

export interface IdentityView {
  readonly self: SelfInfo;
  readonly identities: PMap<KnownIdentity>;
}

/** Fabric's getOrgOfPeer: the org of a PKI-ID's identity, if the identity is known. */
export function orgOfPeer(view: IdentityView, pkiId: string): OrgId | undefined {
  if (pkiId === view.self.pkiId) return view.self.org;
  return pget(view.identities, pkiId)?.org;
}

export function identityOfPeer(view: IdentityView, pkiId: string): string | undefined {
  if (pkiId === view.self.pkiId) return view.self.identity;
  return pget(view.identities, pkiId)?.identity;
}

export type IdentityLearnResult = 'known' | 'learned' | 'rejected';

/**
 * [MEM-FUNC-IDENTITY-TABLE.2] Record an identity for a PKI-ID if it checks out. As Fabric's Put, it
 * is validated every time, before the first-write-wins check: a known PKI-ID does not make a
 * garbage identity acceptable. Self is never recorded (it is `self`), but is checked the same way.
 */
export function recordIdentity(d: Draft, pkiId: PkiId, identity: string): IdentityLearnResult {
  const { crypto } = d.env;
  const org = crypto.orgOf(identity);
  if (org === undefined || !crypto.validateIdentity(identity) || crypto.pkiIdOf(identity) !== pkiId) {
    d.log('warn', 'identity rejected: invalid, or does not match the PKI-ID', { pkiId });
    return 'rejected';
  }
  if (pkiId === d.self.pkiId || pget(d.identities, pkiId) !== undefined) return 'known';
  d.identities = pset(d.identities, pkiId, { identity, org });
  d.viewToken = {};
  // [MEM-FUNC-IDENTITY-LEARNED.1] the identity store hears of every identity the table takes.
  d.emit({ kind: 'identityLearned', pkiId, identity });
  return 'learned';
}

/**
 * [MEM-FUNC-IDENTITY-PURGED.1] The identity store purged this PKI-ID (expired, revoked or unused):
 * forget its identity and purge its member, alive or dead, bootstrap or anchor alike, as Fabric's
 * discovery purge(id) does on an identity switch. Nothing is dialled and no connection is closed
 * here: the composition closes it (Fabric's onPurge does CloseConn itself). The alive msg-store
 * entry stays, as in Fabric, so an old message of the PKI-ID cannot bring it back.
 */
export function forgetIdentity(d: Draft, pkiId: PkiId): void {
  if (pget(d.identities, pkiId) !== undefined) {
    d.identities = pdelete(d.identities, pkiId);
    d.viewToken = {};
  }
  if (applyMemberEvent(d, pkiId, { type: 'PURGE' })) d.log('info', `Purging ${pkiId} from membership: its identity was purged`);
}
