/**
 * Admitting blocks: pushed ones from a peer of an org in the channel, and the leader's blocks from
 * the ordering service (decoded; VerifyBlock is dissemination's, [DIS-FUNC-ORDERER-BLOCK-VERIFIED.1]).
 */
import { isOrgInChannel } from '../../channel';
import { decodeWith, own, type ConnectionInfo } from '../../core';
import { BlockFromOrderer } from '../../dissemination';
import type { EnvelopeOf } from '../../messages';
import { disseminationAt } from '../instances';
import { input, reject, type Signal } from '../signals';
import type { WireContext } from '../wiring';

/**
 * [PEER-FUNC-BLOCK-ADMISSION.1] A pushed block is accepted only for a joined channel and from a
 * sender whose org is in the channel (Fabric's GossipChannel.HandleMessage: IsOrgInChannel, asked
 * of the channel instance, [CHN-FUNC-ELIGIBILITY.1]).
 */
export function admitBlock({ state, env, nowMs }: WireContext, from: ConnectionInfo, envelope: EnvelopeOf<'dataMsg'>): readonly Signal[] {
  const channel = envelope.payload.channel;
  const ch = own(state.channels, channel);
  if (ch === undefined) return [reject('block.unknownChannel', `block for channel ${channel} we have not joined`)];
  const senderOrg = env.crypto.orgOf(from.identity);
  if (!isOrgInChannel(ch.gossipChannel, senderOrg)) {
    return [reject('block.foreignSender', `block from ${from.pkiId}, whose org is not in channel ${channel}`)];
  }
  return [input(disseminationAt(ch.channel), { type: 'BLOCK_RECEIVED', nowMs, fromPkiId: from.pkiId, envelope })];
}

/** [PEER-FUNC-ORDERER-COMMIT.1] a block from the ordering service, decoded, goes to the channel's pipeline. */
export function admitOrdererBlock({ state, nowMs }: WireContext, channel: string, seq: number, block: unknown): readonly Signal[] {
  const ch = own(state.channels, channel);
  if (ch === undefined) return [reject('orderer.unknownChannel', `orderer block for channel ${channel} we have not joined`)];
  const decoded = decodeWith(BlockFromOrderer, { type: 'BLOCK_FROM_ORDERER', nowMs, seq, block });
  if (!decoded.ok) return [reject('orderer.decodeError', decoded.error.message)];
  return [input(disseminationAt(ch.channel), decoded.value)];
}
