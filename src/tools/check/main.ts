/**
 * `npm run check -- [--property <id|prefix|subsystem>]... [--runs N] [--seed N] [--path P]
 * [--size small|medium|large] [--long] [--budget SECONDS] [--out DIR] [--last N] [--list]`
 * ([GEN-FUNC-CHECK-RUNNER.1]): runs the whole-network properties (src/check) and prints a table of
 * property, runs, steps, violations, steps/s and the worst liveness ratio (bound / slowest time to
 * hold). With --budget it is a swarm: each property draws fresh seeds until its share of the budget
 * ends. On a violation it writes the counterexample ([GEN-FUNC-CHECK-COUNTEREXAMPLE.1]) under
 * --out, prints where and how to replay it, and exits 1. The host part: clocks, files, the TTY.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CI_TIMING,
  checkProperty,
  counterexampleFiles,
  LONG_TIMING,
  PROPERTIES,
  replayCommand,
  selectProperties,
  WORLD_SIZES,
  type PropertyReport,
  type WholeNetworkProperty,
} from '../../check';

export interface RunnerArgs {
  readonly properties: string[];
  readonly runs: number | undefined;
  readonly seed: number;
  readonly path: string | undefined;
  readonly size: keyof typeof WORLD_SIZES;
  readonly long: boolean;
  readonly budgetS: number | undefined;
  readonly out: string;
  readonly lastN: number;
  readonly list: boolean;
}

function int(text: string | undefined, what: string): number {
  const n = Number(text);
  if (text === undefined || !Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${text}`);
  return n;
}

export function parseArgs(args: readonly string[]): RunnerArgs {
  const out: { -readonly [K in keyof RunnerArgs]: RunnerArgs[K] } = {
    properties: [],
    runs: undefined,
    seed: 1,
    path: undefined,
    size: 'small',
    long: false,
    budgetS: undefined,
    out: 'test-artifacts/check',
    lastN: 60,
    list: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new RangeError(`${a} needs a value`);
      return v;
    };
    if (a === '--property' || a === '-p') out.properties.push(...value().split(','));
    else if (a === '--runs') out.runs = int(value(), '--runs');
    else if (a === '--seed') out.seed = int(value(), '--seed');
    else if (a === '--path') out.path = value();
    else if (a === '--size') {
      const s = value();
      if (!(s in WORLD_SIZES)) throw new RangeError(`--size must be ${Object.keys(WORLD_SIZES).join(', ')}`);
      out.size = s as RunnerArgs['size'];
    } else if (a === '--long') out.long = true;
    else if (a === '--budget') out.budgetS = int(value(), '--budget');
    else if (a === '--out') out.out = value();
    else if (a === '--last') out.lastN = int(value(), '--last');
    else if (a === '--list') out.list = true;
    else throw new RangeError(`unknown argument ${a}`);
  }
  return out;
}

function ratioText(report: PropertyReport): string {
  const ratios = Object.entries(report.worstRatio);
  if (ratios.length === 0) return '-';
  return ratios.map(([, r]) => (Number.isFinite(r) ? `${r.toFixed(1)}x` : 'held at once')).join(' ');
}

export function table(rows: readonly { report: PropertyReport; seconds: number }[]): string {
  const head = ['property', 'runs', 'steps', 'violations', 'steps/s', 'worst liveness ratio'];
  const body = rows.map(({ report, seconds }) => [
    report.property,
    String(report.runs),
    String(report.steps),
    String(report.violations),
    String(Math.round(report.steps / Math.max(seconds, 1e-3))),
    ratioText(report),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function merge(a: PropertyReport | undefined, b: PropertyReport): PropertyReport {
  if (a === undefined) return b;
  const worstRatio: Record<string, number> = { ...a.worstRatio };
  for (const [k, v] of Object.entries(b.worstRatio)) worstRatio[k] = Math.min(worstRatio[k] ?? Number.POSITIVE_INFINITY, v);
  const worstMetMs: Record<string, number> = { ...a.worstMetMs };
  for (const [k, v] of Object.entries(b.worstMetMs)) worstMetMs[k] = Math.max(worstMetMs[k] ?? 0, v);
  return { ...b, runs: a.runs + b.runs, steps: a.steps + b.steps, violations: a.violations + b.violations, worstRatio, worstMetMs, counterexample: a.counterexample ?? b.counterexample };
}

/** The runner: `npm run check -- …` and `fabric-gossip check …`; returns the exit code. */
export function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  if (args.list) {
    for (const p of PROPERTIES) console.log(`${p.id.padEnd(36)} ${p.subsystem.padEnd(14)} ${p.kind.padEnd(9)} ${p.title}`);
    return 0;
  }
  const chosen = selectProperties(args.properties);
  const timing = args.long ? LONG_TIMING : CI_TIMING;
  const size = WORLD_SIZES[args.size];
  const tty = process.stdout.isTTY === true;
  const rows: { report: PropertyReport; seconds: number }[] = [];
  const started = performance.now();
  let failed = false;
  for (const [index, property] of chosen.entries()) {
    const t0 = performance.now();
    const share = args.budgetS === undefined ? undefined : (args.budgetS * 1000) / chosen.length;
    const progress = (report: PropertyReport | undefined) => {
      if (!tty) return;
      const s = ((performance.now() - started) / 1000).toFixed(0);
      process.stdout.write(`\r[${index + 1}/${chosen.length}] ${property.id}: ${report?.runs ?? 0} runs, ${report?.steps ?? 0} steps, ${s}s  `);
    };
    let report: PropertyReport | undefined;
    let seed = args.seed;
    progress(undefined);
    do {
      const runs = args.runs ?? (share === undefined ? property.ciRuns : 1);
      const r = checkProperty(property, { runs, seed, path: args.path, size, timing });
      report = merge(report, r);
      seed += 1;
      progress(report);
    } while (share !== undefined && report.violations === 0 && args.path === undefined && performance.now() - t0 < share);
    if (tty) process.stdout.write('\r\x1b[K');
    rows.push({ report, seconds: (performance.now() - t0) / 1000 });
    if (report.counterexample !== undefined) {
      failed = true;
      writeCounterexample(property, report, args, timing);
    }
  }
  console.log(table(rows));
  for (const { report } of rows) {
    for (const [name, ms] of Object.entries(report.worstMetMs)) console.log(`  ${report.property}: ${name} held at worst ${ms} ms after faults stopped`);
  }
  return failed ? 1 : 0;
}

function writeCounterexample(property: WholeNetworkProperty, report: PropertyReport, args: RunnerArgs, timing: typeof CI_TIMING): void {
  const cx = report.counterexample!;
  const extra = `${args.long ? ' --long' : ''}${args.size === 'small' ? '' : ` --size ${args.size}`}`;
  const files = counterexampleFiles(property, cx, { timing }, args.lastN, extra);
  const dir = join(args.out, `${property.id}-seed${cx.seed}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files) as [string, string][]) writeFileSync(join(dir, name), text);
  console.log(`VIOLATION ${property.id}: ${cx.message}`);
  console.log(`  counterexample written to ${dir}/ (counterexample.json, trace.ndjson, sequence.mmd, README.md)`);
  console.log(`  replay: ${replayCommand(cx, extra)}`);
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  }
}
