/**
 * Measurement helpers for `npm run bench` (this is a host: it may read the clocks). Each figure is
 * one JSON line on stdout: {"name", "value", "unit", "goal", "met", ...parameters}, where `goal`
 * is the issue's target as text (">= 500000") or null for a figure reported without one, and
 * `met` says whether the value reaches it. Every figure is also kept for the closing table and for
 * docs/benchmarks.md.
 *
 * The machine is shared: wall time counts the other processes' turns too, so every timed run
 * reports CPU time (process.cpuUsage: user + system of this process) beside it, and rates are
 * given per CPU second.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

export interface Goal {
  readonly op: '>=' | '<=';
  readonly value: number;
}

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly goal: Goal | null;
  /** Parameters of the run (peers, layout, interpreter, virtual time, ...). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The run behind the figure stopped short of its end (a budget): its goal is not met, whatever the value. */
  readonly unfinished?: boolean;
  /** The machine's 1-minute load average when the figure was recorded (set by `record`). */
  readonly load1?: number;
}

export const atLeast = (value: number): Goal => ({ op: '>=', value });
export const atMost = (value: number): Goal => ({ op: '<=', value });

export function goalText(goal: Goal | null): string | null {
  return goal === null ? null : `${goal.op} ${goal.value}`;
}

export function goalMet(figure: Pick<Figure, 'value' | 'goal' | 'unfinished'>): boolean | null {
  if (figure.goal === null) return null;
  if (figure.unfinished === true) return false;
  return figure.goal.op === '>=' ? figure.value >= figure.goal.value : figure.value <= figure.goal.value;
}

const recorded: Figure[] = [];

/** Print one figure as a JSON line and keep it for the table and the report. */
export function record(figure: Figure): void {
  // The machine is shared (2 cores, other jobs): the load beside each figure says how busy it was.
  const withLoad: Figure = { ...figure, load1: round(loadavg()[0] ?? 0, 1) };
  recorded.push(withLoad);
  process.stdout.write(`${JSON.stringify(figureLine(withLoad))}\n`);
}

/** A figure as its JSON line: name, value, unit, goal, met, the load average, then its parameters. */
export function figureLine(figure: Figure): Record<string, unknown> {
  return { name: figure.name, value: figure.value, unit: figure.unit, goal: goalText(figure.goal), met: goalMet(figure), load1: figure.load1 ?? null, ...(figure.params ?? {}) };
}

export function recordedFigures(): readonly Figure[] {
  return recorded;
}

/** Round to `digits` significant decimals after the point (figures print short). */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface Usage {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** A stopwatch over wall and this process's CPU time. */
export function stopwatch(): () => Usage {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    return { wallMs: performance.now() - wall0, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

/** Run `body` repeatedly for at least `minCpuMs` of CPU time (after one warm-up run); operations per CPU second. */
export function opsPerCpuSecond(body: () => number, minCpuMs = 1000): { perCpuSecond: number; ops: number; usage: Usage } {
  body();
  let ops = 0;
  const watch = stopwatch();
  let usage = watch();
  while (usage.cpuMs < minCpuMs) {
    ops += body();
    usage = watch();
  }
  return { perCpuSecond: (ops / usage.cpuMs) * 1000, ops, usage };
}

/** Resident set size now, MiB. */
export function rssMib(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}

/** The largest resident set size this process has had, MiB (getrusage's maxrss). */
export function peakRssMib(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The exponent x of a cost that goes from `a` at size `na` to `b` at size `nb`, as if it grew as N^x (two decimals). */
export const exponentInN = (a: number, b: number, na: number, nb: number): number => round(Math.log(b / a) / Math.log(nb / na), 2);
