/** A config's org map as Fabric's config eventer compares it (gossip/service/eventer.go `orgMapEqual`). */
import { canonicalEncode } from '../core';
import type { ChannelConfig } from './inputs';

/** [CHN-FUNC-CONFIG.1] Canonical form of a config's org map: orgs and their anchor peers, order-free. */
export function orgMapKey(config: ChannelConfig): string {
  const orgs = config.orgs
    .map((o) => ({ mspId: o.mspId, anchors: o.anchorPeers.map((a) => `${a.host}:${a.port}`).sort() }))
    .sort((a, b) => (a.mspId < b.mspId ? -1 : a.mspId > b.mspId ? 1 : 0));
  return canonicalEncode(orgs);
}
