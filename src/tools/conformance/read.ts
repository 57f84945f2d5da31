/** The only reading the ledger does: the checked-in list, the status file and the jest test files. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTraceSources } from '../read-sources';
import { FABRIC_TESTS_PATH, parseFabricTestList } from './fabric-tests';
import { buildLedger, CONFORMANCE_DOC_PATH, CONFORMANCE_STATUS_PATH, parseStatusFile, type Ledger } from './ledger';

export function readLedger(root: string): Ledger {
  const list = parseFabricTestList(readFileSync(join(root, FABRIC_TESTS_PATH), 'utf8'));
  const statusPath = join(root, CONFORMANCE_STATUS_PATH);
  const statuses = existsSync(statusPath) ? parseStatusFile(readFileSync(statusPath, 'utf8')) : {};
  return buildLedger(list, statuses, readTraceSources(root).testFiles);
}

/** docs/conformance.md as committed, or undefined. */
export function readCommittedConformanceDoc(root: string): string | undefined {
  const path = join(root, CONFORMANCE_DOC_PATH);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
