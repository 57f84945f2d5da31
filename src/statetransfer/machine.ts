/**
 * Fabric's GossipStateProvider anti-entropy and request serving (gossip/state/state.go) as a
 * statechart. See spec/statetransfer.md. Two regions run side by side: the requester (idle →
 * requesting, attempt by attempt and batch by batch → idle, with a pause while the payload buffer
 * is full) and the responder (idle → reading one request at a time, the rest queued). The chart is
 * crypto-free and never reads a ledger: VerifyBlock's verdict comes with the response event (the
 * reducer adds it), and blocks come from the host in LEDGER_READ.
 */
import { assign, setup } from 'xstate';
import * as A from './actions';
import { initialStateTransferContext, type StateTransferContext } from './context';
import * as G from './guards';
import type { StateTransferEvent, StateTransferStart } from './inputs';

const sendStateRequest = { type: 'sendStateRequest', params: A.sendRequestParams } as const;
const blocksFetched = { type: 'blocksFetched', params: A.fetchedParams } as const;
const fetchedMetric = { type: 'metric', params: A.fetchedMetricParams } as const;
const gaveUpMetric = { type: 'metric', params: A.gaveUpMetricParams } as const;
const readLedger = { type: 'readLedger', params: A.readLedgerParams } as const;
const sendStateResponse = { type: 'sendStateResponse', params: A.responseParams } as const;
const rejectIdleResponse = { type: 'rejected', params: A.responseMismatchParams } as const;
const rejectWrongResponse = { type: 'rejected', params: A.wrongResponseParams } as const;
const rejectBadResponse = { type: 'rejected', params: A.responseDefectParams } as const;
const rejectRequest = { type: 'rejected', params: A.requestRefusalParams } as const;
const rejectQueueFull = { type: 'rejected', params: A.queueFullParams } as const;
const rejectRead = { type: 'rejected', params: A.unexpectedReadParams } as const;

const ACCEPT = ['STX-FUNC-RESPONSE-ACCEPTED.1', 'STX-SAFE-ACCEPT-ONLY-AWAITED.1'];

export const stateTransferMachine = setup({
  types: {} as { context: StateTransferContext; events: StateTransferEvent; input: StateTransferStart },
  guards: {
    canStartRound: G.canStartRound,
    notAwaited: G.notAwaited,
    completesRound: G.completesRound,
    mustWaitForBuffer: G.mustWaitForBuffer,
    continuesRound: G.continuesRound,
    isUsableResponse: G.isUsableResponse,
    canRetry: G.canRetry,
    bufferFreedAndCoverable: G.bufferFreedAndCoverable,
    bufferFreed: G.bufferFreed,
    isRefusedRequest: G.isRefusedRequest,
    queueIsFull: G.queueIsFull,
    notAnsweringReading: G.notAnsweringReading,
    hasQueuedRequest: G.hasQueuedRequest,
  },
  actions: {
    updateLedgerHeight: assign(A.updateLedgerHeight),
    updateHeights: assign(A.updateHeights),
    updateBufferSize: assign(A.updateBufferSize),
    beginTransfer: assign(A.beginTransfer),
    advanceAfterResponse: assign(A.advanceAfterResponse),
    parkAfterResponse: assign(A.parkAfterResponse),
    resumeParked: assign(A.resumeParked),
    retryBatch: assign(A.retryBatch),
    endTransfer: assign(A.endTransfer),
    startReading: assign(A.startReading),
    enqueueRequest: assign(A.enqueueRequest),
    readNextQueued: assign(A.readNextQueued),
    sendStateRequest: (_args, _params: A.SendRequestParams) => undefined,
    blocksFetched: (_args, _params: A.FetchedParams) => undefined,
    readLedger: (_args, _params: A.ReadLedgerParams) => undefined,
    sendStateResponse: (_args, _params: A.SendResponseParams) => undefined,
    rejected: (_args, _params: A.RejectParams) => undefined,
    metric: (_args, _params: A.MetricParams) => undefined,
  },
  delays: {
    checkInterval: ({ context }) => context.params.checkIntervalMs,
    responseTimeout: ({ context }) => context.params.responseTimeoutMs,
  },
}).createMachine({
  id: 'statetransfer',
  description: 'Fetches missing blocks from channel peers in batches (anti-entropy) and serves their requests from the ledger.',
  context: ({ input }) => initialStateTransferContext(input),
  initial: 'running',
  states: {
    running: {
      type: 'parallel',
      description: 'The requester and the responder run side by side.',
      on: {
        LEDGER_HEIGHT: { actions: 'updateLedgerHeight', meta: { req: ['STX-FUNC-ANTI-ENTROPY-ROUND.1'] } },
        HEIGHTS_ADVERTISED: { actions: 'updateHeights', meta: { req: ['STX-FUNC-PEER-CHOICE.1'] } },
        STOP: { target: 'stopped', meta: { req: ['STX-FUNC-STOP.1'] } },
      },
      states: {
        requester: {
          description: 'Every checkInterval, when behind, fetch up to the highest advertised height, batch by batch.',
          initial: 'idle',
          on: {
            BUFFER_SIZE: { actions: 'updateBufferSize', meta: { req: ['STX-FUNC-BUFFER-WAIT.1'] } },
          },
          states: {
            idle: {
              description: 'No transfer: responses are dropped.',
              meta: { req: ['STX-SAFE-ACCEPT-ONLY-AWAITED.1'] },
              on: {
                STATE_RESPONSE_RECEIVED: { actions: rejectIdleResponse, meta: { req: ACCEPT } },
              },
              after: {
                checkInterval: [
                  {
                    guard: 'canStartRound',
                    target: 'requesting',
                    actions: ['beginTransfer', sendStateRequest],
                    meta: { req: ['STX-FUNC-ANTI-ENTROPY-ROUND.1', 'STX-FUNC-BATCH-RANGE.1', 'STX-FUNC-PEER-CHOICE.1', 'STX-FUNC-BUFFER-WAIT.1'] },
                  },
                  { target: 'idle', reenter: true, meta: { req: ['STX-FUNC-ANTI-ENTROPY-ROUND.1'] } },
                ],
              },
            },
            requesting: {
              description: 'One request outstanding; only its peer\u2019s response with its nonce counts, for responseTimeout.',
              meta: { req: ['STX-FUNC-RESPONSE-ACCEPTED.1', 'STX-SAFE-ACCEPT-ONLY-AWAITED.1', 'STX-LIVE-CATCH-UP.1'] },
              on: {
                STATE_RESPONSE_RECEIVED: [
                  { guard: 'notAwaited', actions: rejectWrongResponse, meta: { req: ACCEPT } },
                  { guard: 'completesRound', target: 'idle', actions: [blocksFetched, fetchedMetric, 'endTransfer'], meta: { req: [...ACCEPT, 'STX-FUNC-BATCH-RANGE.1'] } },
                  { guard: 'mustWaitForBuffer', target: 'awaitingBuffer', actions: [blocksFetched, fetchedMetric, 'parkAfterResponse'], meta: { req: [...ACCEPT, 'STX-FUNC-BUFFER-WAIT.1'] } },
                  { guard: 'continuesRound', target: 'requesting', reenter: true, actions: [blocksFetched, fetchedMetric, 'advanceAfterResponse', sendStateRequest], meta: { req: [...ACCEPT, 'STX-FUNC-BATCH-RANGE.1', 'STX-FUNC-PEER-CHOICE.1'] } },
                  { guard: 'isUsableResponse', target: 'idle', actions: [blocksFetched, fetchedMetric, 'endTransfer'], meta: { req: [...ACCEPT, 'STX-FUNC-PEER-CHOICE.1'] } },
                  { guard: 'canRetry', target: 'requesting', reenter: true, actions: [rejectBadResponse, 'retryBatch', sendStateRequest], meta: { req: [...ACCEPT, 'STX-FUNC-RETRY.1'] } },
                  { target: 'idle', actions: [rejectBadResponse, gaveUpMetric, 'endTransfer'], meta: { req: [...ACCEPT, 'STX-FUNC-RETRY.1'] } },
                ],
              },
              after: {
                responseTimeout: [
                  { guard: 'canRetry', target: 'requesting', reenter: true, actions: ['retryBatch', sendStateRequest], meta: { req: ['STX-FUNC-RETRY.1', 'STX-FUNC-PEER-CHOICE.1'] } },
                  { target: 'idle', actions: [gaveUpMetric, 'endTransfer'], meta: { req: ['STX-FUNC-RETRY.1'] } },
                ],
              },
            },
            awaitingBuffer: {
              description: 'The payload buffer holds 2 × blockBufferSize: the next batch waits for room; no request is outstanding.',
              meta: { req: ['STX-FUNC-BUFFER-WAIT.1', 'STX-SAFE-ACCEPT-ONLY-AWAITED.1'] },
              on: {
                STATE_RESPONSE_RECEIVED: { actions: rejectIdleResponse, meta: { req: ACCEPT } },
                BUFFER_SIZE: [
                  { guard: 'bufferFreedAndCoverable', target: 'requesting', actions: ['updateBufferSize', 'resumeParked', sendStateRequest], meta: { req: ['STX-FUNC-BUFFER-WAIT.1', 'STX-FUNC-PEER-CHOICE.1'] } },
                  { guard: 'bufferFreed', target: 'idle', actions: ['updateBufferSize', 'endTransfer'], meta: { req: ['STX-FUNC-BUFFER-WAIT.1', 'STX-FUNC-PEER-CHOICE.1'] } },
                  { actions: 'updateBufferSize', meta: { req: ['STX-FUNC-BUFFER-WAIT.1'] } },
                ],
              },
            },
          },
        },
        responder: {
          description: 'Serves authorized, valid state requests one at a time from the ledger; channelSize more may wait.',
          initial: 'idle',
          states: {
            idle: {
              description: 'Nothing being read.',
              on: {
                STATE_REQUEST_RECEIVED: [
                  { guard: 'isRefusedRequest', actions: rejectRequest, meta: { req: ['STX-FUNC-SERVE-ADMISSION.1', 'STX-FUNC-REQUEST-VALIDATION.1', 'STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1'] } },
                  { target: 'reading', actions: ['startReading', readLedger], meta: { req: ['STX-FUNC-SERVE-ONE-AT-A-TIME.1', 'STX-FUNC-SERVE-ADMISSION.1'] } },
                ],
                LEDGER_READ: { actions: rejectRead, meta: { req: ['STX-FUNC-SERVE-RESPONSE.1'] } },
              },
            },
            reading: {
              description: 'One request read from the ledger; later ones queue (channelSize at most, the rest dropped).',
              meta: { req: ['STX-FUNC-SERVE-ONE-AT-A-TIME.1'] },
              on: {
                STATE_REQUEST_RECEIVED: [
                  { guard: 'isRefusedRequest', actions: rejectRequest, meta: { req: ['STX-FUNC-SERVE-ADMISSION.1', 'STX-FUNC-REQUEST-VALIDATION.1', 'STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1'] } },
                  { guard: 'queueIsFull', actions: rejectQueueFull, meta: { req: ['STX-FUNC-SERVE-ONE-AT-A-TIME.1'] } },
                  { actions: 'enqueueRequest', meta: { req: ['STX-FUNC-SERVE-ONE-AT-A-TIME.1'] } },
                ],
                LEDGER_READ: [
                  { guard: 'notAnsweringReading', actions: rejectRead, meta: { req: ['STX-FUNC-SERVE-RESPONSE.1'] } },
                  { guard: 'hasQueuedRequest', target: 'reading', reenter: true, actions: [sendStateResponse, 'readNextQueued', readLedger], meta: { req: ['STX-FUNC-SERVE-RESPONSE.1', 'STX-SAFE-SERVED-WITHIN-REQUEST.1', 'STX-FUNC-SERVE-ONE-AT-A-TIME.1'] } },
                  { target: 'idle', actions: [sendStateResponse, 'readNextQueued'], meta: { req: ['STX-FUNC-SERVE-RESPONSE.1', 'STX-SAFE-SERVED-WITHIN-REQUEST.1'] } },
                ],
              },
            },
          },
        },
      },
    },
    stopped: {
      description: 'Stopped: no request, no answer, no timer.',
      type: 'final',
      meta: { req: ['STX-FUNC-STOP.1'] },
    },
  },
});
