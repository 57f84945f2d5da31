import { fc, test } from '@fast-check/jest';
import {
  DEFAULT_EMITTER_PARAMS,
  emitterInvariants,
  emitterReducer,
  emitterSize,
  type EmitterEvent,
  type EmitterOutput,
  type EmitterParams,
  type EmitterState,
} from '../../src/emitter';
import { TimerDriver } from '../helpers/timer-driver';

function start(params: EmitterParams): TimerDriver<EmitterState, EmitterEvent, EmitterOutput> {
  const [s0, out] = emitterReducer.init(params);
  return new TimerDriver((s, e) => emitterReducer.step(s, e), s0, out);
}
const add = (message: unknown): EmitterEvent => ({ type: 'ADD', item: { message } });
const batches = (d: TimerDriver<EmitterState, EmitterEvent, EmitterOutput>) =>
  d.outputs.flatMap((o) => (o.output.kind === 'gossipBatch' ? [{ atMs: o.atMs, items: o.output.items.map((i) => i.message) }] : []));

describe('batching emitter', () => {
  it('[EMT-PARAM-DEFAULTS.1] defaults are Fabric core.yaml: 1 iteration, burst 10, 10ms', () => {
    expect(DEFAULT_EMITTER_PARAMS).toEqual({ propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 10 });
  });

  it('[EMT-FUNC-ADD.1] [EMT-FUNC-PERIODIC-FLUSH.1] an add is emitted one latency later, in one batch with later adds', () => {
    const d = start({ propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 50 });
    d.send(add('a'));
    d.advanceBy(20);
    d.send(add('b'));
    expect(batches(d)).toEqual([]);
    d.advanceTo(50);
    expect(batches(d)).toEqual([{ atMs: 50, items: ['a', 'b'] }]);
  });

  it('[EMT-FUNC-IDLE-NO-TIMER.1] an empty emitter arms no timer; the timer goes when the buffer drains', () => {
    const d = start(DEFAULT_EMITTER_PARAMS);
    expect(d.armedTimers()).toEqual([]);
    d.send(add('x'));
    expect(d.armedTimers()).toHaveLength(1);
    d.advanceBy(10);
    expect(d.armedTimers()).toEqual([]);
    expect(d.state.value).toBe('idle');
  });

  it('[EMT-FUNC-DISABLED.1] propagateIterations 0 ignores adds and never emits', () => {
    const d = start({ ...DEFAULT_EMITTER_PARAMS, propagateIterations: 0 });
    d.send(add('x'));
    d.advanceBy(1000);
    expect(d.state.value).toBe('disabled');
    expect(emitterSize(d.state)).toBe(0);
    expect(batches(d)).toEqual([]);
  });

  describe('ports of gossip/gossip/batcher_test.go', () => {
    it('[EMT-FUNC-ADD.1] TestBatchingEmitterAddAndSize: three adds are three buffered', () => {
      const d = start({ propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 1000 });
      [1, 2, 3].forEach((n) => d.send(add(n)));
      expect(emitterSize(d.state)).toBe(3);
    });

    it('[EMT-FUNC-STOP.1] TestBatchingEmitterStop: nothing is emitted after Stop', () => {
      const d = start({ propagateIterations: 10, maxPropagationBurstSize: 1, maxPropagationBurstLatencyMs: 100 });
      d.send(add(1));
      d.advanceBy(100);
      const before = batches(d).length;
      d.send({ type: 'STOP' });
      d.advanceBy(1000);
      // burst size 1 emits on add; the 100ms tick emits once more before Stop.
      expect(before).toBe(2);
      expect(batches(d)).toHaveLength(before);
      expect(d.armedTimers()).toEqual([]);
    });

    it('[EMT-FUNC-ITERATIONS.1] TestBatchingEmitterExpiration: 10 iterations give exactly 10 emissions, then empty', () => {
      const d = start({ propagateIterations: 10, maxPropagationBurstSize: 1, maxPropagationBurstLatencyMs: 10 });
      d.send(add(1));
      d.advanceBy(500);
      expect(batches(d)).toHaveLength(10);
      expect(emitterSize(d.state)).toBe(0);
    });

    it('[EMT-FUNC-ITERATIONS.1] [EMT-FUNC-PERIODIC-FLUSH.1] TestBatchingEmitterCounter: adds every 600ms, flush every 500ms', () => {
      const d = start({ propagateIterations: 5, maxPropagationBurstSize: 100, maxPropagationBurstLatencyMs: 500 });
      for (let i = 1; i <= 5; i++) {
        d.send(add(i));
        if (i < 5) d.advanceBy(600);
      }
      d.send({ type: 'STOP' });
      // Fabric's counter is emissions - 1. Flushes at 500, 1000, 1500, 2000: item i (added at
      // 600(i-1)) is in 5 - i of them.
      const emissions = new Map<unknown, number>();
      for (const b of batches(d)) for (const m of b.items) emissions.set(m, (emissions.get(m) ?? 0) + 1);
      expect([1, 2, 3, 4].map((n) => (emissions.get(n) ?? 0) - 1)).toEqual([3, 2, 1, 0]);
    });

    it('[EMT-FUNC-BURST-FLUSH.1] TestBatchingEmitterBurstSizeCap: 50 adds with burst 10 flush exactly 5 times', () => {
      const d = start({ propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 800 });
      for (let i = 0; i < 50; i++) d.send(add(i));
      expect(batches(d)).toHaveLength(5);
      expect(batches(d).map((b) => b.items.length)).toEqual([10, 10, 10, 10, 10]);
    });
  });

  const op = fc.oneof(
    fc.record({ kind: fc.constant('add' as const) }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40 }) }),
  );
  // @fast-check/jest: the property is the test; on failure jest shows the seed and the shrunk path.
  test.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 20 }), fc.array(op, { maxLength: 60 })], { numRuns: 200 })(
    '[EMT-SAFE-BOUNDED-ITERATIONS.1] [EMT-FUNC-ITERATIONS.1] any interleaving: invariants hold, each message emitted exactly propagateIterations times',
    (iterations, burst, latency, ops) => {
      const d = start({ propagateIterations: iterations, maxPropagationBurstSize: burst, maxPropagationBurstLatencyMs: latency });
      let next = 0;
      for (const o of ops) {
        if (o.kind === 'add') d.send(add(next++));
        else d.advanceBy(o.ms);
        for (const [id, check] of Object.entries(emitterInvariants)) {
          const violation = check(d.state);
          if (violation) throw new Error(`${id}: ${violation}`);
        }
      }
      d.advanceBy(latency * (iterations + 1));
      const counts = new Array<number>(next).fill(0);
      for (const b of batches(d)) for (const m of b.items) counts[m as number] = (counts[m as number] ?? 0) + 1;
      expect(counts.every((c) => c === iterations)).toBe(true);
      expect(emitterSize(d.state)).toBe(0);
    },
  );
});
