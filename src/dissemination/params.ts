/** The dissemination parameters, with Fabric's names (core.yaml peer.gossip.*, peer.deliveryclient.*). */
import * as t from 'io-ts';
import { PositiveInt } from '../core/numbers';

export const DisseminationParams = t.type(
  {
    /** [DIS-PARAM-DEFAULTS.1] window of the in-memory block store (peer.gossip.maxBlockCountToStore). Default 10. */
    maxBlockCountToStore: PositiveInt,
    /** how far ahead of the ledger height a gossiped block may be buffered (peer.gossip.state.blockBufferSize). Default 20. */
    blockBufferSize: PositiveInt,
    /** the leader pushes its orderer blocks into gossip (peer.deliveryclient.blockGossipEnabled). Default false. */
    blockGossipEnabled: t.boolean,
    /**
     * [DIS-PARAM-BLOCK-EXPIRATION.1] the block store's TTL (Fabric's BlockExpirationInterval =
     * pullInterval × 100, no core.yaml key of its own). Default 400 s.
     */
    blockExpirationIntervalMs: PositiveInt,
  },
  'DisseminationParams',
);
export type DisseminationParams = t.TypeOf<typeof DisseminationParams>;

/** core.yaml 3.x values; Fabric's code defaults blockGossipEnabled to true when the key is absent. */
export const DEFAULT_DISSEMINATION_PARAMS: DisseminationParams = {
  maxBlockCountToStore: 10,
  blockBufferSize: 20,
  blockGossipEnabled: false,
  blockExpirationIntervalMs: 400_000,
};

/** Fabric's messageStoreImpl.expirationCheckInterval: the store is checked every TTL / 100. */
export const blockExpirationCheckIntervalMs = (p: DisseminationParams): number => Math.max(1, Math.floor(p.blockExpirationIntervalMs / 100));
