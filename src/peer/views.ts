/**
 * The election's view of a channel: Fabric's adapter.Peers() = channel peers of my org. Until the
 * channel subsystem (StateInfo) exists, a channel's peers are taken to be every alive member of my
 * org ([PEER-ASM-CHANNEL-VIEW.1]); the election is told whenever that set changes.
 */
import type { PkiId } from '../core';
import { own } from '../core';
import { aliveMembers } from '../membership';
import type { Acc } from './acc';
import { stepElection } from './election-glue';
import { stepPull } from './pull-glue';

// Memoised on the (immutable) alive-member list and the org.
const viewCache = new WeakMap<object, Map<string, readonly PkiId[]>>();

export function sameOrgView(acc: Acc): readonly PkiId[] {
  const members = aliveMembers(acc.state.membership);
  const org = acc.state.self.org;
  let byOrg = viewCache.get(members);
  if (byOrg === undefined) viewCache.set(members, (byOrg = new Map()));
  let view = byOrg.get(org);
  if (view === undefined) {
    view = members.filter((m) => m.org === org).map((m) => m.pkiId).sort();
    byOrg.set(org, view);
  }
  return view;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function refreshViews(acc: Acc): void {
  const names = Object.keys(acc.state.channels);
  if (names.length === 0) return;
  const view = sameOrgView(acc);
  for (const name of names) {
    const ch = own(acc.state.channels, name);
    if (ch === undefined || sameList(ch.view, view)) continue;
    acc.state = { ...acc.state, channels: { ...acc.state.channels, [name]: { ...ch, view } } };
    stepElection(acc, name, { type: 'VIEW_UPDATED', peers: view });
    stepPull(acc, name, { type: 'PEERS_UPDATED', peers: view });
  }
}
