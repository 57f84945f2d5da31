/** What the discovery chart's periodic actions do to the view (Fabric's discovery goroutines). */
import { selectPeers, type PkiId } from '../core';
import { startConnect } from './connects';
import type { Draft } from './draft';
import { isBootstrapOrAnchor } from './endpoints';
import { applyMemberEvent } from './members';
import { memberStatus, type MemberSnapshot } from './member-step';
import { aliveMsgTtlMs } from './params';
import { emptyPMap, pdelete, pentries, pset, pvalues } from '../core/pmap';
import { probe } from './probes';
import { createAliveEnvelope, sendMembershipRequest } from './self-alive';
import type { MembershipView } from './state';
import { preferredEndpointOf } from './wire';

/** [MEM-FUNC-BOOTSTRAP-SAME-ORG.1] At start, a Connect to every bootstrap endpoint. */
export function connectToBootstrapPeers(d: Draft): void {
  for (const endpoint of d.config.bootstrap) startConnect(d, endpoint, 'bootstrap', true);
}

/** [MEM-FUNC-NO-SIGNING-WHEN-ALONE.1] Some member is alive (else neither heartbeat nor sync signs anything). */
export const hasAliveMembers = (view: MembershipView): boolean => view.aliveCount > 0;

/** [MEM-FUNC-SEND-ALIVE.1] Sign and push a new alive message, kept as the self alive message. */
export function sendAlive(d: Draft): void {
  const env = createAliveEnvelope(d, true);
  d.selfAlive = env;
  d.emit({ kind: 'gossip', envelope: env });
}

/**
 * [MEM-FUNC-EXPIRE-DEAD.1] Every alive member gets EXPIRE; its chart (member-machine.ts) decides
 * whether it was silent for longer than aliveExpirationTimeout, and if so makes it dead and closes
 * its connection.
 */
export function expireSilentMembers(d: Draft): void {
  const timeout = d.params.aliveExpirationTimeoutMs;
  for (const [pkiId, m] of pentries(d.members)) {
    if (m.value === 'alive') applyMemberEvent(d, pkiId as PkiId, { type: 'EXPIRE', nowMs: d.nowMs, aliveExpirationTimeoutMs: timeout });
  }
}

function membersWithStatus(d: Draft, status: 'alive' | 'dead'): MemberSnapshot[] {
  return pvalues(d.members).filter((m) => memberStatus(m) === status);
}

/** [MEM-FUNC-SYNC.1] min(pullPeerNum, alive count) is positive: there is someone to sync with. */
export const hasSyncTargets = (view: MembershipView): boolean => Math.min(view.config.params.pullPeerNum, view.aliveCount) > 0;

/** [MEM-FUNC-SYNC.1] A membership request to min(pullPeerNum, alive count) random alive members. */
export function syncWithRandomMembers(d: Draft): void {
  const k = Math.min(d.params.pullPeerNum, d.aliveCount);
  const [chosen, prng] = selectPeers(d.prng, k, membersWithStatus(d, 'alive'), () => true);
  d.prng = prng;
  const selfInformation = createAliveEnvelope(d, true);
  for (const m of chosen) sendMembershipRequest(d, { pkiId: m.context.pkiId, endpoint: preferredEndpointOf(m.context) }, selfInformation);
}

/** [MEM-FUNC-RECONNECT-DEAD.1] Probe every dead member (earlier probes are forgotten). */
export function probeDeadMembers(d: Draft): void {
  d.probes = emptyPMap();
  for (const m of membersWithStatus(d, 'dead')) probe(d, preferredEndpointOf(m.context), { reconnect: m.context.pkiId });
}

/**
 * [MEM-FUNC-MSGSTORE-EXPIRATION.1] One pass over the msg-store: an entry older than twice the TTL
 * is dropped; one older than the TTL is marked expired and reported to the chart
 * (STORE_ENTRY_EXPIRED), which decides whether its member is purged; STORE_SWEPT ends the pass.
 */
export function expireMsgStore(d: Draft): void {
  const ttl = aliveMsgTtlMs(d.params);
  for (const [pkiId, entry] of pentries(d.store)) {
    const age = d.nowMs - entry.addedAtMs;
    if (age > 2 * ttl) d.store = pdelete(d.store, pkiId);
    else if (age > ttl && !entry.expired) {
      d.store = pset(d.store, pkiId, { ...entry, expired: true });
      d.raise({ type: 'STORE_ENTRY_EXPIRED', nowMs: d.nowMs, pkiId: pkiId as PkiId, endpoint: entry.endpoint, internalEndpoint: entry.internalEndpoint });
    }
  }
  d.raise({ type: 'STORE_SWEPT', nowMs: d.nowMs });
}

/** [MEM-FUNC-PURGE.1] The expired entry's endpoint or internal endpoint is a bootstrap or anchor peer. */
export function isProtectedEndpoint(view: MembershipView, endpoint: string, internalEndpoint: string): boolean {
  const { bootstrap } = view.config;
  return isBootstrapOrAnchor(bootstrap, view.anchors, endpoint) || isBootstrapOrAnchor(bootstrap, view.anchors, internalEndpoint);
}

/** [MEM-FUNC-PURGE.1] Bootstrap and anchor peers are kept. */
export function keepProtectedMember(d: Draft, endpoint: string): void {
  d.log('info', `Do not remove bootstrap or anchor peer endpoint ${endpoint} from membership`);
}

/** [MEM-FUNC-PURGE.1] Any other member of an expired entry is removed from the view. */
export function purgeExpiredMember(d: Draft, pkiId: PkiId, endpoint: string, internalEndpoint: string): void {
  d.log('info', `Removing member: Endpoint: ${endpoint}, InternalEndpoint: ${internalEndpoint}, PKIID: ${pkiId}`);
  applyMemberEvent(d, pkiId, { type: 'PURGE' });
}
