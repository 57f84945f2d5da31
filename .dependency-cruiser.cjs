/**
 * Architecture rules (reference/architecture.md §1), checked inside `npm test`:
 * - no subsystem imports another subsystem; they meet only in src/peer;
 * - src/core and src/messages depend on nothing else in src;
 * - the pure layers (core, messages, subsystems, peer, sim) never touch clocks' modules, sockets
 *   or node:crypto; only hosts (cli, bench, tools, report, runtime) may;
 * - no cycles.
 */
const SUBSYSTEMS = '(emitter|membership|election|dissemination|pull|channel|statetransfer|security|config)';
// src/explore (the bounded model checker) drives several subsystems, as src/peer and src/sim do, and is pure like them;
// so does src/check (the whole-network properties: it builds worlds of composed peers and checks them).
const PURE = '^src/(core|messages|wire|emitter|membership|election|dissemination|pull|channel|statetransfer|security|config|peer|sim|explore|check|transcripts|scenarios)/';

module.exports = {
  forbidden: [
    {
      name: 'no-subsystem-cross-import',
      comment: 'Subsystems meet only in src/peer (architecture §1).',
      severity: 'error',
      from: { path: `^src/${SUBSYSTEMS}/` },
      to: { path: `^src/${SUBSYSTEMS}/`, pathNot: '^src/$1/' },
    },
    {
      name: 'core-and-messages-are-leaves',
      severity: 'error',
      from: { path: '^src/(core|messages)/' },
      to: { path: '^src/', pathNot: '^src/(core|messages)/' },
    },
    {
      name: 'subsystems-only-use-core-and-messages',
      severity: 'error',
      from: { path: `^src/${SUBSYSTEMS}/` },
      to: { path: '^src/(peer|sim|explore|check|cli|bench|tools|report|runtime)/' },
    },
    {
      name: 'wire-uses-only-core-and-messages',
      comment: 'The wire codec (spec/wire.md) sits at the edge, below the subsystems.',
      severity: 'error',
      from: { path: '^src/wire/' },
      to: { path: '^src/', pathNot: '^src/(core|messages|wire)/' },
    },
    {
      name: 'pure-layers-do-no-io',
      comment: 'Time, randomness, crypto and I/O come in as inputs or injected values.',
      severity: 'error',
      from: { path: PURE },
      to: { dependencyTypes: ['core'], path: '^(node:)?(crypto|fs|net|http|https|dgram|child_process|worker_threads|timers|perf_hooks)$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
