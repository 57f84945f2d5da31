/**
 * The bench's closing table (stdout) and docs/benchmarks.md: the date and machine, every figure
 * with its goal, the dissemination table, the fail-over distribution and the CPU profile summaries.
 */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { figureLine, goalMet, goalText, type Figure } from './measure';
import type { PullRow, PushRow } from './dissemination';
import type { ProfileSummary } from './profile';
import { THROUGHPUT_GOAL } from './throughput';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGib: number;
  readonly node: string;
  readonly os: string;
  readonly loadAverage: readonly number[];
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    // The VM flags too (npm run bench sets the young generation's size): they change the figures.
    node: process.execArgv.length === 0 ? process.version : `${process.version} ${process.execArgv.join(' ')}`,
    os: `${platform()} ${release()}`,
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
  };
}

export interface BenchReport {
  readonly startedAt: Date;
  readonly command: string;
  readonly label: string | undefined;
  readonly machineAtStart: Machine;
  readonly loadAtEnd: readonly number[];
  readonly wallS: number;
  readonly cpuS: number;
  readonly figures: readonly Figure[];
  readonly push?: readonly PushRow[];
  readonly pull?: PullRow;
  readonly failoverMs?: readonly number[];
  readonly profiles: readonly { readonly title: string; readonly summary: ProfileSummary }[];
}

const MET = (f: Figure): string => {
  const met = goalMet(f);
  return met === null ? '' : met ? 'yes' : 'NO';
};

function paramsText(f: Figure): string {
  const keep = ['peers', 'orgs', 'peersPerOrg', 'layout', 'interpreter', 'fanOut', 'from', 'to', 'finished', 'windowMs', 'beforeAndAfter', 'at', 'calibrationNs'];
  return Object.entries(f.params ?? {})
    .filter(([k]) => keep.includes(k))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/** The figures as a fixed-width table: name, parameters, value, unit, goal, met. */
export function figureTable(figures: readonly Figure[]): string {
  const head = ['figure', 'parameters', 'value', 'unit', 'goal', 'met', 'load'];
  const rows = figures.map((f) => [f.name, paramsText(f), String(f.value), f.unit, goalText(f.goal) ?? '', MET(f), String(f.load1 ?? '')]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const md = (cells: readonly (string | number)[]): string => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;

function figuresMarkdown(figures: readonly Figure[]): string[] {
  return [
    md(['figure', 'parameters', 'value', 'unit', 'goal', 'met', 'load (1 min)']),
    md(['---', '---', '---:', '---', '---', '---', '---:']),
    ...figures.map((f) => md([f.name, paramsText(f), f.value, f.unit, goalText(f.goal) ?? '', MET(f), f.load1 ?? ''])),
  ];
}

function pushMarkdown(rows: readonly PushRow[]): string[] {
  return [
    md(['fan-out f', 'reached by push (mean ± sd)', '1 − π, π = e^(−f(1−π))', 'push rounds mean / max', 'log_{f+1} N + ln N / f', 'DataMessages per peer per block', 'blocks']),
    md(['---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...rows.map((r) => md([r.fanOut, `${(r.reached * 100).toFixed(1)}% ± ${(r.reachedSd * 100).toFixed(1)}`, `${(r.theory * 100).toFixed(1)}%`, `${r.rounds} / ${r.roundsMax}`, r.roundsTheory, r.pushesPerPeer, r.samples])),
  ];
}

function pullMarkdown(p: PullRow): string[] {
  const kinds = Object.entries(p.messagesPerPeerPerBlock).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    md(['measure', 'value']),
    md(['---', '---']),
    md(["cut to the last peer's commit, per block (ms)", p.allHoldMs.join(', ')]),
    md(['commit latency p50 / p99 / max (ms)', `${p.latencyMs.p50} / ${p.latencyMs.p99} / ${p.latencyMs.max}`]),
    md(['messages per peer per block, by kind', kinds]),
  ];
}

function profileMarkdown(title: string, s: ProfileSummary): string[] {
  const rows = Math.max(s.self.length, s.inclusive.length);
  const out = [`### ${title}`, '', `${s.samples} samples (1 ms).`, '', md(['self %', 'function (self time)', 'inclusive %', 'function (inclusive time)']), md(['---:', '---', '---:', '---'])];
  for (let i = 0; i < rows; i++) {
    const a = s.self[i];
    const b = s.inclusive[i];
    out.push(md([a?.percent ?? '', a === undefined ? '' : `\`${a.fn}\``, b?.percent ?? '', b === undefined ? '' : `\`${b.fn}\``]));
  }
  return [...out, ''];
}

const valueOf = (figures: readonly Figure[], name: string, match: (p: Readonly<Record<string, unknown>>) => boolean): number | undefined =>
  figures.find((f) => f.name === name && match(f.params ?? {}))?.value;

/**
 * The floor beside the goals, in figures of this run: the CPU per event that the throughput goal and
 * the 1,000-peer goal allow, against what the simulator alone takes (src/bench/floor.ts).
 */
function floorProse(figures: readonly Figure[]): string[] {
  if (!figures.some((f) => f.name === 'floor.cpuPerEvent')) return [];
  const lines = [
    'Floor: `floor.cpuPerEvent` is what the simulator alone takes per event, with peers that only tick and',
    'send (src/bench/floor.ts); the peers\' part of an event is the rest. The throughput goal allows',
    `${1e6 / THROUGHPUT_GOAL} CPU-µs per event in all; \`scale.eventBudget\` is the most the 1,000-peer goal allows`,
    '(its events bounded from below by the largest smaller run after the join; see src/bench/scale.ts).',
    '`floor.exponent.cpuPerEvent` is how the simulator\'s own cost per event grows with N with no protocol state at',
    'all (its event queue and peer vector are persistent trees, whose depth grows as log N), beside the goal of 0.1',
    'for `scale.exponent.cpuPerEvent`.',
  ];
  const throughput = figures.find((f) => f.name === 'throughput.compiled');
  const peers = throughput?.params?.['peers'];
  const floorThere = valueOf(figures, 'floor.cpuPerEvent', (p) => p['peers'] === peers);
  if (throughput !== undefined && floorThere !== undefined) {
    lines.push(`Here: full peers take ${(1e6 / throughput.value).toFixed(1)} CPU-µs per event at ${String(peers)} peers, and the simulator alone (without handshakes) ${floorThere}.`);
  }
  const floor1000 = valueOf(figures, 'floor.cpuPerEvent', (p) => p['peers'] === 1000);
  const budgets = figures.filter((f) => f.name === 'scale.eventBudget' && f.params?.['peers'] === 1000);
  if (floor1000 !== undefined && budgets.length > 0) {
    const each = budgets.map((b) => `${b.value} (${String(b.params?.['layout'])})`).join(' and ');
    lines.push(`At 1,000 peers the goal allows at most ${each} CPU-µs per event, and the simulator alone takes ${floor1000}.`);
  }
  return [...lines, ''];
}

/** docs/benchmarks.md. */
export function benchmarksMarkdown(r: BenchReport): string {
  const m = r.machineAtStart;
  const out: string[] = [
    '# Benchmarks',
    '',
    `Written by \`${r.command}\` (src/bench/main.ts) on ${r.startedAt.toISOString()}. Figures are JSON lines on stdout; this page is`,
    'the same run. Rates are per CPU second of the bench process (user + system), because the machine is',
    'shared: wall time also counts other processes. Goals are the ones of issue #14. The host\'s speed drifts by',
    'up to 2x between spells at the same load: `host.calibration` is the CPU time of a fixed workload at the',
    'start and end of the bench (src/bench/calibration.ts), and each scale run carries its own (`calibrationNs`);',
    'figures of two runs compare only as their calibrations do.',
    '',
    ...(r.label === undefined ? [] : [`Measured: ${r.label}`, '']),
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGib} GiB, ${m.os}, Node ${m.node}. Load average at the start`,
    `${m.loadAverage.join(' / ')}, at the end ${r.loadAtEnd.join(' / ')} (1 / 5 / 15 min). The whole bench took ${Math.round(r.wallS)} s wall, ${Math.round(r.cpuS)} s CPU (this process; scale runs are child processes).`,
    '',
    '## Figures',
    '',
    'Each figure\'s `load (1 min)` is the machine\'s load average when it was recorded (2 cores: above 2, other',
    'processes were waiting for a core, and CPU time itself inflates somewhat with contention).',
    '',
    ...figuresMarkdown(r.figures),
    '',
    'Scale: `eventsPerPeer` is the protocol\'s part of the cost. Fabric forwards every alive message to',
    '`propagatePeerNum` peers of the org by every receiver that has not seen it, and every peer emits one per',
    '`aliveTimeInterval`, so alive traffic within an org is quadratic in the org\'s size (events per peer grow',
    'linearly with it); `cpuPerEvent` is the implementation\'s part (goal: flat in N). A run stopped by its',
    'wall budget reports how far it got (`virtualReached`); its wall time is then a lower bound.',
    '',
    ...floorProse(r.figures),
  ];
  if (r.push !== undefined && r.push.length > 0) out.push('## Dissemination by push alone', '', ...pushMarkdown(r.push), '');
  if (r.pull !== undefined) out.push('## Dissemination with pull at the defaults', '', ...pullMarkdown(r.pull), '');
  if (r.failoverMs !== undefined) {
    const p = r.figures.find((f) => f.name === 'failover.mean')?.params ?? {};
    out.push('## Election fail-over', '', `Crash to a single new leader, ms, sorted: ${r.failoverMs.join(', ')}.`, '');
    out.push(`Bound from Fabric's follower loop (a follower sleeps T uninterrupted, then elects for E): ${String(p['lowerBoundMs'])} ms (T/2 + E) to ${String(p['upperBoundMs'])} ms (2T + E + the largest link delay).`, '');
  }
  if (r.profiles.length > 0) out.push('## CPU profiles', '', ...r.profiles.flatMap((p) => profileMarkdown(p.title, p.summary)));
  out.push('## JSON lines', '', '```', ...r.figures.map((f) => JSON.stringify(figureLine(f))), '```', '');
  return out.join('\n');
}
