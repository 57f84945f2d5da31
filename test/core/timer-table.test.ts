/**
 * The timer table (src/core/timer-table.ts) against a model written from its contract: each
 * setTimer gets the next generation and hands the host a ticket; a cancel or re-arm retires the
 * previous ticket; a fire is accepted once, for the ticket of the timer armed now, and is otherwise
 * stale (a ticket issued before) or unknown (never issued). Tables are values: an old table is
 * never changed by a later step.
 */
import { fc, test } from '@fast-check/jest';
import { armTimers, emptyTimerTable, fireTimer, type Effect, type TimerTable } from '../../src/core';
import { pentries } from '../../src/core/pmap';

const EPOCH = 1_000;
const ids = ['a', 'b', 'c', '__proto__'];
// A step is either a fire (a host input) or the timer effects of one reducer step.
const effectOp = fc.record({ kind: fc.constantFrom('set' as const, 'cancel' as const), id: fc.constantFrom(...ids) });
const stepOp = fc.oneof(
  fc.record({ kind: fc.constant('fire' as const), id: fc.constantFrom(...ids), generation: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('effects' as const), effects: fc.array(effectOp, { maxLength: 4 }) }),
);

describe('timer table', () => {
  test.prop([fc.array(stepOp, { maxLength: 30 })], { numRuns: 300 })(
    '[GEN-FUNC-TIMER-GENERATIONS.1] arming, cancelling and firing answer as the model, and earlier tables stay as they were',
    (steps) => {
      let table: TimerTable = emptyTimerTable(EPOCH);
      const model = { next: 1, armed: new Map<string, number>() };
      const history: { table: TimerTable; armed: [string, number][] }[] = [];
      for (const step of steps) {
        history.push({ table, armed: [...model.armed] });
        if (step.kind === 'fire') {
          const fired = fireTimer(table, step.id, { epoch: EPOCH, generation: step.generation });
          const current = model.armed.get(step.id);
          if (current === step.generation) {
            expect(fired).toMatchObject({ ok: true, event: { armedAs: current } });
            model.armed.delete(step.id);
            if (fired.ok) table = fired.table;
          } else {
            expect(fired).toMatchObject({ ok: false, reason: step.generation < model.next ? 'timer.stale' : 'timer.unknown' });
          }
          continue;
        }
        const effects: Effect[] = step.effects.map((o) => {
          if (o.kind === 'cancel') {
            model.armed.delete(o.id);
            return { kind: 'cancelTimer', timerId: o.id };
          }
          model.armed.set(o.id, model.next);
          return { kind: 'setTimer', timerId: o.id, delayMs: 5, event: { armedAs: model.next++ } };
        });
        const [next, out] = armTimers(table, effects);
        // Each setTimer now carries its ticket; everything else passes unchanged, in order.
        expect(out.map((e) => (e.kind === 'setTimer' ? (e.event as { generation: number }).generation : e.kind))).toEqual(
          effects.map((e) => (e.kind === 'setTimer' ? (e.event as { armedAs: number }).armedAs : e.kind)),
        );
        table = next;
        expect(table.armed.size).toBe(model.armed.size);
      }
      // Every earlier table still holds exactly what was armed then, and answers as it did.
      for (const { table: old, armed } of history) {
        const held = [...pentries(old.armed)].map(([id, t]) => [id, (t.event as { armedAs: number }).armedAs, t.generation]);
        expect(held.sort()).toEqual(armed.map(([id, generation]) => [id, generation, generation]).sort());
        for (const [id, generation] of armed) expect(fireTimer(old, id, { epoch: EPOCH, generation }).ok).toBe(true);
      }
    },
  );

  it('[GEN-FUNC-TIMER-GENERATIONS.1] a ticket of another epoch, or not a ticket at all, is refused', () => {
    const [table, out] = armTimers(emptyTimerTable(EPOCH), [{ kind: 'setTimer', timerId: 'a', delayMs: 1, event: 'x' }]);
    const ticket = (out[0] as Extract<Effect, { kind: 'setTimer' }>).event as { epoch: number; generation: number };
    expect(fireTimer(table, 'a', { ...ticket, epoch: EPOCH - 1 })).toMatchObject({ ok: false, reason: 'timer.stale' });
    expect(fireTimer(table, 'a', { ...ticket, epoch: EPOCH + 1 })).toMatchObject({ ok: false, reason: 'timer.unknown' });
    expect(fireTimer(table, 'a', 'x')).toMatchObject({ ok: false, reason: 'timer.unknown' });
    expect(fireTimer(table, 'a', ticket)).toMatchObject({ ok: true, event: 'x' });
  });
});
