/**
 * The composed peer's step: admission turns the host input into signals (or one counted
 * rejection), the engine performs them through the wiring table, and every timer armed on the way
 * gets its ticket. Pure: the Acc is local to the step.
 */
import { armTimers, type HostInput } from '../core';
import { countRejection, type Acc, type PeerEnv } from './acc';
import { admit } from './admission';
import { run } from './engine';
import { withPeerState, type PeerState } from './state';

export function stepPeer(env: PeerEnv, state: PeerState, input: HostInput): readonly [PeerState, Acc['effects']] {
  if (state.stopped) return [state, []];
  const acc: Acc = { env, nowMs: input.nowMs, state, effects: [] };
  run(acc, admit({ state, env, nowMs: input.nowMs }, input));
  if (acc.refusal !== undefined) {
    // [PEER-FUNC-IDENTITY-REFUSED-INPUT.1] only received messages bring identities (no timer does),
    // so going back to the state before the input loses no consumed timer ticket.
    const refused: Acc = { env, nowMs: input.nowMs, state, effects: [] };
    countRejection(refused, acc.refusal.reason, acc.refusal.message);
    return finishStep(refused);
  }
  return finishStep(acc);
}

/** [GEN-FUNC-TIMER-GENERATIONS.1] Every timer armed in this step is recorded; the host gets its ticket. */
export function finishStep(acc: Acc): readonly [PeerState, Acc['effects']] {
  const [timers, effects] = armTimers(acc.state.timers, acc.effects);
  return [timers === acc.state.timers ? acc.state : withPeerState(acc.state, { timers }), effects];
}
