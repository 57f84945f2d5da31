/**
 * What state transfer accepts, one instance per channel per peer. The composition decodes
 * RemoteStateRequest / RemoteStateResponse messages of the channel, attributes them to the sender's
 * PKI-ID from the connection and decides `authorized` with the channel's Readers policy; it reports
 * the ledger height, the heights channel peers advertise and the payload buffer's size, and answers
 * each `readLedger` with LEDGER_READ ([STX-ASM-INPUTS.1], [STX-ASM-LEDGER.1]). Types come from the codecs.
 */
import * as t from 'io-ts';
import { PkiId } from '../core';
import { NonNegativeInt, PositiveInt, TimeMs } from '../core/numbers';
import { Uint64 } from '../core/peer-time';
import { Block, Payload } from '../messages';
import { StateTransferParams } from './params';

/** A block as state responses carry it: Fabric's Payload{seqNum, data, privateData}. */
export type StatePayload = t.TypeOf<typeof Payload>;

/** This peer's ledger height for the channel (after each commit; Fabric's ledger.LedgerHeight()). */
export const LedgerHeight = t.type({ type: t.literal('LEDGER_HEIGHT'), height: PositiveInt }, 'LedgerHeight');

/** One channel peer's advertised ledger height (its StateInfo properties.ledger_height). */
export const AdvertisedHeight = t.type({ pkiId: PkiId, height: NonNegativeInt }, 'AdvertisedHeight');
export type AdvertisedHeight = t.TypeOf<typeof AdvertisedHeight>;
/** The channel peers with properties and their heights (Fabric's PeersOfChannel; peers without properties left out). */
export const HeightsAdvertised = t.type({ type: t.literal('HEIGHTS_ADVERTISED'), peers: t.readonlyArray(AdvertisedHeight) }, 'HeightsAdvertised');

/** How many blocks the channel's payload buffer holds now (Fabric's payloads.Size()). */
export const BufferSize = t.type({ type: t.literal('BUFFER_SIZE'), size: NonNegativeInt }, 'BufferSize');

/** A RemoteStateRequest{startSeqNum, endSeqNum} from `from`; `authorized`: it passes the channel's Readers policy. */
export const StateRequestReceived = t.type(
  { type: t.literal('STATE_REQUEST_RECEIVED'), nowMs: TimeMs, from: PkiId, nonce: Uint64, authorized: t.boolean, startSeq: NonNegativeInt, endSeq: NonNegativeInt },
  'StateRequestReceived',
);
export type StateRequestReceived = t.TypeOf<typeof StateRequestReceived>;

/** A RemoteStateResponse{payloads} from `from`; `authorized` as for requests (Fabric filters both). */
export const StateResponseReceived = t.type(
  { type: t.literal('STATE_RESPONSE_RECEIVED'), nowMs: TimeMs, from: PkiId, nonce: Uint64, authorized: t.boolean, payloads: t.readonlyArray(Payload) },
  'StateResponseReceived',
);
export type StateResponseReceived = t.TypeOf<typeof StateResponseReceived>;

/** The host's answer to `readLedger{correlation}`: the blocks its ledger holds in the asked range. */
export const LedgerRead = t.type({ type: t.literal('LEDGER_READ'), correlation: NonNegativeInt, blocks: t.readonlyArray(Block) }, 'LedgerRead');
export type LedgerRead = t.TypeOf<typeof LedgerRead>;

export const StateTransferStop = t.type({ type: t.literal('STOP') }, 'StateTransferStop');

export const StateTransferCommand = t.union(
  [LedgerHeight, HeightsAdvertised, BufferSize, StateRequestReceived, StateResponseReceived, LedgerRead, StateTransferStop],
  'StateTransferCommand',
);
export type StateTransferCommand = t.TypeOf<typeof StateTransferCommand>;

/** The timers' events, as xstate names them for `after: { <delay> }` on each state. */
export const CHECK_INTERVAL_EVENT = 'xstate.after.checkInterval.statetransfer.running.requester.idle';
export const RESPONSE_TIMEOUT_EVENT = 'xstate.after.responseTimeout.statetransfer.running.requester.requesting';
export const StateTransferTimerEvent = t.union(
  [t.type({ type: t.literal(CHECK_INTERVAL_EVENT) }), t.type({ type: t.literal(RESPONSE_TIMEOUT_EVENT) })],
  'StateTransferTimerEvent',
);
export type StateTransferTimerEvent = t.TypeOf<typeof StateTransferTimerEvent>;

/** What first failed VerifyBlock in a response (added by the reducer before the chart sees it). */
export interface ResponseVerdict { readonly ok: boolean; readonly detail: string }
/** STATE_RESPONSE_RECEIVED with the reducer's verdict on its blocks; the chart is crypto-free. */
export type CheckedStateResponse = StateResponseReceived & { readonly verdict: ResponseVerdict };

export type StateTransferEvent =
  | Exclude<StateTransferCommand, StateResponseReceived>
  | CheckedStateResponse
  | StateTransferTimerEvent;

/**
 * init input: this peer, a seed for its own PRNG stream, the parameters, the ledger height at start
 * (a Fabric peer joins with the genesis block, so ≥ 1 there; 0 where a host joins before block 0).
 */
export const StateTransferStart = t.type(
  { selfId: PkiId, seed: t.number, params: StateTransferParams, ledgerHeight: NonNegativeInt },
  'StateTransferStart',
);
export type StateTransferStart = t.TypeOf<typeof StateTransferStart>;
