/**
 * Handshakes (Fabric's Ping + authenticated ConnEstablish): the world resolves the endpoint to the
 * peer that owns it (internal or external endpoint). Reachability is decided when the dial starts:
 * a live peer on the same side of the partition answers after a round trip (two latency draws'
 * worth: one draw, doubled); anything else fails after `dialTimeoutMs`. Handshakes are not subject
 * to message loss (TCP retransmits). Without a transport the answer is ok with the owner's PKI-ID
 * and identity from the directory; with one ([SIM-FUNC-HANDSHAKE-CHART.1]) both ends run the comm
 * handshake chart and the answer is the dialer's chart's verdict.
 */
import type { HandshakeResult } from '../core';
import type { Draft } from './draft';
import { drawLatencyMs, sameSide } from './network';
import { reportPresumedDead } from './transport/presumed-dead';
import { dialThroughChart } from './transport/transport';

function unreachable<S>(d: Draft<S>, peer: number, target: number | undefined): HandshakeResult | undefined {
  if (target === undefined || d.directory.specs[target] === undefined) return { ok: false, reason: 'unknown endpoint' };
  if (!d.slot(target).alive) return { ok: false, reason: 'peer is down' };
  if (!sameSide(d.partition, peer, target)) return { ok: false, reason: 'unreachable' };
  return undefined;
}

/** The answer and its delay; the one latency draw of a reachable dial happens here in both modes. */
function answer<S>(d: Draft<S>, peer: number, target: number | undefined, expectedPkiId: string | undefined): { result: HandshakeResult; delayMs: number } {
  const failed = unreachable(d, peer, target);
  if (failed !== undefined || target === undefined) return { result: failed ?? { ok: false, reason: 'unknown endpoint' }, delayMs: d.network.dialTimeoutMs };
  const latencyMs = drawLatencyMs(d, peer, target);
  if (d.transport !== undefined) return dialThroughChart(d, d.transport, peer, target, latencyMs, expectedPkiId);
  const spec = d.directory.specs[target];
  const result: HandshakeResult = spec === undefined ? { ok: false, reason: 'unknown endpoint' } : { ok: true, pkiId: spec.pkiId, identity: spec.identity };
  return { result, delayMs: 2 * latencyMs };
}

/**
 * [SIM-FUNC-HANDSHAKE.2] [SIM-FUNC-HANDSHAKE-CHART.1] [SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] [GEN-ASM-HANDSHAKE.1]
 * Schedule the one answer to a `handshake` effect; `expectedPkiId` is optional (absent: nobody in particular).
 */
export function dial<S>(d: Draft<S>, peer: number, endpoint: unknown, attempt: unknown, expectedPkiId?: unknown): string | undefined {
  if (typeof endpoint !== 'string') return `handshake.endpoint must be a string, got ${typeof endpoint}`;
  if (typeof attempt !== 'number') return `handshake.attempt must be a number, got ${typeof attempt}`;
  if (expectedPkiId !== undefined && (typeof expectedPkiId !== 'string' || expectedPkiId === '')) return `handshake.expectedPkiId must be absent or a non-empty string, got ${JSON.stringify(expectedPkiId)}`;
  const target = d.directory.byEndpoint.get(endpoint);
  const name = d.nameOf(peer);
  d.emit({ k: 'dial', peer: name, endpoint, attempt, target: target === undefined ? null : d.nameOf(target) });
  const { result, delayMs } = answer(d, peer, target, expectedPkiId);
  // [SIM-FUNC-PRESUMED-DEAD.2] a dial that expected a PKI-ID stands for Fabric's createConnection: its failure is a failed send.
  if (!result.ok && expectedPkiId !== undefined) reportPresumedDead(d, peer, d.slot(peer).incarnation, expectedPkiId, delayMs);
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
