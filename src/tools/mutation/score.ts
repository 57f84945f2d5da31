/**
 * Counts one Stryker JSON report (mutation-testing-report-schema) into the figures of
 * docs/mutation.md. The score is Stryker's "mutation score": detected (killed or timed out) over
 * valid mutants (detected, survived, no coverage); compile and runtime errors and ignored mutants
 * are not valid mutants and do not count.
 */
export interface MutantCounts {
  readonly killed: number;
  readonly survived: number;
  readonly timeout: number;
  readonly noCoverage: number;
  /** Mutants the TypeScript checker rejected (CompileError): they cannot exist in a typed build. */
  readonly compileErrors: number;
  /** Mutants that broke every test at module load (RuntimeError), e.g. a chart xstate refuses to build. */
  readonly runtimeErrors: number;
}

interface ReportMutant {
  readonly status?: unknown;
}
interface Report {
  readonly files?: Readonly<Record<string, { readonly mutants?: readonly ReportMutant[] }>>;
}

const EMPTY: MutantCounts = { killed: 0, survived: 0, timeout: 0, noCoverage: 0, compileErrors: 0, runtimeErrors: 0 };

const FIELD_OF_STATUS: Readonly<Record<string, keyof MutantCounts>> = {
  Killed: 'killed',
  Survived: 'survived',
  Timeout: 'timeout',
  NoCoverage: 'noCoverage',
  CompileError: 'compileErrors',
  RuntimeError: 'runtimeErrors',
};

/** Counts by status over every file of the report; statuses outside the table (Ignored, Pending) are left out. */
export function countMutants(report: unknown): MutantCounts {
  const files = (report as Report).files ?? {};
  const counts: Record<keyof MutantCounts, number> = { ...EMPTY };
  for (const file of Object.values(files)) {
    for (const m of file.mutants ?? []) {
      const field = typeof m.status === 'string' ? FIELD_OF_STATUS[m.status] : undefined;
      if (field !== undefined) counts[field] += 1;
    }
  }
  return counts;
}

/** The mutation score in percent, or undefined when no mutant was valid. */
export function scorePercent(c: MutantCounts): number | undefined {
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage;
  return valid === 0 ? undefined : (100 * detected) / valid;
}

/** One line of the per-folder table. */
export function tableRow(folder: string, c: MutantCounts | undefined): string {
  if (c === undefined) return `${folder.padEnd(14)} (no report: the run failed)`;
  const score = scorePercent(c);
  const cells = [c.killed, c.survived, c.timeout, c.noCoverage, c.compileErrors, c.runtimeErrors].map((n) => String(n).padStart(9));
  return `${folder.padEnd(14)}${cells.join('')}${(score === undefined ? '-' : `${score.toFixed(1)}%`).padStart(9)}`;
}

export const TABLE_HEADER = `${'folder'.padEnd(14)}${['killed', 'survived', 'timeout', 'no cov', 'compile', 'runtime'].map((h) => h.padStart(9)).join('')}${'score'.padStart(9)}`;
