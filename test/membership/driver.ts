/**
 * One membership reducer driven alone in virtual time, for unit tests: it performs
 * setTimer/cancelTimer (firing due timers in time, then arming order, feeding back the timer's
 * event with `nowMs`), records every other output with its time, and checks every invariant of
 * src/membership/invariants.ts after every step (a violation throws, naming the requirement).
 */
import type { CryptoSuite, SigningKey } from '../../src/core';
import {
  checkMembershipStep,
  createMembershipReducer,
  type MembershipEvent,
  type MembershipInit,
  type MembershipOutput,
  type MembershipReducer,
  type MembershipState,
} from '../../src/membership';
import { takeEarliestDueTimer } from '../helpers/due-queue';

type EventBody = MembershipEvent extends infer E ? (E extends unknown ? Omit<E, 'nowMs'> : never) : never;

export class MembershipDriver {
  nowMs: number;
  state: MembershipState;
  readonly outputs: { atMs: number; output: MembershipOutput }[] = [];
  private readonly reducer: MembershipReducer;
  private readonly timers = new Map<string, { atMs: number; seq: number; event: unknown }>();
  private seq = 0;

  constructor(crypto: CryptoSuite, key: SigningKey, input: MembershipInit) {
    this.reducer = createMembershipReducer({ crypto, key });
    this.nowMs = input.startTimeMs;
    const [s, outs] = this.reducer.init(input);
    this.state = s;
    this.perform(outs);
  }

  /** Feed an event now. */
  send(body: EventBody): readonly MembershipOutput[] {
    const event = { ...body, nowMs: this.nowMs } as MembershipEvent;
    const before = this.state;
    const [after, outs] = this.reducer.step(before, event);
    const violation = checkMembershipStep(before, event, after, outs);
    if (violation !== undefined) throw new Error(`invariant violated at t=${this.nowMs}: ${violation}`);
    this.state = after;
    this.perform(outs);
    return outs;
  }

  advanceTo(targetMs: number): void {
    for (;;) {
      const due = takeEarliestDueTimer(this.timers, targetMs);
      if (!due) break;
      this.nowMs = due[1].atMs;
      this.send(due[1].event as EventBody);
    }
    this.nowMs = targetMs;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.nowMs + ms);
  }

  armedTimers(): string[] {
    return [...this.timers.keys()].sort();
  }

  /** Outputs of one kind, recorded so far (optionally only since `fromMs`). */
  of<K extends MembershipOutput['kind']>(kind: K, fromMs = Number.NEGATIVE_INFINITY): Extract<MembershipOutput, { kind: K }>[] {
    return this.outputs
      .filter((o) => o.atMs >= fromMs && o.output.kind === kind)
      .map((o) => o.output as Extract<MembershipOutput, { kind: K }>);
  }

  clearOutputs(): void {
    this.outputs.length = 0;
  }

  private perform(outs: readonly MembershipOutput[]): void {
    for (const o of outs) {
      if (o.kind === 'setTimer') this.timers.set(o.timerId, { atMs: this.nowMs + o.delayMs, seq: this.seq++, event: o.event });
      else if (o.kind === 'cancelTimer') this.timers.delete(o.timerId);
      else this.outputs.push({ atMs: this.nowMs, output: o });
    }
  }
}
