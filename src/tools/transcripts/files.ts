/**
 * Where the golden transcripts live and how they are listed. [GEN-FUNC-TRANSCRIPT-SUITE.1] The
 * suite is every `*.transcript` under `transcripts/`, one folder per subject; the golden test
 * checks its size, coverage and headers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The conformance suite's folder, relative to the repository root. */
export const TRANSCRIPTS_DIR = 'transcripts';
export const TRANSCRIPT_EXTENSION = '.transcript';

/** Every transcript under `dir` (recursively), as '/'-separated paths relative to `root`, sorted. */
export function listTranscripts(root: string, dir: string = TRANSCRIPTS_DIR): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const full = join(abs, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(TRANSCRIPT_EXTENSION)) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  const start = join(root, dir);
  if (existsSync(start)) walk(start);
  return out.sort();
}

export function readTranscript(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}
