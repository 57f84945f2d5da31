/**
 * The channels of a running scenario as the ordering service hands them out
 * ([GEN-FUNC-SCENARIO-RUN.1]): each channel's config (its sequence and anchor peers, as config
 * updates change them), who joined it, and the config updates each joined peer is still to get,
 * which it gets once it commits the config block, as a Fabric peer's committer hands config blocks
 * to gossip. Bookkeeping only: scenario-world.ts sends the JOIN_CHANNEL messages it builds.
 */
import type { PeerState } from '../peer';
import { ledgerHeight, peerSlot, type World } from '../sim';
import type { CompiledChannel } from './compile';

export interface ChannelConfig {
  sequence: number;
  anchors: Record<string, readonly string[]>;
}

/** A config update a joined peer gets once its ledger holds the config block. */
export interface PendingConfig {
  readonly channel: string;
  readonly blockSeq: number;
  readonly peer: string;
}

function anchorPeer(endpoint: string): { host: string; port: number } {
  const i = endpoint.lastIndexOf(':');
  return { host: endpoint.slice(0, i), port: Number(endpoint.slice(i + 1)) };
}

export class ChannelConfigs {
  private readonly configs = new Map<string, ChannelConfig>();
  /** Who joined which channel (read by the expectation checks). */
  readonly joined = new Map<string, Set<string>>();
  private pendingConfig: PendingConfig[] = [];

  constructor(private readonly channels: ReadonlyMap<string, CompiledChannel>) {
    for (const ch of channels.values()) {
      this.configs.set(ch.name, { sequence: 0, anchors: { ...ch.anchorPeers } });
      this.joined.set(ch.name, new Set());
    }
  }

  configOf(channel: string): ChannelConfig {
    return this.configs.get(channel) as ChannelConfig;
  }

  /** JOIN_CHANNEL with the channel's current config. */
  joinMessage(channel: string): unknown {
    const cfg = this.configOf(channel);
    const ch = this.channels.get(channel) as CompiledChannel;
    return {
      type: 'JOIN_CHANNEL',
      channel,
      sequence: cfg.sequence,
      orgs: ch.orgs.map((mspId) => ({ mspId, anchorPeers: (cfg.anchors[mspId] ?? []).map(anchorPeer) })),
    };
  }

  /**
   * A config update cut as block `blockSeq`: the channel's next config, which every peer that
   * joined the channel is to get (replacing any update it has not got yet).
   */
  update(channel: string, anchorPeers: Readonly<Record<string, readonly string[]>>, blockSeq: number): void {
    const cfg = this.configOf(channel);
    cfg.sequence += 1;
    cfg.anchors = { ...cfg.anchors, ...anchorPeers };
    this.pendingConfig = this.pendingConfig.filter((p) => p.channel !== channel);
    for (const peer of this.joined.get(channel) ?? []) this.pendingConfig.push({ channel, blockSeq, peer });
  }

  /** The pending updates whose peer is up and has committed the config block; they are pending no more. */
  takeDue(w: World<PeerState>): readonly PendingConfig[] {
    if (this.pendingConfig.length === 0) return [];
    const due = this.pendingConfig.filter((p) => peerSlot(w, p.peer).alive && ledgerHeight(w, p.peer, p.channel) > p.blockSeq);
    if (due.length === 0) return [];
    this.pendingConfig = this.pendingConfig.filter((p) => !due.includes(p));
    return due;
  }
}
