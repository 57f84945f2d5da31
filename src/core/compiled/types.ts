/**
 * Public values of the compiled interpreter (spec/compiled.md). A state is plain immutable data:
 * it can be compared, hashed and converted to and from an xstate snapshot (./snapshot.ts).
 */

/** xstate's state value: a leaf key, or an object with one key per active child region. */
export type StateValue = string | { readonly [key: string]: StateValue };

/** xstate's snapshot statuses; the compiled interpreter reaches the same ones for the same reasons. */
export type MachineStatus = 'active' | 'done' | 'error' | 'stopped';

/** Any machine event: xstate only reads `type`; guards, actions and delays read the rest. */
export interface AnyEventObject {
  readonly type: string;
}

/** [GEN-FUNC-COMPILED-PLAIN-STATE.1] plain, immutable data. */
export interface CompiledState<TContext = unknown> {
  readonly value: StateValue;
  readonly context: TContext;
  readonly status: MachineStatus;
  /**
   * The active state nodes, as xstate's `StateNode.order` numbers, in xstate's `_nodes` order.
   * The order is part of the state because xstate derives the value's key order from it, and the
   * key order decides which parallel region's transitions (and actions) come first.
   */
  readonly nodes: readonly number[];
  /** Only when status is 'error': what made it so. */
  readonly error?: unknown;
}

/**
 * One action of a step, exactly as in the list xstate's `transition()` returns, minus `info` and
 * `exec`: `xstate.raise` with params {event, id, delay}, `xstate.cancel` with {sendId}, and every
 * named or inline custom action with its resolved params. `assign` is never listed (nor is it by
 * xstate: it has no `execute`).
 */
export interface ExecutableAction {
  readonly type: string;
  readonly params: unknown;
}

export type TransitionResult<TContext> = readonly [CompiledState<TContext>, readonly ExecutableAction[]];

export interface CompiledMachine<TContext, TEvent extends AnyEventObject, TInput> {
  /** The machine's id, for messages. */
  readonly id: string;
  initialTransition(input: TInput): TransitionResult<TContext>;
  transition(state: CompiledState<TContext>, event: TEvent): TransitionResult<TContext>;
}

/**
 * [GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3] Thrown by compileMachine for a feature it does not
 * interpret; machineReducer turns it into an error naming the chart too, never into a fall-back.
 */
export class UnsupportedMachineError extends Error {
  constructor(
    readonly stateId: string,
    readonly feature: string,
  ) {
    super(`compileMachine: state '#${stateId}' uses ${feature}, which the compiled interpreter does not support`);
    this.name = 'UnsupportedMachineError';
  }
}
