/**
 * The port ledger: every Fabric gossip test (spec/fabric-tests.json) with its status here.
 *  - ported: a jest test title in test/**\/*.test.ts names it (Fabric's test name in the title);
 *  - adapted: ported, and spec/conformance-status.json names the adaptation (the port's header says how);
 *  - n/a: spec/conformance-status.json says why it does not apply (private data, Go plumbing, ...);
 *  - not yet: none of these.
 * A title names a Fabric test by containing `TestXxx`; a name that several Go files share is
 * resolved by the Go file the title, or else the test file, mentions (`algo/pull_test.go`).
 * Pure: the CLI and the freshness test read the files.
 */
import * as t from 'io-ts';
import { isRight } from 'fp-ts/Either';
import { cell, table } from '../markdown';
import type { TextFile } from '../spec-parse';
import { extractTestTitles } from '../test-titles';
import { fabricTestKey, type FabricTest, type FabricTestList } from './fabric-tests';

export const CONFORMANCE_DOC_PATH = 'docs/conformance.md';
export const CONFORMANCE_STATUS_PATH = 'spec/conformance-status.json';

const StatusEntry = t.union([
  t.type({ status: t.literal('adapted'), adaptation: t.string }),
  t.type({ status: t.literal('n/a'), reason: t.string }),
]);
export type StatusEntry = t.TypeOf<typeof StatusEntry>;

/** Go file -> test name -> status; only adapted and n/a are written down, the rest is derived. */
export const StatusFile = t.record(t.string, t.record(t.string, StatusEntry), 'ConformanceStatusFile');
export type StatusFile = t.TypeOf<typeof StatusFile>;

export function parseStatusFile(text: string): StatusFile {
  const decoded = StatusFile.decode(JSON.parse(text));
  if (!isRight(decoded)) throw new Error(`${CONFORMANCE_STATUS_PATH}: every entry is {status: "adapted", adaptation} or {status: "n/a", reason}`);
  return decoded.right;
}

export type LedgerStatus = 'ported' | 'adapted' | 'n/a' | 'not yet';
export const LEDGER_STATUSES: readonly LedgerStatus[] = ['ported', 'adapted', 'n/a', 'not yet'];

export interface PortRef {
  readonly file: string;
  readonly line: number;
  readonly title: string;
}

export interface LedgerEntry extends FabricTest {
  readonly status: LedgerStatus;
  readonly ports: readonly PortRef[];
  /** The adaptation (adapted) or the reason (n/a). */
  readonly note?: string;
}

export interface Ledger {
  readonly source: Pick<FabricTestList, 'repository' | 'commit' | 'tree'>;
  readonly entries: readonly LedgerEntry[];
  /** Titles naming no Fabric test, ambiguous names, inconsistent status entries. Empty when sound. */
  readonly problems: readonly string[];
}

const TEST_NAME = /\bTest[A-Z][A-Za-z0-9_]*/g;

/** How specifically `text` names a Go file: the number of trailing path components found (0: not at all). */
function mentionScore(goFile: string, text: string): number {
  const parts = goFile.split('/');
  let best = 0;
  for (let k = 1; k <= parts.length; k++) {
    if (text.includes(parts.slice(parts.length - k).join('/'))) best = k;
  }
  return best;
}

function pickByMention(candidates: readonly FabricTest[], text: string): FabricTest[] {
  const scored = candidates.map((c) => ({ c, s: mentionScore(c.file, text) }));
  const top = Math.max(...scored.map((x) => x.s));
  return top === 0 ? [] : scored.filter((x) => x.s === top).map((x) => x.c);
}

/** Which Fabric test a `TestXxx` token of a title names; a problem text when none or several. */
function resolve(name: string, byName: ReadonlyMap<string, FabricTest[]>, title: string, fileText: string): FabricTest | string {
  const candidates = byName.get(name) ?? [];
  if (candidates.length === 0) return `names ${name}, which is no test of Fabric's gossip tree`;
  if (candidates.length === 1) return candidates[0] as FabricTest;
  const inTitle = pickByMention(candidates, title);
  const chosen = inTitle.length > 0 ? inTitle : pickByMention(candidates, fileText);
  if (chosen.length === 1) return chosen[0] as FabricTest;
  return `names ${name}, which is in ${candidates.map((c) => c.file).join(', ')}: name the Go file (e.g. ${candidates[0]?.file.split('/').slice(-2).join('/')}) in the title or the file`;
}

export function buildLedger(list: FabricTestList, statuses: StatusFile, testFiles: readonly TextFile[]): Ledger {
  const problems: string[] = [];
  const byName = new Map<string, FabricTest[]>();
  for (const x of list.tests) byName.set(x.name, [...(byName.get(x.name) ?? []), x]);
  const ports = new Map<string, PortRef[]>();
  for (const file of testFiles) {
    for (const title of extractTestTitles(file)) {
      const names = [...new Set(title.title.match(TEST_NAME) ?? [])];
      for (const name of names) {
        const r = resolve(name, byName, title.title, file.text);
        if (typeof r === 'string') {
          problems.push(`${file.path}:${title.line}: ${JSON.stringify(title.title)} ${r}`);
          continue;
        }
        const key = fabricTestKey(r);
        ports.set(key, [...(ports.get(key) ?? []), { file: file.path, line: title.line, title: title.title }]);
      }
    }
  }
  const known = new Set(list.tests.map(fabricTestKey));
  for (const [goFile, tests] of Object.entries(statuses)) {
    for (const name of Object.keys(tests)) {
      if (!known.has(fabricTestKey({ file: goFile, name }))) problems.push(`${CONFORMANCE_STATUS_PATH}: ${goFile} ${name} is not in the list of Fabric tests`);
    }
  }
  const entries = list.tests.map((x): LedgerEntry => {
    const found = ports.get(fabricTestKey(x)) ?? [];
    const declared = statuses[x.file]?.[x.name];
    if (declared?.status === 'n/a') {
      if (found.length > 0) problems.push(`${x.file} ${x.name} is marked n/a but ${found.map((p) => `${p.file}:${p.line}`).join(', ')} ports it`);
      return { ...x, status: found.length > 0 ? 'ported' : 'n/a', ports: found, note: declared.reason };
    }
    if (declared?.status === 'adapted') {
      if (found.length === 0) problems.push(`${x.file} ${x.name} is marked adapted but no test title names it`);
      return { ...x, status: found.length > 0 ? 'adapted' : 'not yet', ports: found, note: declared.adaptation };
    }
    return { ...x, status: found.length > 0 ? 'ported' : 'not yet', ports: found };
  });
  return { source: { repository: list.repository, commit: list.commit, tree: list.tree }, entries, problems };
}

export function countByStatus(entries: readonly LedgerEntry[]): Record<LedgerStatus, number> {
  const counts: Record<LedgerStatus, number> = { ported: 0, adapted: 0, 'n/a': 0, 'not yet': 0 };
  for (const e of entries) counts[e.status] += 1;
  return counts;
}

export const CONFORMANCE_NOTICE = 'Generated file: do not edit. Regenerate with `npm run conformance`.';

function portLinks(ports: readonly PortRef[]): string {
  const files = [...new Set(ports.map((p) => p.file))].sort();
  return files.map((f) => `[${f.replace(/^test\//, '')}](../${f})`).join(', ');
}

export function renderConformanceDoc(ledger: Ledger): string {
  const { repository, commit, tree } = ledger.source;
  const counts = countByStatus(ledger.entries);
  const total = ledger.entries.length;
  const files = [...new Set(ledger.entries.map((e) => e.file))];
  const summary = table(
    ['Go file', 'Tests', ...LEDGER_STATUSES],
    files.map((f) => {
      const c = countByStatus(ledger.entries.filter((e) => e.file === f));
      return [`[${f}](#${anchorOf(f)})`, String(LEDGER_STATUSES.reduce((s, k) => s + c[k], 0)), ...LEDGER_STATUSES.map((k) => String(c[k]))];
    }),
  );
  const sections = files.flatMap((f) => {
    const rows = ledger.entries
      .filter((e) => e.file === f)
      .map((e) => [
        `[\`${e.name}\`](https://github.com/${repository}/blob/${commit}/${e.file}#L${e.line})`,
        e.status,
        e.ports.length > 0 ? portLinks(e.ports) : '—',
        cell(e.note),
      ]);
    return [`### ${f}`, '', ...table(['Fabric test', 'Status', 'Port', 'Adaptation or reason'], rows), ''];
  });
  const problems = ledger.problems.length === 0 ? [] : ['## Problems', '', ...ledger.problems.map((p) => `- ${cell(p)}`), ''];
  return [
    `<!-- ${CONFORMANCE_NOTICE} -->`,
    '# Conformance: Fabric\'s gossip tests and their ports',
    '',
    `> ${CONFORMANCE_NOTICE} Every \`func Test*\` of \`${tree}\` in ${repository} at \`${commit.slice(0, 12)}\``,
    '> (`spec/fabric-tests.json`), with its status here: **ported** (a jest test title in',
    '> `test/**/*.test.ts` carries its name), **adapted** (ported with the adaptation named in',
    '> `spec/conformance-status.json`; the port\'s header says how), **n/a** (why it does not apply, from',
    '> the same file) or **not yet**.',
    '',
    `${total} Fabric tests: ${counts.ported} ported, ${counts.adapted} adapted, ${counts['n/a']} n/a, ${counts['not yet']} not yet.`,
    '',
    '## By file',
    '',
    ...summary,
    '',
    ...problems,
    '## Tests',
    '',
    ...sections,
  ].join('\n');
}

/** GitHub's heading anchor for `### gossip/x/y_test.go`. */
function anchorOf(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}
