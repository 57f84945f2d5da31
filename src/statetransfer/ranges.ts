/** The pure arithmetic of state transfer: ranges, peer choice, request validation, response shape. */
import { nextInt, nextNonce, type PkiId, type Prng } from '../core';
import type { OutstandingRequest, StateTransferContext } from './context';
import type { AdvertisedHeight, StatePayload } from './inputs';

/** The highest height a channel peer (not self) advertises; 0 when none does (Fabric's maxAvailableLedgerHeight). */
export function maxAdvertisedHeight(context: StateTransferContext): number {
  let max = 0;
  for (const p of context.heights) if (p.pkiId !== context.selfId && p.height > max) max = p.height;
  return max;
}

/**
 * [STX-FUNC-BATCH-RANGE.1] The batch starting at `startSeq` of a round ending at `lastSeq`:
 * [startSeq, min(lastSeq, startSeq + batchSize)], both included (Fabric's `next`).
 */
export const batchEnd = (startSeq: number, lastSeq: number, batchSize: number): number => Math.min(lastSeq, startSeq + batchSize);

/** [STX-FUNC-PEER-CHOICE.1] The peers (not self) whose advertised height covers `endSeq`: height > endSeq. */
export const peersCovering = (heights: readonly AdvertisedHeight[], selfId: PkiId, endSeq: number): PkiId[] =>
  heights.filter((p) => p.pkiId !== selfId && p.height > endSeq).map((p) => p.pkiId);

/**
 * [STX-FUNC-PEER-CHOICE.1] [STX-FUNC-RETRY.1] A request for [startSeq, endSeq] to a random covering
 * peer with a fresh 64-bit nonce (redrawn if equal to `previousNonce`), or undefined when no peer covers it.
 */
export function planRequest(
  context: StateTransferContext,
  startSeq: number,
  endSeq: number,
  previousNonce: bigint | undefined,
): { request: OutstandingRequest; prng: Prng } | undefined {
  const peers = peersCovering(context.heights, context.selfId, endSeq);
  if (peers.length === 0) return undefined;
  let [pick, prng] = nextInt(context.prng, 0, peers.length - 1);
  let nonce: bigint;
  do [nonce, prng] = nextNonce(prng);
  while (nonce === previousNonce);
  return { request: { to: peers[pick] as PkiId, nonce, startSeq, endSeq }, prng };
}

/**
 * [STX-FUNC-REQUEST-VALIDATION.1] Fabric's stateRequestValidator.validate: start ≤ end and
 * end ≤ start + batchSize (so at most batchSize + 1 blocks). The message is Fabric's.
 */
export function requestRangeError(startSeq: number, endSeq: number, batchSize: number): string | undefined {
  if (startSeq > endSeq) return `Invalid sequence interval [${startSeq}...${endSeq}).`;
  if (endSeq > batchSize + startSeq) {
    return `Requesting blocks range [${startSeq}-${endSeq}) greater than configured allowed (${batchSize}) batching size for anti-entropy.`;
  }
  return undefined;
}

/**
 * [STX-FUNC-RESPONSE-ACCEPTED.1] What is wrong with a response's payloads for `request`, or
 * undefined: they must be non-empty and be startSeq, startSeq + 1, … in order, none past endSeq.
 */
export function responseShapeError(request: OutstandingRequest, payloads: readonly StatePayload[]): string | undefined {
  if (payloads.length === 0) return 'Received state transfer response without payload';
  for (const [i, p] of payloads.entries()) {
    const expected = request.startSeq + i;
    if (expected > request.endSeq) return `response carries ${payloads.length} payloads for [${request.startSeq}, ${request.endSeq}]`;
    if (p.seqNum !== expected) return `payload ${i} has seq ${p.seqNum}, expected ${expected}`;
  }
  return undefined;
}
