/**
 * Figure 4, election fail-over at Fabric's defaults (fabric-1.4: T = leaderAliveThreshold 10 s,
 * E = leaderElectionDuration 5 s): one org of full peers; once a leader has settled, the leader is
 * crashed at K points spread over one follower window (T), each from the same settled world, and
 * the virtual time from the crash to the first instant with exactly one (new) leader is measured.
 *
 * The bound, from Fabric's follower loop (election.go: a follower sleeps T uninterrupted, then
 * runs an election of E unless it heard a leader during that sleep): the last declaration came at
 * most T/2 before the crash (a leader declares every T/2), so some follower's window that began
 * after it ends between T/2 and 2T after the crash, then E: T/2 + E ≤ fail-over ≤ 2T + E + D.
 */
import { loadConfig } from '../config';
import { DEFAULT_NETWORK, crash, leadersOf, stepWorld, nextEventTime, type World } from '../sim';
import type { PeerState } from '../peer';
import { atMost, record, round, stopwatch } from './measure';
import { BENCH_CHANNEL, JOIN_AT_MS, benchNetwork, drive, joinChannel } from './network';

export interface FailoverOptions {
  readonly peers: number;
  readonly crashPoints: number;
  /** Give up on one crash point after this long. */
  readonly limitMs: number;
}

export const FULL_FAILOVER: FailoverOptions = { peers: 10, crashPoints: 20, limitMs: 60_000 };
export const QUICK_FAILOVER: FailoverOptions = { peers: 5, crashPoints: 4, limitMs: 40_000 };

type W = World<PeerState>;

function profileElection(): { readonly leaderAliveThresholdMs: number; readonly leaderElectionDurationMs: number } {
  const loaded = loadConfig({ base: 'fabric-1.4' });
  if (!loaded.ok) throw new Error('fabric-1.4 does not load');
  return loaded.config.election;
}

/** fabric-1.4's T and E; the simulator's delay bound D (its default latency, 1..10 ms). */
const T_MS = profileElection().leaderAliveThresholdMs;
const E_MS = profileElection().leaderElectionDurationMs;
const D_MS = DEFAULT_NETWORK.maxLatencyMs;

/** Step event by event until exactly one peer leads (or the limit): the time it took. */
function untilOneLeader(start: W, limitMs: number): number | undefined {
  let w = start;
  const endMs = start.nowMs + limitMs;
  for (;;) {
    if (leadersOf(w, BENCH_CHANNEL).length === 1) return w.nowMs - start.nowMs;
    const next = nextEventTime(w);
    if (next === undefined || next > endMs || w.failure !== undefined) return undefined;
    w = stepWorld(w);
  }
}

function settled(o: FailoverOptions): W {
  const net = { seed: 1, orgs: 1, peersPerOrg: o.peers };
  let w = drive(benchNetwork(net), { untilMs: JOIN_AT_MS }).world;
  w = joinChannel(w, net);
  // The startup grace period (15 s) and a first election, then one more window to be sure it stays.
  while (leadersOf(w, BENCH_CHANNEL).length !== 1 && w.nowMs < 120_000) w = drive(w, { untilMs: w.nowMs + 1_000 }).world;
  return drive(w, { untilMs: w.nowMs + T_MS }).world;
}

export function benchFailover(o: FailoverOptions): readonly number[] {
  const watch = stopwatch();
  let w = settled(o);
  const times: number[] = [];
  let missed = 0;
  for (let i = 0; i < o.crashPoints; i++) {
    // Crash points T/K apart, over one follower window; the world runs on (the old leader alive) between them.
    w = drive(w, { untilMs: w.nowMs + Math.round(T_MS / o.crashPoints) }).world;
    const leader = leadersOf(w, BENCH_CHANNEL)[0];
    if (leader === undefined) continue;
    const took = untilOneLeader(crash(w, leader), o.limitMs);
    if (took === undefined) missed += 1;
    else times.push(took);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(times.length, 1);
  const params = {
    peers: o.peers,
    orgs: 1,
    profile: 'fabric-1.4',
    crashPoints: o.crashPoints,
    missed,
    leaderAliveThresholdMs: T_MS,
    leaderElectionDurationMs: E_MS,
    lowerBoundMs: T_MS / 2 + E_MS,
    upperBoundMs: 2 * T_MS + E_MS + D_MS,
    cpuMs: Math.round(watch().cpuMs),
  };
  record({ name: 'failover.mean', value: round(mean), unit: 'ms', goal: atMost(2 * T_MS + E_MS + D_MS), params: { ...params, distributionMs: sorted } });
  record({ name: 'failover.min', value: sorted[0] ?? -1, unit: 'ms', goal: null, params });
  record({ name: 'failover.max', value: sorted[sorted.length - 1] ?? -1, unit: 'ms', goal: atMost(2 * T_MS + E_MS + D_MS), params });
  return sorted;
}
