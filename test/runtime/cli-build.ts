/**
 * Builds the CLI that the process tests spawn, without type checking (`npm test` type-checks the
 * sources once with `tsc --noEmit`): every file reachable from the entry by relative imports is
 * transpiled on its own with TypeScript's `transpileModule` (safe because tsconfig.json has
 * `isolatedModules`) into a temporary directory mirroring the repository, whose `node_modules` is
 * a link to the repository's. Outputs are cached by content hash under the system's temp
 * directory, so only changed files are transpiled again.
 *
 * Why not the alternatives: `tsc -p tsconfig.build.json` (even with --noCheck) compiles the whole
 * tree and took 20 s of wall time on a loaded 2-core machine, against ~1 s for this with a warm
 * cache; a require hook (ts-node or ts-jest registered in each child) would transpile the same
 * files again in every process and every restart; `dist/` may be missing or stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const REPO = resolve(__dirname, '..', '..');

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  resolveJsonModule: true,
  isolatedModules: true,
  sourceMap: false,
};

/** Relative imports of a source file, resolved to files of the repository. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const found: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = resolve(dirname(file), fileName);
    const hit = [`${base}.ts`, join(base, 'index.ts'), base].find((c) => existsSync(c) && statSync(c).isFile());
    if (hit === undefined) throw new Error(`${relative(REPO, file)}: cannot resolve ${fileName}`);
    found.push(hit);
  }
  return found;
}

function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.ts')) todo.push(...importsOf(file));
  }
  return [...seen].sort();
}

/** Write through a temporary name and rename: concurrent builds never read half a file. */
function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(16).slice(2)}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export interface BuiltCli {
  /** The directory holding the build (remove it when done). */
  readonly dir: string;
  /** The built script of a source entry: `node <out> ...`. */
  script(entry: string): string;
  readonly files: number;
  readonly transpiled: number;
}

/**
 * Transpile the entries (default: the CLI, src/cli/main.ts, and the node entry `network up`
 * spawns, src/runtime/node-main.ts) and everything they import into a fresh temporary directory.
 */
export function buildCli(entries: readonly string[] = ['src/cli/main.ts', 'src/runtime/node-main.ts']): BuiltCli {
  const cacheDir = join(tmpdir(), 'fabric-gossip-ref-transpile', ts.version);
  const dir = mkdtempSync(join(tmpdir(), 'fgr-cli-'));
  const optionsKey = JSON.stringify(COMPILER_OPTIONS);
  let transpiled = 0;
  const files = [...new Set(entries.flatMap((e) => reachable(resolve(REPO, e))))].sort();
  for (const file of files) {
    const rel = relative(REPO, file);
    const text = readFileSync(file, 'utf8');
    if (!file.endsWith('.ts')) {
      writeAtomic(join(dir, rel), text);
      continue;
    }
    const key = createHash('sha256').update(optionsKey).update('\0').update(rel).update('\0').update(text).digest('hex');
    const cached = join(cacheDir, `${key}.js`);
    let output: string;
    if (existsSync(cached)) {
      output = readFileSync(cached, 'utf8');
    } else {
      const result = ts.transpileModule(text, { compilerOptions: COMPILER_OPTIONS, fileName: file, reportDiagnostics: true });
      const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
      if (errors.length > 0) throw new Error(`${rel}: ${ts.flattenDiagnosticMessageText(errors[0]?.messageText ?? '', '\n')}`);
      output = result.outputText;
      writeAtomic(cached, output);
      transpiled += 1;
    }
    writeAtomic(join(dir, rel.replace(/\.ts$/, '.js')), output);
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, script: (entry) => join(dir, entry.replace(/\.ts$/, '.js')), files: files.length, transpiled };
}
