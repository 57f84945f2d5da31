/**
 * The ordering service: per channel, the chain of cut blocks and the peers holding a stream.
 * A stream is a cursor: it sends block 0, 1, 2, ... in order, one queued event at a time (so a
 * stream is FIFO whatever else happens), and goes idle when it has caught up; cutting a block
 * wakes idle streams. A peer cannot reach a channel's service during an outage
 * (setOrdererReachable: everyone at once) nor from the other side of a partition that places the
 * service in one group: its stream goes idle, blocks wait, and a stream that asked for it gives up
 * after its giveUpAfterMs of being cut off.
 * [SIM-FUNC-ORDERER-STREAM.1] [GEN-ASM-ORDERER-STREAM.1] [SIM-FUNC-ORDERER-OUTAGE.1] [SIM-FUNC-ORDERER-PARTITION.1]
 */
import type { Draft } from './draft';
import { onOrdererSide } from './network';
import { emptyVec, vecGet, vecLast, vecPush } from './pvec';
import type { OrdererBlock, OrdererChannel, OrdererStream } from './world';

const EMPTY_CHANNEL: OrdererChannel = { blocks: emptyVec(), streams: new Map(), reachable: true };

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

/**
 * [SIM-FUNC-ORDERER-OUTAGE.1] [SIM-FUNC-ORDERER-PARTITION.1] Whether the peer reaches the channel's
 * service now: no outage, and on the service's side of the partition (if it places the service).
 */
function reaches<S>(d: Draft<S>, current: OrdererChannel, peer: number): boolean {
  return current.reachable && onOrdererSide(d.partition, peer);
}

/** [SIM-FUNC-ORDERER-OUTAGE.1] The service just became (or already is) unreachable: a stream that can give up starts counting now. */
function armGiveUp<S>(d: Draft<S>, channel: string, peer: number, stream: OrdererStream): OrdererStream {
  if (stream.giveUpAfterMs === undefined || stream.giveUpAt !== undefined) return stream;
  const giveUpAt = d.scheduleEvent(d.nowMs + stream.giveUpAfterMs, { kind: 'ordererGiveUp', peer, channel, streamId: stream.streamId });
  return { ...stream, giveUpAt };
}

function disarmGiveUp<S>(d: Draft<S>, stream: OrdererStream): OrdererStream {
  if (stream.giveUpAt === undefined) return stream;
  d.unscheduleEvent(stream.giveUpAt);
  return { ...stream, giveUpAt: undefined };
}

/**
 * [SIM-FUNC-ORDERER-STREAM.1] connectOrderer: idempotent (a second connect keeps the open stream
 * and its giveUpAfterMs); a new stream starts at block 0. [SIM-FUNC-ORDERER-OUTAGE.1] Opened during
 * an outage, it delivers nothing and its give-up count starts now.
 */
export function connectOrderer<S>(d: Draft<S>, peer: number, channel: string, giveUpAfterMs: number | undefined): void {
  const current = ordererChannel(d, channel);
  if (current.streams.has(peer)) return;
  let stream: OrdererStream = { streamId: d.orderer.nextStreamId, nextSeq: 0, scheduled: false, giveUpAfterMs, giveUpAt: undefined };
  d.orderer = { ...d.orderer, nextStreamId: d.orderer.nextStreamId + 1 };
  if (!reaches(d, current, peer)) stream = armGiveUp(d, channel, peer, stream);
  else if (current.blocks.size > 0) stream = wake(d, channel, peer, stream);
  putStream(d, channel, peer, stream);
  d.emit({ k: 'ordererConnect', peer: d.nameOf(peer), channel, giveUpAfterMs: giveUpAfterMs ?? null });
}

/** [SIM-FUNC-ORDERER-STREAM.1] disconnectOrderer: idempotent; a queued stream (or give-up) event for the closed stream is ignored. */
export function disconnectOrderer<S>(d: Draft<S>, peer: number, channel: string): void {
  const stream = ordererChannel(d, channel).streams.get(peer);
  if (stream === undefined) return;
  disarmGiveUp(d, stream);
  putStream(d, channel, peer, undefined);
  d.emit({ k: 'ordererDisconnect', peer: d.nameOf(peer), channel });
}

/** [SIM-FUNC-CRASH.1] A crash closes every stream the peer held. */
export function dropOrdererStreams<S>(d: Draft<S>, peer: number): void {
  for (const [channel, value] of d.orderer.channels) if (value.streams.has(peer)) disconnectOrderer(d, peer, channel);
}

/** [SIM-FUNC-ORDERER-STREAM.1] Cut block `makeBlock(channel, chain length, hash of the last block or "")` and wake idle streams (not during an outage). */
export function cutBlock<S>(d: Draft<S>, channel: string): OrdererBlock {
  const current = ordererChannel(d, channel);
  const seq = current.blocks.size;
  const previousHash = vecLast(current.blocks)?.hash ?? '';
  const block = d.config.makeBlock(channel, seq, previousHash);
  const entry: OrdererBlock = { seq, block, hash: d.config.hashBlock(block) };
  const streams = new Map(current.streams);
  for (const [peer, stream] of current.streams) if (!stream.scheduled && reaches(d, current, peer)) streams.set(peer, wake(d, channel, peer, stream));
  putChannel(d, channel, { ...current, blocks: vecPush(current.blocks, entry), streams });
  d.emit({ k: 'cut', channel, seq, hash: entry.hash });
  return entry;
}

/**
 * [SIM-FUNC-ORDERER-OUTAGE.1] [SIM-FUNC-ORDERER-PARTITION.1] Bring every stream of the channel in
 * line with who reaches the service now: a stream cut off starts its give-up count (one already
 * counting keeps its start); one that reaches it again cancels the count and, when it lags behind
 * the chain and is idle, wakes to resume from its cursor, in order. A stream whose reach did not
 * change is left as it is (a reachable stream that lags is always scheduled), so nothing is queued.
 */
function resync<S>(d: Draft<S>, channel: string, current: OrdererChannel): void {
  const streams = new Map<number, OrdererStream>();
  for (const [peer, stream] of current.streams) {
    if (!reaches(d, current, peer)) streams.set(peer, armGiveUp(d, channel, peer, stream));
    else {
      const resumed = disarmGiveUp(d, stream);
      const lags = !resumed.scheduled && resumed.nextSeq < current.blocks.size;
      streams.set(peer, lags ? wake(d, channel, peer, resumed) : resumed);
    }
  }
  putChannel(d, channel, { ...current, streams });
}

/**
 * [SIM-FUNC-ORDERER-OUTAGE.1] Make the channel's ordering service (un)reachable. Going down starts
 * every give-up count; coming back cancels those of the peers that reach it again (on its side of
 * any partition) and wakes their idle streams that lag behind the chain. Returns false when nothing changed.
 */
export function setReachable<S>(d: Draft<S>, channel: string, reachable: boolean): boolean {
  const current = ordererChannel(d, channel);
  if (current.reachable === reachable) return false;
  resync(d, channel, { ...current, reachable });
  return true;
}

/**
 * [SIM-FUNC-ORDERER-PARTITION.1] The partition changed (set, moved or healed): every channel's
 * streams follow who reaches the service now. Call after `d.partition` is set.
 */
export function repartitionOrderer<S>(d: Draft<S>): void {
  for (const [channel, current] of d.orderer.channels) resync(d, channel, current);
}

/**
 * [SIM-FUNC-ORDERER-OUTAGE.1] [SIM-FUNC-ORDERER-PARTITION.1] A give-up event fired: when it is still
 * the stream's own and the peer still cannot reach the service, the stream closes (the peer must connect again) and the caller tells the
 * peer. The event was already taken off the queue.
 */
export function takeGiveUp<S>(d: Draft<S>, peer: number, channel: string, streamId: number): boolean {
  const current = ordererChannel(d, channel);
  const stream = current.streams.get(peer);
  if (stream === undefined || stream.streamId !== streamId || stream.giveUpAt === undefined || reaches(d, current, peer)) return false;
  putStream(d, channel, peer, undefined);
  d.emit({ k: 'ordererGaveUp', peer: d.nameOf(peer), channel });
  return true;
}

/**
 * [SIM-FUNC-ORDERER-STREAM.1] A stream event fired: the block to hand to the peer now, if the stream is still open and has
 * one; re-queues itself while the stream lags behind the chain. [SIM-FUNC-ORDERER-OUTAGE.1]
 * [SIM-FUNC-ORDERER-PARTITION.1] While the peer cannot reach the service (an outage, or the other
 * side of a partition) it hands nothing and goes idle; the block waits until the peer reaches it again.
 */
export function takeStreamBlock<S>(d: Draft<S>, peer: number, channel: string, streamId: number): OrdererBlock | undefined {
  const current = ordererChannel(d, channel);
  const stream = current.streams.get(peer);
  if (stream === undefined || stream.streamId !== streamId) return undefined;
  const block = reaches(d, current, peer) ? vecGet(current.blocks, stream.nextSeq) : undefined;
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
