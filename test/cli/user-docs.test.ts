/**
 * The user documentation stays true: the reducer-reuse example in docs/reuse-a-reducer.md is the
 * file docs/examples/reuse-election.ts, which compiles and runs as the page says (its types are
 * checked by npm test's typecheck, which follows this test's import of it); the scenario
 * guide documents every action, expectation key and invariant the format accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { electAlone } from '../../docs/examples/reuse-election';
import { ACTIONS, EXPECTATION_KEYS, INVARIANTS } from '../../src/scenarios/scenario-file';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('user docs', () => {
  it('[GEN-FUNC-SCENARIO-FILE.1] docs/scenarios.md documents every action, expectation key and invariant', () => {
    const doc = read('docs/scenarios.md');
    const expectationKeys = EXPECTATION_KEYS.filter((k) => !['at', 'label', 'channel'].includes(k));
    const keys = [...Object.keys(ACTIONS), ...expectationKeys, ...Object.keys(INVARIANTS)];
    expect(keys.length).toBe(17 + 6 + 5);
    for (const key of keys) expect({ key, documented: doc.includes(`| \`${key}\``) }).toEqual({ key, documented: true });
  });

  it('the reducer example in docs/reuse-a-reducer.md is docs/examples/reuse-election.ts', () => {
    const block = /```ts\n([\s\S]*?)```/.exec(read('docs/reuse-a-reducer.md'))?.[1];
    expect(block).toBe(read('docs/examples/reuse-election.ts'));
  });

  it('the example compiles (npm test\'s typecheck checks its types: this test imports it)', () => {
    const out = ts.transpileModule(read('docs/examples/reuse-election.ts'), { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    expect(out.diagnostics ?? []).toEqual([]);
    expect(out.outputText).toContain('function electAlone()');
  });

  it('the example runs and does what the page says', () => {
    expect(electAlone()).toEqual({ log: ['600 ms: Becoming a leader'], leader: true, atMs: 600 });
  });
});
