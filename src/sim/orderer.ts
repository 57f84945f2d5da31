/**
 * The ordering service: per channel, the chain of cut blocks and the peers holding a stream.
 * A stream is a cursor: it sends block 0, 1, 2, ... in order, one queued event at a time (so a
 * stream is FIFO whatever else happens), and goes idle when it has caught up; cutting a block
 * wakes idle streams. Streams are always reachable (partitions split peers, not the orderer).
 * [SIM-FUNC-ORDERER-STREAM.1] [GEN-ASM-ORDERER-STREAM.1]
 */
import type { Draft } from './draft';
import { emptyVec, vecGet, vecLast, vecPush } from './pvec';
import type { OrdererBlock, OrdererChannel, OrdererStream } from './world';

const EMPTY_CHANNEL: OrdererChannel = { blocks: emptyVec(), streams: new Map() };

export function ordererChannel<S>(d: Draft<S>, channel: string): OrdererChannel {
  return d.orderer.channels.get(channel) ?? EMPTY_CHANNEL;
}

function putChannel<S>(d: Draft<S>, channel: string, value: OrdererChannel): void {
  const channels = new Map(d.orderer.channels);
  channels.set(channel, value);
  d.orderer = { ...d.orderer, channels };
}

function putStream<S>(d: Draft<S>, channel: string, peer: number, stream: OrdererStream | undefined): void {
  const current = ordererChannel(d, channel);
  const streams = new Map(current.streams);
  if (stream === undefined) streams.delete(peer);
  else streams.set(peer, stream);
  putChannel(d, channel, { ...current, streams });
}

function wake<S>(d: Draft<S>, channel: string, peer: number, stream: OrdererStream): OrdererStream {
  d.scheduleEvent(d.nowMs + d.network.ordererLatencyMs, { kind: 'ordererStream', peer, channel, streamId: stream.streamId });
  return { ...stream, scheduled: true };
}

/** [SIM-FUNC-ORDERER-STREAM.1] connectOrderer: idempotent; a new stream starts at block 0. */
export function connectOrderer<S>(d: Draft<S>, peer: number, channel: string): void {
  const current = ordererChannel(d, channel);
  if (current.streams.has(peer)) return;
  let stream: OrdererStream = { streamId: d.orderer.nextStreamId, nextSeq: 0, scheduled: false };
  d.orderer = { ...d.orderer, nextStreamId: d.orderer.nextStreamId + 1 };
  if (current.blocks.size > 0) stream = wake(d, channel, peer, stream);
  putStream(d, channel, peer, stream);
  d.emit({ k: 'ordererConnect', peer: d.nameOf(peer), channel });
}

/** [SIM-FUNC-ORDERER-STREAM.1] disconnectOrderer: idempotent; a queued stream event for the closed stream is ignored. */
export function disconnectOrderer<S>(d: Draft<S>, peer: number, channel: string): void {
  if (!ordererChannel(d, channel).streams.has(peer)) return;
  putStream(d, channel, peer, undefined);
  d.emit({ k: 'ordererDisconnect', peer: d.nameOf(peer), channel });
}

/** [SIM-FUNC-CRASH.1] A crash closes every stream the peer held. */
export function dropOrdererStreams<S>(d: Draft<S>, peer: number): void {
  for (const [channel, value] of d.orderer.channels) if (value.streams.has(peer)) disconnectOrderer(d, peer, channel);
}

/** [SIM-FUNC-ORDERER-STREAM.1] Cut block `makeBlock(channel, chain length, hash of the last block or "")` and wake idle streams. */
export function cutBlock<S>(d: Draft<S>, channel: string): OrdererBlock {
  const current = ordererChannel(d, channel);
  const seq = current.blocks.size;
  const previousHash = vecLast(current.blocks)?.hash ?? '';
  const block = d.config.makeBlock(channel, seq, previousHash);
  const entry: OrdererBlock = { seq, block, hash: d.config.hashBlock(block) };
  const streams = new Map(current.streams);
  for (const [peer, stream] of current.streams) if (!stream.scheduled) streams.set(peer, wake(d, channel, peer, stream));
  putChannel(d, channel, { blocks: vecPush(current.blocks, entry), streams });
  d.emit({ k: 'cut', channel, seq, hash: entry.hash });
  return entry;
}

/**
 * [SIM-FUNC-ORDERER-STREAM.1] A stream event fired: the block to hand to the peer now, if the stream is still open and has
 * one; re-queues itself while the stream lags behind the chain.
 */
export function takeStreamBlock<S>(d: Draft<S>, peer: number, channel: string, streamId: number): OrdererBlock | undefined {
  const current = ordererChannel(d, channel);
  const stream = current.streams.get(peer);
  if (stream === undefined || stream.streamId !== streamId) return undefined;
  const block = vecGet(current.blocks, stream.nextSeq);
  if (block === undefined) {
    putStream(d, channel, peer, { ...stream, scheduled: false });
    return undefined;
  }
  let next: OrdererStream = { ...stream, nextSeq: stream.nextSeq + 1, scheduled: false };
  if (next.nextSeq < current.blocks.size) {
    d.scheduleEvent(d.nowMs, { kind: 'ordererStream', peer, channel, streamId });
    next = { ...next, scheduled: true };
  }
  putStream(d, channel, peer, next);
  return block;
}
