/**
 * State transfer's parameters, with Fabric's names (core.yaml peer.gossip.state.*), units last.
 * The same keys live in src/config (StateParams, [CFG-PARAM-STATE.1]); a subsystem may not import
 * config, so the composition copies them in here.
 */
import * as t from 'io-ts';
import { PositiveInt } from '../core/numbers';
import { NonNegativeInt } from '../core/numbers';

export const StateTransferParams = t.type(
  {
    /** [STX-PARAM-DEFAULTS.1] anti-entropy period (peer.gossip.state.checkInterval). Default 10s. */
    checkIntervalMs: PositiveInt,
    /** wait for one state response (peer.gossip.state.responseTimeout). Default 3s. */
    responseTimeoutMs: PositiveInt,
    /** a request spans at most batchSize + 1 blocks (peer.gossip.state.batchSize). Default 10. */
    batchSize: PositiveInt,
    /** re-sends of one batch's request after the first (peer.gossip.state.maxRetries). Default 3. */
    maxRetries: NonNegativeInt,
    /** requests wait while the payload buffer holds 2 × this (peer.gossip.state.blockBufferSize). Default 20. */
    blockBufferSize: PositiveInt,
    /** state requests queued while one is served (peer.gossip.state.channelSize). Default 100. */
    channelSize: PositiveInt,
  },
  'StateTransferParams',
);
export type StateTransferParams = t.TypeOf<typeof StateTransferParams>;

/** gossip/state/config.go Def* (the same in core.yaml 2.x; channelSize is not in core.yaml). */
export const DEFAULT_STATE_TRANSFER_PARAMS: StateTransferParams = {
  checkIntervalMs: 10_000,
  responseTimeoutMs: 3_000,
  batchSize: 10,
  maxRetries: 3,
  blockBufferSize: 20,
  channelSize: 100,
};

/** Fabric's blocking addPayload waits while the payload buffer holds more than this many blocks. */
export const bufferBlockingSize = (p: StateTransferParams): number => 2 * p.blockBufferSize;
