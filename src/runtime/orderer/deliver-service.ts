/**
 * An ordering service process's gRPC side: Fabric's `AtomicBroadcast.Deliver` over TLS. A request
 * is a SeekInfo in a common.Envelope; the answer is a stream of DeliverResponse blocks from the
 * start position, each a marshalled common.Block (src/wire encodeBlock), following the chain as it
 * grows until the stop position, then a SUCCESS status ([GEN-FUNC-RUNTIME-DELIVER.1]). Blocks are
 * cut on an interval or on command, signed by the orderer identity and chained by previous hash
 * (blocks.ts); config blocks carry anchor-peer updates (configtx.ts). Not modelled: Broadcast, access
 * control on Deliver (the request's signature and the channel's Readers policy).
 */
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import type { CryptoSuite, SigningKey } from '../../core';
import { encodeBlock } from '../../wire';
import { DeliverResponseSchema, Status, type DeliverResponse } from '../gen/orderer/ab_pb';
import type { AnchorPeer, ChannelConfigValue } from '../configtx';
import type { Telemetry } from '../ports';
import { addDeliverService, readSeek, type DeliverServerStream } from './deliver-proto';
import { InProcessOrderingService } from './in-process';

export interface OrdererNodeOptions {
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
  readonly tls: { readonly rootsPem: string; readonly certPem: string; readonly keyPem: string };
  readonly listenHost: string;
  readonly listenPort: number;
  readonly telemetry: Telemetry;
  /** The channels it serves (others are NOT_FOUND). */
  readonly channels: readonly string[];
  /** Cut a block on every channel this often (absent or 0: only on command). */
  readonly cutIntervalMs?: number;
  /** The channels' configs as their genesis blocks hold them (config updates start from them). */
  readonly configs?: readonly ChannelConfigValue[];
}

const status = (s: Status): DeliverResponse => create(DeliverResponseSchema, { Type: { case: 'status', value: s } });
const MAX_SEQ = BigInt(Number.MAX_SAFE_INTEGER);

export class OrderingServiceNode {
  readonly service: InProcessOrderingService;
  private readonly server = new grpc.Server();
  private readonly streams = new Set<DeliverServerStream>();
  private interval: ReturnType<typeof setInterval> | undefined;
  readonly port: number = 0;

  private constructor(private readonly o: OrdererNodeOptions) {
    this.service = new InProcessOrderingService(o.crypto, o.key);
    for (const c of o.configs ?? []) this.service.configure(c);
  }

  static async listen(o: OrdererNodeOptions): Promise<OrderingServiceNode> {
    const node = new OrderingServiceNode(o);
    addDeliverService(node.server, (call) => node.deliver(call));
    const creds = grpc.ServerCredentials.createSsl(Buffer.from(o.tls.rootsPem), [{ private_key: Buffer.from(o.tls.keyPem), cert_chain: Buffer.from(o.tls.certPem) }], false);
    const port = await new Promise<number>((resolve, reject) => node.server.bindAsync(`${o.listenHost}:${o.listenPort}`, creds, (e, p) => (e ? reject(e) : resolve(p))));
    (node as { port: number }).port = port;
    if (o.cutIntervalMs !== undefined && o.cutIntervalMs > 0) node.interval = setInterval(() => o.channels.forEach((c) => node.cut(c)), o.cutIntervalMs);
    return node;
  }

  get endpoint(): string {
    return `${this.o.listenHost}:${this.port}`;
  }

  /** Cut the channel's next block now. */
  cut(channel: string, bodies?: readonly string[]): number {
    const block = this.service.cut(channel, bodies);
    this.o.telemetry.count('orderer_blocks_cut_total', { channel });
    this.o.telemetry.log('info', `Created block [${block.header.number}] on channel ${channel}`);
    return block.header.number;
  }

  /** [GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] Update an org's anchor peers: a config block is cut; its number. */
  updateAnchorPeers(channel: string, mspId: string, anchorPeers: readonly AnchorPeer[]): number {
    if (!this.o.channels.includes(channel)) throw new RangeError(`channel ${channel} is not served here`);
    const block = this.service.updateAnchorPeers(channel, mspId, anchorPeers);
    this.o.telemetry.count('orderer_config_blocks_total', { channel });
    this.o.telemetry.log('info', `Created config block [${block.header.number}] on channel ${channel}: anchor peers of ${mspId} ${anchorPeers.map((a) => `${a.host}:${a.port}`).join(', ') || 'none'}`);
    return block.header.number;
  }

  height(channel: string): number {
    return this.service.chain(channel).height;
  }

  private deliver(call: DeliverServerStream): void {
    this.streams.add(call);
    let unsubscribe: (() => void) | undefined;
    const stopServing = () => {
      unsubscribe?.();
      unsubscribe = undefined;
    };
    call.on('close', () => {
      stopServing();
      this.streams.delete(call);
    });
    call.on('error', stopServing);
    call.on('data', (envelope) => {
      stopServing(); // Fabric serves one seek at a time on a stream; a new one replaces it
      const seek = readSeek(envelope as Parameters<typeof readSeek>[0]);
      if (!seek.ok) {
        this.o.telemetry.count('orderer_deliver_refused_total', { reason: 'badRequest' });
        call.write(status(Status.BAD_REQUEST));
        return;
      }
      const { channel } = seek.value;
      if (!this.o.channels.includes(channel)) {
        call.write(status(Status.NOT_FOUND));
        return;
      }
      const height = this.height(channel);
      const at = (p: 'oldest' | 'newest' | bigint): number => (p === 'oldest' ? 0 : p === 'newest' ? Math.max(0, height - 1) : Number(p > MAX_SEQ ? MAX_SEQ : p));
      const start = at(seek.value.start);
      const stop = at(seek.value.stop);
      if (start > stop || (seek.value.failIfNotReady && start >= height)) {
        call.write(status(Status.NOT_FOUND));
        return;
      }
      let done = false;
      const unsub = this.service.subscribe(channel, start, (seq, block) => {
        if (done) return;
        const bytes = encodeBlock(block);
        if (!bytes.ok) {
          this.o.telemetry.log('error', `Cannot encode block [${seq}]: ${bytes.error.message}`);
          done = true;
          call.write(status(Status.INTERNAL_SERVER_ERROR));
          return;
        }
        call.write(create(DeliverResponseSchema, { Type: { case: 'block', value: bytes.value } }));
        if (seq >= stop) {
          done = true;
          call.write(status(Status.SUCCESS));
        }
      });
      if (done) unsub();
      else unsubscribe = unsub;
    });
  }

  async stop(): Promise<void> {
    if (this.interval !== undefined) clearInterval(this.interval);
    for (const s of this.streams) s.end();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 1000);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
