/**
 * The election's view of a channel: Fabric's adapter.Peers() = channel peers of my org. Until the
 * channel subsystem (StateInfo) exists, a channel's peers are taken to be every alive member of my
 * org ([PEER-ASM-CHANNEL-VIEW.1]); the election is told whenever that set changes (wiring.ts).
 */
import type { PkiId } from '../core';
import { aliveMembers } from '../membership';
import type { PeerState } from './state';

// Memoised on the (immutable) alive-member list and the org.
const viewCache = new WeakMap<object, Map<string, readonly PkiId[]>>();

export function sameOrgView(state: PeerState): readonly PkiId[] {
  const members = aliveMembers(state.membership);
  const org = state.self.org;
  let byOrg = viewCache.get(members);
  if (byOrg === undefined) viewCache.set(members, (byOrg = new Map()));
  let view = byOrg.get(org);
  if (view === undefined) {
    view = members.filter((m) => m.org === org).map((m) => m.pkiId).sort();
    byOrg.set(org, view);
  }
  return view;
}
