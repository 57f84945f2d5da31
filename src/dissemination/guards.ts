/** One predicate per spec condition (spec/dissemination.md), each citing its requirement. */
import { checkValid } from './block-store';
import type { CheckedBlockReceived, DisseminationContext, DisseminationEvent } from './context';
import { mustRefuseFetched, nonBlockingRejection } from './payload-buffer';
import type { BlockRejection } from './verify-block';

type Args = { context: DisseminationContext; event: DisseminationEvent };

const received = (event: DisseminationEvent): CheckedBlockReceived | undefined => (event.type === 'BLOCK_RECEIVED' ? event : undefined);
const claimedSeq = (event: CheckedBlockReceived): number => event.envelope.payload.content.dataMsg.payload.seqNum;

/** [DIS-FUNC-CHANNEL.1] the message names another channel than this instance's. */
export const isForOtherChannel = ({ context, event }: Args): boolean => received(event)?.envelope.payload.channel !== context.channel;

/** [DIS-FUNC-STORE-WINDOW.1] Fabric's blockMsgStore.CheckValid fails: a duplicate, or too old for the window. */
export const isRejectedByStore = ({ context, event }: Args): boolean => {
  const ev = received(event);
  return ev !== undefined && !checkValid(context.store, context.params.maxBlockCountToStore, claimedSeq(ev));
};

const failsWith = (reason: BlockRejection) => ({ event }: Args): boolean => {
  const verdict = received(event)?.verdict;
  return verdict !== undefined && !verdict.ok && verdict.reason === reason;
};

/** [DIS-FUNC-VERIFY-SEQ.1] the payload's seqNum is not the block header's number. */
export const failsVerifySeq = failsWith('seqMismatch');
/** [DIS-FUNC-VERIFY-CHANNEL.1] the block header names another channel. */
export const failsVerifyChannel = failsWith('wrongChannel');
/** [DIS-FUNC-VERIFY-DATA-HASH.1] the header's dataHash is not the hash of the block's data. */
export const failsVerifyDataHash = failsWith('dataHashMismatch');
/** [DIS-FUNC-VERIFY-SIGNATURE.1] no trusted orderer's signature verifies over the header. */
export const lacksOrdererSignature = failsWith('noOrdererSignature');

/** [DIS-FUNC-ACCEPT-FORWARD.1] VerifyBlock passed (a block without a verdict is never accepted). */
export const isVerified = ({ event }: Args): boolean => received(event)?.verdict?.ok === true;

/** [DIS-FUNC-PULLED-NOT-FORWARDED.1] VerifyBlock passed for a block of a taken pulled update (never forwarded). */
export const isVerifiedPulledBlock = ({ event }: Args): boolean => received(event)?.via === 'pull' && received(event)?.verdict?.ok === true;

/** [DIS-FUNC-BUFFER-NONBLOCKING.1] the gossiped block is blockBufferSize or more ahead of the height. */
export const isBeyondBufferWindow = ({ context, event }: Args): boolean => {
  const ev = received(event);
  return ev !== undefined && nonBlockingRejection(context.buffer, context.params.blockBufferSize, claimedSeq(ev)) === 'beyondBufferWindow';
};

/** [DIS-FUNC-BUFFER-PUSH.1] the gossiped block is below the height or already buffered. */
export const isStaleOrBuffered = ({ context, event }: Args): boolean => {
  const ev = received(event);
  if (ev === undefined) return false;
  const why = nonBlockingRejection(context.buffer, context.params.blockBufferSize, claimedSeq(ev));
  return why === 'belowNext' || why === 'duplicate';
};

/** [DIS-FUNC-ORDERER-BLOCK-VERIFIED.1] The block from the ordering service fails VerifyBlock (or was never checked). */
export const failsOrdererVerification = ({ event }: Args): boolean => event.type === 'BLOCK_FROM_ORDERER' && event.verdict?.ok !== true;

/** [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] A block of the pulled update fails VerifyBlock: the update is dropped whole. */
export const isRejectedUpdate = ({ event }: Args): boolean => event.type === 'BLOCKS_PULLED' && event.rejection !== undefined;

/** [DIS-FUNC-GOSSIP-OWN-BLOCK.1] peer.deliveryclient.blockGossipEnabled. */
export const isBlockGossipEnabled = ({ context }: Args): boolean => context.params.blockGossipEnabled;

/**
 * [DIS-FUNC-FETCHED-BLOCKS.1] Fabric's blocking add would wait: the buffer holds more than
 * 2 × blockBufferSize blocks and the fetched batch does not hold the block at the height.
 */
export const isBufferOverfullForFetched = ({ context, event }: Args): boolean =>
  event.type === 'BLOCKS_FETCHED' && mustRefuseFetched(context.buffer, context.params.blockBufferSize, event.blocks.map((b) => b.seq));
