/**
 * The channel's parameters, with Fabric's names (core.yaml peer.gossip.*), units last. The
 * composition fills them from the configuration (src/config cannot be imported by a subsystem):
 * publishStateInfoIntervalMs, requestStateInfoIntervalMs and pullPeerNum are keys of their own,
 * stateInfoCacheSweepIntervalMs is config/derived.ts stateInfoCacheSweepIntervalMs (pullInterval × 5).
 */
import * as t from 'io-ts';
import { PositiveInt } from '../core/numbers';

export const ChannelParams = t.type(
  {
    /** [CHN-PARAM-INTERVALS.1] period of the publish tick (peer.gossip.publishStateInfoInterval). Default 4s. */
    publishStateInfoIntervalMs: PositiveInt,
    /** period of the StateInfo pull request (peer.gossip.requestStateInfoInterval). Default 4s. */
    requestStateInfoIntervalMs: PositiveInt,
    /** peers a StateInfo pull request goes to (peer.gossip.pullPeerNum). Default 3. */
    pullPeerNum: PositiveInt,
    /** period of the cache sweep: pullInterval × 5 (Fabric's StateInfoCacheSweepInterval). Default 20s. */
    stateInfoCacheSweepIntervalMs: PositiveInt,
  },
  'ChannelParams',
);
export type ChannelParams = t.TypeOf<typeof ChannelParams>;

export const DEFAULT_CHANNEL_PARAMS: ChannelParams = {
  publishStateInfoIntervalMs: 4000,
  requestStateInfoIntervalMs: 4000,
  pullPeerNum: 3,
  stateInfoCacheSweepIntervalMs: 20_000,
};
