/**
 * [GEN-FUNC-TRANSCRIPT-FORMAT.1] Reading a transcript: text in, a list of items out. The format is
 * the one of cockroachdb/datadriven (so a port may use that library or its Rust twin):
 *
 *   # a comment, kept as it is
 *   command word key=value key=(a,b) (c,d)
 *   ----
 *   expected output line
 *   expected output line
 *   <blank line or end of file>
 *
 * A command line without a `----` line after it has no expected output yet (`--update` adds it).
 * Pure: no file system here; `file` only names the text in errors.
 */
import { TranscriptError, type Where } from './errors';

/** One argument: `key=value`, `key=(a,b)`, a bare word (`key` absent) or a bare list `(a,b)`. */
export interface Arg {
  readonly key: string | undefined;
  readonly values: readonly string[];
  /** Written with parentheses: a list, even of one element. */
  readonly isList: boolean;
  readonly text: string;
}

export interface Command {
  readonly where: Where;
  readonly name: string;
  readonly args: readonly Arg[];
  /** The command line as written (re-emitted verbatim). */
  readonly raw: string;
}

export type Item =
  | { readonly kind: 'text'; readonly line: string }
  | { readonly kind: 'block'; readonly command: Command; readonly expected: readonly string[] | undefined };

export interface Transcript {
  readonly file: string;
  readonly items: readonly Item[];
}

export const SEPARATOR = '----';

const isBlank = (line: string): boolean => line.trim() === '';
const isComment = (line: string): boolean => line.trimStart().startsWith('#');

/** Split a command line into words, keeping parentheses and double quotes together. */
function words(where: Where, line: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const ch of line) {
    if (quoted) {
      current += ch;
      if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '(') depth += 1;
    else if (ch === ')') {
      depth -= 1;
      if (depth < 0) throw TranscriptError.at(where, `unbalanced ')' in ${JSON.stringify(line.trim())}`);
    } else if (/\s/.test(ch) && depth === 0) {
      if (current !== '') out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (quoted) throw TranscriptError.at(where, `unterminated '"' in ${JSON.stringify(line.trim())}`);
  if (depth > 0) throw TranscriptError.at(where, `unbalanced '(' in ${JSON.stringify(line.trim())}`);
  if (current !== '') out.push(current);
  return out;
}

function unquote(where: Where, text: string): string {
  if (!text.startsWith('"')) return text;
  if (text.length < 2 || !text.endsWith('"')) throw TranscriptError.at(where, `bad quoted value ${text}`);
  return text.slice(1, -1);
}

/** The elements of `(a,b,(c,d))` at depth one: `a`, `b`, `(c,d)`; spaces around commas are ignored. */
export function listItems(where: Where, text: string): string[] {
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of inner) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  items.push(current.trim());
  if (items.some((i) => i === '')) throw TranscriptError.at(where, `empty element in list ${text}`);
  return items.map((i) => unquote(where, i));
}

function parseArg(where: Where, word: string): Arg {
  if (word.startsWith('(')) {
    if (!word.endsWith(')')) throw TranscriptError.at(where, `a list must end with ')': ${word}`);
    return { key: undefined, values: listItems(where, word), isList: true, text: word };
  }
  const eq = word.indexOf('=');
  if (eq < 0) return { key: undefined, values: [unquote(where, word)], isList: false, text: word };
  const key = word.slice(0, eq);
  const value = word.slice(eq + 1);
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(key)) throw TranscriptError.at(where, `bad argument name ${JSON.stringify(key)} in ${word}`);
  if (value.startsWith('(')) {
    if (!value.endsWith(')')) throw TranscriptError.at(where, `a list must end with ')': ${word}`);
    return { key, values: listItems(where, value), isList: true, text: word };
  }
  if (value === '') throw TranscriptError.at(where, `argument ${key} has no value (write ${key}=<value> or ${key}=())`);
  return { key, values: [unquote(where, value)], isList: false, text: word };
}

export function parseCommand(where: Where, line: string): Command {
  const [name, ...rest] = words(where, line);
  if (name === undefined) throw TranscriptError.at(where, 'empty command');
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw TranscriptError.at(where, `bad command name ${JSON.stringify(name)} (lower-case words joined by '-')`);
  return { where, name, args: rest.map((w) => parseArg(where, w)), raw: line };
}

/** Parse a whole transcript; every problem names the file and line. */
export function parseTranscript(file: string, text: string): Transcript {
  const lines = text.split('\n');
  // A final newline does not start an empty last line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const items: Item[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const where = { file, line: i + 1 };
    if (line.includes('\r')) throw TranscriptError.at(where, 'carriage return in line (use Unix line endings)');
    if (isBlank(line) || isComment(line)) {
      items.push({ kind: 'text', line });
      i += 1;
      continue;
    }
    if (line.trim() === SEPARATOR) throw TranscriptError.at(where, `'${SEPARATOR}' without a command line before it`);
    const command = parseCommand(where, line.trim());
    i += 1;
    if (i >= lines.length || (lines[i] as string).trim() !== SEPARATOR) {
      items.push({ kind: 'block', command, expected: undefined });
      continue;
    }
    i += 1;
    const expected: string[] = [];
    while (i < lines.length && !isBlank(lines[i] as string)) {
      expected.push(lines[i] as string);
      i += 1;
    }
    items.push({ kind: 'block', command, expected });
  }
  return { file, items };
}

/** The text of a transcript with each block's output replaced by `outputs` (same order as the blocks). */
export function renderTranscript(t: Transcript, outputs: readonly (readonly string[])[]): string {
  const out: string[] = [];
  let b = 0;
  t.items.forEach((item, i) => {
    if (item.kind === 'text') {
      out.push(item.line);
      return;
    }
    out.push(item.command.raw, SEPARATOR, ...(outputs[b] ?? []));
    b += 1;
    // An output ends at a blank line: one must follow before the next command or comment.
    const next = t.items[i + 1];
    if (next !== undefined && !(next.kind === 'text' && isBlank(next.line))) out.push('');
  });
  return `${out.join('\n')}\n`;
}
