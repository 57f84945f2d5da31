/**
 * Figure 2, scale: the bench network at fabric-1.4's settings with a block every 2 s, for one
 * virtual minute, at N = 100, 300 and 1,000 peers in two layouts (10 orgs of N/10 peers; N/10 orgs
 * of 10), each run in its own process under a wall-clock budget (scale-run.ts). For N = 1,000:
 * wall time, events and peak RSS against the goals (60 s, 4 GiB), or how far the run got. For each
 * layout, the exponent of cost in N, split into the protocol's part (events per peer per virtual
 * second: Fabric's alive messages are forwarded within the org by every receiver, so they grow
 * with the org) and the implementation's part (CPU per event; goal: flat), all compared at the
 * same virtual window: each pair of sizes from the join up to the last checkpoint both reached
 * (from the start when that is less than 2 s past the join). The smaller run of each pair is run
 * again right after the larger one, up to that window, and its cost is the mean of the two: the
 * runs are minutes apart, and the host's speed drifts (calibration.ts).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { atLeast, atMost, exponentInN, record, round } from './measure';
import { JOIN_AT_MS } from './network';
import type { ProfileSummary } from './profile';
import type { Checkpoint, ScaleRunMessage, ScaleRunRequest } from './scale-run';

export interface ScaleOptions {
  readonly sizes: readonly number[];
  readonly untilMs: number;
  /** Wall budget per run, by N. */
  readonly wallBudgetMs: (n: number) => number;
  /** Profile the 1,000-peer run of the first layout (its summary goes into docs/benchmarks.md). */
  readonly profileLargest: boolean;
}

export const FULL_SCALE: ScaleOptions = { sizes: [100, 300, 1000], untilMs: 60_000, wallBudgetMs: (n) => (n >= 1000 ? 120_000 : 90_000), profileLargest: true };
export const QUICK_SCALE: ScaleOptions = { sizes: [20, 40], untilMs: 8_000, wallBudgetMs: () => 4_000, profileLargest: false };

/** A run reports a checkpoint every virtual second; the figures compare runs at these instants only. */
const CHECKPOINT_MS = 1_000;

export const SCALE_WALL_GOAL_MS = 60_000;
export const SCALE_RSS_GOAL_MIB = 4096;

interface Layout {
  readonly name: string;
  readonly shape: (n: number) => { orgs: number; peersPerOrg: number };
}

const LAYOUTS: readonly Layout[] = [
  { name: '10 orgs x N/10', shape: (n) => ({ orgs: 10, peersPerOrg: Math.max(1, Math.round(n / 10)) }) },
  { name: 'N/10 orgs x 10', shape: (n) => ({ orgs: Math.max(1, Math.round(n / 10)), peersPerOrg: 10 }) },
];

export interface ScaleRun {
  readonly n: number;
  readonly orgs: number;
  readonly peersPerOrg: number;
  readonly checkpoints: readonly Checkpoint[];
  readonly done: Extract<ScaleRunMessage, { type: 'done' }> | undefined;
  readonly profile?: ProfileSummary;
}

/** Fork one run; resolves when it ends (killed if it outlives its budget by a minute). */
function runChild(request: ScaleRunRequest): Promise<ScaleRun> {
  const n = request.orgs * request.peersPerOrg;
  return new Promise((resolve) => {
    const checkpoints: Checkpoint[] = [];
    let done: Extract<ScaleRunMessage, { type: 'done' }> | undefined;
    const child = fork(join(__dirname, 'scale-run.js'), [JSON.stringify(request)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, '--max-old-space-size=6144'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), request.wallBudgetMs + 60_000);
    child.on('message', (m: ScaleRunMessage) => {
      if (m.type === 'checkpoint') checkpoints.push(m);
      else done = m;
    });
    child.on('exit', () => {
      clearTimeout(killer);
      resolve({ n, orgs: request.orgs, peersPerOrg: request.peersPerOrg, checkpoints, done, ...(done?.profile === undefined ? {} : { profile: done.profile }) });
    });
  });
}

/** The cumulative events and CPU at virtual time `atMs`, interpolated between checkpoints. */
function at(run: ScaleRun, atMs: number): { events: number; cpuMs: number } | undefined {
  const points = [{ atMs: 0, events: 0, cpuMs: 0 }, ...run.checkpoints, ...(run.done === undefined ? [] : [run.done])];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (b.atMs >= atMs) {
      const f = b.atMs === a.atMs ? 1 : (atMs - a.atMs) / (b.atMs - a.atMs);
      return { events: a.events + f * (b.events - a.events), cpuMs: a.cpuMs + f * (b.cpuMs - a.cpuMs) };
    }
  }
  return undefined;
}

const reachedMs = (run: ScaleRun): number => run.done?.atMs ?? run.checkpoints.at(-1)?.atMs ?? 0;

function recordLargest(layout: Layout, run: ScaleRun, o: ScaleOptions): void {
  const done = run.done;
  const params = { layout: layout.name, peers: run.n, orgs: run.orgs, peersPerOrg: run.peersPerOrg, virtualGoalMs: o.untilMs, wallBudgetMs: o.wallBudgetMs(run.n) };
  const finished = done?.finished === true;
  const last = run.checkpoints.at(-1);
  const reached = done?.atMs ?? last?.atMs ?? 0;
  record({ name: 'scale.virtualReached', value: round(reached / 1000, 3), unit: 'virtual s', goal: atLeast(o.untilMs / 1000), params: { ...params, finished } });
  const wallMs = done?.wallMs ?? last?.wallMs ?? 0;
  const cpuMs = done?.cpuMs ?? last?.cpuMs ?? 0;
  // A run stopped by its budget did not finish: its wall time is then a lower bound, and virtualReached says how far it got.
  record({
    name: 'scale.wall',
    value: Math.round(wallMs),
    unit: 'ms',
    goal: atMost(SCALE_WALL_GOAL_MS),
    unfinished: !finished,
    params: { ...params, finished, atVirtualMs: reached, cpuMs: Math.round(cpuMs), ...(finished ? {} : { lowerBound: true }) },
  });
  record({ name: 'scale.events', value: done?.events ?? last?.events ?? 0, unit: 'events', goal: null, params: { ...params, atVirtualMs: reached, buildCpuMs: done?.buildCpuMs ?? null } });
  record({ name: 'scale.peakRss', value: done?.peakRssMib ?? Math.max(0, ...run.checkpoints.map((c) => c.rssMib)), unit: 'MiB', goal: atMost(SCALE_RSS_GOAL_MIB), unfinished: !finished, params: { ...params, finished } });
}

/**
 * Cost between two virtual times of a run (interpolated between checkpoints): the window after the
 * join when both runs of a pair got past it (for a run stalled in its join storm, that storm), else
 * from the start.
 */
function windowOf(run: ScaleRun, fromMs: number, toMs: number): { events: number; cpuMs: number } | undefined {
  const a = fromMs === 0 ? { events: 0, cpuMs: 0 } : at(run, fromMs);
  const b = at(run, toMs);
  if (a === undefined || b === undefined || b.events <= a.events) return undefined;
  return { events: b.events - a.events, cpuMs: b.cpuMs - a.cpuMs };
}

/**
 * The virtual window a pair of runs is compared over: up to the last checkpoint both reached. Only
 * checkpoints are compared, never values interpolated between them: in the second after the join
 * the event rate is anything but even (the join storm comes first), so a run interpolated a few
 * milliseconds past the join counted almost none of the storm that the other run, stopped in it,
 * counted whole.
 */
function pairWindow(ra: ScaleRun, rb: ScaleRun): { fromMs: number; toMs: number } {
  const toMs = Math.floor(Math.min(reachedMs(ra), reachedMs(rb)) / CHECKPOINT_MS) * CHECKPOINT_MS;
  // After the join when both got at least 2 virtual seconds past it; else from the start (a few ms after the join say nothing).
  return { fromMs: toMs >= JOIN_AT_MS + 2_000 ? JOIN_AT_MS : 0, toMs };
}

/** The smaller run's cost over a window: the mean of its run before the larger one and its re-run just after (when that got as far). */
function bracketedWindow(first: ScaleRun, again: ScaleRun | undefined, fromMs: number, toMs: number): { events: number; cpuMs: number; cpuPerEventUs: readonly number[] } | undefined {
  const before = windowOf(first, fromMs, toMs);
  if (before === undefined) return undefined;
  const after = again === undefined ? undefined : windowOf(again, fromMs, toMs);
  const perEvent = (w: { events: number; cpuMs: number }) => round((w.cpuMs * 1000) / w.events, 1);
  if (after === undefined) return { ...before, cpuPerEventUs: [perEvent(before)] };
  // The same deterministic run to the same checkpoint: the same events; the mean of the two costs per event either way.
  const meanPerEventMs = (before.cpuMs / before.events + after.cpuMs / after.events) / 2;
  return { events: before.events, cpuMs: meanPerEventMs * before.events, cpuPerEventUs: [perEvent(before), perEvent(after)] };
}

/** Each pair (ra, rb) over its window (pairWindow); ra's cost is bracketed by its re-run right after rb, `again[i - 1]`. */
function recordExponents(layout: Layout, runs: readonly ScaleRun[], again: readonly (ScaleRun | undefined)[]): void {
  for (let i = 1; i < runs.length; i++) {
    const ra = runs[i - 1]!;
    const rb = runs[i]!;
    const { fromMs, toMs: common } = pairWindow(ra, rb);
    const a = bracketedWindow(ra, again[i - 1], fromMs, common);
    const b = windowOf(rb, fromMs, common);
    if (a === undefined || b === undefined) continue;
    const seconds = (common - fromMs) / 1000;
    const params = { layout: layout.name, from: ra.n, to: rb.n, windowMs: [fromMs, common] };
    record({ name: 'scale.exponent.cpu', value: exponentInN(a.cpuMs, b.cpuMs, ra.n, rb.n), unit: 'CPU ~ N^x', goal: null, params });
    record({ name: 'scale.exponent.eventsPerPeer', value: exponentInN(a.events / ra.n, b.events / rb.n, ra.n, rb.n), unit: 'events/peer ~ N^x', goal: null, params: { ...params, protocol: true } });
    record({ name: 'scale.exponent.cpuPerEvent', value: exponentInN(a.cpuMs / a.events, b.cpuMs / b.events, ra.n, rb.n), unit: 'CPU/event ~ N^x', goal: atMost(0.1), params: { ...params, implementation: true } });
    for (const [run, v, runs] of [[ra, a, a.cpuPerEventUs], [rb, b, undefined]] as const) {
      const where = { layout: layout.name, peers: run.n, windowMs: [fromMs, common] };
      record({ name: 'scale.eventsPerPeerPerVirtualS', value: round(v.events / run.n / seconds, 1), unit: 'events/peer/virtual-s', goal: null, params: where });
      record({ name: 'scale.cpuPerEvent', value: round((v.cpuMs * 1000) / v.events, 1), unit: 'CPU-µs/event', goal: null, params: runs === undefined ? where : { ...where, beforeAndAfter: runs } });
    }
  }
}

/**
 * The most CPU one event of the largest run may take for that run to meet the wall-clock goal, from
 * the largest smaller run that got 2 virtual seconds past the join: its events per peer per virtual
 * second after the join, times the largest size and the virtual time after the join, is a lower
 * bound on the largest run's events as long as events per peer do not fall with N (they grow:
 * Fabric's alive traffic is quadratic within an org, and scale.exponent.eventsPerPeer says by how
 * much). The goal's wall time over those events is then an upper bound on the CPU per event it
 * allows; floor.cpuPerEvent is what the simulator alone takes per event.
 */
export function eventBudget(runs: readonly ScaleRun[], untilMs: number): { budgetUs: number; basis: ScaleRun; toMs: number; perPeerPerS: number; eventsAtLeast: number } | undefined {
  const largest = runs.at(-1);
  const basis = runs.slice(0, -1).reverse().find((r) => reachedMs(r) >= JOIN_AT_MS + 2_000);
  if (largest === undefined || basis === undefined) return undefined;
  const toMs = Math.floor(reachedMs(basis) / CHECKPOINT_MS) * CHECKPOINT_MS;
  const after = windowOf(basis, JOIN_AT_MS, toMs);
  if (after === undefined) return undefined;
  const perPeerPerS = after.events / basis.n / ((toMs - JOIN_AT_MS) / 1000);
  const eventsAtLeast = perPeerPerS * largest.n * ((untilMs - JOIN_AT_MS) / 1000);
  return { budgetUs: (SCALE_WALL_GOAL_MS * 1000) / eventsAtLeast, basis, toMs, perPeerPerS, eventsAtLeast };
}

function recordEventBudget(layout: Layout, runs: readonly ScaleRun[], o: ScaleOptions): void {
  const b = eventBudget(runs, o.untilMs);
  if (b === undefined) return;
  record({
    name: 'scale.eventBudget',
    value: round(b.budgetUs, 2),
    unit: 'CPU-µs/event at most',
    goal: null,
    params: { layout: layout.name, peers: runs.at(-1)?.n, wallGoalMs: SCALE_WALL_GOAL_MS, virtualMs: o.untilMs, basisPeers: b.basis.n, basisWindowMs: [JOIN_AT_MS, b.toMs], basisEventsPerPeerPerVirtualS: round(b.perPeerPerS, 1), eventsAtLeast: Math.round(b.eventsAtLeast) },
  });
}

/** Run every size in both layouts (N = the smallest is shared); the largest runs' profile, if asked. */
export async function benchScale(o: ScaleOptions): Promise<ProfileSummary | undefined> {
  const cache = new Map<string, ScaleRun>();
  let profile: ProfileSummary | undefined;
  for (const [li, layout] of LAYOUTS.entries()) {
    const runs: ScaleRun[] = [];
    const again: (ScaleRun | undefined)[] = [];
    for (const n of o.sizes) {
      const shape = layout.shape(n);
      const key = `${shape.orgs}x${shape.peersPerOrg}`;
      const largest = n === o.sizes[o.sizes.length - 1];
      let run = cache.get(key);
      if (run === undefined) {
        run = await runChild({ ...shape, untilMs: o.untilMs, wallBudgetMs: o.wallBudgetMs(n), checkpointMs: CHECKPOINT_MS, profile: largest && li === 0 && o.profileLargest });
        cache.set(key, run);
      }
      profile ??= run.profile;
      const last = run.checkpoints.at(-1);
      record({
        name: 'scale.run',
        value: round(reachedMs(run) / 1000, 3),
        unit: 'virtual s reached',
        goal: null,
        params: {
          layout: layout.name, peers: n, ...shape, finished: run.done?.finished ?? false, events: last?.events ?? 0, cpuMs: last?.cpuMs ?? 0, wallMs: last?.wallMs ?? 0, peakRssMib: run.done?.peakRssMib ?? null,
          calibrationNs: run.done?.calibrationNs ?? null,
        },
      });
      runs.push(run);
      if (largest) recordLargest(layout, run, o);
      // The smaller run of the pair again, right after this one, as far as their shared window.
      const smaller = runs.at(-2);
      if (smaller !== undefined) {
        const { toMs } = pairWindow(smaller, run);
        again.push(toMs <= 0 ? undefined : await runChild({ orgs: smaller.orgs, peersPerOrg: smaller.peersPerOrg, untilMs: toMs, wallBudgetMs: o.wallBudgetMs(smaller.n), checkpointMs: CHECKPOINT_MS, profile: false }));
      }
    }
    recordExponents(layout, runs, again);
    recordEventBudget(layout, runs, o);
  }
  return profile;
}
