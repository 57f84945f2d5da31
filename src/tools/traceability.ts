/**
 * [GEN-FUNC-TRACEABILITY.1] The traceability check (spec/README.md, "Citing requirements"):
 *  - DANGLING: an id cited by a machine's meta.req, by text in src/, or at the start of a test
 *    title, that no spec heading defines;
 *  - UNCITED: a defined id that no test title starts with; and a FUNC, SAFE or LIVE id that no
 *    machine meta.req and no text in src/ (a guard or invariant) cites;
 *  - plus what would make those two rules unreliable: malformed ids, an id defined twice (or two
 *    versions of one requirement defined at once), a requirement without a Source line.
 * Pure: inputs are file texts and machine values; read-sources.ts does the reading.
 */
import { findIdsInText, findMalformedBracketedIds, needsCodeCitation, parseReqId, uniqueSorted } from './req-id';
import { parseSpecFiles, type SpecRequirement, type TextFile } from './spec-parse';
import { extractTestTitles } from './test-titles';
import { pathLabel, walkMachine } from './machine-walk';
import type { MachineEntry } from './machine-docs';

export interface TraceSources {
  readonly specFiles: readonly TextFile[];
  /** src/**\/*.ts */
  readonly sourceFiles: readonly TextFile[];
  /** test/**\/*.test.ts */
  readonly testFiles: readonly TextFile[];
}

export interface TraceInputs extends TraceSources {
  readonly machines: readonly Pick<MachineEntry, 'name' | 'machine'>[];
}

export type CitationVia = 'test' | 'src' | 'machine';

export interface Citation {
  readonly id: string;
  readonly via: CitationVia;
  /** Test or source file path, or the machine's catalog name. */
  readonly file: string;
  /** Human-readable place: `test/x.test.ts:12`, `machine emitter: idle ADD`. */
  readonly where: string;
}

export interface RequirementTrace extends SpecRequirement {
  readonly machines: string[];
  readonly sourceFiles: string[];
  readonly testFiles: string[];
  /** Empty when the requirement passes every rule. */
  readonly problems: string[];
}

export interface Dangling {
  readonly id: string;
  /** Every place, `file:line` or `machine <name>: <where>`. */
  readonly citedBy: string[];
  /** The citing files and machine names alone (line numbers churn; the generated table uses these). */
  readonly citingFiles: string[];
}

export interface Uncited {
  readonly id: string;
  readonly where: string;
  /** 'test': no test title starts with it; 'code': FUNC/SAFE/LIVE without machine or src citation. */
  readonly missing: ('test' | 'code')[];
}

export interface TraceProblem {
  readonly kind: 'malformed' | 'duplicate' | 'missing-source';
  readonly text: string;
  readonly where: string;
  readonly detail: string;
}

export interface TraceReport {
  readonly requirements: RequirementTrace[];
  readonly dangling: Dangling[];
  readonly uncited: Uncited[];
  readonly problems: TraceProblem[];
  readonly ok: boolean;
}

interface Collected {
  readonly citations: Citation[];
  readonly malformed: TraceProblem[];
}

function malformed(text: string, where: string, detail: string): TraceProblem {
  return { kind: 'malformed', text, where, detail };
}

function collectTestCitations(files: readonly TextFile[]): Collected {
  const titles = files.flatMap(extractTestTitles);
  return {
    citations: titles.flatMap((t) => t.ids.map((id) => ({ id, via: 'test' as const, file: t.file, where: `${t.file}:${t.line}` }))),
    malformed: titles.flatMap((t) => t.malformed.map((m) => malformed(m, `${t.file}:${t.line}`, 'test title starts with a bracketed token that is not a well-formed id'))),
  };
}

function collectSourceCitations(files: readonly TextFile[]): Collected {
  return {
    citations: files.flatMap((f) => findIdsInText(f.text).map(({ id, line }) => ({ id, via: 'src' as const, file: f.path, where: `${f.path}:${line}` }))),
    malformed: files.flatMap((f) =>
      findMalformedBracketedIds(f.text).map(({ text, line }) => malformed(text, `${f.path}:${line}`, 'bracketed id in src/ does not follow [AREA-KIND-NAME.version]')),
    ),
  };
}

function collectMachineCitations(machines: TraceInputs['machines']): Collected {
  const citations: Citation[] = [];
  const bad: TraceProblem[] = [];
  for (const { name, machine } of machines) {
    const walked = walkMachine(machine);
    const places = [
      ...walked.states.map((s) => ({ req: s.req, where: `machine ${name}: state ${pathLabel(s.path)}` })),
      ...walked.transitions.map((t) => ({ req: t.req, where: `machine ${name}: ${pathLabel(t.source)} ${t.event}` })),
    ];
    for (const { req, where } of places) {
      for (const id of req) {
        if (parseReqId(id)) citations.push({ id, via: 'machine', file: name, where });
        else bad.push(malformed(id, where, 'meta.req entry does not follow AREA-KIND-NAME.version'));
      }
    }
  }
  return { citations, malformed: bad };
}

function definitionProblems(requirements: readonly SpecRequirement[]): TraceProblem[] {
  const problems: TraceProblem[] = [];
  const byId = new Map<string, SpecRequirement[]>();
  const byName = new Map<string, SpecRequirement[]>();
  for (const r of requirements) {
    byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
    const base = `${r.area}-${r.kind}-${r.name}`;
    byName.set(base, [...(byName.get(base) ?? []), r]);
  }
  const at = (rs: readonly SpecRequirement[]): string => rs.map((r) => `${r.file}:${r.line}`).join(', ');
  for (const [id, rs] of byId) if (rs.length > 1) problems.push({ kind: 'duplicate', text: id, where: at(rs), detail: 'id defined more than once' });
  for (const [base, rs] of byName) {
    const versions = uniqueSorted(rs.map((r) => r.id));
    if (versions.length > 1) problems.push({ kind: 'duplicate', text: versions.join(' and '), where: at(rs), detail: `two versions of ${base} defined at once (bump replaces the old heading)` });
  }
  for (const r of requirements) {
    if (!r.hasSource) problems.push({ kind: 'missing-source', text: r.id, where: `${r.file}:${r.line}`, detail: 'requirement has no "Source:" line' });
  }
  return problems;
}

function traceOf(r: SpecRequirement, cites: readonly Citation[]): RequirementTrace {
  const files = (via: CitationVia): string[] => uniqueSorted(cites.filter((c) => c.via === via).map((c) => c.file));
  const trace = { machines: files('machine'), sourceFiles: files('src'), testFiles: files('test') };
  const problems: string[] = [];
  if (trace.testFiles.length === 0) problems.push('no test title cites it');
  if (needsCodeCitation(r.kind) && trace.machines.length === 0 && trace.sourceFiles.length === 0) {
    problems.push(`${r.kind} needs a machine meta.req or a guard/invariant citation in src/`);
  }
  if (!r.hasSource) problems.push('no Source line');
  return { ...r, ...trace, problems };
}

/** `file:line` places in file order, then by line number (so :9 comes before :10). */
function compareWhere(a: string, b: string): number {
  const split = (w: string): [string, number] => {
    const m = /^(.*):(\d+)$/.exec(w);
    return m ? [m[1] as string, Number(m[2])] : [w, 0];
  };
  const [fa, la] = split(a);
  const [fb, lb] = split(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb;
}

export function checkTraceability(inputs: TraceInputs): TraceReport {
  const spec = parseSpecFiles(inputs.specFiles);
  const collected = [collectTestCitations(inputs.testFiles), collectSourceCitations(inputs.sourceFiles), collectMachineCitations(inputs.machines)];
  const citations = collected.flatMap((c) => c.citations);
  const citesById = new Map<string, Citation[]>();
  for (const c of citations) citesById.set(c.id, [...(citesById.get(c.id) ?? []), c]);

  const defined = new Set(spec.requirements.map((r) => r.id));
  const requirements = spec.requirements.map((r) => traceOf(r, citesById.get(r.id) ?? []));
  const dangling = uniqueSorted(citations.map((c) => c.id))
    .filter((id) => !defined.has(id))
    .map((id) => {
      const cites = citesById.get(id) ?? [];
      return { id, citedBy: [...new Set(cites.map((c) => c.where))].sort(compareWhere), citingFiles: uniqueSorted(cites.map((c) => c.file)) };
    });
  const uncited = requirements.flatMap((r): Uncited[] => {
    const missing: ('test' | 'code')[] = [];
    if (r.testFiles.length === 0) missing.push('test');
    if (needsCodeCitation(r.kind) && r.machines.length === 0 && r.sourceFiles.length === 0) missing.push('code');
    return missing.length === 0 ? [] : [{ id: r.id, where: `${r.file}:${r.line}`, missing }];
  });
  const problems = [
    ...spec.problems.map((p) => malformed(p.text, `${p.file}:${p.line}`, p.problem)),
    ...collected.flatMap((c) => c.malformed),
    ...definitionProblems(spec.requirements),
  ];
  return { requirements, dangling, uncited, problems, ok: dangling.length === 0 && uncited.length === 0 && problems.length === 0 };
}
