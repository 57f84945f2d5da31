/**
 * The step contract: every subsystem, and the peer that composes them, is a pure function
 *   step(state, input) -> [nextState, effects]
 * No clock, no randomness, no I/O inside: time comes in on inputs (`nowMs`), randomness is a PRNG
 * value carried in the state, crypto is injected when the reducer is built, and everything the
 * outside world must do comes out as effects (see effects.ts for their ordering contract).
 */
import type { Effect } from './effects';

export type StepResult<S, M = unknown, E = unknown> = readonly [S, readonly Effect<M, E>[]];

/** [GEN-SAFE-PURE-STEP.1] init and step are pure: equal state and input give deep-equal results. */
export interface Reducer<S, I, Init, M = unknown, E = unknown> {
  /** The state before any input, plus the effects of starting (timers to arm, first messages). */
  init(params: Init): StepResult<S, M, E>;
  step(state: S, input: I): StepResult<S, M, E>;
}

/** Fold a sequence of inputs through a reducer, collecting every effect in order (tests, replay). */
export function runSteps<S, I, M, E>(
  reducer: Pick<Reducer<S, I, unknown, M, E>, 'step'>,
  state: S,
  inputs: readonly I[],
): { state: S; effects: Effect<M, E>[] } {
  const effects: Effect<M, E>[] = [];
  let current = state;
  for (const input of inputs) {
    const [next, out] = reducer.step(current, input);
    current = next;
    effects.push(...out);
  }
  return { state: current, effects };
}
