/** What the composition (and election, block pull later) may ask of a channel instance. */
import type { OrgId, PkiId } from '../core';
// Straight from its module: the barrel's re-exports are getters, and this runs per element of a view.
import { comparePkiIds, lowerBoundByPkiId } from '../core/ids';
import { findMember, isAscending, markAscending } from './member-index';
import { orgMapKey } from './org-map';
import { cachedOf, type CachedStateInfo, type StateInfoCache } from './cache';
import type { ChannelContext } from './context';
import type { ChannelConfig } from './inputs';
import type { ChannelMember, StateInfoEnvelope } from './inputs';

/** The state a query reads: the chart's snapshot (either interpreter) exposes its context and value. */
export interface ChannelStateLike {
  readonly context: ChannelContext;
  readonly value: unknown;
  readonly status: string;
}

/** [CHN-FUNC-LEAVE.1] Fabric's hasLeftChannel: the lifecycle region is in `left`. */
export function hasLeftChannel(state: ChannelStateLike): boolean {
  const v = state.value as { running?: { lifecycle?: unknown } } | string;
  return typeof v === 'object' && v.running?.lifecycle === 'left';
}

/** [CHN-FUNC-CONFIG.1] The config has the org map (orgs and their anchor peers, order-free) last applied: Fabric's orgMapEqual. */
export const hasOrgMapOf = (state: ChannelStateLike, config: ChannelConfig): boolean => orgMapKey(config) === orgMapKey(state.context.config);

/** [CHN-FUNC-PUBLISH.1] Fabric's shouldGossipStateInfo. */
export const isDirty = (state: ChannelStateLike): boolean => state.context.dirty;

export const isStopped = (state: ChannelStateLike): boolean => state.status === 'done';

/** [CHN-FUNC-ELIGIBILITY.1] Fabric's IsOrgInChannel. */
export function isOrgInChannel(state: ChannelStateLike, org: OrgId | undefined): boolean {
  return org !== undefined && state.context.orgs.includes(org);
}

/** The cached StateInfo of a PKI-ID (Fabric's stateInfoMsgStore.MsgByID). */
export function cachedStateInfo(state: ChannelStateLike, pkiId: PkiId): CachedStateInfo | undefined {
  return cachedOf(state.context.cache, pkiId);
}

/**
 * [CHN-FUNC-ELIGIBILITY.1] Fabric's EligibleForChannel: the member's identity is known, a StateInfo
 * of it is cached, and (what the cache's re-validation on every config guarantees in Fabric) its
 * org is in the channel.
 */
export function isEligible(state: ChannelStateLike, member: Pick<ChannelMember, 'pkiId' | 'identity'>): boolean {
  return eligibleBy(member, cachedStateInfo(state, member.pkiId), state.context.orgs);
}

/** [CHN-FUNC-ELIGIBILITY.1] The eligibility rule over its parts (the member, its cached StateInfo, the channel's orgs). */
function eligibleBy(member: Pick<ChannelMember, 'identity'> | undefined, cached: CachedStateInfo | undefined, orgs: readonly OrgId[]): cached is CachedStateInfo {
  return member?.identity !== undefined && cached !== undefined && orgs.includes(cached.org);
}

const leftChannelOf = (cached: CachedStateInfo): boolean => cached.envelope.payload.content.stateInfo.properties.leftChannel;

/**
 * [CHN-FUNC-CHANNEL-VIEW.1] Whether an alive member is in the view of a channel we have not left:
 * eligible and its StateInfo does not say it left. The one rule the view, and both ways of deriving
 * it below, apply.
 */
function isInView(member: Pick<ChannelMember, 'identity'> | undefined, cached: CachedStateInfo | undefined, orgs: readonly OrgId[]): boolean {
  return eligibleBy(member, cached, orgs) && !leftChannelOf(cached);
}

/**
 * [CHN-FUNC-CHANNEL-VIEW.1] Fabric's GetPeers: nobody once we left; else the alive members that are
 * eligible and whose StateInfo does not say they left, sorted by PKI-ID.
 */
export function channelPeers(state: ChannelStateLike, aliveMembers: readonly ChannelMember[]): PkiId[] {
  if (hasLeftChannel(state)) return [];
  return aliveMembers
    .filter((m) => isInView(m, cachedStateInfo(state, m.pkiId), state.context.orgs))
    .map((m) => m.pkiId)
    .sort(comparePkiIds);
}

/**
 * The last view computed per StateInfo cache object, with the other inputs it was computed from.
 * The view is a function of the cache, membership's alive list, the channel's orgs and whether we
 * left; all four are immutable values that a step replaces rather than changes, so equal
 * references mean an equal answer. Most channel steps (a timer, a StateInfo already held, a pull
 * request) change none of them, and the composition asks for the view twice per step (before and
 * after). Weak keys: a cache no state holds any more takes its entry with it.
 */
interface ViewMemo {
  readonly alive: readonly ChannelMember[];
  readonly orgs: readonly OrgId[];
  readonly left: boolean;
  readonly peers: readonly PkiId[];
}
const viewsByCache = new WeakMap<object, ViewMemo>();

const itself = (p: PkiId): PkiId => p;

/** `peers` (sorted) with `pkiId` in it or not, as `member` says; the same array when nothing moves. */
function withPeer(peers: readonly PkiId[], pkiId: PkiId, member: boolean): readonly PkiId[] {
  const lo = lowerBoundByPkiId(peers, pkiId, itself);
  const present = peers[lo] === pkiId;
  if (present === member) return peers;
  const next = peers.slice();
  if (member) next.splice(lo, 0, pkiId);
  else next.splice(lo, 1);
  return next;
}

/**
 * Called by each action that made cache `next` from `previous` by adding or replacing the entry of
 * one subject (a StateInfo admitted, our own signed). The view depends on the cache only through
 * that subject's entry, so when `previous` has a memo, `next`'s view is that view with the subject
 * put in or taken out by the rule of `channelPeers`: O(log n) and at most one array copy, instead of
 * filtering and sorting every alive member again at each new subject (n of them per peer when a
 * network forms). Only the memo is derived, never the old cache kept, so no chain of caches grows.
 * The channel invariant [CHN-FUNC-VIEW-MEMO.1] compares the memo with a fresh `channelPeers`.
 */
export function rememberViewAfterEntry(next: StateInfoCache, previous: StateInfoCache, subject: PkiId): void {
  const known = viewsByCache.get(previous);
  if (known === undefined || viewsByCache.has(next)) return;
  if (known.left) {
    viewsByCache.set(next, known);
    return;
  }
  const peers = withPeer(known.peers, subject, isInView(findMember(known.alive, subject), cachedOf(next, subject), known.orgs));
  viewsByCache.set(next, peers === known.peers ? known : { ...known, peers });
}

/** Past this many changed members, the view is worked out afresh (each change may copy the view). */
const MOST_MEMBERS_CHANGED = 8;

/**
 * The view after membership reported `alive` instead of `known.alive`, from `known.peers`: when both
 * lists are sorted by PKI-ID (membership lists them so, and keeps an unchanged member the same
 * object), one walk finds the members that changed, and each is put in or taken out. Undefined when
 * a list is not sorted or too many changed: the caller works the view out afresh.
 *
 * The order of `alive` is checked only at the entries `known.alive` (known to ascend) does not
 * have: every other one is in order by that list's order (see the walk), so a walk over a list
 * with one new member compares a handful of PKI-IDs, not every one.
 */
function viewAfterMembers(state: ChannelStateLike, known: ViewMemo, alive: readonly ChannelMember[]): readonly PkiId[] | undefined {
  const before = known.alive;
  if (!isAscending(before)) return undefined;
  let peers = known.peers;
  let changes = 0;
  let i = 0;
  let j = 0;
  // Whether alive[k] comes strictly after alive[k - 1] (which also rules out a PKI-ID listed twice).
  const inOrder = (k: number) => k === 0 || comparePkiIds((alive[k - 1] as ChannelMember).pkiId, (alive[k] as ChannelMember).pkiId) < 0;
  while (i < before.length || j < alive.length) {
    const a = before[i];
    const b = alive[j];
    // Invariant at the top of each pass (`before` ascends): alive[j - 1] is below before[i]. A match
    // keeps it (before[i + 1] is above before[i]); so does each branch below, which also compares
    // the `alive` entry it takes with its neighbour.
    if (a === b) {
      // No compare needed: by the invariant, alive[j - 1] is below before[i], which is alive[j].
      i++;
      j++;
      continue;
    }
    if (++changes > MOST_MEMBERS_CHANGED) return undefined;
    const order = a === undefined ? 1 : b === undefined ? -1 : comparePkiIds(a.pkiId, b.pkiId);
    if (order >= 0 && !inOrder(j)) return undefined;
    const pkiId = order <= 0 ? (a as ChannelMember).pkiId : (b as ChannelMember).pkiId;
    if (order <= 0) i++;
    if (order >= 0) j++;
    const member = order >= 0 ? b : undefined;
    peers = withPeer(peers, pkiId, isInView(member, member && cachedStateInfo(state, member.pkiId), state.context.orgs));
  }
  markAscending(alive);
  return peers;
}

/** The channel view over membership's last report (what `viewChanged` reports). */
export function currentChannelPeers(state: ChannelStateLike): readonly PkiId[] {
  const { cache, alive, orgs } = state.context;
  const left = hasLeftChannel(state);
  const known = viewsByCache.get(cache);
  if (known !== undefined && known.alive === alive && known.orgs === orgs && known.left === left) return known.peers;
  const derived = known !== undefined && known.orgs === orgs && known.left === left && !left ? viewAfterMembers(state, known, alive) : undefined;
  const peers = derived ?? channelPeers(state, alive);
  viewsByCache.set(cache, { alive, orgs, left, peers });
  return peers;
}

/** Fabric's Self(): the last signed StateInfo of this peer. */
export const selfStateInfo = (state: ChannelStateLike): StateInfoEnvelope => state.context.selfSigned;

/** The ledger height a peer advertises in this channel, if its StateInfo is cached. */
export function ledgerHeightOf(state: ChannelStateLike, pkiId: PkiId): number | undefined {
  return cachedStateInfo(state, pkiId)?.envelope.payload.content.stateInfo.properties.ledgerHeight;
}

/** Fabric's Lookup: what membership knows of a PKI-ID (self included), alive or dead. */
export function lookupMember(context: ChannelContext, pkiId: PkiId): Pick<ChannelMember, 'pkiId' | 'endpoint'> | undefined {
  if (pkiId === context.self.pkiId) return { pkiId, endpoint: context.self.endpoint };
  return findMember(context.alive, pkiId) ?? findMember(context.dead, pkiId);
}

/**
 * [CHN-FUNC-CHANNEL-VIEW.1] Fabric's PeersOfChannel as the state provider reads it: the channel
 * view, each peer with the ledger height its StateInfo advertises (sorted by PKI-ID, as the view).
 */
export function advertisedHeights(state: ChannelStateLike): { pkiId: PkiId; height: number }[] {
  return currentChannelPeers(state).map((pkiId) => ({ pkiId, height: ledgerHeightOf(state, pkiId) ?? 0 }));
}
