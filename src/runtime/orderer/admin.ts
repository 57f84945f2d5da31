/**
 * The ordering service's admin calls on its operations endpoint ([GEN-FUNC-RUNTIME-ORDERER-ADMIN.1]):
 *
 *   POST /channels/<channel>/blocks                        cut a block now → {"block": N}
 *   POST /channels/<channel>/anchorpeers                   {"mspId": "...", "anchorPeers": [{"host": "...", "port": N}]}
 *                                                          → a config block is cut → {"block": N, "sequence": S}
 *
 * Bodies are decoded with io-ts; a bad one is answered 400 naming the field, an unknown channel 404.
 * Fabric takes transactions and config updates through Broadcast (signed envelopes checked against
 * the channel's policies) and cuts blocks by BatchSize/BatchTimeout; here a local operator's call does.
 */
import * as t from 'io-ts';
import { decodeWith } from '../../core';
import type { OrderingServiceNode } from './deliver-service';

const Port = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'Port');
export const AnchorPeersUpdate = t.type({ mspId: t.string, anchorPeers: t.array(t.type({ host: t.string, port: Port })) }, 'AnchorPeersUpdate');

const ROUTE = /^\/channels\/([^/]+)\/(blocks|anchorpeers)$/;

export function ordererAdmin(node: OrderingServiceNode, channels: readonly string[]): (path: string, body: unknown) => { status: number; body: unknown } {
  return (path, body) => {
    const m = ROUTE.exec(path);
    if (m === null) return { status: 404, body: { error: `no admin call at ${path}` } };
    const channel = decodeURIComponent(m[1] as string);
    if (!channels.includes(channel)) return { status: 404, body: { error: `channel ${channel} is not served here` } };
    if (m[2] === 'blocks') return { status: 200, body: { block: node.cut(channel) } };
    const update = decodeWith(AnchorPeersUpdate, body);
    if (!update.ok) return { status: 400, body: { error: update.error.message } };
    try {
      const block = node.updateAnchorPeers(channel, update.value.mspId, update.value.anchorPeers);
      return { status: 200, body: { block, sequence: node.service.config(channel)?.sequence } };
    } catch (e) {
      return { status: 400, body: { error: e instanceof Error ? e.message : String(e) } };
    }
  };
}
