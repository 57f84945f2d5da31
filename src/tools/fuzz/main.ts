/**
 * `npm run fuzz -- --count N [--seed S] [--case I] [--keep-going]`: feed N fuzzed host inputs to
 * First Network peers and print inputs/s, accepted vs rejected, and the rejection reasons.
 * `--case I` replays one case of seed S and prints its inputs; `--keep-going` reports the first
 * input of each distinct violation instead of stopping at the first. Exits 1 with the seed, case
 * and input on a violation.
 */
import { captureFirstNetwork } from './capture';
import { contextOf } from './context';
import { safeText } from './check';
import { describeFuzzFailure, runFuzz, type FamilyCount, type FuzzFailure, type FuzzReport } from './run';

/** With --keep-going: the first violation of each distinct problem (its first line), and how often it came. */
function distinctViolations() {
  const seen = new Map<string, [FuzzFailure, number]>();
  return {
    add(f: FuzzFailure): void {
      const key = f.problem.split('\n')[0] ?? '';
      const entry = seen.get(key);
      if (entry === undefined) seen.set(key, [f, 1]);
      else entry[1] += 1;
    },
    firsts: (): [FuzzFailure, number][] => [...seen.values()],
  };
}

function option(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} needs a non-negative integer, got ${process.argv[i + 1]}`);
  return value;
}

const percent = (part: number, whole: number) => `${whole === 0 ? 0 : ((100 * part) / whole).toFixed(1)}%`;

function table(title: string, rows: Readonly<Record<string, FamilyCount>>): string[] {
  return [title, ...Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => `  ${k.padEnd(26)} ${String(c.inputs).padStart(8)} inputs, ${percent(c.rejected, c.inputs).padStart(6)} rejected`)];
}

function summary(r: FuzzReport, seconds: number): string {
  const reasons = Object.entries(r.reasons).sort(([, a], [, b]) => b - a);
  return [
    `seed ${r.seed}: ${r.inputs} inputs in ${r.cases} cases, ${seconds.toFixed(1)} s, ${Math.round(r.inputs / seconds)} inputs/s`,
    `accepted ${r.accepted} (${percent(r.accepted, r.inputs)}), rejected ${r.rejected} (${percent(r.rejected, r.inputs)})`,
    'rejection reasons:',
    ...reasons.map(([reason, n]) => `  ${reason.padEnd(26)} ${String(n).padStart(8)}`),
    ...table('by input kind:', r.kinds),
    ...table('by generator:', r.families),
  ].join('\n');
}

function main(): number {
  const seed = option('--seed') ?? Date.now() % 1_000_000;
  const onlyCase = option('--case');
  const count = option('--count') ?? 20_000;
  const ctx = contextOf(captureFirstNetwork());
  const distinct = distinctViolations();
  const started = performance.now();
  const report = runFuzz(ctx, {
    seed,
    count,
    ...(process.argv.includes('--keep-going') ? { onViolation: (f: FuzzFailure) => (distinct.add(f), 'continue' as const) } : {}),
    ...(onlyCase === undefined ? {} : { onlyCase, onStep: (c, input, rejected) => console.log(`${c.family} (${c.detail}) on ${c.snapshot.label}: ${safeText(input, 4000)} -> ${rejected.length > 0 ? `rejected ${rejected.join(', ')}` : 'accepted'}`) }),
  });
  console.log(summary(report, (performance.now() - started) / 1000));
  for (const [f, hits] of distinct.firsts()) console.error(`${describeFuzzFailure(f)}\n  (${hits} cases hit this)`);
  if (report.failure !== undefined) console.error(describeFuzzFailure(report.failure));
  return report.failure === undefined && report.continuedViolations === 0 ? 0 : 1;
}

process.exitCode = main();
