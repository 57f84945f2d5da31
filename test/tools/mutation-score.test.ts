/**
 * The counting behind `npm run mutation`'s table (src/tools/mutation/score.ts): Stryker's mutation
 * score is detected (killed + timed out) over valid mutants (detected + survived + no coverage);
 * compile and runtime errors, ignored and pending mutants do not count.
 */
import { countMutants, scorePercent } from '../../src/tools/mutation/score';

const report = (statuses: readonly string[][]) => ({
  files: Object.fromEntries(statuses.map((s, i) => [`src/x/f${i}.ts`, { mutants: s.map((status) => ({ status })) }])),
});

describe('mutation score counting', () => {
  it('[GEN-FUNC-LIVING-DOCS.1] counts every status across files and leaves Ignored and Pending out', () => {
    const counts = countMutants(report([
      ['Killed', 'Killed', 'Survived', 'Ignored'],
      ['Timeout', 'NoCoverage', 'CompileError', 'RuntimeError', 'Pending'],
    ]));
    expect(counts).toEqual({ killed: 2, survived: 1, timeout: 1, noCoverage: 1, compileErrors: 1, runtimeErrors: 1 });
    // Detected 3 (2 killed + 1 timeout) of 5 valid (3 + 1 survived + 1 uncovered).
    expect(scorePercent(counts)).toBe(60);
  });

  it('[GEN-FUNC-LIVING-DOCS.1] a report with no valid mutant has no score, and a malformed one counts nothing', () => {
    expect(scorePercent(countMutants(report([['CompileError', 'Ignored']])))).toBeUndefined();
    expect(countMutants({})).toEqual({ killed: 0, survived: 0, timeout: 0, noCoverage: 0, compileErrors: 0, runtimeErrors: 0 });
    expect(countMutants(report([[42 as unknown as string]])).killed).toBe(0);
  });
});
