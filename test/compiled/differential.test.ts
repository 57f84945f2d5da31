import fc from 'fast-check';
import { emitterMachine, FLUSH_TIMER_EVENT, type EmitterEvent, type EmitterParams } from '../../src/emitter';
import { chainEvent, chainMachine } from './fixtures/chain-machine';
import { finalsEvent, finalsMachine } from './fixtures/finals-machine';
import { regionsEvent, regionsInput, regionsMachine } from './fixtures/regions-machine';
import { runDifferential } from './harness';

const emitterInput: fc.Arbitrary<EmitterParams> = fc.record({
  propagateIterations: fc.integer({ min: 0, max: 3 }),
  maxPropagationBurstSize: fc.integer({ min: 1, max: 4 }),
  maxPropagationBurstLatencyMs: fc.integer({ min: 1, max: 30 }),
});

const emitterEvent: fc.Arbitrary<EmitterEvent> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('ADD' as const), item: fc.record({ message: fc.nat(99) }) }), weight: 6 },
  { arbitrary: fc.constant({ type: FLUSH_TIMER_EVENT }), weight: 1 },
  { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
);

describe('[GEN-FUNC-COMPILED-EQUIVALENCE.1] the compiled interpreter agrees with xstate transition() step by step', () => {
  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] [GEN-FUNC-COMPILED-PLAIN-STATE.1] the batching emitter', () => {
    runDifferential({ machine: emitterMachine, input: emitterInput, event: emitterEvent, maxSteps: 40, numRuns: 200 });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] [GEN-FUNC-COMPILED-PLAIN-STATE.1] parallel regions with after, guards with params, reenter, nested targets, finals', () => {
    runDifferential({ machine: regionsMachine, input: regionsInput, event: regionsEvent, maxSteps: 40, numRuns: 300 });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] [GEN-FUNC-COMPILED-PLAIN-STATE.1] always chains, raised events, wildcards, top-level final', () => {
    runDifferential({ machine: chainMachine, input: fc.constant(undefined), event: chainEvent, maxSteps: 40, numRuns: 300 });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] [GEN-FUNC-COMPILED-PLAIN-STATE.1] finals: region and nested-parallel completion, root done, events after done', () => {
    runDifferential({ machine: finalsMachine, input: fc.constant(undefined), event: finalsEvent, maxSteps: 25, numRuns: 300 });
  });
});
