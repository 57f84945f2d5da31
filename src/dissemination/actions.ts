/** Named actions: context updates (store, buffer) and the params of the output actions. */
import { enqueueActions } from 'xstate';
import { addStoredBlock, expireBlocks as expireStored } from './block-store';
import type { CheckedBlockReceived, DisseminationContext, DisseminationEvent } from './context';
import type { DataEnvelope } from './inputs';
import { bufferSize, popReady, push, pushAll, pushRejection, readyRun, type BufferedPayload } from './payload-buffer';
import type { Block } from '../messages';

type Args = { context: DisseminationContext; event: DisseminationEvent };

/** The (seq, block) an event carries: the orderer's, or the pushed payload's claimed seq. */
function payloadOf(event: DisseminationEvent): BufferedPayload | undefined {
  if (event.type === 'BLOCK_FROM_ORDERER') return { seq: event.seq, block: event.block };
  if (event.type === 'BLOCK_RECEIVED') {
    const { seqNum, data } = event.envelope.payload.content.dataMsg.payload;
    return { seq: seqNum, block: data };
  }
  return undefined;
}

/**
 * [DIS-FUNC-ACCEPT-FORWARD.1] [DIS-FUNC-ORDERER-BLOCK.1] [DIS-FUNC-STORE-SERVES-PULL.1] Fabric's
 * blockMsgStore.Add (the orderer path ignores a refusal), keeping the envelope: the pushed one as
 * received, or for an orderer block the DataMessage the leader gossips.
 */
export function storeBlock({ context, event }: Args): Partial<DisseminationContext> {
  const p = payloadOf(event);
  if (p === undefined) return {};
  const envelope = event.type === 'BLOCK_RECEIVED' ? event.envelope : dataEnvelope(context.channel, p.seq, p.block);
  const addedAtMs = event.type === 'BLOCK_RECEIVED' || event.type === 'BLOCK_FROM_ORDERER' ? event.nowMs : 0;
  const { added, store, blocks } = addStoredBlock(context.store, context.blocks, context.params.maxBlockCountToStore, { seq: p.seq, envelope, addedAtMs });
  return added ? { store, blocks } : {};
}

/**
 * [DIS-FUNC-BLOCK-EXPIRATION.1] Fabric's expirationRoutine tick: one expireMessages pass at the
 * time of the fire (blocks older than blockExpirationInterval expire, expired ones older than
 * twice that are purged).
 */
export function expireBlocks({ context, event }: Args): Partial<DisseminationContext> {
  if (!('nowMs' in event)) return {};
  const { store, blocks } = expireStored(context.store, context.blocks, context.params.blockExpirationIntervalMs, event.nowMs);
  return blocks === context.blocks ? {} : { store, blocks };
}

/**
 * [DIS-FUNC-BUFFER-NONBLOCKING.1] [DIS-FUNC-ORDERER-BLOCK.1] Push into the payload buffer. The
 * window rule is the guards' business (the orderer path has none: Fabric's blocking add).
 */
export function bufferPayload({ context, event }: Args): Partial<DisseminationContext> {
  const p = payloadOf(event);
  if (p === undefined || pushRejection(context.buffer, p.seq) !== undefined) return {};
  return { buffer: push(context.buffer, p) };
}

/** [DIS-FUNC-COMMIT-IN-ORDER.1] Remove the consecutive run from the buffer; the height moves past it. */
export function popReadyPayloads({ context }: Args): Partial<DisseminationContext> {
  return { buffer: popReady(context.buffer) };
}

export interface CommitParams {
  readonly payloads: readonly BufferedPayload[];
}

/** Read before popReadyPayloads runs, after the push of the same step. */
export const commitParams = ({ context }: Args): CommitParams => ({ payloads: readyRun(context.buffer) });

export interface ForwardParams {
  readonly envelope: DataEnvelope;
  readonly excludePkiId: string;
}

export function forwardParams({ event }: Args): ForwardParams {
  const ev = event as CheckedBlockReceived;
  return { envelope: ev.envelope, excludePkiId: ev.fromPkiId };
}

export interface GossipParams {
  readonly envelope: DataEnvelope;
}

/** [DIS-MSG-DATA-MESSAGE.1] The leader's DataMessage; NoopSigned, as Fabric's blocks are. */
export function dataEnvelope(channel: string, seq: number, block: Block): DataEnvelope {
  return {
    payload: {
      nonce: 0n,
      channel,
      tag: 'CHAN_AND_ORG',
      content: { $case: 'dataMsg', dataMsg: { payload: { seqNum: seq, data: block, privateData: [] } } },
    },
    signature: '',
  };
}

export function gossipParams({ context, event }: Args): GossipParams {
  const p = payloadOf(event) as BufferedPayload;
  return { envelope: dataEnvelope(context.channel, p.seq, p.block) };
}

export interface LogParams {
  readonly level: 'debug' | 'info' | 'warn';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A log line naming the rule that dropped (or did not buffer) a pushed block. */
export const logParams = (level: LogParams['level'], rule: string, what: string) => ({ context, event }: Args): LogParams => {
  const ev = event as CheckedBlockReceived;
  const seq = ev.envelope.payload.content.dataMsg.payload.seqNum;
  const verdict = ev.verdict !== undefined && !ev.verdict.ok ? ev.verdict.detail : undefined;
  const detail = verdict ?? what;
  return {
    level,
    message: `${what}: block ${seq} from ${ev.fromPkiId} on channel ${context.channel}`,
    fields: { rule, seq, from: ev.fromPkiId, height: context.buffer.next, detail },
  };
};

/**
 * [DIS-FUNC-FETCHED-BLOCKS.1] Fetched blocks enter the payload buffer as Fabric's blocking add
 * pushes them: no window rule, Push's dedup only; never the block store (no forward, no pull).
 */
export function bufferFetched({ context, event }: Args): Partial<DisseminationContext> {
  if (event.type !== 'BLOCKS_FETCHED') return {};
  return { buffer: pushAll(context.buffer, event.blocks.map((b) => ({ seq: b.seq, block: b.block }))) };
}

export interface FetchedRefusalParams {
  readonly fromPkiId: string;
  readonly seqs: readonly number[];
  readonly bufferSize: number;
  readonly limit: number;
}

/** [DIS-FUNC-FETCHED-BLOCKS.1] What a refused batch was, and why (the buffer's size above its limit). */
export const fetchedRefusalParams = ({ context, event }: Args): FetchedRefusalParams => ({
  fromPkiId: event.type === 'BLOCKS_FETCHED' ? event.fromPkiId : '',
  seqs: event.type === 'BLOCKS_FETCHED' ? event.blocks.map((b) => b.seq) : [],
  bufferSize: bufferSize(context.buffer),
  limit: 2 * context.params.blockBufferSize,
});

export interface OrdererRejectionParams {
  readonly seq: number;
  readonly detail: string;
}

/** [DIS-FUNC-ORDERER-BLOCK-VERIFIED.1] Which orderer block failed VerifyBlock, and why. */
export const ordererRejectionParams = ({ event }: Args): OrdererRejectionParams => {
  if (event.type !== 'BLOCK_FROM_ORDERER') return { seq: -1, detail: '' };
  const detail = event.verdict !== undefined && !event.verdict.ok ? event.verdict.detail : 'not verified';
  return { seq: event.seq, detail };
};

export interface UpdateRejectionParams {
  readonly fromPkiId: string;
  readonly seq: number;
  readonly detail: string;
}

/** [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] The pulled update's first block failing VerifyBlock. */
export const updateRejectionParams = ({ event }: Args): UpdateRejectionParams =>
  event.type === 'BLOCKS_PULLED' && event.rejection !== undefined
    ? { fromPkiId: event.fromPkiId, seq: event.rejection.seq, detail: event.rejection.detail }
    : { fromPkiId: '', seq: -1, detail: '' };

/**
 * [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] A taken update: each of its blocks, already checked, goes
 * through the pushed-block rules (BLOCK_RECEIVED), one after the other in this step.
 */
export const takePulledUpdate = enqueueActions<DisseminationContext, DisseminationEvent, undefined, DisseminationEvent, never, never, never, never, never>(({ event, enqueue }) => {
  if (event.type !== 'BLOCKS_PULLED') return;
  for (const block of event.checked) enqueue.raise(block);
});
