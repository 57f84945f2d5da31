/**
 * `npm run conformance`: write docs/conformance.md (the port ledger) from spec/fabric-tests.json,
 * spec/conformance-status.json and the jest test titles; exit non-zero, printing them, if the
 * ledger has problems (a title naming no Fabric test, an ambiguous name, an inconsistent status).
 *
 * `npm run conformance -- --list <fabric git dir> [rev]`: first regenerate spec/fabric-tests.json
 * from a Fabric repository (a bare mirror will do), e.g. /work/.mirror/hyperledger+fabric/repo.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FABRIC_TESTS_PATH, renderFabricTestList } from './fabric-tests';
import { countByStatus, CONFORMANCE_DOC_PATH, renderConformanceDoc } from './ledger';
import { listFabricTests } from './list-fabric-tests';
import { readCommittedConformanceDoc, readLedger } from './read';

function main(args: readonly string[]): number {
  const root = process.cwd();
  const at = args.indexOf('--list');
  if (at >= 0) {
    const gitDir = args[at + 1];
    if (gitDir === undefined) {
      console.error('usage: conformance --list <fabric git dir> [rev]');
      return 2;
    }
    const list = listFabricTests(gitDir, args[at + 2] ?? 'HEAD');
    writeFileSync(join(root, FABRIC_TESTS_PATH), renderFabricTestList(list), 'utf8');
    console.log(`wrote ${FABRIC_TESTS_PATH}: ${list.tests.length} tests of ${list.tree} at ${list.commit}`);
  }
  const ledger = readLedger(root);
  const doc = renderConformanceDoc(ledger);
  if (readCommittedConformanceDoc(root) !== doc) {
    writeFileSync(join(root, CONFORMANCE_DOC_PATH), doc, 'utf8');
    console.log(`wrote ${CONFORMANCE_DOC_PATH}`);
  }
  const c = countByStatus(ledger.entries);
  console.log(`${ledger.entries.length} Fabric tests: ${c.ported} ported, ${c.adapted} adapted, ${c['n/a']} n/a, ${c['not yet']} not yet`);
  if (ledger.problems.length > 0) {
    console.error(['Port ledger problems:', ...ledger.problems.map((p) => `  - ${p}`)].join('\n'));
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
