/** Read-only views of the membership state, for the peer composition, election and tests. */
import type { OrgId, PkiId } from '../core';
import { liveStoreEntries } from './alive-store';
import { orgOfPeer } from './identity-view';
import { memberStatus, type MemberSnapshot, type MemberStatus } from './member-step';
import { pget, pvalues } from '../core/pmap';
import type { MembershipState, StoredAlive } from './state';
import { isStopped } from './step';
import { preferredEndpointOf, type AliveEnvelope } from './wire';

export interface MemberInfo {
  readonly pkiId: PkiId;
  /** External endpoint ('' = none). */
  readonly endpoint: string;
  /** Known only inside the org. */
  readonly internalEndpoint?: string;
  readonly org: OrgId | undefined;
  readonly metadata: string;
  readonly status: MemberStatus;
}

function infoOf(state: MembershipState, m: MemberSnapshot): MemberInfo {
  const c = m.context;
  const base = { pkiId: c.pkiId, endpoint: c.endpoint, org: orgOfPeer(state, c.pkiId), metadata: c.metadata, status: memberStatus(m) ?? 'dead' };
  return c.internalEndpoint === '' ? base : { ...base, internalEndpoint: c.internalEndpoint };
}

function withStatus(state: MembershipState, status: MemberStatus): MemberInfo[] {
  if (isStopped(state)) return [];
  return pvalues(state.members).filter((m) => memberStatus(m) === status).map((m) => infoOf(state, m));
}

/** aliveMembers computed afresh (the naive twin of the memoised query). */
export function aliveMembersUncached(state: MembershipState): MemberInfo[] {
  return withStatus(state, 'alive');
}

const aliveCache = new WeakMap<object, readonly MemberInfo[]>();

/**
 * Fabric's GetMembership: the alive members (empty once stopped). Memoised on the state's view
 * token ([MEM-FUNC-VIEW-TOKEN.1]): the composition asks on every step and every push.
 */
export function aliveMembers(state: MembershipState): readonly MemberInfo[] {
  if (isStopped(state)) return [];
  let members = aliveCache.get(state.viewToken);
  if (members === undefined) {
    members = Object.freeze(withStatus(state, 'alive'));
    aliveCache.set(state.viewToken, members);
  }
  return members;
}

export function deadMembers(state: MembershipState): MemberInfo[] {
  return withStatus(state, 'dead');
}

/** Fabric's Lookup: a known member (alive or dead), or undefined. Self is not a member. */
export function lookup(state: MembershipState, pkiId: PkiId): MemberInfo | undefined {
  const m = pget(state.members, pkiId);
  return m === undefined ? undefined : infoOf(state, m);
}

/** The org of a PKI-ID whose identity is known (self included). */
export function orgOf(state: MembershipState, pkiId: PkiId): OrgId | undefined {
  return orgOfPeer(state, pkiId);
}

/** Fabric's PreferredEndpoint: the internal endpoint when known, else the external one. */
export function preferredEndpoint(member: { readonly endpoint: string; readonly internalEndpoint?: string }): string {
  return preferredEndpointOf(member);
}

/** The last alive message this peer gossiped (undefined before the first heartbeat with company). */
export function selfAliveEnvelope(state: MembershipState): AliveEnvelope | undefined {
  return state.selfAlive;
}

/** Fabric's msgStore.Get(): the alive msg-store entries not yet expired, by PKI-ID. */
export function aliveStoreContents(state: MembershipState): [PkiId, StoredAlive][] {
  return liveStoreEntries(state.store);
}
