/**
 * Probe handshakes (attempt 0): reconnect-to-dead (Fabric pings, then sends the membership request
 * on a connection that expects the member's PKI-ID). One outstanding probe per endpoint carries
 * every dead member known there; the dial expects the first. Only endpoints of validated alive messages are
 * ever probed ([MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1]).
 */
import type { PkiId } from '../core';
import type { Draft } from './draft';
import { pget, pset } from '../core/pmap';

export const PROBE_ATTEMPT = 0;

export function probe(d: Draft, endpoint: string, purpose: { reconnect: PkiId }): void {
  if (endpoint === '') return;
  const existing = pget(d.probes, endpoint);
  // A round probes each dead member once, after forgetting the last round's probes: no duplicates.
  d.probes = pset(d.probes, endpoint, { reconnect: [...(existing?.reconnect ?? []), purpose.reconnect] });
  // [MEM-FUNC-IDENTITY-SWITCH.1] the dial names the member it means to reach (Fabric: RemotePeer{Endpoint, PKIID}).
  if (existing === undefined) d.emit({ kind: 'handshake', endpoint, attempt: PROBE_ATTEMPT, expectedPkiId: purpose.reconnect });
}
