/**
 * `use emitter`: the batching emitter (src/emitter, Fabric's batcher.go) alone. One node,
 * `emitter`; messages are opaque words.
 *
 *   use emitter propagateIterations=1 maxPropagationBurstSize=10 maxPropagationBurstLatency=10ms
 *   add msg=a [exclude=p2]     ADD an item
 *   stop                       STOP
 * Prints `gossipBatch [a,b]` per flush; state: chart value and buffer as item:emissions-owed.
 */
import {
  DEFAULT_EMITTER_PARAMS,
  emitterInvariants,
  emitterReducer,
  type EmitterEvent,
  type EmitterItem,
  type EmitterOutput,
  EmitterParams,
  type EmitterState,
} from '../../emitter';
import type { Args } from '../args';
import { fmtMs, list } from '../format';
import { decodedParams, startUnit, UnitSession, type Started } from '../session';
import type { UnitNode } from '../unit-host';

const itemText = (i: EmitterItem): string => `${String(i.message)}${i.excludePkiId === undefined ? '' : `/not:${i.excludePkiId}`}`;

export function emitterSubject(a: Args): Started {
  const params = decodedParams(a, EmitterParams, {
    propagateIterations: a.int('propagateIterations', DEFAULT_EMITTER_PARAMS.propagateIterations),
    maxPropagationBurstSize: a.int('maxPropagationBurstSize', DEFAULT_EMITTER_PARAMS.maxPropagationBurstSize),
    maxPropagationBurstLatencyMs: a.ms('maxPropagationBurstLatency', DEFAULT_EMITTER_PARAMS.maxPropagationBurstLatencyMs),
  });
  a.done();
  const session = new UnitSession(
    {
      multi: false,
      output: (_h, _n, out) => {
        const o = out as EmitterOutput;
        return o.kind === 'gossipBatch' ? [`gossipBatch ${list(o.items.map(itemText))}`] : [JSON.stringify(o)];
      },
      receive: () => {
        throw new Error('the emitter receives no messages');
      },
      timerInput: (event) => event,
      summary: (n: UnitNode) => {
        const s = n.state as EmitterState;
        return { value: typeof s.value === 'string' ? s.value : JSON.stringify(s.value), buffer: list(s.context.buffer.map((b) => `${itemText(b.item)}:${b.iterationsLeft}`)) };
      },
      check: (_before, _input, _outs, after) =>
        Object.entries(emitterInvariants).flatMap(([id, f]) => {
          const v = f(after as EmitterState);
          return v === undefined ? [] : [`${id}: ${v}`];
        }),
    },
    {
      add(h, c) {
        const message = c.str('msg');
        const exclude = c.str('exclude', undefined);
        c.done();
        const item: EmitterItem = exclude === undefined ? { message } : { message, excludePkiId: exclude };
        h.input(h.node('emitter') as UnitNode, { type: 'ADD', item } satisfies EmitterEvent);
      },
      stop(h, c) {
        c.done();
        h.input(h.node('emitter') as UnitNode, { type: 'STOP' } satisfies EmitterEvent);
      },
    },
  );
  return startUnit(session, (h) => {
    h.print(`params propagateIterations=${params.propagateIterations} maxPropagationBurstSize=${params.maxPropagationBurstSize} maxPropagationBurstLatency=${fmtMs(params.maxPropagationBurstLatencyMs)}`);
    h.addNode('emitter', (state, event) => emitterReducer.step(state as EmitterState, event as EmitterEvent), emitterReducer.init(params));
  });
}
