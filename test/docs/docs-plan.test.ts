/** Staleness detection on fixtures: what `npm run docs` would rewrite, and what the tests report. */
import { setup } from 'xstate';
import { findStaleDocs, firstDifference, formatStaleDocs, planDocs } from '../../src/tools/docs-plan';
import { machineDocPath } from '../../src/tools/machine-docs';
import { checkTraceability } from '../../src/tools/traceability';

const machine = setup({}).createMachine({ id: 'tiny', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } });
const report = checkTraceability({ specFiles: [], sourceFiles: [], testFiles: [], machines: [] });
const plan = planDocs(report, [{ name: 'tiny', title: 'Tiny', machine }]);

describe('generated docs plan', () => {
  it('[GEN-FUNC-LIVING-DOCS.1] the plan holds one page per machine and the traceability table, in path order', () => {
    expect([...plan.keys()]).toEqual(['docs/machines/tiny.md', 'docs/traceability.md']);
    expect(plan.get('docs/machines/tiny.md')).toContain('  s_a --> s_b : GO');
  });

  it('[GEN-FUNC-LIVING-DOCS.1] a committed copy equal to a fresh generation is not stale', () => {
    expect(findStaleDocs(plan, new Map(plan))).toEqual([]);
    expect(formatStaleDocs([])).toBe('');
  });

  it('[GEN-FUNC-LIVING-DOCS.1] an edited page is stale, a missing one is missing, a page of no machine is an orphan', () => {
    const fresh = plan.get('docs/machines/tiny.md') as string;
    const edited = fresh.replace('s_a --> s_b : GO', 's_a --> s_b : GO_BY_HAND');
    const committed = new Map([
      ['docs/machines/tiny.md', edited],
      ['docs/machines/retired.md', '# an old machine'],
    ]);
    expect(findStaleDocs(plan, committed)).toEqual([
      { path: 'docs/machines/retired.md', reason: 'orphan' },
      { path: 'docs/machines/tiny.md', reason: 'differs' },
      { path: 'docs/traceability.md', reason: 'missing' },
    ]);
    const message = formatStaleDocs(findStaleDocs(plan, committed));
    expect(message).toContain('run `npm run docs`');
    expect(message).toContain('docs/machines/tiny.md: differs from a fresh generation');
    const line = fresh.split('\n').indexOf('  s_a --> s_b : GO') + 1;
    expect(firstDifference(fresh, edited)).toBe(`line ${line}: expected "  s_a --> s_b : GO" but found "  s_a --> s_b : GO_BY_HAND"`);
  });

  it('[GEN-FUNC-LIVING-DOCS.1] machine names must be file-safe and unique', () => {
    expect(() => machineDocPath('Leader Election')).toThrow(/lower-case words/);
    expect(() => planDocs(report, [{ name: 'tiny', title: 'A', machine }, { name: 'tiny', title: 'B', machine }])).toThrow(/repeated: tiny/);
  });
});
