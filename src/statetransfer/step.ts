/**
 * The state transfer reducer: createStateTransferReducer({ verifyBlock }) -> { init, step }.
 * The chart is crypto-free; the reducer adds VerifyBlock's verdict on every block of a state
 * response before the chart sees it ([STX-FUNC-RESPONSE-ACCEPTED.1]), and turns the chart's named
 * actions into outputs.
 */
import type { PkiId } from '../core';
import { machineReducer, type ChartState, type TimerOutput } from '../core/xstate-step';
import type { Block } from '../messages';
import type { FetchedParams, MetricParams, ReadLedgerParams, RejectParams, SendRequestParams, SendResponseParams } from './actions';
import type { ResponseVerdict, StatePayload, StateResponseReceived, StateTransferCommand, StateTransferEvent, StateTransferStart, StateTransferTimerEvent } from './inputs';
import { stateTransferMachine } from './machine';

/** RemoteStateRequest{startSeqNum, endSeqNum} with `nonce`, to `to` (tag CHAN_OR_ORG, this channel). */
export interface SendStateRequestOutput { readonly kind: 'sendStateRequest'; readonly to: PkiId; readonly nonce: bigint; readonly startSeq: number; readonly endSeq: number }
/** RemoteStateResponse{payloads} to `to`, echoing the request's nonce. */
export interface SendStateResponseOutput { readonly kind: 'sendStateResponse'; readonly to: PkiId; readonly nonce: bigint; readonly payloads: readonly StatePayload[] }
/** Ask the host's ledger for its blocks numbered in [startSeq, endSeq]; answer with LEDGER_READ{correlation}. */
export interface ReadLedgerOutput { readonly kind: 'readLedger'; readonly startSeq: number; readonly endSeq: number; readonly correlation: number }
/** Verified blocks of an accepted response, consecutive from the asked start: for the channel's payload buffer (blocking push). */
export interface BlocksFetchedOutput { readonly kind: 'blocksFetched'; readonly from: PkiId; readonly payloads: readonly StatePayload[] }
/** An inbound message or host answer dropped; `reason` is `stateTransfer.<why>`. */
export interface RejectedOutput { readonly kind: 'rejected'; readonly reason: string; readonly message: string }
export interface MetricOutput { readonly kind: 'metric'; readonly name: string; readonly value: number }

export type StateTransferMessageOutput = SendStateRequestOutput | SendStateResponseOutput | ReadLedgerOutput | BlocksFetchedOutput | RejectedOutput | MetricOutput;
export type StateTransferOutput = StateTransferMessageOutput | TimerOutput<StateTransferEvent>;
export type StateTransferState = ChartState<typeof stateTransferMachine>;
export type StateTransferStepResult = readonly [StateTransferState, readonly StateTransferOutput[]];

/** Fabric's MCSAdapter.VerifyBlock for this channel: the composition passes dissemination's verifyBlock, bound to its crypto and orderers. */
export type VerifyBlock = (seq: number, block: Block) => { readonly ok: true } | { readonly ok: false; readonly detail: string };

export interface StateTransferEnv { readonly verifyBlock: VerifyBlock }

export interface StateTransferReducer {
  init(input: StateTransferStart): StateTransferStepResult;
  step(state: StateTransferState, event: StateTransferCommand | StateTransferTimerEvent): StateTransferStepResult;
}

const chart = machineReducer<typeof stateTransferMachine, StateTransferMessageOutput>(stateTransferMachine, {
  sendStateRequest: (p: SendRequestParams): SendStateRequestOutput => ({ kind: 'sendStateRequest', to: p.to, nonce: p.nonce, startSeq: p.startSeq, endSeq: p.endSeq }),
  sendStateResponse: (p: SendResponseParams): SendStateResponseOutput => ({ kind: 'sendStateResponse', to: p.to, nonce: p.nonce, payloads: p.payloads }),
  readLedger: (p: ReadLedgerParams): ReadLedgerOutput => ({ kind: 'readLedger', startSeq: p.startSeq, endSeq: p.endSeq, correlation: p.correlation }),
  blocksFetched: (p: FetchedParams): BlocksFetchedOutput => ({ kind: 'blocksFetched', from: p.from, payloads: p.payloads }),
  rejected: (p: RejectParams): RejectedOutput => ({ kind: 'rejected', reason: p.reason, message: p.message }),
  metric: (p: MetricParams): MetricOutput => ({ kind: 'metric', name: p.name, value: p.value }),
});

/** [STX-FUNC-RESPONSE-ACCEPTED.1] VerifyBlock on every payload, in order; the first failure names the response's fate. */
function verdictOf(env: StateTransferEnv, event: StateResponseReceived): ResponseVerdict {
  for (const p of event.payloads) {
    const v = env.verifyBlock(p.seqNum, p.data);
    if (!v.ok) return { ok: false, detail: `Error verifying block with sequence number ${p.seqNum}: ${v.detail}` };
  }
  return { ok: true, detail: '' };
}

export function createStateTransferReducer(env: StateTransferEnv): StateTransferReducer {
  return {
    init: (input) => chart.init(input),
    step(state, event) {
      // Verification only matters for a response the chart could take; others skip the crypto.
      const checked: StateTransferEvent =
        event.type === 'STATE_RESPONSE_RECEIVED'
          ? { ...event, verdict: awaited(state, event) ? verdictOf(env, event) : { ok: false, detail: 'not verified: not awaited' } }
          : event;
      return chart.step(state, checked);
    },
  };
}

const awaited = (state: StateTransferState, e: StateResponseReceived): boolean => {
  const r = state.context.transfer?.request;
  return r !== undefined && e.authorized && e.from === r.to && e.nonce === r.nonce;
};

/** Where each region is: requester idle | requesting | awaitingBuffer, responder idle | reading, or stopped. */
export function stateTransferRegions(s: StateTransferState): { requester: string; responder: string } {
  const v = s.value as { running?: { requester?: string; responder?: string } } | string;
  if (typeof v === 'string') return { requester: v, responder: v };
  return { requester: v.running?.requester ?? 'none', responder: v.running?.responder ?? 'none' };
}
export const isStateTransferStopped = (s: StateTransferState): boolean => s.status === 'done';
