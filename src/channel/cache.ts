/**
 * Fabric's stateInfoMsgStore as a value: the newest StateInfo per PKI-ID. A persistent map, since
 * every admitted StateInfo replaces one entry and a plain record copied per step cost O(n) per
 * message. Each entry keeps the position it was first added at, so that walks (the snapshot we
 * answer a pull request with, the checks) see entries in the order they entered, as a record's keys
 * would: a replaced entry keeps its place, a removed and re-added one goes last.
 */
import { emptyPMap, pdelete, pentries, pget, pset, type PMap } from '../core/pmap';
import type { OrgId } from '../core';
import type { StateInfoEnvelope } from './inputs';

/** A cached StateInfo with the org of its subject (fixed: a PKI-ID is derived from its identity). */
export interface CachedStateInfo {
  readonly envelope: StateInfoEnvelope;
  readonly org: OrgId;
  /** When the PKI-ID entered the cache, in the cache's own count (orders walks). */
  readonly position: number;
}

export interface StateInfoCache {
  readonly entries: PMap<CachedStateInfo>;
  /** The position the next new PKI-ID gets. */
  readonly nextPosition: number;
}

export const emptyStateInfoCache: StateInfoCache = { entries: emptyPMap(), nextPosition: 0 };

/** The cached StateInfo of a PKI-ID (Fabric's MsgByID). */
export const cachedOf = (cache: StateInfoCache, pkiId: string): CachedStateInfo | undefined => pget(cache.entries, pkiId);

/** The cache with `pkiId`'s StateInfo replaced (in its place) or added (last). */
export function cacheWith(cache: StateInfoCache, pkiId: string, entry: { readonly envelope: StateInfoEnvelope; readonly org: OrgId }): StateInfoCache {
  const old = pget(cache.entries, pkiId);
  const position = old?.position ?? cache.nextPosition;
  return {
    entries: pset(cache.entries, pkiId, { envelope: entry.envelope, org: entry.org, position }),
    nextPosition: old === undefined ? cache.nextPosition + 1 : cache.nextPosition,
  };
}

/** Every entry, in the order the PKI-IDs entered. */
export function cacheInOrder(cache: StateInfoCache): [string, CachedStateInfo][] {
  return [...pentries(cache.entries)].sort(([, a], [, b]) => a.position - b.position);
}

/** The cache without the entries `keep` rejects; the same object when it keeps them all. */
export function cacheKeeping(cache: StateInfoCache, keep: (pkiId: string, entry: CachedStateInfo) => boolean): StateInfoCache {
  let entries = cache.entries;
  for (const [pkiId, entry] of pentries(cache.entries)) if (!keep(pkiId, entry)) entries = pdelete(entries, pkiId);
  return entries === cache.entries ? cache : { entries, nextPosition: cache.nextPosition };
}
