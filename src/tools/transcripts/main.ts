/**
 * [GEN-FUNC-TRANSCRIPT-UPDATE.1] The transcript host: `node dist/src/tools/transcripts/main.js`
 * runs every golden transcript (transcripts/**\/*.transcript) and prints a diff for each one whose
 * output changed, exiting 1; with `--update` it writes the actual output into the files instead
 * (review the change with `git diff transcripts/`). Arguments: `--update`, `--root <dir>` (default:
 * the current directory), and transcript paths or folders to run only those.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTranscripts, TRANSCRIPT_EXTENSION } from './files';
import { checkTranscripts } from './update';

interface Options {
  readonly update: boolean;
  readonly root: string;
  readonly only: readonly string[];
}

const USAGE = 'usage: node dist/src/tools/transcripts/main.js [--update] [--root <dir>] [transcript or folder ...]';

function parseOptions(argv: readonly string[]): Options | undefined {
  let update = false;
  let root = process.cwd();
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--update') update = true;
    else if (arg === '--root') root = argv[++i] ?? root;
    else if (arg === '--help' || arg === '-h') return undefined;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else only.push(arg.replace(/\/+$/, ''));
  }
  return { update, root, only };
}

function main(argv: readonly string[]): number {
  const o = parseOptions(argv);
  if (o === undefined) {
    console.log(USAGE);
    return 0;
  }
  const all = listTranscripts(o.root);
  const chosen = o.only.length === 0 ? all : all.filter((p) => o.only.some((x) => p === x || p.startsWith(`${x}/`)));
  if (chosen.length === 0) {
    console.error(`no transcripts (*${TRANSCRIPT_EXTENSION}) found${o.only.length > 0 ? ` for ${o.only.join(' ')}` : ''}`);
    return 1;
  }
  return checkTranscripts(chosen, o.update, {
    read: (path) => readFileSync(join(o.root, path), 'utf8'),
    write: (path, text) => writeFileSync(join(o.root, path), text, 'utf8'),
    log: (line) => console.log(line),
    error: (line) => console.error(line),
  }).exitCode;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
}
