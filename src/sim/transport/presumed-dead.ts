/**
 * [SIM-FUNC-PRESUMED-DEAD.2] Fabric's comm PresumedDead(): when a send to a peer fails (no
 * connection could be created, or it broke) comm publishes the peer's PKI-ID, and discovery expires
 * it if it is alive. With a transport whose `presumedDead` option is on, the simulator reports each
 * failed send (and each failed dial that expected a PKI-ID) to the sender as a `presumedDead
 * {pkiId}` host input: at once when the stream breaks (the recipient crashed and the sender had a
 * connection open to it, or it crashed or was cut off while the envelope was in flight) or a
 * handshake chart refused the connection; after `dialTimeoutMs` when it cannot be reached otherwise
 * (crashed with no connection open, across the partition: the dial times out). An
 * envelope lost by the network is not a failed send (gRPC runs over TCP), nor is one to a restarted
 * recipient (alive again) or to an unknown PKI-ID. The report goes to the sender's incarnation that
 * sent; a crashed or restarted sender does not get it.
 */
import type { Draft } from '../draft';

/** Whether failed sends are reported in this world. */
export function reportsPresumedDead<S>(d: Draft<S>): boolean {
  return d.transport?.presumedDead === true;
}

/** Schedule one `presumedDead` report of `pkiId` to the `incarnation` of `sender` that sent, `delayMs` from now. */
export function reportPresumedDead<S>(d: Draft<S>, sender: number, incarnation: number, pkiId: string, delayMs: number): void {
  if (!reportsPresumedDead(d)) return;
  const slot = d.slot(sender);
  if (!slot.alive || slot.incarnation !== incarnation) return;
  d.scheduleEvent(d.nowMs + delayMs, { kind: 'presumedDead', peer: sender, incarnation, pkiId });
}

/** The PKI-ID of peer `index` (the directory's). */
export function pkiIdOfPeer<S>(d: Draft<S>, index: number): string {
  return d.directory.specs[index]?.pkiId ?? '';
}
