/**
 * Turns an xstate v5 machine into a pure reducer (architecture §2): xstate's `transition()` and
 * `initialTransition()` compute the next snapshot and the list of actions without running any;
 * this module maps those actions to data:
 *  - `xstate.raise` with a delay (from `after: { <namedDelay>: ... }`) -> `setTimer`, keeping the
 *    delay's name in the timer id, so a trace and a diagram speak of `leaderAliveThreshold`;
 *  - `xstate.cancel` -> `cancelTimer`;
 *  - a named action whose name is in the subsystem's output table -> that output, built from the
 *    action's resolved `params` (params are resolved after earlier `assign`s of the same step);
 *  - any other action (assign, raise without delay) is xstate's own business and yields nothing.
 * No actor is ever started: the machine is a description, the host owns time. Which interpreter
 * computes the step (xstate's, or the one compiled from the same chart) is interpreter.ts's choice;
 * the chart is compiled when the reducer is made, and one the compiler refuses is an error there,
 * never a silent fall-back to xstate ([GEN-FUNC-COMPILED-NO-FALLBACK.1]).
 */
import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type ContextFrom,
  type EventFromLogic,
  type InputFrom,
  type SnapshotFrom,
} from 'xstate';
import { compileMachine, fromXstateSnapshot, toXstateSnapshot, UnsupportedMachineError } from './compiled';
import type { CompiledMachine, CompiledState, MachineStatus, StateValue } from './compiled';
import { activeInterpreter } from './interpreter';
import type { Effect } from './effects';

/** Output builders, keyed by action name; each receives the action's resolved params. */
export type OutputTable<Out> = Readonly<Record<string, (params: never) => Out>>;

interface ExecutableActionLike {
  readonly type: string;
  readonly params?: unknown;
}

export type TimerOutput<Ev> = Extract<Effect<never, Ev>, { kind: 'setTimer' | 'cancelTimer' }>;

function toOutputs<Out, Ev>(actions: readonly ExecutableActionLike[], table: OutputTable<Out>): (Out | TimerOutput<Ev>)[] {
  const out: (Out | TimerOutput<Ev>)[] = [];
  for (const action of actions) {
    if (action.type === 'xstate.raise') {
      const p = action.params as { delay?: number; id?: string; event: Ev } | undefined;
      if (p && typeof p.delay === 'number') {
        out.push({ kind: 'setTimer', timerId: p.id ?? String((p.event as { type?: string }).type), delayMs: p.delay, event: p.event });
      }
      continue;
    }
    if (action.type === 'xstate.cancel') {
      const p = action.params as { sendId: string };
      out.push({ kind: 'cancelTimer', timerId: p.sendId });
      continue;
    }
    const build = table[action.type] as ((params: unknown) => Out) | undefined;
    if (build) out.push(build(action.params));
  }
  return out;
}

/**
 * A chart's state as both interpreters give it: the state value, the context and the status.
 * (xstate's snapshot has more; code that reads only these works with either interpreter.)
 */
export interface ChartState<TMachine extends AnyStateMachine> {
  readonly value: StateValue;
  readonly context: ContextFrom<TMachine>;
  readonly status: MachineStatus;
}

type Step<TMachine extends AnyStateMachine, Out> = readonly [ChartState<TMachine>, readonly (Out | TimerOutput<EventFromLogic<TMachine>>)[]];

export interface MachineReducer<TMachine extends AnyStateMachine, Out> {
  readonly machine: TMachine;
  init(input: InputFrom<TMachine>): Step<TMachine, Out>;
  step(state: ChartState<TMachine>, event: EventFromLogic<TMachine>): Step<TMachine, Out>;
}

const isCompiled = (state: object): state is CompiledState => Array.isArray((state as { nodes?: unknown }).nodes);

/**
 * [GEN-FUNC-COMPILED-NO-FALLBACK.1] Thrown by machineReducer for a chart the compiled interpreter
 * refuses: it names the chart (the machine's id), the state node and the feature.
 */
export class ChartNotCompilableError extends Error {
  constructor(
    readonly chart: string,
    readonly unsupported: UnsupportedMachineError,
  ) {
    super(
      `machineReducer: the chart '${chart}' cannot be compiled: state '#${unsupported.stateId}' uses ${unsupported.feature}, ` +
        'which the compiled interpreter does not support (spec/compiled.md lists what it does); change the chart or extend src/core/compiled',
    );
    this.name = 'ChartNotCompilableError';
  }
}

function compileChart<TMachine extends AnyStateMachine>(machine: TMachine): CompiledMachine<ContextFrom<TMachine>, EventFromLogic<TMachine>, InputFrom<TMachine>> {
  try {
    return compileMachine(machine);
  } catch (e) {
    if (e instanceof UnsupportedMachineError) throw new ChartNotCompilableError(machine.id, e);
    throw e;
  }
}

export function machineReducer<TMachine extends AnyStateMachine, Out>(
  machine: TMachine,
  outputs: OutputTable<Out>,
): MachineReducer<TMachine, Out> {
  // [GEN-FUNC-COMPILED-NO-FALLBACK.1] compiled now, whichever interpreter is active: a chart that
  // does not compile is refused when its reducer is made, not run by xstate behind the caller's back.
  const fast = compileChart(machine);
  const result = (state: unknown, actions: readonly unknown[]): Step<TMachine, Out> =>
    [state as ChartState<TMachine>, toOutputs(actions as ExecutableActionLike[], outputs)];
  return {
    machine,
    init(input) {
      if (activeInterpreter() === 'compiled') {
        const [state, actions] = fast.initialTransition(input);
        return result(state, actions);
      }
      const [snapshot, actions] = initialTransition(machine, input);
      return result(snapshot, actions);
    },
    step(state, event) {
      if (activeInterpreter() === 'compiled') {
        const from = isCompiled(state) ? state : fromXstateSnapshot<ContextFrom<TMachine>>(state as unknown as AnyMachineSnapshot);
        const [next, actions] = fast.transition(from as CompiledState<ContextFrom<TMachine>>, event);
        return result(next, actions);
      }
      const snapshot = isCompiled(state) ? toXstateSnapshot(machine, state) : state;
      const [next, actions] = transition(machine, snapshot as SnapshotFrom<TMachine>, event);
      return result(next, actions);
    },
  };
}
