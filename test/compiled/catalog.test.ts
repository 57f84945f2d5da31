/**
 * [GEN-FUNC-COMPILED-CATALOG.1] Every chart of the catalog (src/catalog/machines.ts) compiles, and
 * passes the per-step differential against xstate (./harness.ts) with its subject's generated
 * inputs and events (./subjects). `DIFF_RUNS=<n>` runs n cases per chart instead of the CI
 * number; `DIFF_SEED` / `DIFF_PATH` replay a counterexample fast-check printed.
 */
import type { AnyStateMachine } from 'xstate';
import { MACHINES } from '../../src/catalog/machines';
import { compileMachine } from '../../src/core/compiled';
import { runDifferential } from './harness';
import { SUBJECTS } from './subjects';

/** The charts issue #9 names; the catalog may hold more, never fewer. */
const REQUIRED = [
  'emitter',
  'membership-member',
  'membership-discovery',
  'membership-connect',
  'election',
  'pull',
  'channel',
  'dissemination',
  'statetransfer',
  'security-handshake',
  'security-identity-store',
];

/** A chart's structure and the names it refers to, functions by name: equal for the same chart built twice. */
function shape(machine: AnyStateMachine): string {
  const impls = (machine as unknown as { implementations: Record<string, Record<string, unknown>> }).implementations;
  const names = Object.fromEntries(Object.entries(impls).map(([kind, table]) => [kind, Object.keys(table).sort()]));
  const definition = JSON.stringify(machine.root.definition, (_k, v: unknown) => (typeof v === 'function' ? `function ${v.name}` : v));
  return JSON.stringify({ id: machine.id, names, definition });
}

const entries = MACHINES.map((e) => [e.name, e] as const);

describe('[GEN-FUNC-COMPILED-CATALOG.1] every chart of the catalog compiles and agrees with xstate step by step', () => {
  it('[GEN-FUNC-COMPILED-CATALOG.1] the catalog lists every chart of the project, each once, and each has a differential subject', () => {
    const names = MACHINES.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(REQUIRED));
    expect(Object.keys(SUBJECTS).sort()).toEqual([...names].sort());
  });

  it.each(entries)('[GEN-FUNC-COMPILED-CATALOG.1] %s compiles', (_name, entry) => {
    expect(compileMachine(entry.machine).id).toBe(entry.machine.id);
  });

  it.each(entries)("[GEN-FUNC-COMPILED-CATALOG.1] %s: the subject runs the catalog's chart (the same structure, guards, actions and delays)", (name, entry) => {
    const subject = SUBJECTS[name];
    if (subject === undefined) throw new Error(`no differential subject for the catalog chart '${name}'`);
    expect(shape(subject.machine)).toBe(shape(entry.machine));
  });

  it.each(entries)(
    '[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] [GEN-FUNC-COMPILED-PLAIN-STATE.1] %s: per-step differential, every node active and every output action listed',
    (name) => {
      const subject = SUBJECTS[name];
      if (subject === undefined) throw new Error(`no differential subject for the catalog chart '${name}'`);
      const coverage = runDifferential(subject, { requireCoverage: true });
      expect(coverage.steps).toBeGreaterThan(coverage.runs);
    },
  );
});
