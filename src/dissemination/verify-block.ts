/**
 * Fabric's MessageCryptoService.VerifyBlock (internal/peer/gossip/mcs.go), reduced to the parts our
 * block model carries: the claimed seq, the channel, the data hash and the orderer signature over
 * the block's signed bytes (the signature header and the header's DER, as Fabric's
 * BlockSignatureVerifier assembles them: [MSG-FUNC-BLOCK-SIGNED-BYTES.1]). Pure: the crypto suite is passed in.
 */
import { canonicalEncode, type CryptoSuite } from '../core';
import { blockSignatureVerifies, type Block } from '../messages';

export type BlockRejection = 'seqMismatch' | 'wrongChannel' | 'dataHashMismatch' | 'noOrdererSignature';

export type BlockVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: BlockRejection; readonly detail: string };

const reject = (reason: BlockRejection, detail: string): BlockVerdict => ({ ok: false, reason, detail });

/** The data hash the ordering service puts in the header (src/scenarios/orderer-blocks.ts). */
export const blockDataHash = (crypto: CryptoSuite, data: Block['data']): string => crypto.hash(canonicalEncode(data));

/**
 * [DIS-FUNC-VERIFY-SEQ.1] [DIS-FUNC-VERIFY-CHANNEL.1] [DIS-FUNC-VERIFY-DATA-HASH.1]
 * [DIS-FUNC-VERIFY-SIGNATURE.1] Checked in Fabric's order; the first failure is the reason.
 */
export function verifyBlock(
  crypto: CryptoSuite,
  trustedOrderers: readonly string[],
  channel: string,
  seq: number,
  block: Block,
): BlockVerdict {
  const { header } = block;
  if (header.number !== seq) return reject('seqMismatch', `claimed seq ${seq} but header number is ${header.number}`);
  if (header.channelId !== channel) return reject('wrongChannel', `block of channel ${header.channelId}, expected ${channel}`);
  if (blockDataHash(crypto, block.data) !== header.dataHash) return reject('dataHashMismatch', `data hash of block ${seq} does not match its header`);
  // Fabric's block validation policy for CFT orderers: any one orderer's signature suffices.
  const verified = block.metadata.signatures.some(
    (s) => trustedOrderers.includes(s.identity) && blockSignatureVerifies(crypto, s.identity, s.signature, block),
  );
  return verified ? { ok: true } : reject('noOrdererSignature', `no trusted orderer signature verifies over the header of block ${seq}`);
}
