/**
 * [GEN-FUNC-TRANSCRIPT-RUN.1] Running a transcript: parse it, start the subject its first command
 * names (`use <subject> ...`), run every command in order against the real reducers, and render
 * the transcript again with each command's actual output under it. The transcript passes when
 * that text is the text it was read from. Pure: the caller reads and writes files.
 */
import { Args } from './args';
import { TranscriptError } from './errors';
import { parseTranscript, renderTranscript, type Command } from './parse';
import type { Session, Started, SubjectFactory } from './session';
import { SUBJECTS } from './subjects';

export interface TranscriptResult {
  readonly file: string;
  /** The text as given (with a final newline). */
  readonly expected: string;
  /** The text with every command's actual output. */
  readonly actual: string;
  readonly ok: boolean;
  /** Commands that have no expected output yet (written without `----`). */
  readonly unrecorded: number;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function runCommand(session: Session, command: Command): readonly string[] {
  try {
    return session.run(command);
  } catch (err) {
    if (err instanceof TranscriptError) throw err;
    throw TranscriptError.at(command.where, `${command.name} failed: ${describe(err)}`);
  }
}

function start(command: Command, subjects: Readonly<Record<string, SubjectFactory>>): Started {
  const a: Args = new Args(command);
  if (command.name !== 'use') a.fail(`the first command must be \`use <subject>\` (subjects: ${Object.keys(subjects).join(', ')})`);
  const [name, ...extra] = command.args.filter((x) => x.key === undefined && !x.isList).map((x) => x.values[0] as string);
  if (name === undefined) a.fail(`name a subject (subjects: ${Object.keys(subjects).join(', ')})`);
  a.flag(name);
  const factory = subjects[name];
  if (factory === undefined) a.fail(`unknown subject ${name} (subjects: ${Object.keys(subjects).join(', ')})`);
  if (extra.length > 0) a.fail(`unexpected ${extra.join(' ')} after the subject`);
  try {
    return factory(a);
  } catch (err) {
    if (err instanceof TranscriptError) throw err;
    throw TranscriptError.at(command.where, `use ${name} failed: ${describe(err)}`);
  }
}

export function runTranscript(file: string, text: string, subjects: Readonly<Record<string, SubjectFactory>> = SUBJECTS): TranscriptResult {
  const t = parseTranscript(file, text);
  const outputs: (readonly string[])[] = [];
  let session: Session | undefined;
  let unrecorded = 0;
  for (const item of t.items) {
    if (item.kind !== 'block') continue;
    if (item.expected === undefined) unrecorded += 1;
    if (session === undefined) {
      const started = start(item.command, subjects);
      session = started.session;
      outputs.push(started.output);
      continue;
    }
    if (item.command.name === 'use') throw TranscriptError.at(item.command.where, 'use: a transcript has one subject, named by its first command');
    outputs.push(runCommand(session, item.command));
  }
  if (session === undefined) throw new TranscriptError(file, 1, 'no commands (the first must be `use <subject>`)');
  const expected = text.endsWith('\n') ? text : `${text}\n`;
  const actual = renderTranscript(t, outputs);
  return { file, expected, actual, ok: actual === expected && unrecorded === 0, unrecorded };
}
