import { advanceTo, armedTimerIds, command, stepWorld, traceEvents } from '../../src/sim';
import { inputsOf, script, testWorld } from './test-peer';

const arm = (timerId: string, delayMs: number, event: unknown = timerId) => ({ kind: 'setTimer' as const, timerId, delayMs, event });

describe('[SIM-FUNC-TIMERS.1] timers follow the effect contract', () => {
  it('[GEN-ASM-TIMERS.1] [SIM-FUNC-TIMERS.1] a timer fires once, delayMs after the step that armed it, carrying its event', () => {
    let w = advanceTo(testWorld(), 100);
    w = command(w, 'p0', script([arm('a', 250, { hello: 1 })]));
    w = advanceTo(w, 349);
    expect(inputsOf(w, 'p0', 'timer')).toEqual([]);
    w = advanceTo(w, 10_000);
    expect(inputsOf(w, 'p0', 'timer')).toEqual([{ kind: 'timer', nowMs: 350, timerId: 'a', event: { hello: 1 } }]);
    expect(armedTimerIds(w, 'p0')).toEqual([]);
  });

  it('[GEN-ASM-TIMERS.1] [SIM-FUNC-TIMERS.1] setTimer with an armed id replaces it: only the new one fires', () => {
    let w = command(advanceTo(testWorld(), 100), 'p0', script([arm('a', 250, 'old')]));
    w = command(advanceTo(w, 200), 'p0', script([arm('a', 500, 'new')]));
    w = advanceTo(w, 10_000);
    // 350 would be the old timer; the re-armed one is due 200 + 500.
    expect(inputsOf(w, 'p0', 'timer').map((i) => [i.nowMs, i.event])).toEqual([[700, 'new']]);
  });

  it('[GEN-ASM-TIMERS.1] [SIM-FUNC-TIMERS.1] a cancelled timer never fires; cancelling an unarmed id is a no-op', () => {
    const cancel = (timerId: string) => ({ kind: 'cancelTimer' as const, timerId });
    let w = command(testWorld(), 'p0', script([arm('a', 50), arm('b', 60), cancel('a'), cancel('zz')]));
    expect(armedTimerIds(w, 'p0')).toEqual(['b']);
    w = advanceTo(w, 1000);
    expect(w.failure).toBeUndefined();
    expect(inputsOf(w, 'p0', 'timer').map((i) => i.timerId)).toEqual(['b']);
  });

  it('[SIM-FUNC-TIMERS.1] a periodic timer re-armed on each firing fires at every period', () => {
    let w = command(testWorld(), 'p1', { op: 'tick', everyMs: 1000 });
    w = advanceTo(w, 5500);
    expect(inputsOf(w, 'p1', 'timer').map((i) => i.nowMs)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(w.nowMs).toBe(5500);
  });

  it('[SIM-FUNC-TIMERS.1] timers due at the same instant fire in arming order', () => {
    let w = command(testWorld(), 'p0', script([arm('b', 10), arm('a', 10)]));
    w = command(w, 'p1', script([arm('c', 10)]));
    w = advanceTo(w, 10);
    const fired = traceEvents(w).filter((l) => l.k === 'timer');
    expect(fired.map((l) => (l.k === 'timer' ? `${l.peer}/${l.timerId}@${l.t}` : ''))).toEqual(['p0/b@10', 'p0/a@10', 'p1/c@10']);
  });
});

describe('[SIM-FUNC-EVENT-ORDER.1] event-driven time', () => {
  it('[SIM-FUNC-EVENT-ORDER.1] the clock jumps from event to event: idle time costs no steps', () => {
    let w = command(testWorld(), 'p1', { op: 'tick', everyMs: 1000 });
    const stepsBefore = w.step;
    w = advanceTo(w, 10_000);
    // Exactly the ten timer firings, however long the quiet gaps between them.
    expect(w.step - stepsBefore).toBe(10);
  });

  it('[SIM-FUNC-EVENT-ORDER.1] stepWorld on an idle world returns the same world', () => {
    const w = testWorld();
    expect(stepWorld(w)).toBe(w);
  });
});
