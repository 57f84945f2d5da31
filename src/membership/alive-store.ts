/**
 * The alive msg-store (Fabric's aliveMsgStore: msgstore with the alive comparator and a TTL).
 * Per PKI-ID the comparator keeps only the newest message, so the store is one entry per PKI-ID.
 */
import type { PeerTime, PkiId } from '../core';
// Straight from their modules: the barrels' re-exports are getters, and these run at every message.
import { isNewer } from '../core/peer-time';
import type { Draft } from './draft';
import { pentries, pget, pset, type PMap } from '../core/pmap';
import type { StoredAlive } from './state';
import { aliveOf, alivePkiId, internalEndpointOf, type AliveEnvelope } from './wire';

/**
 * [MEM-FUNC-MSGSTORE-POLICY.1] CheckValid: no stored message (expired ones included, until they
 * are dropped at twice the TTL) is as new or newer.
 */
export function storeCheckValid(store: PMap<StoredAlive>, pkiId: string, ts: PeerTime): boolean {
  const stored = pget(store, pkiId);
  return stored === undefined || isNewer(ts, stored.ts);
}

/** Add a message that passed storeCheckValid: it replaces the entry of its PKI-ID. */
export function storeAdd(d: Draft, env: AliveEnvelope): void {
  const alive = aliveOf(env);
  d.store = pset(d.store, alivePkiId(env), {
    ts: alive.timestamp,
    addedAtMs: d.nowMs,
    expired: false,
    endpoint: alive.membership.endpoint,
    internalEndpoint: internalEndpointOf(env),
  });
}

/** What Fabric's msgStore.Get() returns: the entries not yet expired. */
export function liveStoreEntries(store: PMap<StoredAlive>): [PkiId, StoredAlive][] {
  const out: [PkiId, StoredAlive][] = [];
  for (const [k, v] of pentries(store)) if (!v.expired) out.push([k as PkiId, v]);
  return out;
}
