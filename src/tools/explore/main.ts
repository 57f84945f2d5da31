/**
 * `npm run explore -- <config> [depth] [maxStates] [--timers earliest|any] [--losses N]
 * [--duplicates N] [--no-symmetry] [--exact] [--all]`: bounded exhaustive exploration of one
 * named configuration (src/explore/configs.ts, `list` prints them). Prints a table of states,
 * transitions, states/s, depth reached and violations, and the shortest trace of each violation.
 * Exits 1 on a violation. The only host part is the clock read around the search (states/s).
 */
import { CONFIGS, configNamed, explore, type ExploreOptions, type TimerMode } from '../../explore';
import { reportTable } from './table';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

function count(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${text}`);
  return n;
}

const VALUED = new Set(['--timers', '--losses', '--duplicates']);

/** The arguments that are neither flags nor a flag's value. */
function positionals(args: readonly string[]): string[] {
  return args.filter((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? ''));
}

/** The explorer: `npm run explore -- …` and `fabric-gossip explore …`; returns the exit code. */
export function main(args: readonly string[]): number {
  const positional = positionals(args);
  const [name, depthText, maxText] = positional;
  if (name === undefined || name === 'list') {
    console.log(['configurations:', ...CONFIGS.map((c) => `  ${c.name.padEnd(20)} depth ${c.options.depth}, max ${c.options.maxStates} states, ${c.model().description}`)].join('\n'));
    return name === undefined ? 2 : 0;
  }
  const config = configNamed(name);
  if (config === undefined) {
    console.error(`unknown configuration ${name}; try: ${CONFIGS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  const timers = flag(args, '--timers') ?? config.options.timers ?? 'earliest';
  if (timers !== 'earliest' && timers !== 'any') throw new RangeError(`--timers must be earliest or any, got ${timers}`);
  const options: ExploreOptions = {
    ...config.options,
    depth: count(depthText, 'depth') ?? config.options.depth,
    maxStates: count(maxText, 'maxStates') ?? config.options.maxStates,
    timers: timers as TimerMode,
    losses: count(flag(args, '--losses'), '--losses') ?? config.options.losses,
    duplicates: count(flag(args, '--duplicates'), '--duplicates') ?? config.options.duplicates,
    symmetry: !args.includes('--no-symmetry'),
    exactKeys: args.includes('--exact'),
    allViolations: args.includes('--all'),
  };
  const model = config.model();
  const started = performance.now();
  const report = explore(model, options);
  const seconds = (performance.now() - started) / 1000;
  // Several configurations share a model; the table names the configuration asked for.
  console.log(reportTable({ ...report, model: config.name }, options, seconds));
  for (const v of report.violations) console.log(`\nviolation at depth ${v.depth} (shortest trace):\n${v.text}`);
  return report.violations.length > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
