/** The batching emitter's chart: adds (often a burst), its flush timer, stop. */
import fc from 'fast-check';
import { emitterMachine, FLUSH_TIMER_EVENT, type EmitterEvent, type EmitterParams } from '../../../src/emitter';
import { subject } from '../harness';

const input: fc.Arbitrary<EmitterParams> = fc.record({
  propagateIterations: fc.integer({ min: 0, max: 3 }),
  maxPropagationBurstSize: fc.integer({ min: 1, max: 4 }),
  maxPropagationBurstLatencyMs: fc.integer({ min: 1, max: 30 }),
});

const event: fc.Arbitrary<EmitterEvent> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('ADD' as const), item: fc.record({ message: fc.nat(99) }) }), weight: 6 },
  { arbitrary: fc.constant({ type: FLUSH_TIMER_EVENT }), weight: 1 },
  { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
);

export const emitterSubject = subject<EmitterParams, EmitterEvent>({ machine: emitterMachine, input, event, maxSteps: 40, numRuns: 200 });
