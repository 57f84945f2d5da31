/**
 * Checking the checker ([GEN-FUNC-CHECK-PLANTED.2]): each whole-network property catches its
 * planted bug (test/check/mutants.ts) within its CI budget, the shrunk counterexample replays from
 * the printed seed and path, and it renders as a trace and a sequence diagram
 * ([GEN-FUNC-CHECK-COUNTEREXAMPLE.1]); its pin (test/check/pinned.ts, run first by the property's
 * test) still catches it ([GEN-FUNC-CHECK-PINNED.1]).
 */
import { CI_TIMING, caseAt, checkProperty, counterexampleFiles, pinnedReplay, PROPERTIES, replayCommand, runCase, WORLD_SIZES, type CheckOptions } from '../../src/check';
import { PLANTED_BUGS } from './mutants';
import { PINNED } from './pinned';

/** CHECK_SEED, when set, for every bug; otherwise each bug's own seed, or 13. */
const seedOf = (bug: { readonly seed?: number }): number => Number(process.env['CHECK_SEED'] ?? bug.seed ?? 13);
const SEED = seedOf({});

describe('[GEN-FUNC-CHECK-PLANTED.2] every whole-network property catches its planted bug', () => {
  it.each(PLANTED_BUGS.map((b) => [b.property, b.name, b] as const))('[GEN-FUNC-CHECK-PLANTED.2] [GEN-FUNC-CHECK-PINNED.1] %s catches %s, the counterexample replays from its seed and path, and its pin catches it', (_id, _name, bug) => {
    const property = PROPERTIES.find((p) => p.id === bug.property)!;
    const uninstall = bug.install();
    try {
      const options: CheckOptions = { runs: property.ciRuns, seed: seedOf(bug), size: WORLD_SIZES.small, timing: CI_TIMING, plant: bug.plant?.() };
      const report = checkProperty(property, options);
      // The seed and path are what test/check/pinned.ts pins ([GEN-FUNC-CHECK-PINNED.1]).
      console.log(`${bug.property} / ${bug.name}: seed ${options.seed}, ${report.runs} runs, ${report.steps} steps, counterexample seed ${report.counterexample?.seed} path ${report.counterexample?.path}, violation: ${report.counterexample?.message ?? 'none'}`);
      expect(bug.fired.count).toBeGreaterThan(0);
      expect(report.violations).toBe(1);
      const cx = report.counterexample!;
      expect(cx.message).toContain(bug.property.startsWith('PEER-') ? 'PEER-SAFE-SUBSYSTEM-INVARIANTS.1' : bug.property);
      // Replay from the printed seed and path: the same shrunk case fails the same way.
      const replayed = checkProperty(property, { ...options, seed: cx.seed, path: cx.path, plant: bug.plant?.() });
      expect(replayed.counterexample?.testCase).toEqual(cx.testCase);
      expect(replayed.counterexample?.message).toBe(cx.message);
      expect(replayCommand(cx)).toContain(`--seed ${cx.seed} --path ${cx.path}`);
      // [GEN-FUNC-CHECK-PINNED.1] the seed and path name the case without running anything: what a pin holds.
      expect(caseAt(property, options, { seed: cx.seed, path: cx.path })).toEqual(cx.testCase);
      // The pinned case (run first by the property's test) still catches the bug: it is this very
      // counterexample (just replayed), or, when the generators have moved on, it is run here.
      const pin = PINNED[bug.name]!;
      if (pin.seed !== cx.seed || pin.path !== cx.path) {
        const pinned = runCase(property, caseAt(property, options, pin), { timing: CI_TIMING, plant: bug.plant?.() });
        expect(`${pin.path}: ${pinned.failure?.message ?? 'no violation'}`).toContain(pin.catches);
      }
    } finally {
      uninstall();
    }
  });

  it('[GEN-FUNC-CHECK-COUNTEREXAMPLE.1] a caught bug writes its shrunk case, its ndjson trace and a Mermaid sequence diagram of the events before the violation', () => {
    const bug = PLANTED_BUGS.find((b) => b.property === 'GEN-SAFE-CHECK-LEDGER-PREFIX.1')!;
    const property = PROPERTIES.find((p) => p.id === bug.property)!;
    const options: CheckOptions = { runs: property.ciRuns, seed: SEED, size: WORLD_SIZES.small, timing: CI_TIMING, plant: bug.plant!() };
    const cx = checkProperty(property, options).counterexample!;
    const files = counterexampleFiles(property, cx, { timing: CI_TIMING, plant: bug.plant!() }, 40);
    const saved = JSON.parse(files['counterexample.json']) as { replay: { seed: number; path: string }; failure: { message: string } | null; case: unknown };
    expect(saved.replay).toMatchObject({ seed: cx.seed, path: cx.path });
    expect(saved.failure?.message).toContain('outOfOrder');
    const lines = files['trace.ndjson'].trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.map((l) => (JSON.parse(l) as { k: string }).k)).toContain('commit');
    const diagram = files['sequence.mmd'].split('\n');
    expect(diagram[0]).toBe('sequenceDiagram');
    expect(diagram.some((l) => /^ {2}participant p\d_org\d as p\d\.org\d$/.test(l))).toBe(true);
    // The last 40 events at most, ending with the out-of-order commit itself.
    const body = diagram.filter((l) => l.startsWith('  ') && !l.startsWith('  participant'));
    expect(body.length).toBeLessThanOrEqual(40);
    expect(body.some((l) => /commits .* outOfOrder/.test(l))).toBe(true);
    expect(files['README.md']).toContain(`--seed ${cx.seed} --path ${cx.path}`);
  });
});

describe('[GEN-FUNC-CHECK-PINNED.1] each planted bug has a pinned counterexample', () => {
  it('[GEN-FUNC-CHECK-PINNED.1] every planted bug has a pin (test/check/pinned.ts), for its own property', () => {
    expect(Object.keys(PINNED).sort()).toEqual(PLANTED_BUGS.map((b) => b.name).sort());
    for (const bug of PLANTED_BUGS) expect(PINNED[bug.name]?.property).toBe(bug.property);
  });

  it('[GEN-FUNC-CHECK-PINNED.1] a counterexample among the pinned cases is reported as its pin; one after them, without them', () => {
    const pins = [
      { seed: 3, path: '4:1:0' },
      { seed: 9, path: '0' },
    ];
    expect(pinnedReplay(pins, { seed: 13, path: '1' })).toEqual({ seed: 9, path: '0' });
    expect(pinnedReplay(pins, { seed: 13, path: '0' })).toEqual({ seed: 3, path: '4:1:0' });
    expect(pinnedReplay(pins, { seed: 13, path: '5:2:1' })).toEqual({ seed: 13, path: '3:2:1' });
    expect(pinnedReplay([], { seed: 13, path: '5:2:1' })).toEqual({ seed: 13, path: '5:2:1' });
  });
});
