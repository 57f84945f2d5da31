/**
 * `npm run mutation -- [<folder>...]` (issue #13; not part of CI): Stryker mutates src/<folder>/
 * and runs only test/<folder>/ against each mutant (stryker.config.mjs reads the folder from
 * MUTATION_FOLDER). Without a folder it runs every subsystem folder one after the other. Then it
 * prints a per-folder table from the JSON reports under reports/mutation/. Reruns are incremental:
 * only mutants whose code or covering tests changed are tested again. Exits 1 if a run failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countMutants, tableRow, TABLE_HEADER, type MutantCounts } from './score';

/** The subsystem folders (the SUBSYSTEMS of .dependency-cruiser.cjs), each with its own test/<folder>/. */
export const SUBSYSTEM_FOLDERS = ['emitter', 'membership', 'election', 'dissemination', 'pull', 'channel', 'statetransfer', 'security', 'config'] as const;

const REPORT_DIR = join('reports', 'mutation');

function runFolder(folder: string): MutantCounts | undefined {
  if (!existsSync(join('src', folder)) || !existsSync(join('test', folder))) {
    throw new RangeError(`no src/${folder} or test/${folder}; folders are: ${SUBSYSTEM_FOLDERS.join(', ')}`);
  }
  process.stdout.write(`\n=== mutation testing src/${folder} against test/${folder} ===\n`);
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_FOLDER: folder },
  });
  const reportPath = join(REPORT_DIR, `${folder}.json`);
  if (run.status !== 0 || !existsSync(reportPath)) return undefined;
  return countMutants(JSON.parse(readFileSync(reportPath, 'utf8')));
}

function main(): void {
  const folders = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected = folders.length > 0 ? folders : [...SUBSYSTEM_FOLDERS];
  const rows = selected.map((folder) => [folder, runFolder(folder)] as const);
  process.stdout.write(`\n${new Date().toISOString()} mutation scores (reports in ${REPORT_DIR}/)\n${TABLE_HEADER}\n`);
  for (const [folder, counts] of rows) process.stdout.write(`${tableRow(folder, counts)}\n`);
  if (rows.some(([, c]) => c === undefined)) process.exitCode = 1;
}

main();
