/**
 * [GEN-FUNC-TRANSCRIPT-UPDATE.1] Check or regenerate transcripts: run each, report a diff for each
 * one that differs, or write its actual text when updating. File access goes through the `io`
 * argument so that the rule can be tested on a temporary folder.
 */
import { lineDiff, runTranscript, TranscriptError } from '../../transcripts';

export interface TranscriptIo {
  read(path: string): string;
  write(path: string, text: string): void;
  log(line: string): void;
  error(line: string): void;
}

export interface UpdateSummary {
  readonly run: number;
  /** Transcripts whose actual text differs (written, when updating). */
  readonly differ: readonly string[];
  /** Transcripts that could not be parsed or run. */
  readonly broken: readonly string[];
  /** The process exit code: 1 when something could not run, or differs without --update. */
  readonly exitCode: number;
}

export function checkTranscripts(paths: readonly string[], update: boolean, io: TranscriptIo): UpdateSummary {
  const differ: string[] = [];
  const broken: string[] = [];
  for (const path of paths) {
    let result;
    try {
      result = runTranscript(path, io.read(path));
    } catch (err) {
      broken.push(path);
      io.error(err instanceof TranscriptError ? err.message : `${path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      continue;
    }
    if (result.ok) continue;
    differ.push(path);
    if (update) {
      io.write(path, result.actual);
      io.log(`updated ${path}`);
    } else {
      io.log(`--- ${path} (expected)\n+++ ${path} (actual)\n${lineDiff(result.expected, result.actual)}`);
    }
  }
  io.log(`transcripts: ${paths.length} run, ${differ.length} ${update ? 'updated' : 'differ'}${broken.length > 0 ? `, ${broken.length} could not run` : ''}`);
  const exitCode = broken.length > 0 || (!update && differ.length > 0) ? 1 : 0;
  return { run: paths.length, differ, broken, exitCode };
}
