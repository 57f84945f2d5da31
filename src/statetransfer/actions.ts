/** Named actions: context updates and the params of the output actions. */
import type { PkiId } from '../core';
import type { Block } from '../messages';
import type { OutstandingRequest, StateTransferContext, Transfer } from './context';
import { nextStartAfter, requestRefusal, responseDefect, responseMismatch } from './guards';
import type { CheckedStateResponse, StatePayload, StateTransferEvent } from './inputs';
import { batchEnd, maxAdvertisedHeight, planRequest } from './ranges';

type Args = { context: StateTransferContext; event: StateTransferEvent };

export const updateLedgerHeight = ({ event }: Args): Partial<StateTransferContext> => (event.type === 'LEDGER_HEIGHT' ? { ledgerHeight: event.height } : {});
export const updateHeights = ({ event }: Args): Partial<StateTransferContext> => (event.type === 'HEIGHTS_ADVERTISED' ? { heights: event.peers } : {});
export const updateBufferSize = ({ event }: Args): Partial<StateTransferContext> => (event.type === 'BUFFER_SIZE' ? { bufferSize: event.size } : {});

/** Plan the batch [startSeq, …] of `transfer`'s round; the guards made sure a peer covers it. */
function planBatch(context: StateTransferContext, startSeq: number, lastSeq: number, previousNonce: bigint | undefined): Partial<StateTransferContext> {
  const planned = planRequest(context, startSeq, batchEnd(startSeq, lastSeq, context.params.batchSize), previousNonce);
  if (planned === undefined) return { transfer: null };
  return { prng: planned.prng, transfer: { lastSeq, request: planned.request, attempt: 1 } };
}

/** [STX-FUNC-ANTI-ENTROPY-ROUND.1] Begin a round from our height to the highest advertised height − 1. */
export const beginTransfer = ({ context }: Args): Partial<StateTransferContext> =>
  planBatch(context, context.ledgerHeight, maxAdvertisedHeight(context) - 1, undefined);

/** [STX-FUNC-BATCH-RANGE.1] After an usable response: the next batch starts after its last block. */
export function advanceAfterResponse({ context, event }: Args): Partial<StateTransferContext> {
  const t = context.transfer;
  if (t === null || event.type !== 'STATE_RESPONSE_RECEIVED') return {};
  return planBatch(context, nextStartAfter(event), t.lastSeq, t.request.nonce);
}

/** [STX-FUNC-BUFFER-WAIT.1] Park the round: remember where the next batch starts (no request outstanding). */
export function parkAfterResponse({ context, event }: Args): Partial<StateTransferContext> {
  const t = context.transfer;
  if (t === null || event.type !== 'STATE_RESPONSE_RECEIVED') return {};
  const start = nextStartAfter(event);
  const parked: Transfer = { ...t, request: { ...t.request, startSeq: start, endSeq: batchEnd(start, t.lastSeq, context.params.batchSize) }, attempt: 0 };
  return { transfer: parked };
}

/** [STX-FUNC-BUFFER-WAIT.1] The buffer has room: plan the parked batch. */
export function resumeParked({ context }: Args): Partial<StateTransferContext> {
  const t = context.transfer;
  return t === null ? {} : planBatch(context, t.request.startSeq, t.lastSeq, t.request.nonce);
}

/** [STX-FUNC-RETRY.1] Send the batch again, to a random covering peer, with a fresh nonce. */
export function retryBatch({ context }: Args): Partial<StateTransferContext> {
  const t = context.transfer;
  if (t === null) return {};
  const planned = planRequest(context, t.request.startSeq, t.request.endSeq, t.request.nonce);
  if (planned === undefined) return { transfer: null };
  return { prng: planned.prng, transfer: { ...t, request: planned.request, attempt: t.attempt + 1 } };
}

/** [STX-FUNC-RETRY.1] [STX-FUNC-BATCH-RANGE.1] The round is over (done, or given up). */
export const endTransfer = (): Partial<StateTransferContext> => ({ transfer: null });

/** [STX-FUNC-SERVE-ONE-AT-A-TIME.1] Serve this request now: ask the host for its blocks. */
export function startReading({ context, event }: Args): Partial<StateTransferContext> {
  if (event.type !== 'STATE_REQUEST_RECEIVED') return {};
  const { from, nonce, startSeq, endSeq } = event;
  return { reading: { from, nonce, startSeq, endSeq, correlation: context.nextCorrelation }, nextCorrelation: context.nextCorrelation + 1 };
}

/** [STX-FUNC-SERVE-ONE-AT-A-TIME.1] Queue this request behind the one being read. */
export function enqueueRequest({ context, event }: Args): Partial<StateTransferContext> {
  if (event.type !== 'STATE_REQUEST_RECEIVED') return {};
  const { from, nonce, startSeq, endSeq } = event;
  return { queue: [...context.queue, { from, nonce, startSeq, endSeq }] };
}

/** [STX-FUNC-SERVE-ONE-AT-A-TIME.1] The read is answered: serve the oldest queued request next, if any. */
export function readNextQueued({ context }: Args): Partial<StateTransferContext> {
  const [head, ...rest] = context.queue;
  if (head === undefined) return { reading: null };
  return { reading: { ...head, correlation: context.nextCorrelation }, nextCorrelation: context.nextCorrelation + 1, queue: rest };
}

export type SendRequestParams = OutstandingRequest;
export const sendRequestParams = ({ context }: Args): SendRequestParams => context.transfer?.request as OutstandingRequest;

export interface FetchedParams { readonly from: PkiId; readonly payloads: readonly StatePayload[] }
export const fetchedParams = ({ event }: Args): FetchedParams => {
  const e = event as CheckedStateResponse;
  return { from: e.from, payloads: e.payloads };
};

export interface ReadLedgerParams { readonly startSeq: number; readonly endSeq: number; readonly correlation: number }
export const readLedgerParams = ({ context }: Args): ReadLedgerParams => {
  const r = context.reading;
  return r === null ? { startSeq: 0, endSeq: -1, correlation: -1 } : { startSeq: r.startSeq, endSeq: r.endSeq, correlation: r.correlation };
};

export interface SendResponseParams { readonly to: PkiId; readonly nonce: bigint; readonly payloads: readonly StatePayload[] }
/**
 * [STX-FUNC-SERVE-RESPONSE.1] [STX-SAFE-SERVED-WITHIN-REQUEST.1] The blocks the host read, kept only
 * if numbered inside the request's range, once each, in order; Fabric's Payload{seqNum, data}.
 */
export function responseParams({ context, event }: Args): SendResponseParams {
  const r = context.reading;
  const blocks: readonly Block[] = event.type === 'LEDGER_READ' ? event.blocks : [];
  if (r === null) return { to: context.selfId, nonce: 0n, payloads: [] };
  const bySeq = new Map<number, Block>();
  for (const b of blocks) {
    const n = b.header.number;
    if (n >= r.startSeq && n <= r.endSeq && !bySeq.has(n)) bySeq.set(n, b);
  }
  const payloads = [...bySeq.keys()].sort((a, b) => a - b).map((seqNum) => ({ seqNum, data: bySeq.get(seqNum) as Block, privateData: [] }));
  return { to: r.from, nonce: r.nonce, payloads };
}

export interface RejectParams { readonly reason: string; readonly message: string }
export const responseMismatchParams = ({ context, event }: Args): RejectParams =>
  responseMismatch(context, event, false) ?? { reason: 'stateTransfer.noTransfer', message: 'state response while no request is outstanding' };
export const wrongResponseParams = ({ context, event }: Args): RejectParams =>
  responseMismatch(context, event, true) ?? { reason: 'stateTransfer.noTransfer', message: 'unexpected state response' };
export const responseDefectParams = ({ context, event }: Args): RejectParams =>
  (event.type === 'STATE_RESPONSE_RECEIVED' ? responseDefect(context, event) : undefined) ?? { reason: 'stateTransfer.badResponse', message: 'unusable state response' };
export const requestRefusalParams = ({ context, event }: Args): RejectParams =>
  requestRefusal(context, event) ?? { reason: 'stateTransfer.badRange', message: 'refused state request' };
export const queueFullParams = ({ context, event }: Args): RejectParams => ({
  reason: 'stateTransfer.requestQueueFull',
  message: `state request from ${event.type === 'STATE_REQUEST_RECEIVED' ? event.from : '?'} dropped: ${context.params.channelSize} requests already wait`,
});
export const unexpectedReadParams = ({ event }: Args): RejectParams => ({
  reason: 'stateTransfer.unexpectedLedgerRead',
  message: `ledger read ${event.type === 'LEDGER_READ' ? event.correlation : '?'} answers no read in progress`,
});

export interface MetricParams { readonly name: string; readonly value: number }
export const fetchedMetricParams = ({ event }: Args): MetricParams => ({
  name: 'stateTransfer.blocksFetched',
  value: event.type === 'STATE_RESPONSE_RECEIVED' ? event.payloads.length : 0,
});
export const gaveUpMetricParams = (): MetricParams => ({ name: 'stateTransfer.roundsGivenUp', value: 1 });
