/** What the discovery chart's periodic actions do to the view. */
import { selectPeers, type PkiId } from '../core';
import { startConnect } from './connects';
import type { DiscoveryLoop } from './discovery-machine';
import type { Draft } from './draft';
import { isBootstrapOrAnchor } from './endpoints';
import { applyMemberEvent } from './members';
import { memberStatus, type MemberSnapshot } from './member-step';
import { aliveMsgTtlMs } from './params';
import { emptyPMap, pdelete, pentries, pset, pvalues } from './pmap';
import { probe } from './probes';
import { createAliveEnvelope, sendMembershipRequest } from './self-alive';
import type { StoredAlive } from './state';
import { preferredEndpointOf } from './wire';

export function runLoop(d: Draft, loop: DiscoveryLoop): void {
  switch (loop) {
    case 'connectToBootstrapPeers':
      for (const endpoint of d.config.bootstrap) startConnect(d, endpoint, 'bootstrap', true);
      return;
    case 'sendAlive':
      return sendAlive(d);
    case 'checkAliveExpiration':
      return checkAliveExpiration(d);
    case 'initiateSync':
      return initiateSync(d);
    case 'reconnectToDead':
      return reconnectToDead(d);
    case 'expireMsgStore':
      return expireMsgStore(d);
  }
}

/**
 * [MEM-FUNC-SEND-ALIVE.1] sign and push a new alive message;
 * [MEM-FUNC-NO-SIGNING-WHEN-ALONE.1] but sign nothing while no member is alive.
 */
function sendAlive(d: Draft): void {
  if (d.aliveCount === 0) return;
  const env = createAliveEnvelope(d, true);
  d.selfAlive = env;
  d.emit({ kind: 'gossip', envelope: env });
}

/** [MEM-FUNC-EXPIRE-DEAD.1] alive members silent for longer than aliveExpirationTimeout become dead. */
function checkAliveExpiration(d: Draft): void {
  const timeout = d.params.aliveExpirationTimeoutMs;
  for (const [pkiId, m] of pentries(d.members)) {
    if (m.value === 'alive' && d.nowMs - m.context.lastSeenMs > timeout) {
      applyMemberEvent(d, pkiId as PkiId, { type: 'EXPIRE', nowMs: d.nowMs, aliveExpirationTimeoutMs: timeout });
    }
  }
}

function membersWithStatus(d: Draft, status: 'alive' | 'dead'): MemberSnapshot[] {
  return pvalues(d.members).filter((m) => memberStatus(m) === status);
}

/** [MEM-FUNC-SYNC.1] a membership request to min(pullPeerNum, alive count) random alive members. */
function initiateSync(d: Draft): void {
  const k = Math.min(d.params.pullPeerNum, d.aliveCount);
  if (k <= 0) return;
  const [chosen, prng] = selectPeers(d.prng, k, membersWithStatus(d, 'alive'), () => true);
  d.prng = prng;
  const selfInformation = createAliveEnvelope(d, true);
  for (const m of chosen) sendMembershipRequest(d, { pkiId: m.context.pkiId, endpoint: preferredEndpointOf(m.context) }, selfInformation);
}

/** [MEM-FUNC-RECONNECT-DEAD.1] probe every dead member. */
function reconnectToDead(d: Draft): void {
  d.probes = emptyPMap();
  for (const m of membersWithStatus(d, 'dead')) probe(d, preferredEndpointOf(m.context), { reconnect: m.context.pkiId });
}

/**
 * [MEM-FUNC-MSGSTORE-EXPIRATION.1] an entry older than the TTL is marked expired (and its member
 * purged), and dropped at twice the TTL; [MEM-FUNC-PURGE.1] bootstrap and anchor peers are kept.
 */
function expireMsgStore(d: Draft): void {
  const ttl = aliveMsgTtlMs(d.params);
  for (const [pkiId, entry] of pentries(d.store)) {
    const age = d.nowMs - entry.addedAtMs;
    if (age > 2 * ttl) d.store = pdelete(d.store, pkiId);
    else if (age > ttl && !entry.expired) {
      d.store = pset(d.store, pkiId, { ...entry, expired: true });
      purgeUnlessProtected(d, pkiId as PkiId, entry);
    }
  }
}

function purgeUnlessProtected(d: Draft, pkiId: PkiId, entry: StoredAlive): void {
  const { bootstrap } = d.config;
  if (isBootstrapOrAnchor(bootstrap, d.anchors, entry.endpoint) || isBootstrapOrAnchor(bootstrap, d.anchors, entry.internalEndpoint)) {
    d.log('info', `Do not remove bootstrap or anchor peer endpoint ${entry.endpoint} from membership`);
    return;
  }
  d.log('info', `Removing member: Endpoint: ${entry.endpoint}, InternalEndpoint: ${entry.internalEndpoint}, PKIID: ${pkiId}`);
  applyMemberEvent(d, pkiId, { type: 'PURGE' });
}

