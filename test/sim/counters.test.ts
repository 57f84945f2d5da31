/**
 * [SIM-FUNC-COUNTERS.1] The world's counters as a value: a model-based property runs random
 * counting steps from random earlier worlds (a tree of worlds, as replay and exploration make) and
 * checks every world against a plain record of what was counted on its own path.
 */
import fc from 'fast-check';
import { CounterDraft, counterEntries, countOf, NO_COUNTERS, type Counters } from '../../src/sim/counters';

const NAMES = ['send', 'deliver', 'drop:lost', 'timer', 'ignored:crashed', 'handshakeRefused:badCert'];

interface Node {
  readonly counters: Counters;
  /** The model: counts by name and the order names were first counted along this world's path. */
  readonly model: ReadonlyMap<string, number>;
}

describe('[SIM-FUNC-COUNTERS.1] counters', () => {
  it('[SIM-FUNC-COUNTERS.1] a step from any earlier world counts on its own copy: every world keeps exactly the counts of its path, in first-counted order, and unknown names read 0', () => {
    const step = fc.record({
      from: fc.nat(),
      adds: fc.array(fc.record({ name: fc.constantFrom(...NAMES), by: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const worlds: Node[] = [{ counters: NO_COUNTERS, model: new Map() }];
        for (const { from, adds } of steps) {
          const parent = worlds[from % worlds.length] as Node;
          const draft = new CounterDraft(parent.counters);
          const model = new Map(parent.model);
          for (const { name, by } of adds) {
            draft.add(name, by);
            model.set(name, (model.get(name) ?? 0) + by);
          }
          worlds.push({ counters: draft.counters(), model });
        }
        for (const w of worlds) {
          expect(counterEntries(w.counters)).toEqual([...w.model]);
          for (const name of NAMES) expect(countOf(w.counters, name)).toBe(w.model.get(name) ?? 0);
          expect(countOf(w.counters, 'never counted')).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('[SIM-FUNC-COUNTERS.1] a step copies the counts once however often it counts, and shares the name table until it meets a new name', () => {
    const first = new CounterDraft(NO_COUNTERS);
    first.add('send', 1);
    first.add('deliver', 1);
    const before = first.counters();
    const next = new CounterDraft(before);
    next.add('send', 1);
    const afterOne = next.counters();
    next.add('deliver', 2);
    expect(next.counters()).toBe(afterOne);
    expect(afterOne.names).toBe(before.names);
    expect(afterOne.values).not.toBe(before.values);
    expect(counterEntries(before)).toEqual([['send', 1], ['deliver', 1]]);
    expect(counterEntries(afterOne)).toEqual([['send', 2], ['deliver', 3]]);
    next.add('timer', 1);
    expect(next.counters().names).not.toBe(before.names);
    expect(before.names).toEqual(['send', 'deliver']);
  });
});
