/**
 * Checking the checker ([GEN-FUNC-CHECK-PLANTED.1]): each whole-network property catches its
 * planted bug (test/check/mutants.ts) within its CI budget, the shrunk counterexample replays from
 * the printed seed and path, and it renders as a trace and a sequence diagram
 * ([GEN-FUNC-CHECK-COUNTEREXAMPLE.1]).
 */
import { CI_TIMING, checkProperty, counterexampleFiles, PROPERTIES, replayCommand, WORLD_SIZES, type CheckOptions } from '../../src/check';
import { PLANTED_BUGS } from './mutants';

const SEED = Number(process.env['CHECK_SEED'] ?? 13);

describe('[GEN-FUNC-CHECK-PLANTED.1] every whole-network property catches its planted bug', () => {
  it.each(PLANTED_BUGS.map((b) => [b.property, b.name, b] as const))('[GEN-FUNC-CHECK-PLANTED.1] %s catches %s, and the counterexample replays from its seed and path', (_id, _name, bug) => {
    const property = PROPERTIES.find((p) => p.id === bug.property)!;
    const uninstall = bug.install();
    try {
      const options: CheckOptions = { runs: property.ciRuns, seed: SEED, size: WORLD_SIZES.small, timing: CI_TIMING, plant: bug.plant?.() };
      const report = checkProperty(property, options);
      console.log(`${bug.property} / ${bug.name}: seed ${SEED}, ${report.runs} runs, ${report.steps} steps, violation: ${report.counterexample?.message ?? 'none'}`);
      expect(bug.fired.count).toBeGreaterThan(0);
      expect(report.violations).toBe(1);
      const cx = report.counterexample!;
      expect(cx.message).toContain(bug.property.startsWith('PEER-') ? 'PEER-SAFE-SUBSYSTEM-INVARIANTS.1' : bug.property);
      // Replay from the printed seed and path: the same shrunk case fails the same way.
      const replayed = checkProperty(property, { ...options, seed: cx.seed, path: cx.path, plant: bug.plant?.() });
      expect(replayed.counterexample?.testCase).toEqual(cx.testCase);
      expect(replayed.counterexample?.message).toBe(cx.message);
      expect(replayCommand(cx)).toContain(`--seed ${cx.seed} --path ${cx.path}`);
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
