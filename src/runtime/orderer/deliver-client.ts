/**
 * A peer's deliver client over gRPC (Fabric's deliverservice): `connectOrderer` opens a Deliver
 * stream for the channel asking for blocks from the ledger height on; each block is decoded at the
 * edge (src/wire decodeBlock, then the peer's io-ts) and handed over as an `ordererBlock` input.
 * A broken stream is re-opened from the next block after `retryMs`; after `giveUpAfterMs` without
 * reaching the service the client gives up, closes, and says so once with `ordererGaveUp`
 * (peer.deliveryclient.reconnectTotalTimeThreshold, effects.ts rule 6) ([GEN-FUNC-RUNTIME-DELIVER-CLIENT.1]).
 */
import * as grpc from '@grpc/grpc-js';
import { decodeBlock } from '../../wire';
import { TLS_HOSTNAME_REFUSAL } from '../grpc/dialer';
import { gossipChannelCredentials, hostOfEndpoint } from '../grpc/gossip-service';
import type { Clock, Scheduler } from '../clock';
import { REAL_SCHEDULER } from '../clock';
import type { OrdererPort, Submit, Telemetry } from '../ports';
import type { DeliverResponse } from '../gen/orderer/ab_pb';
import { deliverClient, seekEnvelope, type DeliverClient, type DeliverClientStream } from './deliver-proto';

export interface DeliverClientOptions {
  readonly endpoint: string;
  readonly tls: { readonly rootsPem: string; readonly certPem: string; readonly keyPem: string };
  /** Our identity (SignatureHeader.creator of the seek request). */
  readonly creator: string;
  readonly submit: Submit;
  readonly telemetry: Telemetry;
  readonly clock: Clock;
  readonly scheduler?: Scheduler;
  /** Wait between attempts (default 500 ms). */
  readonly retryMs?: number;
  /** How long one connection attempt may take (default 2 s). */
  readonly dialTimeoutMs?: number;
}

interface Stream {
  readonly channel: string;
  readonly giveUpAfterMs: number | undefined;
  next: number;
  /** When the service became unreachable (undefined while connected). */
  failingSince: number | undefined;
  closed: boolean;
  client?: DeliverClient;
  call?: DeliverClientStream;
  retry?: { cancel(): void };
}

export class GrpcDeliverClient implements OrdererPort {
  private readonly streams = new Map<string, Stream>();
  private readonly scheduler: Scheduler;
  private readonly creds: grpc.ChannelCredentials;

  constructor(private readonly o: DeliverClientOptions) {
    this.scheduler = o.scheduler ?? REAL_SCHEDULER;
    // [GEN-FUNC-RUNTIME-TLS-HOSTNAME.1] the service's certificate must name the host dialled, as for gossip.
    this.creds = gossipChannelCredentials(o.tls.rootsPem, o.tls, hostOfEndpoint(o.endpoint), (e) => {
      o.telemetry.count('runtime_deliver_refused_total', { reason: TLS_HOSTNAME_REFUSAL });
      o.telemetry.log('warn', `TLS handshake with the ordering service ${o.endpoint} failed: ${e.message}`);
    });
  }

  connect(channel: string, giveUpAfterMs: number | undefined, fromSeq: number): void {
    if (this.streams.has(channel)) return;
    const s: Stream = { channel, giveUpAfterMs, next: fromSeq, failingSince: undefined, closed: false };
    this.streams.set(channel, s);
    this.open(s);
  }

  disconnect(channel: string): void {
    const s = this.streams.get(channel);
    if (s === undefined) return;
    this.streams.delete(channel);
    this.shut(s);
  }

  async close(): Promise<void> {
    for (const channel of [...this.streams.keys()]) this.disconnect(channel);
  }

  private shut(s: Stream): void {
    s.closed = true;
    s.retry?.cancel();
    s.call?.cancel();
    s.client?.close();
    s.call = undefined;
    s.client = undefined;
  }

  private open(s: Stream): void {
    if (s.closed) return;
    const client = deliverClient(this.o.endpoint, this.creds);
    s.client = client;
    client.waitForReady(Date.now() + (this.o.dialTimeoutMs ?? 2000), (err) => {
      if (s.closed || s.client !== client) return;
      if (err) return this.failed(s, `cannot reach the ordering service: ${err.message}`);
      s.failingSince = undefined;
      const call = client.Deliver();
      s.call = call;
      call.on('data', (response: DeliverResponse | undefined) => this.onResponse(s, response));
      call.on('error', (e: Error) => this.broken(s, call, `stream error: ${e.message}`));
      call.on('end', () => this.broken(s, call, 'stream ended'));
      call.write(seekEnvelope(s.channel, s.next, Buffer.from(this.o.creator, 'latin1')));
    });
  }

  private onResponse(s: Stream, r: DeliverResponse | undefined): void {
    if (s.closed) return;
    if (r === undefined) {
      this.o.telemetry.count('runtime_decode_errors_total', { reason: 'deliverResponse' });
      return;
    }
    if (r.Type.case === 'status') {
      this.o.telemetry.log('warn', `Got status ${r.Type.value} from the ordering service`, { channel: s.channel });
      return;
    }
    if (r.Type.case !== 'block') return;
    const block = decodeBlock(r.Type.value);
    if (!block.ok) {
      this.o.telemetry.count('runtime_decode_errors_total', { reason: block.error.reason });
      this.o.telemetry.log('warn', `Dropped an undecodable block from the ordering service: ${block.error.message}`, { channel: s.channel });
      return;
    }
    const seq = block.value.header.number;
    if (seq !== s.next) {
      this.o.telemetry.count('runtime_deliver_out_of_order_total', { channel: s.channel });
      return;
    }
    s.next = seq + 1;
    this.o.submit({ kind: 'ordererBlock', channel: s.channel, seq, block: block.value });
  }

  private broken(s: Stream, call: DeliverClientStream, why: string): void {
    if (s.closed || s.call !== call) return;
    s.call = undefined;
    call.cancel();
    s.client?.close();
    s.client = undefined;
    this.failed(s, why);
  }

  private failed(s: Stream, why: string): void {
    s.client?.close();
    s.client = undefined;
    const now = this.o.clock.nowMs();
    s.failingSince ??= now;
    this.o.telemetry.log('warn', `Failed connecting to the ordering service: ${why}`, { channel: s.channel });
    const elapsed = now - s.failingSince;
    if (s.giveUpAfterMs !== undefined && elapsed >= s.giveUpAfterMs) {
      this.streams.delete(s.channel);
      this.shut(s);
      this.o.telemetry.log('warn', `Reconnect total time threshold exceeded; giving up on the ordering service`, { channel: s.channel });
      this.o.submit({ kind: 'ordererGaveUp', channel: s.channel });
      return;
    }
    const wait = Math.min(this.o.retryMs ?? 500, s.giveUpAfterMs === undefined ? Infinity : Math.max(0, s.giveUpAfterMs - elapsed));
    s.retry = this.scheduler.after(wait, () => {
      s.retry = undefined;
      this.open(s);
    });
  }
}
