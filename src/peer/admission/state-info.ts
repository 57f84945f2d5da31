/**
 * Admitting the channel subsystem's messages (Fabric's Node.handleMessage -> lookupChannelForMsg ->
 * GossipChannel.HandleMessage): a StateInfo goes to the joined channel whose MAC is the subject's
 * (channelMac(subject, channel)), a StateInfo pull request to the one whose MAC is the sender's, a
 * snapshot to the channel it names. The channel instance does the checks (spec/channel.md) with
 * the identities the composition knows; a message for no joined channel is counted here.
 */
import type { ConnectionInfo, PkiId } from '../../core';
// Straight from their modules: the barrels' re-exports are getters, and these run at every message.
import { channelMac } from '../../core/crypto/suite';
import type { PullRequestEnvelope, SnapshotEnvelope, StateInfoEnvelope } from '../../channel';
import { own } from '../../core/records';
import type { EnvelopeOf } from '../../messages';
import { channelAt } from '../instances';
import { input, reject, type Signal } from '../signals';
import type { ChannelState } from '../state';
import { identitiesFor } from '../views';
import type { WireContext } from '../wiring';

/** Fabric's getGossipChannelByMAC: the joined channel whose MAC for this PKI-ID is `mac`. */
function channelByMac({ state, env }: WireContext, pkiId: string, mac: string): ChannelState | undefined {
  return Object.values(state.channels).find((ch) => channelMac(env.crypto, pkiId as PkiId, ch.channel) === mac);
}

/** [PEER-FUNC-STATE-INFO-ADMISSION.1] A pushed StateInfo: the channel of the subject's MAC. */
export function admitStateInfo(ctx: WireContext, from: ConnectionInfo, envelope: EnvelopeOf<'stateInfo'>): readonly Signal[] {
  const si = envelope.payload.content.stateInfo;
  const ch = channelByMac(ctx, si.pkiId, si.channelMAC);
  if (ch === undefined) return [reject('stateInfo.unknownChannel', `StateInfo of ${si.pkiId} from ${from.pkiId} is of no channel we joined`)];
  return [
    input(channelAt(ch.channel), {
      type: 'STATE_INFO_RECEIVED',
      from: from.pkiId,
      envelope: envelope as StateInfoEnvelope,
      identities: identitiesFor(ctx.state, from, [si.pkiId]),
    }),
  ];
}

/** [PEER-FUNC-STATE-INFO-ADMISSION.1] A StateInfo snapshot: the channel it names (Fabric looks non-StateInfo messages up by name). */
export function admitStateSnapshot(ctx: WireContext, from: ConnectionInfo, envelope: EnvelopeOf<'stateSnapshot'>): readonly Signal[] {
  const channel = envelope.payload.channel;
  const ch = own(ctx.state.channels, channel);
  if (ch === undefined) return [reject('stateInfo.unknownChannel', `StateInfo snapshot from ${from.pkiId} for channel ${channel} we have not joined`)];
  const subjects = envelope.payload.content.stateSnapshot.elements.map((e) => e.payload.content.stateInfo.pkiId);
  return [
    input(channelAt(ch.channel), {
      type: 'SNAPSHOT_RECEIVED',
      from: from.pkiId,
      envelope: envelope as SnapshotEnvelope,
      identities: identitiesFor(ctx.state, from, subjects),
    }),
  ];
}

/** [PEER-FUNC-STATE-INFO-ADMISSION.1] A StateInfo pull request: the channel of the sender's MAC; the answer goes back on its connection. */
export function admitStateInfoPullRequest(ctx: WireContext, from: ConnectionInfo, envelope: EnvelopeOf<'stateInfoPullReq'>): readonly Signal[] {
  const mac = envelope.payload.content.stateInfoPullReq.channelMAC;
  const ch = channelByMac(ctx, from.pkiId, mac);
  if (ch === undefined) return [reject('stateInfo.unknownChannel', `StateInfo pull request from ${from.pkiId} is of no channel we joined`)];
  return [
    input(channelAt(ch.channel), {
      type: 'PULL_REQUEST_RECEIVED',
      from: from.pkiId,
      endpoint: from.endpoint,
      envelope: envelope as PullRequestEnvelope,
      identities: identitiesFor(ctx.state, from, []),
    }),
  ];
}
