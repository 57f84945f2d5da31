/**
 * What the dissemination chart accepts, one instance per channel per peer. The composition decodes
 * and tag-checks envelopes, routes them by channel and checks that the sender is of the peer's org
 * ([DIS-ASM-INPUTS.1]); the deliver client hands the leader's orderer blocks in order
 * ([DIS-ASM-ORDERER-STREAM.1]). Types come from the codecs.
 */
import * as t from 'io-ts';
import { BlockSeq, ChannelId, PkiId } from '../core';
import { NonNegativeInt, TimeMs } from '../core/numbers';
import { Uint64 } from '../core/peer-time';
import { Block, DataContent, envelopeOf } from '../messages';
import { DisseminationParams } from './params';

/** A GossipMessage envelope whose content is a DataMessage (a pushed block). */
export const DataEnvelope = envelopeOf(DataContent, 'DataEnvelope');
export type DataEnvelope = t.TypeOf<typeof DataEnvelope>;

/** This peer leads and its deliver client got a block (Fabric's GossipBlockHandler.HandleBlock). */
export const BlockFromOrderer = t.type(
  { type: t.literal('BLOCK_FROM_ORDERER'), nowMs: TimeMs, seq: BlockSeq, block: Block },
  'BlockFromOrderer',
);
/** A DataMessage pushed to us by a same-org peer (Fabric's GossipChannel.HandleMessage, data case). */
export const BlockReceived = t.type(
  { type: t.literal('BLOCK_RECEIVED'), nowMs: TimeMs, fromPkiId: PkiId, envelope: DataEnvelope },
  'BlockReceived',
);
/**
 * The blocks of one pulled DataUpdate, from a same-org peer (Fabric's GossipChannel.HandleMessage,
 * DataUpdate case): taken whole or not at all ([DIS-FUNC-PULLED-UPDATE-ATOMIC.1]). `nonce` is the
 * update's, echoed in the `pulledTaken` output so the pull engine hears of a taken update only.
 */
export const BlocksPulled = t.type(
  { type: t.literal('BLOCKS_PULLED'), nowMs: TimeMs, fromPkiId: PkiId, nonce: Uint64, envelopes: t.readonlyArray(DataEnvelope) },
  'BlocksPulled',
);
/** One block state transfer fetched: its seq and the block. */
export const FetchedBlock = t.type({ seq: BlockSeq, block: Block }, 'FetchedBlock');
export type FetchedBlock = t.TypeOf<typeof FetchedBlock>;
/**
 * The blocks of one state response that state transfer accepted (its `blocksFetched` output, each
 * payload as {seq: seqNum, block: data}), already verified there ([DIS-ASM-FETCHED-BLOCKS.1]):
 * Fabric's handleStateResponse → addPayload(blocking). Taken whole or refused whole
 * ([DIS-FUNC-FETCHED-BLOCKS.1]); `fromPkiId` is the peer that served them.
 */
export const BlocksFetched = t.type(
  { type: t.literal('BLOCKS_FETCHED'), nowMs: TimeMs, fromPkiId: PkiId, blocks: t.readonlyArray(FetchedBlock) },
  'BlocksFetched',
);
/** The channel is closed or the peer shuts down. */
export const DisseminationStop = t.type({ type: t.literal('STOP') }, 'DisseminationStop');

/** The expiry check's timer, as xstate names it (`after: { blockExpirationCheckInterval }`). */
export const BLOCK_EXPIRATION_TIMER_EVENT = 'xstate.after.blockExpirationCheckInterval.dissemination.active.expiring.waiting' as const;
/**
 * [DIS-FUNC-BLOCK-EXPIRATION.1] The expiry check's timer fired (Fabric's expirationRoutine tick):
 * the host adds the time of the fire.
 */
export const DisseminationTimerEvent = t.type({ type: t.literal(BLOCK_EXPIRATION_TIMER_EVENT), nowMs: TimeMs }, 'DisseminationTimerEvent');
export type DisseminationTimerEvent = t.TypeOf<typeof DisseminationTimerEvent>;

export const DisseminationCommand = t.union([BlockFromOrderer, BlockReceived, BlocksPulled, BlocksFetched, DisseminationStop, DisseminationTimerEvent], 'DisseminationCommand');
export type DisseminationCommand = t.TypeOf<typeof DisseminationCommand>;
export type BlockFromOrderer = t.TypeOf<typeof BlockFromOrderer>;
export type BlockReceived = t.TypeOf<typeof BlockReceived>;
export type BlocksPulled = t.TypeOf<typeof BlocksPulled>;
export type BlocksFetched = t.TypeOf<typeof BlocksFetched>;

/**
 * init input: the channel, the ledger height (the next block to commit) and the parameters.
 * Fabric's height is at least 1 (a joined peer holds the genesis block); our ledgers start empty
 * and block 0 comes from the ordering service, so 0 is allowed ([DIS-ASM-EMPTY-LEDGER.1]).
 */
export const DisseminationStart = t.type(
  { channel: ChannelId, ledgerHeight: NonNegativeInt, params: DisseminationParams },
  'DisseminationStart',
);
export type DisseminationStart = t.TypeOf<typeof DisseminationStart>;
