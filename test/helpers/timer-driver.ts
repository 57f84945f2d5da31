/**
 * A minimal virtual-time host for one reducer, for unit tests: it performs setTimer/cancelTimer
 * per the effect contract and fires due timers in (time, arming order). The multi-peer host is
 * src/sim; this one exists so a subsystem can be tested alone.
 */
interface TimerLike { kind: string; timerId?: string; delayMs?: number; event?: unknown }

export class TimerDriver<S, Ev, Out extends TimerLike> {
  nowMs = 0;
  private seq = 0;
  private timers = new Map<string, { fireAtMs: number; seq: number; event: Ev }>();
  readonly outputs: { atMs: number; output: Out }[] = [];

  constructor(
    private readonly stepFn: (s: S, e: Ev) => readonly [S, readonly Out[]],
    public state: S,
    initial: readonly Out[] = [],
  ) {
    this.perform(initial);
  }

  send(event: Ev): void {
    const [next, outs] = this.stepFn(this.state, event);
    this.state = next;
    this.perform(outs);
  }

  armedTimers(): string[] {
    return [...this.timers.keys()];
  }

  /** Run every timer due at or before `targetMs`, then set the clock to it. */
  advanceTo(targetMs: number): void {
    for (;;) {
      let due: [string, { fireAtMs: number; seq: number; event: Ev }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].fireAtMs > targetMs) continue;
        if (!due || entry[1].fireAtMs < due[1].fireAtMs || (entry[1].fireAtMs === due[1].fireAtMs && entry[1].seq < due[1].seq)) due = entry;
      }
      if (!due) break;
      this.timers.delete(due[0]);
      this.nowMs = due[1].fireAtMs;
      this.send(due[1].event);
    }
    this.nowMs = targetMs;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.nowMs + ms);
  }

  private perform(outs: readonly Out[]): void {
    for (const o of outs) {
      if (o.kind === 'setTimer') this.timers.set(o.timerId as string, { fireAtMs: this.nowMs + (o.delayMs as number), seq: this.seq++, event: o.event as Ev });
      else if (o.kind === 'cancelTimer') this.timers.delete(o.timerId as string);
      else this.outputs.push({ atMs: this.nowMs, output: o });
    }
  }
}
