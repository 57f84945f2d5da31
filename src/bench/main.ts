/**
 * `npm run bench`: the figures of issue #14, each one JSON line on stdout (name, value, unit, goal,
 * met, parameters), then a table, and the same written to docs/benchmarks.md with the date and the
 * machine. Targets live here, never in tests. The script runs Node with a 64 MiB young generation
 * (--max-semi-space-size=64; scale runs inherit it): the simulator allocates many short-lived
 * values per event, and the default 16 MiB sent about a fifth of them to the old generation, where
 * collecting them cost 8-25% of the CPU (measured: a 100-peer window 61 -> 49 CPU-us per event).
 *
 *   --quick           small networks and short runs (about a minute); writes no docs unless --out
 *   --only a,b        sections: emitter, floor, throughput, dissemination, failover, properties, profile, scale
 *   --no-profile      skip the CPU profiles (the 100-peer window, and profiling the 1,000-peer run)
 *   --out FILE        where to write the report (default docs/benchmarks.md for a full run)
 *   --scale-budget-s  wall-clock budget of each 1,000-peer run (default 120; 90 for N = 100 and 300)
 *   --label TEXT      a line for the report saying what was measured (a tree, a commit)
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { calibrationNs } from './calibration';
import { benchEmitter } from './emitter-bench';
import { FULL_DISSEMINATION, QUICK_DISSEMINATION, benchPullAtDefaults, benchPushAlone, type PullRow, type PushRow } from './dissemination';
import { FULL_FLOOR, QUICK_FLOOR, benchFloor } from './floor';
import { FULL_FAILOVER, QUICK_FAILOVER, benchFailover } from './failover';
import { record, recordedFigures, stopwatch } from './measure';
import { PROFILED_MS, profileWindow } from './profile-window';
import { FULL_PROPERTIES, QUICK_PROPERTIES, benchProperties } from './properties';
import { benchmarksMarkdown, figureTable, machine } from './report';
import { FULL_SCALE, QUICK_SCALE, benchScale } from './scale';
import type { ProfileSummary } from './profile';
import { FULL_THROUGHPUT, QUICK_THROUGHPUT, benchThroughput, warmedThroughputWorld } from './throughput';
import type { PeerState } from '../peer';
import type { World } from '../sim';

const SECTIONS = ['emitter', 'floor', 'throughput', 'dissemination', 'failover', 'properties', 'profile', 'scale'] as const;
type Section = (typeof SECTIONS)[number];

interface Args {
  readonly quick: boolean;
  readonly only: readonly Section[];
  readonly profile: boolean;
  readonly out: string | undefined;
  readonly scaleBudgetS: number;
  readonly label: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  let quick = false;
  let only: Section[] = [...SECTIONS];
  let profile = true;
  let out: string | undefined;
  let scaleBudgetS = 120;
  let label: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new RangeError(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') quick = true;
    else if (a === '--no-profile') profile = false;
    else if (a === '--profile') profile = true;
    else if (a === '--out') out = value();
    else if (a === '--scale-budget-s') scaleBudgetS = Number(value());
    else if (a === '--label') label = value();
    else if (a === '--only') {
      const names = value().split(',');
      const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (unknown.length > 0) throw new RangeError(`--only: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
      only = names as Section[];
    } else throw new RangeError(`unknown argument ${String(a)}`);
  }
  if (!Number.isFinite(scaleBudgetS) || scaleBudgetS <= 0) throw new RangeError('--scale-budget-s must be a positive number');
  return { quick, only, profile, out, scaleBudgetS, label };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const machineAtStart = machine();
  const watch = stopwatch();
  const wants = (s: Section) => args.only.includes(s);
  const profiles: { title: string; summary: ProfileSummary }[] = [];
  let push: readonly PushRow[] | undefined;
  let pull: PullRow | undefined;
  let failoverMs: readonly number[] | undefined;

  const calibrate = (at: 'start' | 'end') => record({ name: 'host.calibration', value: calibrationNs(), unit: 'CPU-ns/op', goal: null, params: { at } });
  calibrate('start');
  const throughput = args.quick ? QUICK_THROUGHPUT : FULL_THROUGHPUT;
  let warmed: World<PeerState> | undefined;
  if (wants('emitter')) benchEmitter();
  if (wants('floor')) benchFloor(args.quick ? QUICK_FLOOR : FULL_FLOOR);
  if (wants('throughput')) warmed = benchThroughput(throughput);
  if (wants('dissemination')) {
    const o = args.quick ? QUICK_DISSEMINATION : FULL_DISSEMINATION;
    push = benchPushAlone(o);
    pull = benchPullAtDefaults(o);
  }
  if (wants('failover')) failoverMs = benchFailover(args.quick ? QUICK_FAILOVER : FULL_FAILOVER);
  if (wants('properties')) benchProperties(args.quick ? QUICK_PROPERTIES : FULL_PROPERTIES);
  if (wants('profile') && args.profile) {
    const o = throughput;
    const summary = await profileWindow(warmed ?? warmedThroughputWorld(o));
    profiles.push({ title: `${o.orgs * o.peersPerOrg} peers (${o.orgs} orgs x ${o.peersPerOrg}), compiled, virtual ${o.warmUpMs / 1000}-${o.warmUpMs / 1000 + PROFILED_MS / 1000} s`, summary });
  }
  if (wants('scale')) {
    const base = args.quick ? QUICK_SCALE : FULL_SCALE;
    const largest = base.sizes[base.sizes.length - 1] ?? 0;
    const scale = { ...base, profileLargest: base.profileLargest && args.profile, wallBudgetMs: (n: number) => (n === largest && !args.quick ? args.scaleBudgetS * 1000 : base.wallBudgetMs(n)) };
    const summary = await benchScale(scale);
    if (summary !== undefined) profiles.push({ title: `${largest} peers (10 orgs x ${largest / 10}), compiled, from the start until the end of its budget`, summary });
  }

  calibrate('end');
  const figures = recordedFigures();
  process.stdout.write(`\n${figureTable(figures)}\n`);
  const usage = watch();
  const out = args.out ?? (args.quick ? undefined : join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md'));
  if (out !== undefined) {
    const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
    const text = benchmarksMarkdown({ startedAt, command, label: args.label, machineAtStart, loadAtEnd: loadavg().map((l) => Math.round(l * 10) / 10), wallS: usage.wallMs / 1000, cpuS: usage.cpuMs / 1000, figures, push, pull, failoverMs, profiles });
    writeFileSync(out, text);
    process.stdout.write(`written to ${out}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
