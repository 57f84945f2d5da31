import fc from 'fast-check';
import { chainEvent, chainMachine } from './fixtures/chain-machine';
import { enqueueEvent, enqueueMachine } from './fixtures/enqueue-machine';
import { finalsEvent, finalsMachine } from './fixtures/finals-machine';
import { regionsEvent, regionsInput, regionsMachine } from './fixtures/regions-machine';
import { runDifferential } from './harness';

/** The interpreter's corners, on fixture charts; the project's own charts are in catalog.test.ts. */
describe('[GEN-FUNC-COMPILED-EQUIVALENCE.1] the compiled interpreter agrees with xstate transition() step by step', () => {
  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] [GEN-FUNC-COMPILED-PLAIN-STATE.1] parallel regions with after, guards with params, reenter, nested targets, finals', () => {
    runDifferential({ machine: regionsMachine, input: regionsInput, event: regionsEvent, maxSteps: 40, numRuns: 150 }, { requireCoverage: true });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] [GEN-FUNC-COMPILED-PLAIN-STATE.1] always chains, raised events, wildcards, top-level final', () => {
    runDifferential({ machine: chainMachine, input: fc.constant(undefined), event: chainEvent, maxSteps: 40, numRuns: 150 }, { requireCoverage: true });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] [GEN-FUNC-COMPILED-PLAIN-STATE.1] finals: region and nested-parallel completion, root done, events after done', () => {
    runDifferential({ machine: finalsMachine, input: fc.constant(undefined), event: finalsEvent, maxSteps: 25, numRuns: 150 }, { requireCoverage: true });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-ENQUEUE-ACTIONS.1] enqueueActions: assigns, custom actions with params, raises, a cancel and a nested enqueue, in order', () => {
    runDifferential({ machine: enqueueMachine, input: fc.constant(undefined), event: enqueueEvent, maxSteps: 30, numRuns: 150 }, { requireCoverage: true });
  });
});
