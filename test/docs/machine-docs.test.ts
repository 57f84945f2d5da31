/** The committed machine pages against a fresh generation from src/catalog/machines.ts. */
import { resolve } from 'node:path';
import { MACHINES } from '../../src/catalog/machines';
import { MACHINE_DOCS_DIR, findStaleDocs, firstDifference, formatStaleDocs } from '../../src/tools/docs-plan';
import { machineDocPath, renderMachineDoc } from '../../src/tools/machine-docs';
import { readCommittedDocs } from '../../src/tools/read-sources';

const ROOT = resolve(__dirname, '..', '..');
const committed = readCommittedDocs(ROOT);

describe('docs/machines', () => {
  for (const entry of MACHINES) {
    it(`[GEN-FUNC-LIVING-DOCS.1] ${machineDocPath(entry.name)} equals a fresh generation from the ${entry.name} machine`, () => {
      const path = machineDocPath(entry.name);
      const fresh = renderMachineDoc(entry);
      const found = committed.get(path);
      if (found === undefined) throw new Error(`${path} is missing: run \`npm run docs\` and commit it.`);
      if (found !== fresh) throw new Error(`${path} is stale (${firstDifference(fresh, found)}): run \`npm run docs\` and commit it.`);
      expect(found).toBe(fresh);
    });
  }

  it('[GEN-FUNC-LIVING-DOCS.1] every page under docs/machines belongs to a catalogued machine', () => {
    const expected = new Map(MACHINES.map((m) => [machineDocPath(m.name), renderMachineDoc(m)]));
    const machinePages = new Map([...committed].filter(([path]) => path.startsWith(`${MACHINE_DOCS_DIR}/`)));
    const orphans = findStaleDocs(expected, machinePages).filter((s) => s.reason === 'orphan');
    expect(formatStaleDocs(orphans)).toBe('');
  });
});
