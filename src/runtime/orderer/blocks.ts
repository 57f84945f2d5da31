/**
 * The ordering service's blocks as Fabric shapes them, in the model the peer verifies
 * (src/messages/block.ts): every transaction a Fabric transaction envelope whose channel header
 * names the channel (the wire codec reads a block's channel from its first transaction), the data
 * hash over the transactions, the previous hash chaining to the last header
 * (statetransfer/ledger.ts `headerHashWith`, what the ledger checks on append), and the orderer's
 * signature over the header ([GEN-FUNC-RUNTIME-ORDERER-BLOCKS.1]). A config block holds one
 * transaction, the channel's config (configtx.ts).
 */
import type { CryptoSuite, SigningKey } from '../../core';
import { blockDataHash } from '../../dissemination';
import { signBlock, type Block } from '../../messages';
import { headerHashWith } from '../../statetransfer';
import { fabricTransaction } from '../../wire';
import { configTransaction, type ChannelConfigValue } from '../configtx';

export function makeFabricBlock(suite: CryptoSuite, ordererKey: SigningKey, channel: string, seq: number, previousHash: string, bodies: readonly string[]): Block {
  if (bodies.length === 0) throw new RangeError('a block needs at least one transaction (it carries the channel id)');
  const data = bodies.map((body) => {
    const tx = fabricTransaction(channel, body);
    if (!tx.ok) throw new RangeError(`cannot make a transaction of channel ${channel}: ${tx.error.message}`);
    return tx.value;
  });
  return blockOfTransactions(suite, ordererKey, channel, seq, previousHash, data);
}

/** A block of ready-made transactions (marshalled common.Envelopes whose channel header names `channel`). */
export function blockOfTransactions(suite: CryptoSuite, ordererKey: SigningKey, channel: string, seq: number, previousHash: string, data: readonly string[]): Block {
  const header = { number: seq, previousHash, dataHash: blockDataHash(suite, data), channelId: channel };
  const signature = signBlock(suite, ordererKey, { header, data });
  return { header, data: [...data], metadata: { signatures: [{ identity: ordererKey.identity, signature }] } };
}

/** One channel's chain, as the ordering service keeps it. */
export class Chain {
  readonly blocks: Block[] = [];
  private lastHash = '';
  private readonly hashHeader: (h: Block['header']) => string;

  constructor(private readonly suite: CryptoSuite, private readonly key: SigningKey, readonly channel: string) {
    this.hashHeader = headerHashWith(suite);
  }

  get height(): number {
    return this.blocks.length;
  }

  /** Cut the next block holding `bodies` (default one transaction naming the block). */
  cut(bodies: readonly string[] = [`tx-${this.channel}-${this.blocks.length}`]): Block {
    return this.append(makeFabricBlock(this.suite, this.key, this.channel, this.blocks.length, this.lastHash, bodies));
  }

  /** [GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] Cut a config block: its one transaction carries the channel's whole new config. */
  cutConfig(config: ChannelConfigValue): Block {
    if (config.channel !== this.channel) throw new RangeError(`a config of ${config.channel} cannot go into ${this.channel}`);
    return this.append(blockOfTransactions(this.suite, this.key, this.channel, this.blocks.length, this.lastHash, [configTransaction(config)]));
  }

  private append(block: Block): Block {
    this.blocks.push(block);
    this.lastHash = this.hashHeader(block.header);
    return block;
  }
}
