/** One predicate per spec condition (spec/statetransfer.md), each citing its requirement. */
import type { StateTransferContext } from './context';
import type { CheckedStateResponse, StateTransferEvent } from './inputs';
import { bufferBlockingSize } from './params';
import { batchEnd, maxAdvertisedHeight, peersCovering, requestRangeError, responseShapeError } from './ranges';

type Args = { context: StateTransferContext; event: StateTransferEvent };

/** [STX-FUNC-BUFFER-WAIT.1] A batch may be asked for only while the payload buffer holds fewer than 2 × blockBufferSize. */
export const bufferHasRoom = (context: StateTransferContext, size = context.bufferSize): boolean => size < bufferBlockingSize(context.params);

const coverable = (context: StateTransferContext, startSeq: number, lastSeq: number): boolean =>
  peersCovering(context.heights, context.selfId, batchEnd(startSeq, lastSeq, context.params.batchSize)).length > 0;

/**
 * [STX-FUNC-ANTI-ENTROPY-ROUND.1] [STX-FUNC-BUFFER-WAIT.1] At checkInterval: behind the highest
 * advertised height, the buffer has room, and some peer covers the first batch.
 */
export const canStartRound = ({ context }: Args): boolean => {
  const max = maxAdvertisedHeight(context);
  return context.ledgerHeight < max && bufferHasRoom(context) && coverable(context, context.ledgerHeight, max - 1);
};

/**
 * [STX-FUNC-RESPONSE-ACCEPTED.1] Why a response is not the one awaited, or undefined: it must be
 * authorized, arrive while a request is outstanding, come from the peer asked, carry its nonce.
 */
export function responseMismatch(context: StateTransferContext, event: StateTransferEvent, requesting: boolean): { reason: string; message: string } | undefined {
  if (event.type !== 'STATE_RESPONSE_RECEIVED') return { reason: 'stateTransfer.noTransfer', message: 'not a state response' };
  if (!event.authorized) return { reason: 'stateTransfer.unauthorized', message: `state response from ${event.from}, which fails the channel's read policy` };
  const request = context.transfer?.request;
  if (!requesting || request === undefined) return { reason: 'stateTransfer.noTransfer', message: `state response from ${event.from} while no request is outstanding` };
  if (event.from !== request.to) return { reason: 'stateTransfer.wrongPeer', message: `state response from ${event.from}, but ${request.to} was asked` };
  if (event.nonce !== request.nonce) return { reason: 'stateTransfer.wrongNonce', message: `state response from ${event.from} with nonce ${event.nonce}, expected ${request.nonce}` };
  return undefined;
}

/** [STX-SAFE-ACCEPT-ONLY-AWAITED.1] Not the response awaited: dropped, the request stays outstanding. */
export const notAwaited = ({ context, event }: Args): boolean => responseMismatch(context, event, true) !== undefined;

/** [STX-FUNC-RESPONSE-ACCEPTED.1] Why an awaited response's blocks are not taken (shape, then VerifyBlock), or undefined. */
export function responseDefect(context: StateTransferContext, event: CheckedStateResponse): { reason: string; message: string } | undefined {
  const request = context.transfer?.request;
  if (request === undefined) return { reason: 'stateTransfer.noTransfer', message: 'no request outstanding' };
  const shape = responseShapeError(request, event.payloads);
  if (shape !== undefined) return { reason: 'stateTransfer.badResponse', message: `state response from ${event.from}: ${shape}` };
  if (!event.verdict.ok) return { reason: 'stateTransfer.blockInvalid', message: `state response from ${event.from} dropped: ${event.verdict.detail}` };
  return undefined;
}

const usable = (context: StateTransferContext, event: StateTransferEvent): event is CheckedStateResponse =>
  event.type === 'STATE_RESPONSE_RECEIVED' && responseMismatch(context, event, true) === undefined && responseDefect(context, event) === undefined;

/** The first seq after an usable response's blocks. */
export const nextStartAfter = (event: CheckedStateResponse): number => (event.payloads[event.payloads.length - 1]?.seqNum ?? -1) + 1;

/** [STX-FUNC-BATCH-RANGE.1] An usable response that reaches the round's last seq. */
export const completesRound = ({ context, event }: Args): boolean =>
  usable(context, event) && context.transfer !== null && nextStartAfter(event) > context.transfer.lastSeq;

/**
 * [STX-FUNC-BUFFER-WAIT.1] An usable response, more to fetch (checked after completesRound), and the
 * buffer full once the response's blocks are in it (the host reports that size only after this step).
 */
export const mustWaitForBuffer = ({ context, event }: Args): boolean =>
  usable(context, event) && !bufferHasRoom(context, context.bufferSize + event.payloads.length);

/** [STX-FUNC-BATCH-RANGE.1] An usable response, more to fetch, and a peer covers the next batch. */
export const continuesRound = ({ context, event }: Args): boolean =>
  usable(context, event) && context.transfer !== null && coverable(context, nextStartAfter(event), context.transfer.lastSeq);

export const isUsableResponse = ({ context, event }: Args): boolean => usable(context, event);

/** [STX-FUNC-RETRY.1] The batch has been sent fewer than maxRetries + 1 times and a peer covers it. */
export const canRetry = ({ context }: Args): boolean => {
  const t = context.transfer;
  if (t === null || t.attempt >= context.params.maxRetries + 1) return false;
  return peersCovering(context.heights, context.selfId, t.request.endSeq).length > 0;
};

/** [STX-FUNC-BUFFER-WAIT.1] The buffer reported room again, and a peer covers the next batch. */
export const bufferFreedAndCoverable = ({ context, event }: Args): boolean =>
  event.type === 'BUFFER_SIZE' && bufferHasRoom(context, event.size) && context.transfer !== null &&
  coverable(context, context.transfer.request.startSeq, context.transfer.lastSeq);

export const bufferFreed = ({ context, event }: Args): boolean => event.type === 'BUFFER_SIZE' && bufferHasRoom(context, event.size);

/** [STX-FUNC-SERVE-ADMISSION.1] Why a state request is refused (read policy, then Fabric's range check), or undefined. */
export function requestRefusal(context: StateTransferContext, event: StateTransferEvent): { reason: string; message: string } | undefined {
  if (event.type !== 'STATE_REQUEST_RECEIVED') return { reason: 'stateTransfer.badRange', message: 'not a state request' };
  if (!event.authorized) return { reason: 'stateTransfer.unauthorized', message: `Got unauthorized request from ${event.from}` };
  const rangeError = requestRangeError(event.startSeq, event.endSeq, context.params.batchSize);
  if (rangeError !== undefined) return { reason: 'stateTransfer.badRange', message: `State request validation failed, ${rangeError} Ignoring request...` };
  return undefined;
}

export const isRefusedRequest = ({ context, event }: Args): boolean => requestRefusal(context, event) !== undefined;

/** [STX-FUNC-SERVE-ONE-AT-A-TIME.1] channelSize requests already wait behind the one being read. */
export const queueIsFull = ({ context }: Args): boolean => context.queue.length >= context.params.channelSize;

/** [STX-FUNC-SERVE-RESPONSE.1] LEDGER_READ answers the read in progress. */
export const notAnsweringReading = ({ context, event }: Args): boolean =>
  !(event.type === 'LEDGER_READ' && context.reading !== null && event.correlation === context.reading.correlation);

export const hasQueuedRequest = ({ context }: Args): boolean => context.queue.length > 0;
