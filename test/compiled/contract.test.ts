import { assign, initialTransition, setup, transition } from 'xstate';
import { compileMachine, fromXstateSnapshot } from '../../src/core/compiled';
import { emitterMachine, FLUSH_TIMER_EVENT } from '../../src/emitter';

function captureError(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('compiled interpreter contract', () => {
  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] emitter, burst size 2: the second add flushes both, the drained buffer cancels the timer', () => {
    const compiled = compileMachine(emitterMachine);
    const [s0, a0] = compiled.initialTransition({ propagateIterations: 1, maxPropagationBurstSize: 2, maxPropagationBurstLatencyMs: 10 });
    expect([s0.value, a0]).toEqual(['idle', []]);
    // idle --ADD--> buffering: entering buffering arms the flush timer (after: maxPropagationBurstLatency = 10).
    const [s1, a1] = compiled.transition(s0, { type: 'ADD', item: { message: 'a' } });
    expect(s1.value).toBe('buffering');
    expect(a1).toEqual([{ type: 'xstate.raise', params: { event: { type: FLUSH_TIMER_EVENT }, id: FLUSH_TIMER_EVENT, delay: 10 } }]);
    // The burst-size add is targetless in buffering: append, emit both, count; the empty buffer's
    // `always` then leaves for idle, whose exit cancels the timer.
    const [s2, a2] = compiled.transition(s1, { type: 'ADD', item: { message: 'b' } });
    expect(s2.value).toBe('idle');
    expect(a2).toEqual([
      { type: 'gossipBatch', params: { items: [{ message: 'a' }, { message: 'b' }] } },
      { type: 'xstate.cancel', params: { sendId: FLUSH_TIMER_EVENT } },
    ]);
    expect(s2.context.buffer).toEqual([]);
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] an error in the initial transition gives status error, as xstate reports it', () => {
    const machine = setup({ types: {} as { context: { n: number }; input: { n: number } }, actions: { hello: () => undefined } }).createMachine({
      id: 'e',
      context: ({ input }) => ({ n: input.n }),
      initial: 'a',
      entry: 'hello',
      states: {
        a: {
          always: {
            guard: ({ context }) => {
              if (context.n > 1) throw new Error('boom');
              return false;
            },
            target: 'b',
          },
        },
        b: {},
      },
    });
    const [state, actions] = compileMachine(machine).initialTransition({ n: 5 });
    const [xs, xa] = initialTransition(machine, { n: 5 });
    expect(state).toEqual({ value: 'a', context: { n: 5 }, status: 'error', nodes: [0], error: new Error('boom') });
    expect(state).toEqual(fromXstateSnapshot(xs));
    expect(actions).toEqual(xa.map((a) => ({ type: a.type, params: a.params })));
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] an endless assigning always loop hits maxIterations, with xstate\'s error', () => {
    const machine = setup({ types: {} as { context: { n: number } } }).createMachine({
      id: 'loop',
      options: { maxIterations: 50 },
      context: { n: 0 },
      initial: 'a',
      states: {
        a: { on: { SPIN: 'spinning' } },
        // Targetless with an assign: every microstep makes a new snapshot, so the guard is asked again, forever.
        spinning: { always: { guard: ({ context }) => context.n >= 0, actions: assign({ n: ({ context }) => context.n + 1 }) } },
      },
    });
    const [s0] = compileMachine(machine).initialTransition(undefined);
    const [x0] = initialTransition(machine);
    const compiledError = captureError(() => compileMachine(machine).transition(s0, { type: 'SPIN' }));
    const xstateError = captureError(() => transition(machine, x0, { type: 'SPIN' }));
    expect(compiledError).toContain('more than 50 microsteps');
    expect(compiledError).toBe(xstateError);
  });

  it('[GEN-ASM-COMPILED-PURE-IMPLEMENTATIONS.1] implementations see no actor: self and system are undefined, spawn throws', () => {
    const machine = setup({}).createMachine({
      id: 's',
      context: { hasSelf: true, hasSystem: true },
      initial: 'a',
      states: {
        a: {
          on: {
            LOOK: { actions: assign(({ self, system }) => ({ hasSelf: self !== undefined, hasSystem: system !== undefined })) },
            SPAWN: { actions: assign(({ spawn }) => ({ child: (spawn as (src: string) => unknown)('nothing') })) },
          },
        },
      },
    });
    const compiled = compileMachine(machine);
    const [s0] = compiled.initialTransition(undefined);
    expect(compiled.transition(s0, { type: 'LOOK' })[0].context).toEqual({ hasSelf: false, hasSystem: false });
    expect(() => compiled.transition(s0, { type: 'SPAWN' })).toThrow('spawn inside assign is not supported');
  });
});
