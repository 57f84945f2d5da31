/**
 * What the composition hands the channel subsystem and reads back from it. The channel view comes
 * from StateInfo ([PEER-FUNC-CHANNEL-VIEW.1], [CHN-FUNC-CHANNEL-VIEW.1]); membership's alive and
 * dead members, with what the channel needs of each (PKI-ID, endpoints, identity when known), go
 * to every channel instance after each membership step that changed them ([CHN-ASM-INPUTS.1]).
 */
import type { ChannelMember } from '../channel';
import type { ConnectionInfo, PkiId } from '../core';
// Straight from its module: the barrel's re-exports are getters, and this runs per member of a list.
import { comparePkiIds } from '../core/ids';
import { aliveMembers, aliveMembersUncached, deadMembers, deadMembersUncached, orgOf, pget, type MemberInfo } from '../membership';
import { storedIdentityOf } from '../security/identity';
import type { PeerState } from './state';

export interface ChannelMembers {
  readonly alive: readonly ChannelMember[];
  readonly dead: readonly ChannelMember[];
}

/** The identity the peer knows for a PKI-ID: the identity store's (Fabric's identity mapper), else membership's table. */
export function knownIdentityOf(state: PeerState, pkiId: string): string | undefined {
  if (pkiId === state.self.pkiId) return state.self.identity;
  return storedIdentityOf(state.identities, pkiId)?.identity ?? pget(state.membership.identities, pkiId)?.identity;
}

function channelMemberOf(state: PeerState, m: MemberInfo): ChannelMember {
  const identity = pget(state.membership.identities, m.pkiId)?.identity;
  return {
    pkiId: m.pkiId,
    endpoint: m.endpoint,
    ...(m.internalEndpoint === undefined ? {} : { internalEndpoint: m.internalEndpoint }),
    ...(identity === undefined ? {} : { identity }),
  };
}

/**
 * The channel's list for a membership list, reusing the entries of `previous` (a list made here):
 * membership keeps an entry object while nothing it reports of the member changes, and learning or
 * forgetting the member's identity makes a new entry ([MEM-FUNC-VIEW-TOKEN.1]), so the identity
 * read for an entry stays right for the entry's life. Both membership lists are sorted by PKI-ID,
 * so one walk pairs them; an unchanged member is then the same object in each list the channel
 * hears, which the channel compares and diffs by reference.
 */
const sourceOf = new WeakMap<readonly ChannelMember[], readonly MemberInfo[]>();
function channelListOf(state: PeerState, infos: readonly MemberInfo[], previous: readonly ChannelMember[] | undefined): readonly ChannelMember[] {
  const from = previous === undefined ? undefined : sourceOf.get(previous);
  // The same membership list (the dead list, when only alive members changed): the same entries.
  if (from === infos && previous !== undefined) return previous;
  const out: ChannelMember[] = [];
  let i = 0;
  for (const info of infos) {
    if (from !== undefined && previous !== undefined) {
      // The same entry as the next of the source list (most of them, between two changes) is
      // recognised by reference before any PKI-ID is compared.
      if (from[i] !== info) while (i < from.length && comparePkiIds((from[i] as MemberInfo).pkiId, info.pkiId) < 0) i++;
      if (from[i] === info) {
        out.push(previous[i] as ChannelMember);
        i++;
        continue;
      }
    }
    out.push(channelMemberOf(state, info));
  }
  sourceOf.set(out, infos);
  return out;
}

// Memoised on membership's view token, which changes with every member and identity-table change.
const membersCache = new WeakMap<object, ChannelMembers>();

/**
 * [CHN-ASM-INPUTS.1] Membership's alive and dead members as the channel's codec has them (sorted by
 * PKI-ID, as membership lists them); `previous`, the lists a channel last heard, lends its entries.
 */
export function channelMembersOf(state: PeerState, previous?: ChannelMembers): ChannelMembers {
  const token = state.membership.viewToken;
  let members = membersCache.get(token);
  if (members === undefined) {
    members = {
      alive: channelListOf(state, aliveMembers(state.membership), previous?.alive),
      dead: channelListOf(state, deadMembers(state.membership), previous?.dead),
    };
    membersCache.set(token, members);
  }
  return members;
}

/** The lists channelMembersOf derives, built afresh from membership (the naive twin the peer invariant compares with). */
export function channelMembersAfresh(state: PeerState): ChannelMembers {
  return {
    alive: aliveMembersUncached(state.membership).map((m) => channelMemberOf(state, m)),
    dead: deadMembersUncached(state.membership).map((m) => channelMemberOf(state, m)),
  };
}

/** Two lists of PKI-IDs hold the same ones in the same order. */
export const sameIds = (a: readonly string[], b: readonly string[]): boolean => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

const sameMember = (a: ChannelMember, b: ChannelMember): boolean =>
  a === b || a.pkiId === b.pkiId && a.endpoint === b.endpoint && a.internalEndpoint === b.internalEndpoint && a.identity === b.identity;

export const sameMembers = (a: readonly ChannelMember[], b: readonly ChannelMember[]): boolean =>
  a === b || (a.length === b.length && a.every((m, i) => sameMember(m, b[i] as ChannelMember)));

/**
 * [PEER-FUNC-CHANNEL-VIEW.1] Fabric's adapter.Peers(): the channel peers (PeersOfChannel, from
 * StateInfo) filtered by IsInMyOrg, sorted.
 */
export function sameOrgPeers(state: PeerState, channelPeers: readonly PkiId[]): readonly PkiId[] {
  return channelPeers.filter((p) => orgOf(state.membership, p) === state.self.org).slice().sort();
}

/**
 * [PEER-FUNC-CHANNEL-VIEW.1] The same-org view after a change of the channel view, from the view
 * before it and the change (Fabric's membershipTracker's online and offline lists): those that went
 * offline leave, those of our org that went online enter. This is `sameOrgPeers` over the new
 * channel view, worked out without asking every channel peer's org again at each change (n changes
 * per peer while a network forms): a PKI-ID's org is fixed (the PKI-ID is derived from the
 * identity), so those that stayed keep their answer. The same array when nothing of our org moved;
 * the peer invariant compares it with `sameOrgPeers` after every step.
 */
export function sameOrgPeersAfter(state: PeerState, view: readonly PkiId[], change: { readonly wentOnline: readonly PkiId[]; readonly wentOffline: readonly PkiId[] }): readonly PkiId[] {
  const entering = change.wentOnline.filter((p) => orgOf(state.membership, p) === state.self.org);
  const leaving = new Set(change.wentOffline);
  if (entering.length === 0 && !view.some((p) => leaving.has(p))) return view;
  return [...view.filter((p) => !leaving.has(p)), ...entering].sort();
}

/** The identities a channel input involves: the sender's (its connection) and each subject's, when known. */
export function identitiesFor(state: PeerState, from: ConnectionInfo, subjects: readonly string[]): Record<string, string> {
  // Without a prototype, an assignment defines an own property whatever the PKI-IDs from the wire
  // are called ('__proto__' included), as Object.fromEntries would, at a fifth of its cost (this runs
  // for every StateInfo a peer takes in).
  const identities: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const s of subjects) {
    if (s === from.pkiId) continue;
    const identity = knownIdentityOf(state, s);
    if (identity !== undefined) identities[s] = identity;
  }
  identities[from.pkiId] = from.identity;
  return identities;
}
