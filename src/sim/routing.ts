/**
 * Sending: one envelope per recipient, each with its own id, fate and latency. Draws from the
 * world PRNG happen in a fixed order per recipient (loss, latency, duplication, duplicate's
 * latency), so a seed fixes every fate ([SIM-FUNC-DETERMINISM.1]). Partitions and crashes are checked twice: when the
 * envelope leaves (nothing is queued that cannot arrive) and when it arrives (faults may have
 * started meanwhile).
 */
import type { Draft } from './draft';
import type { DropReason } from './trace-types';
import { drawLatencyMs, sameSide } from './network';
import { pkiIdOfPeer, reportPresumedDead } from './transport/presumed-dead';
import { currentConnection } from './transport/transport';
import type { Envelope } from './world';

/** The id and peer names of a trace line about one envelope. */
function lineNames<S>(d: Draft<S>, id: number, from: number, to: number): { id: number; from: string; to: string } {
  return { id, from: d.nameOf(from), to: d.nameOf(to) };
}

function pkiIdOfRef(ref: unknown): string | undefined {
  if (typeof ref !== 'object' || ref === null) return undefined;
  const pki = (ref as { pkiId?: unknown }).pkiId;
  return typeof pki === 'string' ? pki : undefined;
}

/**
 * [SIM-FUNC-LATENCY.1] due no earlier than its drawn latency after now. [SIM-SAFE-NO-DELIVERY-WITHOUT-SEND.1]
 * the only place an envelope enters the queue: each delivery is of an envelope a send put here.
 */
function enqueue<S>(d: Draft<S>, id: number, from: number, to: number, payload: unknown): void {
  const latencyMs = drawLatencyMs(d, from, to);
  const envelope: Envelope = { id, from, to, toIncarnation: d.slot(to).incarnation, fromIncarnation: d.slot(from).incarnation, payload, sentAtMs: d.nowMs };
  d.scheduleEnvelope(d.nowMs + latencyMs, envelope);
}

/**
 * [SIM-FUNC-CRASH.1] [SIM-FUNC-PARTITION.1] nothing is queued for a crashed or unreachable peer;
 * [SIM-FUNC-LOSS.1] lost with probability p; [SIM-FUNC-DUPLICATION.1] a surviving envelope is
 * queued a second time (same id, its own latency) with probability p, never a third.
 */
function dispatch<S>(d: Draft<S>, id: number, from: number, to: number, payload: unknown): void {
  const unreachable: DropReason | undefined = !d.slot(to).alive ? 'crashed' : !sameSide(d.partition, from, to) ? 'partitioned' : undefined;
  if (unreachable !== undefined) {
    d.emit({ k: 'drop', ...lineNames(d, id, from, to), reason: unreachable });
    // [SIM-FUNC-PRESUMED-DEAD.2] a connection open to a crashed peer is a broken stream; else the dial times out.
    const broken = unreachable === 'crashed' && currentConnection(d, from, to)?.open === true;
    return reportPresumedDead(d, from, d.slot(from).incarnation, pkiIdOfPeer(d, to), broken ? 0 : d.network.dialTimeoutMs);
  }
  if (d.chance(d.network.lossProbability)) return d.emit({ k: 'drop', ...lineNames(d, id, from, to), reason: 'lost' });
  enqueue(d, id, from, to, payload);
  if (d.chance(d.network.duplicationProbability)) {
    d.emit({ k: 'dup', ...lineNames(d, id, from, to) });
    enqueue(d, id, from, to, payload);
  }
}

/**
 * [SIM-FUNC-SEND-RESOLVE.1] Perform a `send` effect. Recipients are resolved by PKI-ID only (the endpoint in the PeerRef is
 * informational); an unknown PKI-ID is traced as sent, then dropped. Returns false when `to` is
 * not a list (a contract violation the caller reports).
 */
export function routeSend<S>(d: Draft<S>, from: number, to: unknown, payload: unknown): boolean {
  if (!Array.isArray(to)) return false;
  const fromName = d.nameOf(from);
  for (const ref of to as readonly unknown[]) {
    const id = d.takeSeq();
    const pki = pkiIdOfRef(ref);
    const target = pki === undefined ? undefined : d.directory.byPkiId.get(pki);
    if (target === undefined) {
      const toName = `?${String(pki)}`;
      d.emit({ k: 'send', id, from: fromName, to: toName, payload });
      d.emit({ k: 'drop', id, from: fromName, to: toName, reason: 'unknownPkiId' });
      continue;
    }
    // The line is built only when kept: this runs once per recipient of every message.
    if (d.tracing) d.emit({ k: 'send', id, from: fromName, to: d.nameOf(target), payload });
    else d.count('send');
    dispatch(d, id, from, target, payload);
  }
  return true;
}

/**
 * Whether an envelope that reached its time may be handed to its recipient (traces the drop if not):
 * not to a crashed peer ([SIM-FUNC-CRASH.1]), nor to a later incarnation ([SIM-FUNC-RESTART.1]), nor
 * across the partition active now ([SIM-FUNC-PARTITION.1], [SIM-SAFE-PARTITION-RESPECTED.1]).
 */
export function admitEnvelope<S>(d: Draft<S>, envelope: Envelope): boolean {
  const target = d.slot(envelope.to);
  if (!target.alive) d.emit({ k: 'drop', ...lineNames(d, envelope.id, envelope.from, envelope.to), reason: 'crashed' });
  else if (target.incarnation !== envelope.toIncarnation) d.emit({ k: 'drop', ...lineNames(d, envelope.id, envelope.from, envelope.to), reason: 'restarted' });
  else if (!sameSide(d.partition, envelope.from, envelope.to)) d.emit({ k: 'drop', ...lineNames(d, envelope.id, envelope.from, envelope.to), reason: 'partitioned' });
  else {
    // Once per delivery: the line is built only when kept.
    if (d.tracing) d.emit({ k: 'deliver', ...lineNames(d, envelope.id, envelope.from, envelope.to) });
    else d.count('deliver');
    return true;
  }
  // [SIM-FUNC-PRESUMED-DEAD.2] the stream broke under the envelope (a restarted recipient is alive again: not reported).
  if (!target.alive || target.incarnation === envelope.toIncarnation) reportPresumedDead(d, envelope.from, envelope.fromIncarnation, pkiIdOfPeer(d, envelope.to), 0);
  return false;
}
