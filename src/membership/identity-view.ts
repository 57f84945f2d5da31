/** Who is who, as the view knows it: read-only lookups in the identity table (self included). */
import type { OrgId } from '../core';
import type { SelfInfo } from './inputs';
import { pget, type PMap } from '../core/pmap';
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
