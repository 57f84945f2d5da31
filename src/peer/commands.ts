/**
 * Local commands a host can give a peer (the admin side of a Fabric peer: channel joins from
 * config blocks, Yield from the deliver client, Stop). Decoded with io-ts like any inbound value.
 */
import * as t from 'io-ts';
import { ChannelId, OrgId } from '../core/ids';

export const AnchorPeer = t.type({ host: t.string, port: t.number }, 'AnchorPeer');

/** Fabric's joinChannelMessage: config sequence and, per org of the channel, its anchor peers. */
export const JoinChannel = t.type(
  {
    type: t.literal('JOIN_CHANNEL'),
    channel: ChannelId,
    sequence: t.number,
    orgs: t.readonlyArray(t.type({ mspId: OrgId, anchorPeers: t.readonlyArray(AnchorPeer) })),
  },
  'JoinChannel',
);
export type JoinChannel = t.TypeOf<typeof JoinChannel>;

export const YieldLeadership = t.type({ type: t.literal('YIELD'), channel: ChannelId }, 'YieldLeadership');
export const StopPeer = t.type({ type: t.literal('STOP') }, 'StopPeer');

export const PeerCommand = t.union([JoinChannel, YieldLeadership, StopPeer], 'PeerCommand');
export type PeerCommand = t.TypeOf<typeof PeerCommand>;
