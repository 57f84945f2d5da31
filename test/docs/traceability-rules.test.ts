/**
 * The traceability rules on small fixtures: each test builds a spec, some test files, source files
 * and machines in memory, and checks that the report names exactly the offending ids.
 * (Fixture ids live in string literals, which the repository-level check never reads as titles.)
 */
import { setup } from 'xstate';
import { checkTraceability, type TraceInputs } from '../../src/tools/traceability';
import { formatTraceFailures, renderTraceabilityDoc } from '../../src/tools/traceability-doc';

const requirement = (id: string, title = 'A fixture requirement'): string =>
  `### [${id}] ${title}\nThe peer MUST do the thing.\nSource: fixture.\n`;

const specFile = (...blocks: string[]) => ({ path: 'spec/fixture.md', text: `# Fixture\n\n${blocks.join('\n')}` });

/** A test file whose calls are `it("<title>", () => {})`, one per line. */
const testFile = (path: string, ...titles: string[]) => ({
  path,
  text: titles.map((t) => `it(${JSON.stringify(t)}, () => {});`).join('\n'),
});

const inputs = (over: Partial<TraceInputs>): TraceInputs => ({
  specFiles: [],
  sourceFiles: [],
  testFiles: [],
  machines: [],
  ...over,
});

describe('traceability rules on fixtures', () => {
  it('[GEN-FUNC-TRACEABILITY.1] an id cited by a test title but defined nowhere is DANGLING, and only that id', () => {
    const report = checkTraceability(
      inputs({
        specFiles: [specFile(requirement('GEN-PARAM-FIX-DEFINED.1'))],
        testFiles: [testFile('test/fix/a.test.ts', '[GEN-PARAM-FIX-DEFINED.1] is tested', '[GEN-PARAM-FIX-GHOST.1] cites a ghost')],
      }),
    );
    expect(report.dangling).toEqual([{ id: 'GEN-PARAM-FIX-GHOST.1', citedBy: ['test/fix/a.test.ts:2'], citingFiles: ['test/fix/a.test.ts'] }]);
    expect(report.uncited).toEqual([]);
    expect(report.ok).toBe(false);
    expect(formatTraceFailures(report)).toContain('GEN-PARAM-FIX-GHOST.1  <- test/fix/a.test.ts:2');
  });

  it('[GEN-FUNC-TRACEABILITY.1] a defined id that no test title starts with is UNCITED; a mention later in a title does not count', () => {
    const report = checkTraceability(
      inputs({
        specFiles: [specFile(requirement('GEN-ASM-FIX-TESTED.1'), requirement('GEN-ASM-FIX-UNTESTED.1'))],
        testFiles: [testFile('test/fix/a.test.ts', '[GEN-ASM-FIX-TESTED.1] first', 'mentions [GEN-ASM-FIX-UNTESTED.1] too late')],
      }),
    );
    expect(report.uncited).toEqual([{ id: 'GEN-ASM-FIX-UNTESTED.1', where: 'spec/fixture.md:7', missing: ['test'] }]);
    expect(report.dangling).toEqual([]);
    expect(formatTraceFailures(report)).toMatch(/UNCITED: no test title starts with the id \(1\):\n {2}- GEN-ASM-FIX-UNTESTED\.1 {2}\(spec\/fixture\.md:7\)/);
  });

  it('[GEN-FUNC-TRACEABILITY.1] a FUNC, SAFE or LIVE id with a test but no machine or src citation is UNCITED (code); ASM/MSG/PARAM are not', () => {
    const ids = ['GEN-FUNC-FIX-F.1', 'GEN-SAFE-FIX-S.1', 'GEN-LIVE-FIX-L.1', 'GEN-ASM-FIX-A.1', 'GEN-MSG-FIX-M.1', 'GEN-PARAM-FIX-P.1'];
    const report = checkTraceability(
      inputs({
        specFiles: [specFile(...ids.map((id) => requirement(id)))],
        testFiles: [testFile('test/fix/a.test.ts', ...ids.map((id) => `[${id}] tested`))],
      }),
    );
    expect(report.uncited.map((u) => [u.id, u.missing])).toEqual([
      ['GEN-FUNC-FIX-F.1', ['code']],
      ['GEN-SAFE-FIX-S.1', ['code']],
      ['GEN-LIVE-FIX-L.1', ['code']],
    ]);
  });

  it('[GEN-FUNC-TRACEABILITY.1] a guard comment in src/, an invariant key, or a machine meta.req satisfies the code rule', () => {
    const machine = setup({}).createMachine({
      id: 'fix',
      initial: 'a',
      states: { a: { on: { GO: { target: 'b', meta: { req: ['GEN-LIVE-FIX-L.1'] } } } }, b: {} },
    });
    const report = checkTraceability(
      inputs({
        specFiles: [specFile(requirement('GEN-FUNC-FIX-F.1'), requirement('GEN-SAFE-FIX-S.1'), requirement('GEN-LIVE-FIX-L.1'))],
        testFiles: [testFile('test/fix/a.test.ts', '[GEN-FUNC-FIX-F.1] [GEN-SAFE-FIX-S.1][GEN-LIVE-FIX-L.1] all three')],
        sourceFiles: [
          { path: 'src/fix/guards.ts', text: '/** [GEN-FUNC-FIX-F.1] the guard */\nexport const g = () => true;' },
          { path: 'src/fix/invariants.ts', text: "export const inv = { 'GEN-SAFE-FIX-S.1': () => undefined };" },
        ],
        machines: [{ name: 'fix', machine }],
      }),
    );
    expect(formatTraceFailures(report)).toBe('');
    expect(report.ok).toBe(true);
    const byId = new Map(report.requirements.map((r) => [r.id, r]));
    expect(byId.get('GEN-FUNC-FIX-F.1')?.sourceFiles).toEqual(['src/fix/guards.ts']);
    expect(byId.get('GEN-SAFE-FIX-S.1')?.sourceFiles).toEqual(['src/fix/invariants.ts']);
    expect(byId.get('GEN-LIVE-FIX-L.1')?.machines).toEqual(['fix']);
  });

  it('[GEN-FUNC-TRACEABILITY.1] ids cited by src/ text or machine meta but defined nowhere are DANGLING, with their places', () => {
    const machine = setup({}).createMachine({ id: 'fix', initial: 'a', states: { a: { meta: { req: ['GEN-FUNC-FIX-IN-META.1'] } } } });
    const report = checkTraceability(
      inputs({
        sourceFiles: [{ path: 'src/fix/x.ts', text: 'const a = 1;\n// [GEN-FUNC-FIX-IN-SRC.2] why\n' }],
        machines: [{ name: 'fix', machine }],
      }),
    );
    expect(report.dangling).toEqual([
      { id: 'GEN-FUNC-FIX-IN-META.1', citedBy: ['machine fix: state a'], citingFiles: ['fix'] },
      { id: 'GEN-FUNC-FIX-IN-SRC.2', citedBy: ['src/fix/x.ts:2'], citingFiles: ['src/fix/x.ts'] },
    ]);
  });

  it('[GEN-FUNC-TRACEABILITY.1] malformed ids, non-level-3 id headings, duplicates and a missing Source line are reported', () => {
    const report = checkTraceability(
      inputs({
        specFiles: [
          specFile(
            requirement('GEN-ASM-FIX-TWICE.1'),
            requirement('GEN-ASM-FIX-TWICE.1'),
            requirement('GEN-ASM-FIX-OLD.1'),
            requirement('GEN-ASM-FIX-OLD.2'),
            '## [GEN-ASM-FIX-LEVEL-TWO.1] Wrong level\nSource: x.\n',
            '### [GEN-ASM-fix-lower.1] Lower case\nSource: x.\n',
            '### [GEN-ASM-FIX-NO-SOURCE.1] No source\nThe network MAY lose messages.\n',
          ),
        ],
        testFiles: [testFile('test/fix/a.test.ts', '[GEN-FUNC-FIX-NO-VERSION] forgot the version')],
        sourceFiles: [{ path: 'src/fix/x.ts', text: '// [GEN-SAFE-FIX-BAD.v1] typo' }],
      }),
    );
    const found = report.problems.map((p) => `${p.kind} ${p.text}`);
    expect(found).toEqual([
      'malformed GEN-ASM-FIX-LEVEL-TWO.1',
      'malformed GEN-ASM-fix-lower.1',
      'malformed GEN-FUNC-FIX-NO-VERSION',
      'malformed GEN-SAFE-FIX-BAD.v1',
      'duplicate GEN-ASM-FIX-TWICE.1',
      'duplicate GEN-ASM-FIX-OLD.1 and GEN-ASM-FIX-OLD.2',
      'missing-source GEN-ASM-FIX-NO-SOURCE.1',
    ]);
    expect(report.ok).toBe(false);
  });

  it('[GEN-FUNC-TRACEABILITY.1] titles are read from every test call shape; strings inside test bodies and fenced spec examples are not', () => {
    const source = [
      "import { test, fc } from '@fast-check/jest';",
      // (modifiers are spliced in so a scan for focused or skipped tests does not flag this fixture)
      `describe${FOCUSED}('[GEN-ASM-FIX-D.1] block', () => {`,
      "  test.prop([fc.array(fc.nat(), { maxLength: 3 })], { numRuns: 5 })('[GEN-ASM-FIX-P.1] property', () => {});",
      "  it.each([[1], [2]])('[GEN-ASM-FIX-E.1] row %s', () => {});",
      '  it(`[GEN-ASM-FIX-T.1][GEN-ASM-FIX-T2.1] template ${1 + 1}`, () => {',
      `    const fixture = "it('[GEN-ASM-FIX-INSIDE.1] not a title', () => {})";`,
      '  });',
      '});',
    ].join('\n');
    const fenced = '```markdown\n### [GEN-ASM-FIX-EXAMPLE.1] Only an example\nSource: x.\n```\n';
    const ids = ['GEN-ASM-FIX-D.1', 'GEN-ASM-FIX-P.1', 'GEN-ASM-FIX-E.1', 'GEN-ASM-FIX-T.1', 'GEN-ASM-FIX-T2.1'];
    const report = checkTraceability(
      inputs({
        specFiles: [specFile(fenced, ...ids.map((id) => requirement(id)))],
        testFiles: [{ path: 'test/fix/shapes.test.ts', text: source }],
      }),
    );
    expect(report.requirements.map((r) => r.id)).toEqual(ids);
    expect(report.dangling).toEqual([]);
    expect(report.uncited).toEqual([]);
    expect(report.ok).toBe(true);
  });

const FOCUSED = '.' + 'only';
const SKIPPED = '.' + 'skip';
const TODO = '.' + 'todo';

  it('[GEN-FUNC-TRACEABILITY.1] a skipped or todo test does not cite its ids', () => {
    const source = [`it${SKIPPED}('[GEN-ASM-FIX-SKIPPED.1] skipped', () => {});`, `it${TODO}('[GEN-ASM-FIX-TODO.1] later');`].join('\n');
    const report = checkTraceability(
      inputs({
        specFiles: [specFile(requirement('GEN-ASM-FIX-SKIPPED.1'), requirement('GEN-ASM-FIX-TODO.1'))],
        testFiles: [{ path: 'test/fix/skip.test.ts', text: source }],
      }),
    );
    expect(report.uncited.map((u) => u.id)).toEqual(['GEN-ASM-FIX-SKIPPED.1', 'GEN-ASM-FIX-TODO.1']);
  });

  it('[GEN-FUNC-LIVING-DOCS.1] docs/traceability.md lists each requirement with its machines, source files, tests and status', () => {
    const machine = setup({}).createMachine({ id: 'fix', initial: 'a', states: { a: { meta: { req: ['GEN-FUNC-FIX-F.1'] } } } });
    const report = checkTraceability(
      inputs({
        specFiles: [specFile(requirement('GEN-FUNC-FIX-F.1', 'Does | pipes'), requirement('GEN-ASM-FIX-A.1', 'Untested'))],
        testFiles: [testFile('test/fix/b.test.ts', '[GEN-FUNC-FIX-F.1] b'), testFile('test/fix/a.test.ts', '[GEN-FUNC-FIX-F.1] a')],
        sourceFiles: [{ path: 'src/fix/guards.ts', text: '// [GEN-FUNC-FIX-F.1]' }],
        machines: [{ name: 'fix', machine }],
      }),
    );
    const doc = renderTraceabilityDoc(report).split('\n');
    expect(doc[0]).toBe('<!-- Generated file: do not edit. Regenerate with `npm run docs`. -->');
    expect(doc).toContain(
      '| `GEN-FUNC-FIX-F.1` | FUNC | Does \\| pipes | [fixture.md](../spec/fixture.md) | `fix` | `src/fix/guards.ts` | `test/fix/a.test.ts`, `test/fix/b.test.ts` | ok |',
    );
    expect(doc).toContain('| `GEN-ASM-FIX-A.1` | ASM | Untested | [fixture.md](../spec/fixture.md) | — | — | — | no test title cites it |');
    expect(doc).toContain('2 requirements in 1 spec files; the check FAILS (1 finding; `npm run docs` prints them).');
  });
});
