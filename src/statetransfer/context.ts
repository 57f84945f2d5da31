/** State transfer's context: what the requester tracks of its transfer and the responder of its queue. */
import { forkPrng, type PkiId, type Prng } from '../core';
import type { AdvertisedHeight, StateTransferStart } from './inputs';
import type { StateTransferParams } from './params';

/** One RemoteStateRequest in flight: [startSeq, endSeq] inclusive, to one peer, with its nonce. */
export interface OutstandingRequest {
  readonly to: PkiId;
  readonly nonce: bigint;
  readonly startSeq: number;
  readonly endSeq: number;
}

/** A transfer: one anti-entropy round (Fabric's requestBlocksInRange), batch by batch. */
export interface Transfer {
  /** The last seq the round fetches: the highest advertised height − 1 when the round began. */
  readonly lastSeq: number;
  /** The current batch's request (the latest attempt). */
  readonly request: OutstandingRequest;
  /** Sends of the current batch so far (1 = the first; at most maxRetries + 1). */
  readonly attempt: number;
}

/** A request the responder accepted: authorized, of a valid range. */
export interface ServeRequest {
  readonly from: PkiId;
  readonly nonce: bigint;
  readonly startSeq: number;
  readonly endSeq: number;
}

/** The request being served, waiting for LEDGER_READ with this correlation. */
export interface Reading extends ServeRequest { readonly correlation: number }

export interface StateTransferContext {
  readonly selfId: PkiId;
  readonly params: StateTransferParams;
  readonly prng: Prng;
  readonly ledgerHeight: number;
  readonly heights: readonly AdvertisedHeight[];
  readonly bufferSize: number;
  readonly transfer: Transfer | null;
  readonly reading: Reading | null;
  /** Accepted requests waiting for the one being read (Fabric's stateRequestCh). */
  readonly queue: readonly ServeRequest[];
  readonly nextCorrelation: number;
}

export const initialStateTransferContext = (input: StateTransferStart): StateTransferContext => ({
  selfId: input.selfId,
  params: input.params,
  prng: forkPrng(input.seed, 'statetransfer'),
  ledgerHeight: input.ledgerHeight,
  heights: [],
  bufferSize: 0,
  transfer: null,
  reading: null,
  queue: [],
  nextCorrelation: 0,
});
