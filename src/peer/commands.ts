/**
 * Local commands a host can give a peer (the admin side of a Fabric peer: channel joins from
 * config blocks, leaving a channel, Yield from the deliver client, Stop). Decoded with io-ts like any inbound value.
 */
import * as t from 'io-ts';
import { ChannelId, OrgId, PkiId } from '../core/ids';
import { NonNegativeInt } from '../core/numbers';

export const AnchorPeer = t.type({ host: t.string, port: t.number }, 'AnchorPeer');

/**
 * Fabric's joinChannelMessage: config sequence (a uint64 in Fabric: a non-negative integer) and, per org of the channel, its anchor peers; and
 * the PKI-IDs the config's MSPs revoke (their CRLs), which replace the identity store's list
 * ([PEER-FUNC-IDENTITY-REVOCATION.1]). Absent = none revoked (joins written before it decode).
 */
export const JoinChannel = t.intersection(
  [
    t.type({
      type: t.literal('JOIN_CHANNEL'),
      channel: ChannelId,
      sequence: NonNegativeInt,
      orgs: t.readonlyArray(t.type({ mspId: OrgId, anchorPeers: t.readonlyArray(AnchorPeer) })),
    }),
    t.partial({ revokedPkiIds: t.readonlyArray(PkiId) }),
  ],
  'JoinChannel',
);
export type JoinChannel = t.TypeOf<typeof JoinChannel>;

/** Fabric's Gossip.LeaveChannel(channel) ([PEER-FUNC-LEAVE-CHANNEL.1]). */
export const LeaveChannelCommand = t.type({ type: t.literal('LEAVE_CHANNEL'), channel: ChannelId }, 'LeaveChannelCommand');
export const YieldLeadership = t.type({ type: t.literal('YIELD'), channel: ChannelId }, 'YieldLeadership');
export const StopPeer = t.type({ type: t.literal('STOP') }, 'StopPeer');

export const PeerCommand = t.union([JoinChannel, LeaveChannelCommand, YieldLeadership, StopPeer], 'PeerCommand');
export type PeerCommand = t.TypeOf<typeof PeerCommand>;
