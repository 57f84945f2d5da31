/** What the composition (and election, block pull later) may ask of a channel instance. */
import { comparePkiIds, type OrgId, type PkiId } from '../core';
import { orgMapKey } from './org-map';
import { cachedOf, type CachedStateInfo } from './cache';
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
  if (member.identity === undefined) return false;
  const cached = cachedStateInfo(state, member.pkiId);
  return cached !== undefined && isOrgInChannel(state, cached.org);
}

/**
 * [CHN-FUNC-CHANNEL-VIEW.1] Fabric's GetPeers: nobody once we left; else the alive members that are
 * eligible and whose StateInfo does not say they left, sorted by PKI-ID.
 */
export function channelPeers(state: ChannelStateLike, aliveMembers: readonly ChannelMember[]): PkiId[] {
  if (hasLeftChannel(state)) return [];
  return aliveMembers
    .filter((m) => isEligible(state, m))
    .filter((m) => !cachedStateInfo(state, m.pkiId)!.envelope.payload.content.stateInfo.properties.leftChannel)
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
const viewsByCache = new WeakMap<object, { readonly alive: unknown; readonly orgs: unknown; readonly left: boolean; readonly peers: readonly PkiId[] }>();

/**
 * Called by the action that made cache `next` from `previous` by replacing one entry with a newer
 * StateInfo of the same subject, the same org and the same leftChannel flag (the common case: a
 * peer's ledger height moved). The view reads a cache only through which subjects it holds, their
 * orgs and their leftChannel flags, so `next` has the view of `previous`: its memo is handed on
 * instead of filtering and sorting every alive member again (the memo still checks alive, orgs and
 * left at each query). Only the memo is shared, never the old cache, so no chain of caches is kept.
 */
export function rememberSameView(next: object, previous: object): void {
  const known = viewsByCache.get(previous);
  if (known !== undefined) viewsByCache.set(next, known);
}

/** The channel view over membership's last report (what `viewChanged` reports). */
export function currentChannelPeers(state: ChannelStateLike): readonly PkiId[] {
  const { cache, alive, orgs } = state.context;
  const left = hasLeftChannel(state);
  const known = viewsByCache.get(cache);
  if (known !== undefined && known.alive === alive && known.orgs === orgs && known.left === left) return known.peers;
  const peers = channelPeers(state, alive);
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
  return context.alive.find((m) => m.pkiId === pkiId) ?? context.dead.find((m) => m.pkiId === pkiId);
}

/**
 * [CHN-FUNC-CHANNEL-VIEW.1] Fabric's PeersOfChannel as the state provider reads it: the channel
 * view, each peer with the ledger height its StateInfo advertises (sorted by PKI-ID, as the view).
 */
export function advertisedHeights(state: ChannelStateLike): { pkiId: PkiId; height: number }[] {
  return currentChannelPeers(state).map((pkiId) => ({ pkiId, height: ledgerHeightOf(state, pkiId) ?? 0 }));
}
