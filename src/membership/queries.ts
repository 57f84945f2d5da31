/** Read-only views of the membership state, for the peer composition, election and tests. */
import type { OrgId, PkiId } from '../core';
import { liveStoreEntries } from './alive-store';
import { orgOfPeer } from './identity-view';
import { pget } from '../core/pmap';
import { infoOf, listsFromScratch, memberLists, type MemberInfo } from './alive-view';
import type { MembershipState, StoredAlive } from './state';
import { isStopped } from './step';
import { preferredEndpointOf, type AliveEnvelope } from './wire';

export type { MemberInfo } from './alive-view';

/** The alive members computed afresh (the naive twin of the memoised query), sorted by PKI-ID. */
export function aliveMembersUncached(state: MembershipState): readonly MemberInfo[] {
  return isStopped(state) ? [] : listsFromScratch(state).alive;
}

/** The dead members computed afresh, as aliveMembersUncached. */
export function deadMembersUncached(state: MembershipState): readonly MemberInfo[] {
  return isStopped(state) ? [] : listsFromScratch(state).dead;
}

/**
 * Fabric's GetMembership: the alive members (empty once stopped), sorted by PKI-ID. Memoised on the
 * state's view token and derived from the token before ([MEM-FUNC-VIEW-TOKEN.1]): the composition
 * asks on every step and every push.
 */
export function aliveMembers(state: MembershipState): readonly MemberInfo[] {
  return isStopped(state) ? [] : memberLists(state, state.viewToken).alive;
}

/** The dead members (empty once stopped), sorted by PKI-ID, memoised as aliveMembers. */
export function deadMembers(state: MembershipState): readonly MemberInfo[] {
  return isStopped(state) ? [] : memberLists(state, state.viewToken).dead;
}

/** Fabric's Lookup: a known member (alive or dead), or undefined. Self is not a member. */
export function lookup(state: MembershipState, pkiId: PkiId): MemberInfo | undefined {
  const m = pget(state.members, pkiId);
  return m === undefined ? undefined : infoOf(state, m);
}

/**
 * The external endpoint Lookup gives for a PKI-ID ('' = none), or undefined for no member, without
 * building the whole entry: routing asks it of every candidate of a foreign alive message.
 */
export function memberEndpoint(state: MembershipState, pkiId: PkiId): string | undefined {
  return pget(state.members, pkiId)?.context.endpoint;
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
