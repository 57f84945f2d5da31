/**
 * The peer's side of config blocks ([GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1]): a block store that, once
 * a block is committed (durable), reads whether it is a config block and hands the config it
 * carries to the peer as its JOIN_CHANNEL command, the input the simulator's scenarios give a peer
 * that commits a config block. Fabric: the committer updates the channel's config bundle from a
 * committed config block, and the bundle's callback (core/peer `gossipCallbackWrapper`) tells the
 * gossip service (`updateAnchors`: JoinChan with the orgs' anchor peers and the config sequence).
 * A config that does not read is counted and logged, and changes nothing.
 */
import type { JoinChannel } from '../../peer/commands';
import type { Block } from '../../messages';
import { readConfigBlock } from '../configtx';
import type { BlockStore, Telemetry } from '../ports';

export function watchConfigBlocks(store: BlockStore, onConfig: (join: JoinChannel) => void, telemetry: Telemetry): BlockStore {
  return {
    heights: () => store.heights(),
    read: (channel, startSeq, endSeq) => store.read(channel, startSeq, endSeq),
    close: () => store.close(),
    async append(channel, seq, block) {
      const outcome = await store.append(channel, seq, block);
      if (!outcome.ok || typeof block !== 'object' || block === null || !Array.isArray((block as { data?: unknown }).data)) return outcome;
      const read = readConfigBlock(block as Block);
      if (read.kind === 'notConfig') return outcome;
      if (read.kind === 'invalid' || read.join.channel !== channel) {
        const reason = read.kind === 'invalid' ? read.reason : `the config names channel ${read.join.channel}`;
        telemetry.count('runtime_config_block_errors_total', { channel });
        telemetry.log('warn', `Config block [${seq}] of channel ${channel} carries no config we can apply: ${reason}`, { channel });
        return outcome;
      }
      telemetry.count('runtime_config_blocks_total', { channel });
      const anchors = read.join.orgs.map((o) => `${o.mspId}: [${o.anchorPeers.map((a) => `${a.host}:${a.port}`).join(', ')}]`).join('; ');
      telemetry.log('info', `Committed config block [${seq}] of channel ${channel}: config sequence ${read.join.sequence}, anchor peers ${anchors}`, { channel });
      onConfig(read.join);
      return outcome;
    },
  };
}
