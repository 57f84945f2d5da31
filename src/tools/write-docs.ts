/**
 * `npm run docs`: regenerate docs/machines/*.md and docs/traceability.md from the code, remove
 * machine docs that no machine generates any more, then run the traceability check and exit
 * non-zero, printing every offending id, if it fails. The docs are written either way, so that a
 * failing table can be read.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MACHINES } from '../catalog/machines';
import { findStaleDocs, planDocs } from './docs-plan';
import { readCommittedDocs, readTraceSources } from './read-sources';
import { checkTraceability } from './traceability';
import { formatTraceFailures } from './traceability-doc';

function main(root: string): number {
  const report = checkTraceability({ ...readTraceSources(root), machines: MACHINES });
  const plan = planDocs(report, MACHINES);
  const stale = findStaleDocs(plan, readCommittedDocs(root));
  for (const { path, reason } of stale) {
    const abs = join(root, path);
    if (reason === 'orphan') {
      rmSync(abs);
    } else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, plan.get(path) as string, 'utf8');
    }
    console.log(`${reason === 'orphan' ? 'removed' : 'wrote'} ${path}`);
  }
  if (stale.length === 0) console.log(`docs up to date (${plan.size} files)`);
  if (!report.ok) {
    console.error(formatTraceFailures(report));
    return 1;
  }
  console.log(`traceability: ${report.requirements.length} requirements, all defined, tested and cited`);
  return 0;
}

process.exitCode = main(process.argv[2] ?? process.cwd());
