/**
 * The CLI's edge to the outside world: `CliIo` (output, environment, working directory, whether
 * stdout is a terminal) comes in as a value so tests run the program in-process, and reading or
 * writing a file fails as one CliError line naming the file. Every command reads and writes
 * through here.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from './options';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Show a progress bar (stdout is a terminal). */
  readonly isTTY: boolean;
}

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(path, '(file)', code === 'ENOENT' ? `no such ${what}` : code === 'EISDIR' ? `is a directory, not a ${what}` : `cannot read: ${String(err)}`);
  }
}

export function writeFile(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (err) {
    throw new CliError(path, '(file)', `cannot write: ${String(err)}`);
  }
}
