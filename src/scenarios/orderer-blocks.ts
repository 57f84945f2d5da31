/**
 * The ordering service's blocks, in the shape gossip checks (src/messages/block.ts): header number,
 * previous hash, data hash, channel, and the orderer's signature over the header.
 */
import type { CryptoSuite, SigningKey } from '../core';
import { blockDataHash } from '../dissemination';
import { signBlock, type Block } from '../messages';

export function ordererBlockMaker(suite: CryptoSuite, ordererKey: SigningKey): (channel: string, seq: number, previousHash: string) => Block {
  return (channel, seq, previousHash) => {
    const data = [`tx-${channel}-${seq}`];
    const header = { number: seq, previousHash, dataHash: blockDataHash(suite, data), channelId: channel };
    const signature = signBlock(suite, ordererKey, { header, data });
    return { header, data, metadata: { signatures: [{ identity: ordererKey.identity, signature }] } };
  };
}
