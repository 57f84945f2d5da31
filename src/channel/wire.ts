/** The channel's messages: its own StateInfo, the StateInfo pull request and the snapshot answer. */
import { channelMac, type ChannelId, type CryptoSuite, type PeerTime, type PkiId } from '../core';
import { noopSign, type Envelope, type GossipMessageOf } from '../messages';
import type { StateInfoEnvelope } from './inputs';

export type StateInfoMessage = GossipMessageOf<'stateInfo'>;
export type StateInfoBody = StateInfoMessage['content']['stateInfo'];
export type StateInfoProperties = StateInfoBody['properties'];

/**
 * [CHN-MSG-STATE-INFO.1] This peer's StateInfo: tag CHAN_OR_ORG, no channel name (the MAC names
 * it), nonce 0, properties {ledgerHeight, leftChannel, chaincodes: []}.
 */
export function stateInfoMessage(
  crypto: CryptoSuite,
  self: PkiId,
  channel: ChannelId,
  timestamp: PeerTime,
  properties: StateInfoProperties,
): StateInfoMessage {
  return {
    nonce: 0n,
    channel: '',
    tag: 'CHAN_OR_ORG',
    content: { $case: 'stateInfo', stateInfo: { timestamp, pkiId: self, channelMAC: channelMac(crypto, self, channel), properties } },
  };
}

/** [CHN-MSG-STATE-INFO-PULL.1] StateInfoPullRequest{channel_MAC = MAC(self, channel)}, NoopSigned, no channel name. */
export function stateInfoPullRequest(crypto: CryptoSuite, self: PkiId, channel: ChannelId): Envelope {
  return noopSign({
    nonce: 0n,
    channel: '',
    tag: 'CHAN_OR_ORG',
    content: { $case: 'stateInfoPullReq', stateInfoPullReq: { channelMAC: channelMac(crypto, self, channel) } },
  });
}

/** [CHN-MSG-STATE-INFO-PULL.1] StateInfoSnapshot{elements}, NoopSigned, with the channel name (Fabric's createStateInfoSnapshot). */
export function stateInfoSnapshot(channel: ChannelId, elements: readonly StateInfoEnvelope[]): Envelope {
  return noopSign({ nonce: 0n, channel, tag: 'CHAN_OR_ORG', content: { $case: 'stateSnapshot', stateSnapshot: { elements } } });
}

export const subjectOf = (env: StateInfoEnvelope): PkiId => env.payload.content.stateInfo.pkiId as PkiId;
export const timestampOf = (env: StateInfoEnvelope): PeerTime => env.payload.content.stateInfo.timestamp;
