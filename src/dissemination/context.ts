/** The per-channel chart's context and the internal event the reducer feeds it. */
import type { ChannelId } from '../core';
import type { BlockStore, StoredBlock } from './block-store';
import type { BlockFromOrderer, BlockReceived, BlocksFetched, BlocksPulled, DisseminationStart, DisseminationTimerEvent } from './inputs';
import type { DisseminationParams } from './params';
import type { PayloadBuffer } from './payload-buffer';
import type { BlockVerdict } from './verify-block';

export interface DisseminationContext {
  readonly channel: ChannelId;
  readonly params: DisseminationParams;
  /**
   * Seqs of the blocks accepted lately (Fabric's blockMsgStore), within maxBlockCountToStore,
   * expired ones included until they are purged ([DIS-FUNC-BLOCK-EXPIRATION.1]).
   */
  readonly store: BlockStore;
  /**
   * The envelopes of the stored seqs, ascending, one per seq of `store` ([DIS-FUNC-STORE-SERVES-PULL.1]),
   * each with the time it was added and whether it expired.
   */
  readonly blocks: readonly StoredBlock[];
  /** `buffer.next` is the ledger height: every block below it was committed, in order, once. */
  readonly buffer: PayloadBuffer;
}

export const initialDisseminationContext = (input: DisseminationStart): DisseminationContext => ({
  channel: input.channel,
  params: input.params,
  store: [],
  blocks: [],
  buffer: { next: input.ledgerHeight, payloads: [] },
});

/**
 * BLOCK_RECEIVED as the chart sees it: the reducer adds VerifyBlock's verdict (crypto is injected
 * into the reducer, not the chart). It is computed only when the cheaper rules before it pass
 * (Fabric checks the store before VerifyBlock), so a duplicate costs no signature check.
 */
export type CheckedBlockReceived = BlockReceived & {
  readonly verdict: BlockVerdict | undefined;
  /** How the block came: pushed (a DataMsg) or as one block of a taken pulled update ([DIS-FUNC-PULLED-NOT-FORWARDED.1]). */
  readonly via: 'push' | 'pull';
};

/** BLOCK_FROM_ORDERER as the chart sees it: with VerifyBlock's verdict for its claimed seq. */
export type CheckedBlockFromOrderer = BlockFromOrderer & { readonly verdict: BlockVerdict | undefined };

/**
 * BLOCKS_PULLED as the chart sees it: its blocks checked in order up to the first one failing
 * VerifyBlock (`rejection`, which drops the update), each as the BLOCK_RECEIVED it becomes if the
 * update is taken. Every verdict is computed against the state before the update, as Fabric
 * verifies every block before it stores any.
 */
export type CheckedBlocksPulled = BlocksPulled & {
  readonly checked: readonly CheckedBlockReceived[];
  readonly rejection: { readonly seq: number; readonly detail: string } | undefined;
};

export type DisseminationEvent = CheckedBlockFromOrderer | CheckedBlockReceived | CheckedBlocksPulled | BlocksFetched | DisseminationTimerEvent | { readonly type: 'STOP' };
