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
 * No actor is ever started: the machine is a description, the host owns time.
 */
import { initialTransition, transition, type AnyStateMachine, type SnapshotFrom, type EventFromLogic, type InputFrom } from 'xstate';
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

export interface MachineReducer<TMachine extends AnyStateMachine, Out> {
  readonly machine: TMachine;
  init(input: InputFrom<TMachine>): readonly [SnapshotFrom<TMachine>, readonly (Out | TimerOutput<EventFromLogic<TMachine>>)[]];
  step(
    snapshot: SnapshotFrom<TMachine>,
    event: EventFromLogic<TMachine>,
  ): readonly [SnapshotFrom<TMachine>, readonly (Out | TimerOutput<EventFromLogic<TMachine>>)[]];
}

export function machineReducer<TMachine extends AnyStateMachine, Out>(
  machine: TMachine,
  outputs: OutputTable<Out>,
): MachineReducer<TMachine, Out> {
  return {
    machine,
    init(input) {
      const [snapshot, actions] = initialTransition(machine, input);
      return [snapshot as SnapshotFrom<TMachine>, toOutputs(actions as ExecutableActionLike[], outputs)];
    },
    step(snapshot, event) {
      const [next, actions] = transition(machine, snapshot, event);
      return [next as SnapshotFrom<TMachine>, toOutputs(actions as ExecutableActionLike[], outputs)];
    },
  };
}
