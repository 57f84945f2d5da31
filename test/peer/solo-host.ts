/**
 * A one-peer host for the trust tests: it performs setTimer/cancelTimer as the effect contract
 * says, fires due timers in order, and keeps every effect, so a test can replay what a late or
 * forged host would send (an old setTimer's event, a made-up one).
 */
import type { Effect, HostInput, PeerReducer } from '../../src/core';
import { takeEarliestDueTimer } from '../helpers/due-queue';

export class SoloHost<S> {
  nowMs: number;
  readonly effects: { atMs: number; effect: Effect }[] = [];
  private readonly timers = new Map<string, { atMs: number; seq: number; event: unknown }>();
  private seq = 0;

  constructor(private readonly reducer: PeerReducer<S>, public state: S, initial: readonly Effect[], startMs: number) {
    this.nowMs = startMs;
    this.perform(initial);
  }

  input(input: HostInput): readonly Effect[] {
    const [next, effects] = this.reducer.step(this.state, input);
    this.state = next;
    this.perform(effects);
    return effects;
  }

  /** Fire every timer due by `targetMs`, in (time, arming) order. */
  runUntil(targetMs: number): void {
    for (;;) {
      const due = takeEarliestDueTimer(this.timers, targetMs);
      if (!due) break;
      this.nowMs = due[1].atMs;
      this.input({ kind: 'timer', nowMs: this.nowMs, timerId: due[0], event: due[1].event });
    }
    this.nowMs = targetMs;
  }

  /** The setTimer effects performed so far for timer ids containing `fragment`, oldest first. */
  armed(fragment: string): Extract<Effect, { kind: 'setTimer' }>[] {
    return this.effects.flatMap(({ effect }) => (effect.kind === 'setTimer' && effect.timerId.includes(fragment) ? [effect] : []));
  }

  private perform(effects: readonly Effect[]): void {
    for (const effect of effects) {
      this.effects.push({ atMs: this.nowMs, effect });
      if (effect.kind === 'setTimer') this.timers.set(effect.timerId, { atMs: this.nowMs + effect.delayMs, seq: this.seq++, event: effect.event });
      else if (effect.kind === 'cancelTimer') this.timers.delete(effect.timerId);
    }
  }
}
