/**
 * The only file reading the doc and traceability tools do: spec/*.md, src/**\/*.ts,
 * test/**\/*.test.ts and the committed generated docs, as repository-relative '/' paths in
 * sorted order (so that reports do not depend on the file system's listing order).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { TextFile } from './spec-parse';
import type { TraceSources } from './traceability';
import { MACHINE_DOCS_DIR } from './docs-plan';
import { TRACEABILITY_DOC_PATH } from './traceability-doc';

const toPosix = (p: string): string => p.split(sep).join('/');

function listFiles(root: string, dir: string, accept: (name: string) => boolean, recursive: boolean): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs).sort()) {
    const full = join(abs, name);
    if (statSync(full).isDirectory()) {
      if (recursive && name !== 'node_modules') out.push(...listFiles(root, join(dir, name), accept, recursive));
    } else if (accept(name)) {
      out.push(toPosix(relative(root, full)));
    }
  }
  return out;
}

function readAll(root: string, paths: readonly string[]): TextFile[] {
  return [...paths].sort().map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

export function readTraceSources(root: string): TraceSources {
  return {
    specFiles: readAll(root, listFiles(root, 'spec', (n) => n.endsWith('.md'), false)),
    sourceFiles: readAll(root, listFiles(root, 'src', (n) => n.endsWith('.ts'), true)),
    testFiles: readAll(root, listFiles(root, 'test', (n) => n.endsWith('.test.ts'), true)),
  };
}

/** docs/traceability.md and docs/machines/*.md as committed (absent files are simply not in the map). */
export function readCommittedDocs(root: string): Map<string, string> {
  const paths = [...listFiles(root, MACHINE_DOCS_DIR, (n) => n.endsWith('.md'), false)];
  if (existsSync(join(root, TRACEABILITY_DOC_PATH))) paths.push(TRACEABILITY_DOC_PATH);
  return new Map(readAll(root, paths).map((f) => [f.path, f.text]));
}
