/**
 * The golden transcripts (transcripts/**\/*.transcript): each runs against the real reducers and
 * must print exactly what the file says under each command. A difference fails with a unified
 * diff; regenerate with `node dist/src/tools/transcripts/main.js --update` after `npm run build`,
 * and review the change as a diff before committing it (docs/transcripts.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lineDiff, parseTranscript, runTranscript, SUBJECTS } from '../../src/transcripts';
import { listTranscripts, readTranscript } from '../../src/tools/transcripts/files';

const ROOT = resolve(__dirname, '..', '..');
const FILES = listTranscripts(ROOT);

/** Every requirement id the spec defines (headings `### [ID] ...`). */
function specIds(): Set<string> {
  const ids = new Set<string>();
  for (const name of readdirSync(join(ROOT, 'spec'))) {
    if (!name.endsWith('.md')) continue;
    for (const m of readFileSync(join(ROOT, 'spec', name), 'utf8').matchAll(/^### \[([A-Z0-9.-]+)\]/gm)) ids.add(m[1] as string);
  }
  return ids;
}

/** The leading comment block of a transcript. */
function header(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line);
  }
  return lines;
}

const subjectOf = (text: string): string | undefined => {
  const first = parseTranscript('x', text).items.find((i) => i.kind === 'block');
  return first?.kind === 'block' ? first.command.args[0]?.values[0] : undefined;
};

describe('[GEN-FUNC-TRANSCRIPT-SUITE.1] the golden transcript suite', () => {
  it('[GEN-FUNC-TRANSCRIPT-SUITE.1] holds at least 30 transcripts covering every subject, each headed by what it shows, its Fabric source and requirement ids the spec defines', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(30);
    const texts = FILES.map((f) => ({ f, text: readTranscript(ROOT, f) }));
    const used = new Set(texts.map(({ text }) => subjectOf(text)));
    expect([...used].sort()).toEqual(Object.keys(SUBJECTS).sort());
    const known = specIds();
    const problems: string[] = [];
    for (const { f, text } of texts) {
      const head = header(text);
      if (head.length < 3) problems.push(`${f}: no header comment (title, what it shows, sources)`);
      if (!head.some((l) => /^# Fabric: \S/.test(l))) problems.push(`${f}: no "# Fabric:" line naming the Go source or test`);
      const idLine = head.find((l) => l.startsWith('# Requirements:'));
      const ids = idLine === undefined ? [] : [...idLine.matchAll(/[A-Z]+-[A-Z]+-[A-Z0-9-]+\.\d+/g)].map((m) => m[0]);
      if (ids.length === 0) problems.push(`${f}: no "# Requirements:" line with spec ids`);
      for (const id of ids) if (!known.has(id)) problems.push(`${f}: ${id} is not defined in spec/`);
    }
    expect(problems).toEqual([]);
  });
});

describe('[GEN-FUNC-TRANSCRIPT-RUN.1] [GEN-FUNC-TRANSCRIPT-DIFF.1] every golden transcript prints what it says', () => {
  it.each(FILES)('%s', (path) => {
    const result = runTranscript(path, readTranscript(ROOT, path));
    if (!result.ok) {
      const why = result.unrecorded > 0 ? `${result.unrecorded} command(s) have no expected output yet\n` : '';
      throw new Error(
        `${path} differs from its actual output (- expected, + actual); if the change is right, regenerate with ` +
          '`npm run build && node dist/src/tools/transcripts/main.js --update` and review the diff:\n' +
          `${why}${lineDiff(result.expected, result.actual)}`,
      );
    }
    expect(result.actual).toBe(result.expected);
  });
});
