/**
 * The batching emitter (Fabric gossip/gossip/batcher.go) as a statechart. See spec/emitter.md.
 * `after: maxPropagationBurstLatency` is armed only while something is buffered, so an idle peer
 * has no timer (Fabric runs a free ticker; the flush still happens within one latency period).
 */
import { assign, setup } from 'xstate';
import { appendItem, batchParams, countEmission, type GossipBatchParams } from './actions';
import { initialEmitterContext, type EmitterContext } from './context';
import { isBufferEmpty, isDisabled, reachesBurstSize } from './guards';
import type { EmitterEvent } from './inputs';
import type { EmitterParams } from './params';

export const emitterMachine = setup({
  types: {} as { context: EmitterContext; events: EmitterEvent; input: EmitterParams },
  guards: { isDisabled, reachesBurstSize, isBufferEmpty },
  actions: {
    appendItem: assign(appendItem),
    countEmission: assign(countEmission),
    gossipBatch: (_args, _params: GossipBatchParams) => undefined,
  },
  delays: { maxPropagationBurstLatency: ({ context }) => context.params.maxPropagationBurstLatencyMs },
}).createMachine({
  id: 'emitter',
  description: 'Buffers outgoing gossip and emits each message propagateIterations times, in batches.',
  context: ({ input }) => initialEmitterContext(input),
  initial: 'starting',
  on: { STOP: { target: '.stopped', meta: { req: ['EMT-FUNC-STOP.1'] } } },
  states: {
    starting: {
      description: 'Chooses between disabled and idle from propagateIterations.',
      always: [
        { guard: 'isDisabled', target: 'disabled', meta: { req: ['EMT-FUNC-DISABLED.1'] } },
        { target: 'idle' },
      ],
    },
    disabled: {
      description: 'propagateIterations is 0: adds are ignored and no timer runs.',
      meta: { req: ['EMT-FUNC-DISABLED.1'] },
      on: { ADD: { meta: { req: ['EMT-FUNC-DISABLED.1'] } } },
    },
    idle: {
      description: 'Nothing buffered; no timer armed.',
      meta: { req: ['EMT-FUNC-IDLE-NO-TIMER.1'] },
      on: {
        ADD: [
          {
            guard: 'reachesBurstSize',
            target: 'buffering',
            actions: ['appendItem', { type: 'gossipBatch', params: batchParams }, 'countEmission'],
            meta: { req: ['EMT-FUNC-BURST-FLUSH.1', 'EMT-FUNC-ITERATIONS.1'] },
          },
          { target: 'buffering', actions: 'appendItem', meta: { req: ['EMT-FUNC-ADD.1'] } },
        ],
      },
    },
    buffering: {
      description: 'Messages buffered; a flush every maxPropagationBurstLatency.',
      always: { guard: 'isBufferEmpty', target: 'idle', meta: { req: ['EMT-FUNC-IDLE-NO-TIMER.1'] } },
      after: {
        maxPropagationBurstLatency: {
          target: 'buffering',
          reenter: true,
          actions: [{ type: 'gossipBatch', params: batchParams }, 'countEmission'],
          meta: { req: ['EMT-FUNC-PERIODIC-FLUSH.1', 'EMT-FUNC-ITERATIONS.1'] },
        },
      },
      on: {
        ADD: [
          {
            guard: 'reachesBurstSize',
            actions: ['appendItem', { type: 'gossipBatch', params: batchParams }, 'countEmission'],
            meta: { req: ['EMT-FUNC-BURST-FLUSH.1', 'EMT-FUNC-ITERATIONS.1'] },
          },
          { actions: 'appendItem', meta: { req: ['EMT-FUNC-ADD.1'] } },
        ],
      },
    },
    stopped: {
      description: 'Stopped: no more emissions, ever.',
      type: 'final',
      meta: { req: ['EMT-FUNC-STOP.1'] },
    },
  },
});
