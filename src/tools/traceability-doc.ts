/**
 * The two faces of a traceability report: docs/traceability.md (a table a reader can scan) and
 * the failure text a test or the CLI prints (every offending id, where it is, what is missing).
 */
import { cell, codeList, GENERATED_NOTICE, table } from './markdown';
import type { TraceReport } from './traceability';

export const TRACEABILITY_DOC_PATH = 'docs/traceability.md';

function requirementsTable(report: TraceReport): string[] {
  const rows = report.requirements.map((r) => [
    `\`${r.id}\``,
    r.kind,
    cell(r.title),
    `[${r.file.replace(/^spec\//, '')}](../${r.file})`,
    codeList(r.machines),
    codeList(r.sourceFiles),
    codeList(r.testFiles),
    r.problems.length === 0 ? 'ok' : cell(r.problems.join('; ')),
  ]);
  return table(['Id', 'Kind', 'Title', 'Spec', 'Machines', 'Source files', 'Tests', 'Status'], rows);
}

function failureSections(report: TraceReport): string[] {
  const lines: string[] = [];
  if (report.dangling.length > 0) {
    lines.push('## Dangling citations', '', 'Cited, but defined by no heading in spec/.', '');
    lines.push(...table(['Id', 'Cited by'], report.dangling.map((d) => [`\`${d.id}\``, codeList(d.citingFiles)])), '');
  }
  if (report.problems.length > 0) {
    lines.push('## Other problems', '');
    lines.push(...table(['Kind', 'Text', 'Where', 'Problem'], report.problems.map((p) => [p.kind, codeList([p.text]), cell(p.where), cell(p.detail)])), '');
  }
  return lines;
}

export function renderTraceabilityDoc(report: TraceReport): string {
  const specFiles = new Set(report.requirements.map((r) => r.file)).size;
  const failing = report.dangling.length + report.uncited.length + report.problems.length;
  const status = report.ok ? 'the check passes' : `the check FAILS (${failing} finding${failing === 1 ? '' : 's'}; \`npm run docs\` prints them)`;
  return [
    `<!-- ${GENERATED_NOTICE} -->`,
    '# Traceability',
    '',
    `> ${GENERATED_NOTICE} Built from the requirement headings in \`spec/*.md\`, the \`meta.req\` of`,
    '> the machines in `src/catalog/machines.ts`, requirement ids in `src/**/*.ts`, and the ids that',
    '> test titles in `test/**/*.test.ts` start with. Rules: [spec/README.md](../spec/README.md).',
    '',
    `${report.requirements.length} requirements in ${specFiles} spec files; ${status}.`,
    '',
    '## Requirements',
    '',
    ...requirementsTable(report),
    '',
    ...failureSections(report),
  ].join('\n');
}

/** '' when the report passes; otherwise one line per finding, grouped by rule. */
export function formatTraceFailures(report: TraceReport): string {
  if (report.ok) return '';
  const out: string[] = ['Traceability check failed (rules: spec/README.md).'];
  const section = (title: string, items: readonly string[]): void => {
    if (items.length > 0) out.push('', `${title} (${items.length}):`, ...items.map((i) => `  - ${i}`));
  };
  section(
    'DANGLING: cited but not defined by any heading in spec/',
    report.dangling.map((d) => `${d.id}  <- ${d.citedBy.join(', ')}`),
  );
  section(
    'UNCITED: no test title starts with the id',
    report.uncited.filter((u) => u.missing.includes('test')).map((u) => `${u.id}  (${u.where})`),
  );
  section(
    'UNCITED: FUNC/SAFE/LIVE id cited by no machine meta.req and no guard/invariant in src/',
    report.uncited.filter((u) => u.missing.includes('code')).map((u) => `${u.id}  (${u.where})`),
  );
  section(
    'MALFORMED, DUPLICATE or INCOMPLETE definitions and citations',
    report.problems.map((p) => `${p.kind}: ${p.text}  (${p.where}): ${p.detail}`),
  );
  return out.join('\n');
}
