/**
 * compileMachine: a fast interpreter for an xstate 5.33 machine, compiled from the machine object
 * itself (spec/compiled.md). [GEN-FUNC-COMPILED-EQUIVALENCE.1] It computes what xstate's pure
 * `initialTransition()` and `transition()` compute — the same value, context, status and list of
 * actions — without snapshots, actors or per-step allocation of xstate's bookkeeping.
 */
import type { AnyStateMachine, ContextFrom, EventFromLogic, InputFrom } from 'xstate';
import { readChart } from './chart';
import { ConfigTable } from './config';
import { microstep, type Engine, type Working } from './microstep';
import type { CTransition, Scratch } from './model';
import { selectEventlessTransitions, selectTransitions } from './select';
import type { AnyEventObject, CompiledMachine, CompiledState, TransitionResult } from './types';

/** Throws UnsupportedMachineError (naming the state and the feature) for what it cannot run. */
export function compileMachine<TMachine extends AnyStateMachine>(
  machine: TMachine,
): CompiledMachine<ContextFrom<TMachine>, EventFromLogic<TMachine>, InputFrom<TMachine>> {
  const chart = readChart(machine);
  const engine: Engine = { chart, configs: new ConfigTable(chart) };
  const contextConfig = (machine as unknown as { config: { context?: unknown } }).config.context;
  type Ctx = ContextFrom<TMachine>;
  return {
    id: chart.id,
    initialTransition: (input) => initial(engine, contextConfig, input) as TransitionResult<Ctx>,
    transition: (state, event) => step(engine, state, event) as TransitionResult<Ctx>,
  };
}

function newScratch(context: unknown): Scratch {
  return { context, actions: [], queue: [], assigned: false };
}

/** xstate's getInitialSnapshot: context (a function of input), the initial microstep, then a macrostep on xstate.init. */
function initial(engine: Engine, contextConfig: unknown, input: unknown): TransitionResult<unknown> {
  const initEvent = { type: 'xstate.init', input } as AnyEventObject;
  const scratch = newScratch(typeof contextConfig !== 'function' && contextConfig ? contextConfig : {});
  const working: Working = { config: engine.configs.fromNodes([engine.chart.root]), status: 'active' };
  let contextOnError = scratch.context;
  try {
    if (typeof contextConfig === 'function') {
      const spawn = (): never => {
        throw new Error('compiled interpreter: spawn in the context factory is not supported');
      };
      scratch.context = Object.assign({}, scratch.context, (contextConfig as (args: { spawn: () => never; input: unknown; self: undefined }) => object)({ spawn, input, self: undefined }));
      contextOnError = scratch.context;
    }
    microstep(engine, working, [engine.chart.initialTransition], initEvent, true, scratch);
    macrostep(engine, working, initEvent, scratch);
  } catch (error) {
    // xstate returns the pre-initial snapshot (nodes: the root) with status 'error' rather than
    // throwing; its value, computed by completing that node set, is the initial configuration's.
    const value = engine.configs.fromNodes(engine.chart.initialTransition.targets ?? []).value();
    return [{ value, context: contextOnError, status: 'error', nodes: [engine.chart.root.order], error }, scratch.actions];
  }
  return [toState(working, scratch.context), scratch.actions];
}

function step(engine: Engine, state: CompiledState, event: AnyEventObject): TransitionResult<unknown> {
  const config = engine.configs.fromOrders(state.nodes);
  const working: Working = { config, status: state.status, error: state.error };
  const scratch = newScratch(state.context);
  macrostep(engine, working, event, scratch);
  if (working.config === config && scratch.context === state.context && working.status === state.status && working.error === state.error) {
    return [state, scratch.actions];
  }
  return [toState(working, scratch.context), scratch.actions];
}

function toState(working: Working, context: unknown): CompiledState {
  const base = { value: working.config.value(), context, status: working.status, nodes: working.config.orders };
  return working.status === 'error' ? { ...base, error: working.error } : base;
}

/** xstate's macrostep: the event's microstep, then eventless transitions and raised events until stable. */
function macrostep(engine: Engine, working: Working, event: AnyEventObject, scratch: Scratch): void {
  if (event.type === 'xstate.stop') {
    working.status = 'stopped';
    return;
  }
  const root = engine.chart.root;
  let current = event;
  if (event.type !== 'xstate.init') {
    const transitions = selectTransitions(root, working.config, event, scratch.context);
    if (!transitions.length && event.type.startsWith('xstate.error.actor')) {
      working.status = 'error';
      working.error = (event as { error?: unknown }).error;
      return;
    }
    microstep(engine, working, transitions, event, false, scratch);
  }
  let selectEventless = true;
  let iterations = 0;
  while (working.status === 'active') {
    if (++iterations > engine.chart.maxIterations) {
      throw new Error(
        `Infinite loop detected: the machine has processed more than ${engine.chart.maxIterations} microsteps without reaching a stable state. This usually happens when there's a cycle of transitions (e.g., eventless transitions or raised events causing state A -> B -> C -> A).`,
      );
    }
    let enabled: readonly CTransition[] = selectEventless ? selectEventlessTransitions(working.config, current, scratch.context) : [];
    const eventless = enabled.length > 0;
    if (!eventless) {
      const next = scratch.queue.shift();
      if (!next) break;
      current = next;
      enabled = selectTransitions(root, working.config, current, scratch.context);
    }
    const changed = microstep(engine, working, enabled, current, false, scratch);
    // xstate selects eventless transitions again unless an eventless microstep left the snapshot object unchanged.
    selectEventless = eventless ? changed : true;
  }
}
