import { createMachine, emit, enqueueActions, fromPromise, log, sendTo, setup, spawnChild, stopChild, transition, type AnyStateMachine } from 'xstate';
import { compileMachine, UnsupportedMachineError } from '../../src/core/compiled';
import { useInterpreter } from '../../src/core/interpreter';
import { ChartNotCompilableError, machineReducer } from '../../src/core/xstate-step';

function rejection(machine: AnyStateMachine): { stateId: string; feature: string; message: string } {
  try {
    compileMachine(machine);
  } catch (e) {
    if (e instanceof UnsupportedMachineError) return { stateId: e.stateId, feature: e.feature, message: e.message };
    throw e;
  }
  throw new Error('compileMachine accepted the machine');
}

describe('[GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] unsupported features are rejected at compile time, naming the state and the feature', () => {
  it('[GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] a history state', () => {
    const m = createMachine({ id: 'h', initial: 'a', states: { a: { initial: 'x', states: { x: {}, hist: { type: 'history' } } } } });
    expect(rejection(m)).toMatchObject({ stateId: 'h.a.hist', feature: "a 'history' state node" });
  });

  it('[GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] invoke', () => {
    const m = setup({ actors: { p: fromPromise(async () => 1) } }).createMachine({
      id: 'inv',
      initial: 'a',
      states: { a: { invoke: { src: 'p' } } },
    });
    expect(rejection(m)).toMatchObject({ stateId: 'inv.a', feature: 'invoke' });
  });

  it('[GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] output on a final state and on the root', () => {
    const onFinal = createMachine({ id: 'o', initial: 'a', states: { a: { initial: 'x', states: { x: { type: 'final', output: 1 } } } } });
    expect(rejection(onFinal)).toMatchObject({ stateId: 'o.a.x', feature: 'output' });
    const onRoot = createMachine({ id: 'r', initial: 'a', output: 2, states: { a: { type: 'final' } } });
    expect(rejection(onRoot)).toMatchObject({ stateId: 'r', feature: 'output' });
  });

  it.each([
    ['xstate.log', log('hi')],
    ['xstate.emit', emit({ type: 'E' })],
    ['xstate.sendTo', sendTo('someone', { type: 'E' })],
    ['xstate.spawnChild', spawnChild('child')],
    ['xstate.stopChild', stopChild('child')],
  ])('[GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] the built-in action %s, inline or named', (type, action) => {
    const inline = createMachine({ id: 'b', initial: 'a', states: { a: { on: { GO: { actions: action as never } } } } });
    expect(rejection(inline)).toMatchObject({ stateId: 'b.a', feature: `the built-in action '${type}'` });
    const named = createMachine({ id: 'n', initial: 'a', states: { a: { entry: 'act' } } }, { actions: { act: action as never } });
    expect(rejection(named)).toMatchObject({ stateId: 'n.a', feature: `the built-in action '${type}'` });
  });

  it('[GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] [GEN-FUNC-COMPILED-ENQUEUE-ACTIONS.1] enqueueActions compiles; an unsupported action it enqueues, or a check() it makes, is refused when it runs', () => {
    const sneaky = enqueueActions(({ enqueue }) => enqueue.emit({ type: 'E' }));
    const checking = enqueueActions(({ check }) => void check(() => true));
    const chart = (action: unknown) =>
      createMachine({ id: 'q', initial: 'a', states: { a: { on: { GO: { actions: action as never } } } } });
    for (const [action, feature] of [
      [sneaky, "the built-in action 'xstate.emit'"],
      [checking, 'check() inside enqueueActions'],
    ] as const) {
      const m = chart(action);
      const compiled = compileMachine(m);
      const [s0] = compiled.initialTransition(undefined);
      expect(() => compiled.transition(s0, { type: 'GO' })).toThrow(new UnsupportedMachineError('q.a', feature));
      expect(() => transition(m, m.resolveState({ value: 'a', context: {} }), { type: 'GO' })).not.toThrow();
    }
  });

  it('[GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] a guard with no implementation, and a cyclic guard alias', () => {
    const missing = createMachine({ id: 'g', initial: 'a', states: { a: { always: { guard: 'nowhere', target: 'b' } }, b: {} } });
    expect(rejection(missing)).toMatchObject({ stateId: 'g.a', feature: "the guard 'nowhere', which is not implemented" });
    const cyclic = createMachine(
      { id: 'c', initial: 'a', states: { a: { on: { GO: { guard: 'p', target: 'b' } } }, b: {} } },
      { guards: { p: 'q' as never, q: 'p' as never } },
    );
    expect(rejection(cyclic)).toMatchObject({ stateId: 'c.a', feature: 'a cyclic guard alias' });
  });

  it('[GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] the message names the state node and the feature', () => {
    const m = createMachine({ id: 'h', initial: 'a', states: { a: { initial: 'x', states: { x: {}, hist: { type: 'history' } } } } });
    expect(rejection(m).message).toBe("compileMachine: state '#h.a.hist' uses a 'history' state node, which the compiled interpreter does not support");
  });
});

describe('[GEN-FUNC-COMPILED-NO-FALLBACK.1] machineReducer refuses a chart that does not compile, whichever interpreter is active', () => {
  const historyChart = createMachine({ id: 'remembers', initial: 'a', states: { a: { initial: 'x', states: { x: {}, hist: { type: 'history' } } } } });
  const invokingChart = setup({ actors: { p: fromPromise(async () => 1) } }).createMachine({ id: 'calls', initial: 'a', states: { a: { invoke: { src: 'p' } } } });

  afterEach(() => useInterpreter('compiled'));

  it.each(['compiled', 'xstate'] as const)('[GEN-FUNC-COMPILED-NO-FALLBACK.1] with the %s interpreter active, making the reducer throws, naming the chart, the state and the feature', (kind) => {
    useInterpreter(kind);
    expect(() => machineReducer(historyChart, {})).toThrow(
      "machineReducer: the chart 'remembers' cannot be compiled: state '#remembers.a.hist' uses a 'history' state node, which the compiled interpreter does not support",
    );
    let error: unknown;
    try {
      machineReducer(invokingChart, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChartNotCompilableError);
    expect(error).toMatchObject({ chart: 'calls', unsupported: { stateId: 'calls.a', feature: 'invoke' } });
  });

  it('[GEN-FUNC-COMPILED-NO-FALLBACK.1] a chart that compiles gets a reducer, and both interpreters step it alike', () => {
    const m = createMachine({ id: 'ok', initial: 'a', states: { a: { on: { GO: { target: 'b', actions: 'said' } } }, b: {} } }, { actions: { said: () => undefined } });
    const reducer = machineReducer(m, { said: () => 'said' as const });
    const run = () => {
      const [s0] = reducer.init(undefined as never);
      const [s1, out] = reducer.step(s0, { type: 'GO' });
      return { value: s1.value, out };
    };
    const compiled = run();
    useInterpreter('xstate');
    expect(run()).toEqual(compiled);
    expect(compiled).toEqual({ value: 'b', out: ['said'] });
  });
});
