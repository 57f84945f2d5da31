/**
 * The port ledger (docs/conformance.md): fresh, sound, and the resolution rules it relies on.
 * CI has no Fabric mirror: the list of Fabric tests is the checked-in spec/fabric-tests.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FABRIC_TESTS_PATH, parseFabricTestList, parseGoTests, renderFabricTestList, type FabricTestList } from '../../src/tools/conformance/fabric-tests';
import { buildLedger, countByStatus, renderConformanceDoc, type StatusFile } from '../../src/tools/conformance/ledger';
import { readCommittedConformanceDoc, readLedger } from '../../src/tools/conformance/read';
import { firstDifference } from '../../src/tools/docs-plan';

const ROOT = join(__dirname, '..', '..');

describe('port ledger', () => {
  const ledger = readLedger(ROOT);

  it('docs/conformance.md equals a fresh generation (run `npm run conformance` and commit the result)', () => {
    const fresh = renderConformanceDoc(ledger);
    const committed = readCommittedConformanceDoc(ROOT);
    if (committed !== fresh) {
      throw new Error(`docs/conformance.md is stale; run \`npm run conformance\`: ${committed === undefined ? 'missing' : firstDifference(fresh, committed)}`);
    }
  });

  it('every test title naming a Fabric test names one of the list, unambiguously; the status file names only listed tests, consistently', () => {
    expect(ledger.problems).toEqual([]);
  });

  it('spec/fabric-tests.json is in canonical form and lists each Go test once', () => {
    const text = readFileSync(join(ROOT, FABRIC_TESTS_PATH), 'utf8');
    const list = parseFabricTestList(text);
    expect(renderFabricTestList(list)).toBe(text);
    const keys = list.tests.map((x) => `${x.file}#${x.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(list.tests.every((x) => x.file.startsWith(list.tree) && x.file.endsWith('_test.go') && /^Test/.test(x.name))).toBe(true);
  });

  it('the counts add up to the list', () => {
    const c = countByStatus(ledger.entries);
    expect(c.ported + c.adapted + c['n/a'] + c['not yet']).toBe(ledger.entries.length);
  });
});

describe('port ledger rules', () => {
  const list: FabricTestList = {
    repository: 'hyperledger/fabric',
    commit: 'c0ffee',
    tree: 'gossip/',
    tests: [
      { file: 'gossip/discovery/discovery_test.go', name: 'TestFilter', line: 10 },
      { file: 'gossip/gossip/algo/pull_test.go', name: 'TestFilter', line: 20 },
      { file: 'gossip/privdata/pull_test.go', name: 'TestFilter', line: 30 },
      { file: 'gossip/gossip/algo/pull_test.go', name: 'TestPullEngine', line: 40 },
      { file: 'gossip/privdata/coordinator_test.go', name: 'TestCoordinator', line: 50 },
      { file: 'gossip/gossip/batcher_test.go', name: 'TestBatchingEmitterExpiration', line: 60 },
    ],
  };
  const file = (path: string, text: string) => ({ path, text });

  it('parses Go test functions (`func Test…(t *testing.T)`) and nothing else: not the main function, helpers or methods', () => {
    const go = ['func TestMain(m *testing.M) {', 'func TestA(t *testing.T) {', 'func testB(t *testing.T) {', 'func (s *S) TestC(t *testing.T) {', 'func TestD(tt *testing.T) {'].join('\n');
    expect(parseGoTests('gossip/x_test.go', go)).toEqual([
      { file: 'gossip/x_test.go', name: 'TestA', line: 2 },
      { file: 'gossip/x_test.go', name: 'TestD', line: 5 },
    ]);
  });

  it('a unique name is ported by any title naming it; a shared one by the most specific Go path in the title, else in the file', () => {
    const tests = [
      file('test/pull/a.test.ts', "// Ports of gossip/gossip/algo/pull_test.go\nit('TestPullEngine and TestFilter', () => {});"),
      file('test/membership/b.test.ts', "// discovery_test.go\nit('TestFilter: members', () => {});"),
      file('test/x/c.test.ts', "it('privdata/pull_test.go TestFilter', () => {});"),
      file('test/x/d.test.ts', "it.skip('TestCoordinator', () => {});"),
    ];
    const l = buildLedger(list, {}, tests);
    expect(l.problems).toEqual([]);
    const status = Object.fromEntries(l.entries.map((e) => [`${e.file}#${e.name}`, [e.status, e.ports.map((p) => p.file)]]));
    expect(status).toEqual({
      'gossip/discovery/discovery_test.go#TestFilter': ['ported', ['test/membership/b.test.ts']],
      'gossip/gossip/algo/pull_test.go#TestFilter': ['ported', ['test/pull/a.test.ts']],
      'gossip/privdata/pull_test.go#TestFilter': ['ported', ['test/x/c.test.ts']],
      'gossip/gossip/algo/pull_test.go#TestPullEngine': ['ported', ['test/pull/a.test.ts']],
      // A skipped test defends nothing and ports nothing.
      'gossip/privdata/coordinator_test.go#TestCoordinator': ['not yet', []],
      'gossip/gossip/batcher_test.go#TestBatchingEmitterExpiration': ['not yet', []],
    });
  });

  it('an unknown name, an unresolvable shared name and inconsistent statuses are problems', () => {
    const tests = [
      file('test/a.test.ts', "it('TestNoSuchTest', () => {});"),
      file('test/b.test.ts', "// pull_test.go\nit('TestFilter', () => {});"),
      file('test/c.test.ts', "it('TestCoordinator', () => {});"),
    ];
    const statuses: StatusFile = {
      'gossip/privdata/coordinator_test.go': { TestCoordinator: { status: 'n/a', reason: 'private data' } },
      'gossip/gossip/batcher_test.go': { TestBatchingEmitterExpiration: { status: 'adapted', adaptation: 'virtual time' } },
      'gossip/gossip/batcher_test.go ': { TestGone: { status: 'n/a', reason: 'x' } },
    };
    const l = buildLedger(list, statuses, tests);
    expect(l.problems).toHaveLength(5);
    expect(l.problems.join('\n')).toMatch(/TestNoSuchTest, which is no test/);
    expect(l.problems.join('\n')).toMatch(/names TestFilter, which is in .*: name the Go file/);
    expect(l.problems.join('\n')).toMatch(/TestCoordinator is marked n\/a but test\/c\.test\.ts:1 ports it/);
    expect(l.problems.join('\n')).toMatch(/TestBatchingEmitterExpiration is marked adapted but no test title names it/);
    expect(l.problems.join('\n')).toMatch(/TestGone is not in the list/);
  });

  it('adapted and n/a come from the status file, with their note; the document counts them', () => {
    const tests = [file('test/e.test.ts', "// algo/pull_test.go\nit('TestPullEngine', () => {});\nit('TestBatchingEmitterExpiration', () => {});")];
    const statuses: StatusFile = {
      'gossip/privdata/coordinator_test.go': { TestCoordinator: { status: 'n/a', reason: 'private data' } },
      'gossip/gossip/batcher_test.go': { TestBatchingEmitterExpiration: { status: 'adapted', adaptation: 'virtual time' } },
    };
    const l = buildLedger(list, statuses, tests);
    expect(countByStatus(l.entries)).toEqual({ ported: 1, adapted: 1, 'n/a': 1, 'not yet': 3 });
    const doc = renderConformanceDoc(l);
    expect(doc).toContain('6 Fabric tests: 1 ported, 1 adapted, 1 n/a, 3 not yet.');
    expect(doc).toContain('| adapted | [e.test.ts](../test/e.test.ts) | virtual time |');
    expect(doc).toContain('| n/a | — | private data |');
    expect(doc).toContain('https://github.com/hyperledger/fabric/blob/c0ffee/gossip/gossip/algo/pull_test.go#L40');
  });
});
