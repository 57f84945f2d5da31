/**
 * Handshakes (Fabric's Ping + authenticated ConnEstablish): the world resolves the endpoint to the
 * peer that owns it (internal or external endpoint). Reachability is decided when the dial starts:
 * a live peer on the same side of the partition answers ok with its PKI-ID and identity after a
 * round trip (two latency draws' worth: one draw, doubled); anything else fails after
 * `dialTimeoutMs`. Handshakes are not subject to message loss (TCP retransmits).
 */
import type { HandshakeResult } from '../core';
import type { Draft } from './draft';
import { drawLatencyMs, sameSide } from './network';

function resultOf<S>(d: Draft<S>, peer: number, target: number | undefined): HandshakeResult {
  if (target === undefined) return { ok: false, reason: 'unknown endpoint' };
  if (!d.slot(target).alive) return { ok: false, reason: 'peer is down' };
  if (!sameSide(d.partition, peer, target)) return { ok: false, reason: 'unreachable' };
  const spec = d.directory.specs[target];
  return spec === undefined ? { ok: false, reason: 'unknown endpoint' } : { ok: true, pkiId: spec.pkiId, identity: spec.identity };
}

/** [SIM-FUNC-HANDSHAKE.1] [GEN-ASM-HANDSHAKE.1] Schedule the one answer to a `handshake` effect. */
export function dial<S>(d: Draft<S>, peer: number, endpoint: unknown, attempt: unknown): string | undefined {
  if (typeof endpoint !== 'string') return `handshake.endpoint must be a string, got ${typeof endpoint}`;
  if (typeof attempt !== 'number') return `handshake.attempt must be a number, got ${typeof attempt}`;
  const target = d.directory.byEndpoint.get(endpoint);
  const result = resultOf(d, peer, target);
  const delayMs = result.ok && target !== undefined ? 2 * drawLatencyMs(d, peer, target) : d.network.dialTimeoutMs;
  const name = d.nameOf(peer);
  d.emit({ k: 'dial', peer: name, endpoint, attempt, target: target === undefined ? null : d.nameOf(target) });
  d.scheduleEvent(d.nowMs + delayMs, {
    kind: 'handshakeResult',
    peer,
    incarnation: d.slot(peer).incarnation,
    endpoint,
    attempt,
    result,
  });
  return undefined;
}
