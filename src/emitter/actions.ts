/** Named actions: context updates and the one output, `gossipBatch`. */
import type { EmitterContext } from './context';
import type { EmitterEvent, EmitterItem } from './inputs';

type Args = { context: EmitterContext; event: EmitterEvent };

export function appendItem({ context, event }: Args): Partial<EmitterContext> {
  if (event.type !== 'ADD') return {};
  return { buffer: [...context.buffer, { item: event.item, iterationsLeft: context.params.propagateIterations }] };
}

/** [EMT-FUNC-ITERATIONS.1] every flush counts one emission for each buffered item. */
export function countEmission({ context }: Args): Partial<EmitterContext> {
  const buffer = context.buffer
    .map((b) => ({ item: b.item, iterationsLeft: b.iterationsLeft - 1 }))
    .filter((b) => b.iterationsLeft > 0);
  return { buffer };
}

export interface GossipBatchParams {
  readonly items: readonly EmitterItem[];
}

export function batchParams({ context }: Args): GossipBatchParams {
  return { items: context.buffer.map((b) => b.item) };
}
