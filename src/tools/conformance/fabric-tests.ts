/**
 * The list of Fabric's gossip tests (every `func TestX(t *testing.T)` under `gossip/` of a Fabric
 * commit), checked in as spec/fabric-tests.json because CI has no Fabric mirror: list-fabric-tests
 * regenerates it from a mirror, everything else reads the file. Pure: parsing and codecs only.
 */
import * as t from 'io-ts';
import { isRight } from 'fp-ts/Either';

export const FABRIC_TESTS_PATH = 'spec/fabric-tests.json';

export const FabricTest = t.type({ file: t.string, name: t.string, line: t.number }, 'FabricTest');
export type FabricTest = t.TypeOf<typeof FabricTest>;

export const FabricTestList = t.type(
  {
    repository: t.string,
    commit: t.string,
    /** The tree the list covers, e.g. `gossip/`. */
    tree: t.string,
    tests: t.array(FabricTest),
  },
  'FabricTestList',
);
export type FabricTestList = t.TypeOf<typeof FabricTestList>;

const GO_TEST_FUNC = /^func (Test[A-Za-z0-9_]*)\(\s*\w+\s+\*testing\.T\s*\)/;

/** The `func TestX(t *testing.T)` declarations of one Go file, in source order (TestMain is not a test). */
export function parseGoTests(file: string, text: string): FabricTest[] {
  const out: FabricTest[] = [];
  text.split('\n').forEach((line, i) => {
    const m = GO_TEST_FUNC.exec(line);
    if (m) out.push({ file, name: m[1] as string, line: i + 1 });
  });
  return out;
}

/** Tests sorted by file, then line; the JSON text written to spec/fabric-tests.json. */
export function renderFabricTestList(list: FabricTestList): string {
  const tests = [...list.tests].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const lines = tests.map((x) => `    ${JSON.stringify({ file: x.file, name: x.name, line: x.line })}`);
  return [
    '{',
    `  "repository": ${JSON.stringify(list.repository)},`,
    `  "commit": ${JSON.stringify(list.commit)},`,
    `  "tree": ${JSON.stringify(list.tree)},`,
    '  "tests": [',
    lines.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

export function parseFabricTestList(text: string): FabricTestList {
  const decoded = FabricTestList.decode(JSON.parse(text));
  if (!isRight(decoded)) throw new Error(`${FABRIC_TESTS_PATH} is not a FabricTestList`);
  return decoded.right;
}

/** `gossip/discovery/discovery_test.go#TestConnect`: unique where the bare name is not. */
export const fabricTestKey = (x: Pick<FabricTest, 'file' | 'name'>): string => `${x.file}#${x.name}`;
