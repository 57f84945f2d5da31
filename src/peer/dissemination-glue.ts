/**
 * Feeding a channel's dissemination instance and performing its outputs: pushed and forwarded
 * blocks go through the emitter, commits become deliverToLedger effects (in order, each once).
 */
import { blockSeq, decodeWith, type ChannelId, type ConnectionInfo, own } from '../core';
import { BlockFromOrderer, type DisseminationCommand, type DisseminationOutput, type StoredOutput } from '../dissemination';
import type { EnvelopeOf } from '../messages';
import { reject, type Acc } from './acc';
import { gossip } from './emitter-glue';
import { stepPull } from './pull-glue';

function perform(acc: Acc, channel: ChannelId, outs: readonly (DisseminationOutput | StoredOutput)[]): void {
  for (const o of outs) {
    if (o.kind === 'forward') gossip(acc, { kind: 'block', channel, envelope: o.envelope }, o.excludePkiId);
    else if (o.kind === 'gossip') gossip(acc, { kind: 'block', channel, envelope: o.envelope });
    else if (o.kind === 'commit') acc.effects.push({ kind: 'deliverToLedger', channel, seq: blockSeq(o.seq), block: o.block });
    else if (o.kind === 'stored') {
      // [PEER-FUNC-PULL-SERVES-STORE.1] the pull engine offers exactly what the block store holds.
      if (o.added.length > 0) stepPull(acc, channel, { type: 'ITEMS_ADDED', ids: o.added.map(String) });
      if (o.removed.length > 0) stepPull(acc, channel, { type: 'ITEMS_REMOVED', ids: o.removed.map(String) });
    }
    else if (o.kind === 'ordererBlockRejected') reject(acc, 'orderer.badBlock', `orderer block ${o.seq} of ${channel} fails VerifyBlock: ${o.detail}`);
    else if (o.kind === 'updateRejected') reject(acc, 'pull.badBlock', `pulled update from ${o.fromPkiId} dropped whole: block ${o.seq}: ${o.detail}`);
    else acc.effects.push({ kind: 'log', level: o.level, message: o.message, fields: { channel, ...o.fields } });
  }
}

/** Returns the instance's outputs (after performing them), so a caller can see what became of its input. */
export function stepDissemination(acc: Acc, channel: string, event: DisseminationCommand): readonly (DisseminationOutput | StoredOutput)[] {
  const ch = own(acc.state.channels, channel);
  if (ch === undefined) return [];
  const [dissemination, outs] = acc.env.dissemination.step(ch.dissemination, event);
  if (dissemination !== ch.dissemination) acc.state = { ...acc.state, channels: { ...acc.state.channels, [channel]: { ...ch, dissemination } } };
  perform(acc, ch.channel, outs);
  return outs;
}

export function performDisseminationInit(acc: Acc, channel: ChannelId, outs: readonly (DisseminationOutput | StoredOutput)[]): void {
  perform(acc, channel, outs);
}

/** [PEER-FUNC-ORDERER-COMMIT.1] a block from the ordering service, decoded, goes to the channel's pipeline. */
export function receiveOrdererBlock(acc: Acc, channel: string, seq: number, block: unknown): void {
  if (own(acc.state.channels, channel) === undefined) return reject(acc, 'orderer.unknownChannel', `orderer block for channel ${channel} we have not joined`);
  const decoded = decodeWith(BlockFromOrderer, { type: 'BLOCK_FROM_ORDERER', nowMs: acc.nowMs, seq, block });
  if (!decoded.ok) return reject(acc, 'orderer.decodeError', decoded.error.message);
  stepDissemination(acc, channel, decoded.value);
}

/**
 * [PEER-FUNC-BLOCK-ADMISSION.1] A pushed block is accepted only for a joined channel and from a
 * sender whose org is in the channel (Fabric's GossipChannel.HandleMessage).
 */
export function receiveBlock(acc: Acc, from: ConnectionInfo, env: EnvelopeOf<'dataMsg'>): void {
  const channel = env.payload.channel;
  const ch = own(acc.state.channels, channel);
  if (ch === undefined) return reject(acc, 'block.unknownChannel', `block for channel ${channel} we have not joined`);
  const senderOrg = acc.env.crypto.orgOf(from.identity);
  if (senderOrg === undefined || !ch.orgs.includes(senderOrg)) {
    return reject(acc, 'block.foreignSender', `block from ${from.pkiId}, whose org is not in channel ${channel}`);
  }
  stepDissemination(acc, channel, { type: 'BLOCK_RECEIVED', nowMs: acc.nowMs, fromPkiId: from.pkiId, envelope: env });
}

