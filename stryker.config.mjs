// Mutation testing of one subsystem folder against its own tests (issue #13; not part of CI).
// Run it through `npm run mutation -- <folder>` (src/tools/mutation/main.ts), which sets
// MUTATION_FOLDER; the folder's mutants run only against test/<folder>/, so a score says how well
// that folder's own tests pin its behaviour (other folders' tests may exercise it too, but they do
// not count here).
import { writeFileSync } from 'node:fs';

const folder = process.env.MUTATION_FOLDER;
if (folder === undefined || !/^[a-z]+$/.test(folder)) {
  throw new Error('MUTATION_FOLDER must name one folder of src/ (use `npm run mutation -- <folder>`)');
}

/**
 * Tests of a folder that run many virtual seconds of a network on the simulator (src/sim) rather
 * than stepping the folder's reducer: the composed peer for election; for membership, the ports of
 * Fabric's discovery and gossip tests, the fault-schedule properties on the membership network,
 * and the spoofed-request tests on the simulator and the composed peer (requests-composed).
 * Each takes 5-50 s and covers nearly every mutant of the folder, and every surviving mutant runs
 * all the tests that reach it, which made one run take hours (membership: 4.5 h estimated) on two
 * shared cores. They are left out of the mutation runs, so a score measures the folder's unit
 * tests (they still run in `npm test`); docs/mutation.md lists them.
 */
const COMPOSITION_TESTS = {
  election: ['fabric-adapter.test.ts', 'fabric-service-real-gossip.test.ts'],
  membership: [
    'properties.test.ts',
    'fabric-discovery.test.ts',
    'fabric-gossip-membership.test.ts',
    'fabric-orgs.test.ts',
    'scenario.test.ts',
    'anchor-disclosure.test.ts',
    'requests-composed.test.ts',
  ],
};

/**
 * The TypeScript checker's project: the tests this run runs and what they import, not the whole
 * repository. Every mutant of a subsystem is otherwise re-checked against every file that imports
 * the subsystem (peer, sim, tools, ...), which made the checker, not the tests, the slow part.
 * Only `*.test.ts` files are listed, so a helper that only left-out tests use (membership's
 * net.ts, which builds a simulated network) does not bring the simulator and the composed peer
 * into every check. src/<folder> is listed as well because the checker can only mutate files its
 * project lists (files reached through imports alone are not watched). Written at the root, next
 * to the tsconfig.json it extends, and git-ignored.
 */
const CHECKER_TSCONFIG = `tsconfig.mutation-${folder}.generated.json`;
writeFileSync(
  CHECKER_TSCONFIG,
  `${JSON.stringify(
    {
      extends: './tsconfig.json',
      include: [`src/${folder}/**/*.ts`, `test/${folder}/**/*.test.ts`],
      exclude: (COMPOSITION_TESTS[folder] ?? []).map((f) => `test/${folder}/${f}`),
    },
    null,
    2,
  )}\n`,
);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  checkers: ['typescript'],
  plugins: ['@stryker-mutator/*', './src/tools/mutation/chart-metadata-ignorer.mjs'],
  // Charts' descriptions and meta.req are docs only (see the ignorer); their mutants show as Ignored.
  ignorers: ['chart-metadata'],
  tsconfigFile: CHECKER_TSCONFIG,
  mutate: [`src/${folder}/**/*.ts`],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // Only this folder's tests; jest.config.js's reporters are replaced by Stryker's anyway.
    config: {
      roots: [`<rootDir>/test/${folder}`],
      testPathIgnorePatterns: ['/node_modules/', ...(COMPOSITION_TESTS[folder] ?? []).map((f) => `/test/${folder}/${f.replace(/\./g, '\\.')}$`)],
    },
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  // The machine's two cores are shared with other work.
  concurrency: 1,
  // Reruns only test what changed since the last run of this folder.
  incremental: true,
  incrementalFile: `reports/mutation/${folder}.incremental.json`,
  reporters: ['json', 'clear-text', 'progress-append-only'],
  jsonReporter: { fileName: `reports/mutation/${folder}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  // The sandbox copy needs the sources, tests and configs only.
  ignorePatterns: ['/dist', '/reports', '/coverage', '/docs', '/transcripts', '/spec', '/scenarios', '/test-artifacts', '/.stryker-tmp'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  timeoutMS: 10000,
  thresholds: { high: 90, low: 85, break: null },
};
