/**
 * An ordering service in the same process: chains per channel and block streams to the peers
 * that connected (the leader's `connectOrderer`), each stream starting at the height the peer asked
 * for and then following the chain, in order ([GEN-FUNC-RUNTIME-ORDERER-STREAM.1]). Always
 * reachable, so it never gives up; the gRPC deliver client (deliver-client.ts) is the one that can.
 */
import type { CryptoSuite, SigningKey } from '../../core';
import type { Block } from '../../messages';
import type { OrdererPort, Submit } from '../ports';
import { withAnchorPeers, type AnchorPeer, type ChannelConfigValue } from '../configtx';
import { Chain } from './blocks';

type Listener = (seq: number, block: Block) => void;

export class InProcessOrderingService {
  private readonly chains = new Map<string, Chain>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly configs = new Map<string, ChannelConfigValue>();

  constructor(private readonly suite: CryptoSuite, readonly key: SigningKey) {}

  chain(channel: string): Chain {
    let c = this.chains.get(channel);
    if (c === undefined) this.chains.set(channel, (c = new Chain(this.suite, this.key, channel)));
    return c;
  }

  /** Cut the next block of the channel and hand it to every open stream. */
  cut(channel: string, bodies?: readonly string[]): Block {
    return this.publish(channel, this.chain(channel).cut(bodies));
  }

  /** The channel's config now (set by `configure`, moved by each update), if it has one. */
  config(channel: string): ChannelConfigValue | undefined {
    return this.configs.get(channel);
  }

  /** The channel's current config, as its genesis block would hold it (no block is cut). */
  configure(config: ChannelConfigValue): void {
    this.configs.set(config.channel, config);
  }

  /**
   * [GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] A config update of one org's anchor peers: the config's
   * sequence moves on by one and a config block carrying the whole new config is cut.
   */
  updateAnchorPeers(channel: string, mspId: string, anchorPeers: readonly AnchorPeer[]): Block {
    const current = this.configs.get(channel);
    if (current === undefined) throw new RangeError(`channel ${channel} has no config to update`);
    const next = withAnchorPeers(current, mspId, anchorPeers);
    const block = this.chain(channel).cutConfig(next);
    this.configs.set(channel, next);
    return this.publish(channel, block);
  }

  private publish(channel: string, block: Block): Block {
    for (const l of this.listeners.get(channel) ?? []) l(block.header.number, block);
    return block;
  }

  blocks(channel: string): readonly Block[] {
    return this.chain(channel).blocks;
  }

  /** Blocks from `fromSeq` on, those already cut first; returns the unsubscribe. */
  subscribe(channel: string, fromSeq: number, listener: Listener): () => void {
    const chain = this.chain(channel);
    for (let seq = fromSeq; seq < chain.height; seq++) listener(seq, chain.blocks[seq] as Block);
    let set = this.listeners.get(channel);
    if (set === undefined) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set?.delete(listener);
  }

  /** A peer's deliver client to this service. */
  portFor(submit: Submit): OrdererPort {
    const open = new Map<string, () => void>();
    return {
      connect: (channel, _giveUpAfterMs, fromSeq) => {
        if (open.has(channel)) return;
        open.set(channel, () => undefined);
        const unsubscribe = this.subscribe(channel, fromSeq, (seq, block) => submit({ kind: 'ordererBlock', channel, seq, block }));
        open.set(channel, unsubscribe);
      },
      disconnect: (channel) => {
        open.get(channel)?.();
        open.delete(channel);
      },
      close: async () => {
        for (const u of open.values()) u();
        open.clear();
      },
    };
  }
}
