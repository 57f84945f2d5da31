/** The search itself, on a toy model whose space is known, and on the named configurations. */
import {
  configurationKey,
  electionModel,
  explore,
  initialConfiguration,
  pullModel,
  renamers,
  successors,
  type Configuration,
} from '../../src/explore';
import { reportTable } from '../../src/tools/explore/table';
import { toyModel } from './toy';

const PULL_2 = () => pullModel({ peers: [{ items: ['b1'], seed: 1 }, { items: ['b2'], seed: 2 }] });

describe('search', () => {
  it('[EXP-FUNC-BFS.1] explores level by level and knows when the space is exhausted', () => {
    // Two pings: deliver or lose each (budget 1), then fire the timers each delivery armed.
    const r = explore(toyModel(2), { depth: 10, maxStates: 1000, losses: 1 });
    expect(r.exhausted).toBe(true);
    expect(r.levels.reduce((a, b) => a + b, 0)).toBe(r.states);
    expect(r.depthReached).toBe(r.levels.length - 1);
    expect(r.depthReached).toBeLessThan(10);
    // The deepest path: deliver both, fire both.
    expect(r.depthReached).toBe(4);
  });

  it('[EXP-FUNC-BFS.1] stops at the depth bound, and at maxStates (truncated)', () => {
    const byDepth = explore(toyModel(3), { depth: 2, maxStates: 1000 });
    expect(byDepth.depthReached).toBe(2);
    expect(byDepth.exhausted).toBe(false);
    const byStates = explore(toyModel(3), { depth: 10, maxStates: 5 });
    expect(byStates.truncated).toBe(true);
    expect(byStates.states).toBe(5);
  });

  it('[EXP-FUNC-FAULTS.1] a loss or a duplication spends the budget; equal copies are one transition', () => {
    const model = toyModel(1);
    const start = initialConfiguration(model, { losses: 1, duplicates: 1 }).config;
    const kinds = (c: Configuration<number, number, string>) => successors(model, c, 'earliest').map((s) => s.transition.kind);
    expect(kinds(start)).toEqual(['deliver', 'lose', 'duplicate']);
    const duplicated = successors(model, start, 'earliest').find((s) => s.transition.kind === 'duplicate')?.config as Configuration<number, number, string>;
    expect(duplicated.inFlight).toHaveLength(2);
    expect(duplicated.budgets).toEqual({ losses: 1, duplicates: 0 });
    expect(kinds(duplicated)).toEqual(['deliver', 'lose']);
    const noFaults = initialConfiguration(model, { losses: 0, duplicates: 0 }).config;
    expect(kinds(noFaults)).toEqual(['deliver']);
  });

  it('[EXP-FUNC-INVARIANTS.1] [EXP-FUNC-SHORTEST-TRACE.1] a step violation stops the search with its shortest path', () => {
    const r = explore(toyModel(3, { maxReceived: 2 }), { depth: 10, maxStates: 1000 });
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]?.depth).toBe(3);
    expect(r.violations[0]?.steps.map((s) => s.text)).toEqual([
      'deliver ping0 a -> b  => b: received 1',
      'deliver ping1 a -> b  => b: received 2',
      'deliver ping2 a -> b  => b: received 3',
    ]);
    const all = explore(toyModel(3, { maxReceived: 2 }), { depth: 10, maxStates: 1000, allViolations: true });
    expect(all.violations.length).toBeGreaterThan(1);
    expect(Math.min(...all.violations.map((v) => v.depth))).toBe(3);
  });

  it('[EXP-FUNC-DETERMINISM.1] the same model and options give the same counts and traces', () => {
    const run = () => explore(PULL_2(), { depth: 8, maxStates: 50_000, losses: 1, duplicates: 1 });
    const [a, b] = [run(), run()];
    expect(b).toEqual(a);
    expect(a.states).toBeGreaterThan(1000);
  });

  it('[EXP-FUNC-STATE-HASHING.1] fingerprints merge exactly what the canonical texts merge', () => {
    const options = { depth: 9, maxStates: 100_000, losses: 1, duplicates: 1 } as const;
    const hashed = explore(PULL_2(), options);
    const exact = explore(PULL_2(), { ...options, exactKeys: true });
    expect(hashed.states).toBe(exact.states);
    expect(hashed.transitions).toBe(exact.transitions);
    expect(exact.collisionProbability).toBe(0);
    expect(hashed.collisionProbability).toBeLessThan(1e-6);
    // Merging matters: far fewer configurations than transitions.
    expect(exact.states).toBeLessThan(exact.transitions / 2);
  });

  it('[EXP-FUNC-STATE-HASHING.1] a timeless model ignores a shift in time; a timed one does not', () => {
    const shift = <S, M, T>(c: Configuration<S, M, T>, ms: number): Configuration<S, M, T> => ({
      ...c,
      nowMs: c.nowMs + ms,
      timers: c.timers.map((ts) => ts.map((t) => ({ ...t, dueMs: t.dueMs + ms }))),
    });
    const election = electionModel();
    const e0 = initialConfiguration(election, { losses: 0, duplicates: 0 }).config;
    const ek = (c: typeof e0) => configurationKey(election, c, 'earliest', renamers(undefined, 3));
    expect(ek(shift(e0, 1000))).toBe(ek(e0));
    const pull = PULL_2();
    const p0 = initialConfiguration(pull, { losses: 0, duplicates: 0 }).config;
    const pk = (c: typeof p0) => configurationKey(pull, c, 'earliest', renamers(undefined, 2));
    expect(pk(shift(p0, 1000))).not.toBe(pk(p0));
  });

  it('[EXP-FUNC-REPORT.1] the report and its table carry every figure', () => {
    const options = { depth: 6, maxStates: 10_000, losses: 1 } as const;
    const r = explore(electionModel(), options);
    expect(r).toMatchObject({ model: 'election-3', depthReached: 6, symmetryGroup: 1, violations: [] });
    expect(r.transitions).toBeGreaterThan(r.states);
    const table = reportTable(r, options, 2);
    for (const row of ['states', 'transitions', 'depth reached', 'states/s', 'violations', 'collision probability']) expect(table).toContain(row);
    expect(table).toContain(`states/s               ${Math.round(r.states / 2)}`);
  });
});
