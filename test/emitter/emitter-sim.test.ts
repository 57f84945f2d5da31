import { advanceBy, command, peerState, type World } from '../../src/sim';
import { emitterSize } from '../../src/emitter';
import { emitterWorld, type EmitterNodeState } from './emitter-node';

const add = (w: World<EmitterNodeState>, message: unknown) => command(w, 'p0', { op: 'add', message });
const node = (w: World<EmitterNodeState>) => peerState(w, 'p0');

describe('gossip/gossip/batcher_test.go in the simulator', () => {
  it('[EMT-FUNC-ADD.1] TestBatchingEmitterAddAndSize: Size() is 3 after three adds', () => {
    let w = emitterWorld({ propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 1000 });
    for (const n of [1, 2, 3]) w = add(w, n);
    expect(emitterSize(node(w).emitter)).toBe(3);
  });

  it('[EMT-FUNC-STOP.1] TestBatchingEmitterStop: fewer than 5 dissemination attempts, none after Stop', () => {
    let w = emitterWorld({ propagateIterations: 10, maxPropagationBurstSize: 1, maxPropagationBurstLatencyMs: 100 });
    w = advanceBy(add(w, 1), 100);
    const atStop = node(w).batches.length;
    w = advanceBy(command(w, 'p0', { op: 'stop' }), 1000);
    expect(node(w).batches.length).toBe(atStop);
    expect(atStop).toBeLessThan(5);
    // one on the add (burst size 1) and one at the 100ms flush, which is due within the 100ms waited
    expect(atStop).toBe(2);
  });

  it('[EMT-FUNC-ITERATIONS.1] TestBatchingEmitterExpiration: exactly 10 attempts in 500ms, then Size() is 0', () => {
    let w = emitterWorld({ propagateIterations: 10, maxPropagationBurstSize: 1, maxPropagationBurstLatencyMs: 10 });
    w = advanceBy(add(w, 1), 500);
    expect(node(w).batches).toHaveLength(10);
    expect(emitterSize(node(w).emitter)).toBe(0);
  });

  it('[EMT-FUNC-PERIODIC-FLUSH.1] TestBatchingEmitterCounter: counters 3, 2, 1, 0 for adds every 600ms', () => {
    let w = emitterWorld({ propagateIterations: 5, maxPropagationBurstSize: 100, maxPropagationBurstLatencyMs: 500 });
    for (let i = 1; i <= 5; i++) {
      w = add(w, i);
      if (i < 5) w = advanceBy(w, 600);
    }
    w = command(w, 'p0', { op: 'stop' });
    const counter = (n: number) => node(w).batches.filter((b) => b.items.includes(n)).length - 1;
    expect([counter(4), counter(3), counter(2), counter(1)]).toEqual([0, 1, 2, 3]);
  });

  it('[EMT-FUNC-BURST-FLUSH.1] TestBatchingEmitterBurstSizeCap: 50 synchronous adds, burst 10, give 5 attempts', () => {
    let w = emitterWorld({ propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 800 });
    for (let i = 0; i < 50; i++) w = add(w, i);
    expect(node(w).batches).toHaveLength(5);
    expect(node(w).batches.every((b) => b.atMs === 0)).toBe(true);
  });
});
