/**
 * Read every `func Test*` of a Fabric tree from a git repository (a bare mirror is enough: only
 * `git ls-tree` and `git show` are run, nothing is checked out or changed).
 */
import { execFileSync } from 'node:child_process';
import { parseGoTests, type FabricTestList } from './fabric-tests';

function git(gitDir: string, args: readonly string[]): string {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

export function listFabricTests(gitDir: string, rev = 'HEAD', tree = 'gossip/', repository = 'hyperledger/fabric'): FabricTestList {
  const commit = git(gitDir, ['rev-parse', `${rev}^{commit}`]).trim();
  const files = git(gitDir, ['ls-tree', '-r', '--name-only', commit, tree])
    .split('\n')
    .filter((f) => f.endsWith('_test.go'))
    .sort();
  const tests = files.flatMap((file) => parseGoTests(file, git(gitDir, ['show', `${commit}:${file}`])));
  return { repository, commit, tree, tests };
}
