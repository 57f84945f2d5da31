/** The emitter as a pure reducer: xstate transition() plus the action-to-output table. */

import { machineReducer, type ChartState, type TimerOutput } from '../core/xstate-step';
import type { GossipBatchParams } from './actions';
import type { EmitterEvent, EmitterItem } from './inputs';
import { emitterMachine } from './machine';

/** The emitter's own output: hand these items to routing (Fabric's gossipBatch). */
export interface GossipBatchOutput {
  readonly kind: 'gossipBatch';
  readonly items: readonly EmitterItem[];
}

export type EmitterOutput = GossipBatchOutput | TimerOutput<EmitterEvent>;
export type EmitterState = ChartState<typeof emitterMachine>;

export const emitterReducer = machineReducer(emitterMachine, {
  gossipBatch: (params: GossipBatchParams): GossipBatchOutput => ({ kind: 'gossipBatch', items: params.items }),
});

export function emitterSize(state: EmitterState): number {
  return state.context.buffer.length;
}
