/** The batching emitter's parameters, with Fabric's names (core.yaml peer.gossip.*), units last. */
import * as t from 'io-ts';
import { NonNegativeInt, PositiveInt } from '../core/numbers';


export const EmitterParams = t.type(
  {
    /** [EMT-PARAM-DEFAULTS.1] times each message is emitted by this hop; 0 disables push. Default 1. */
    propagateIterations: NonNegativeInt,
    /** flush as soon as this many messages are buffered. Default 10. */
    maxPropagationBurstSize: PositiveInt,
    /** flush period. Default 10ms. */
    maxPropagationBurstLatencyMs: PositiveInt,
  },
  'EmitterParams',
);
export type EmitterParams = t.TypeOf<typeof EmitterParams>;

export const DEFAULT_EMITTER_PARAMS: EmitterParams = {
  propagateIterations: 1,
  maxPropagationBurstSize: 10,
  maxPropagationBurstLatencyMs: 10,
};
