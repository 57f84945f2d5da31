/**
 * A simulator peer that is nothing but a batching emitter, so the emitter's Fabric tests run in
 * src/sim with the simulator's clock and timers: commands {op:'add', message} and {op:'stop'};
 * every gossipBatch is recorded with its virtual time (Fabric's test callback).
 */
import type { Effect, HostInput, PeerReducer } from '../../src/core';
import { emitterReducer, type EmitterEvent, type EmitterOutput, type EmitterParams, type EmitterState } from '../../src/emitter';
import { createWorld, simplePeerSpec, type World } from '../../src/sim';

export interface EmitterNodeState {
  readonly emitter: EmitterState;
  readonly batches: readonly { atMs: number; items: readonly unknown[] }[];
}

function perform(s: EmitterNodeState, nowMs: number, outs: readonly EmitterOutput[]): [EmitterNodeState, Effect[]] {
  const effects: Effect[] = [];
  let batches = s.batches;
  for (const o of outs) {
    if (o.kind === 'gossipBatch') batches = [...batches, { atMs: nowMs, items: o.items.map((i) => i.message) }];
    else effects.push(o);
  }
  return [{ ...s, batches }, effects];
}

function toEvent(input: HostInput): EmitterEvent | undefined {
  if (input.kind === 'timer') return input.event as EmitterEvent;
  if (input.kind !== 'command') return undefined;
  const c = input.command as { op: string; message?: unknown };
  return c.op === 'add' ? { type: 'ADD', item: { message: c.message } } : c.op === 'stop' ? { type: 'STOP' } : undefined;
}

export const emitterNodeReducer: PeerReducer<EmitterNodeState> = {
  step(s, input) {
    const event = toEvent(input);
    if (!event) return [s, []];
    const [emitter, outs] = emitterReducer.step(s.emitter, event);
    return perform({ ...s, emitter }, input.nowMs, outs);
  },
};

export function emitterWorld(params: EmitterParams): World<EmitterNodeState> {
  return createWorld<EmitterNodeState>({
    seed: 1,
    peers: [simplePeerSpec('p0', 'Org1MSP')],
    reducer: emitterNodeReducer,
    initPeer: (_spec, nowMs) => {
      const [emitter, outs] = emitterReducer.init(params);
      return perform({ emitter, batches: [] }, nowMs, outs);
    },
  });
}
