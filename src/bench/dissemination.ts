/**
 * Figure 3, dissemination against theory, on N peers of one org (fabric-1.4, propagateIterations
 * 1):
 *  - push alone (block pull and state transfer off, one static leader): for each fan-out f
 *    (propagatePeerNum), the fraction of peers a block reaches, against the epidemic limit 1 − π
 *    with π = e^(−f(1−π)) (each peer that gets the block forwards it once, to f others), and the
 *    push rounds (hops from the leader to the last peer reached) against log_{f+1} N + ln N / f;
 *  - pull at the defaults (dynamic election, pull every 4 s, state transfer on): the time until
 *    every peer has committed a block, the commit latency p50 / p99 / max, and the messages per
 *    peer per block, by kind.
 * Who got a block from whom is read from the trace of each block's window (tracing is turned on
 * after the warm-up only, to keep memory small): `ordererBlock` is hop 0, each first delivery of a
 * DataMessage of that block one hop more than its sender's.
 */
import type { PeerState } from '../peer';
import { allPeerSlots, cutBlock, leadersOf, ledgerOf, ordererHeight, traceEvents, type TraceEvent, type World } from '../sim';
import { record, round, stopwatch } from './measure';
import { BENCH_CHANNEL, JOIN_AT_MS, benchNetwork, drive, joinChannel, type BenchNetworkOptions } from './network';

export interface DisseminationOptions {
  readonly peers: number;
  readonly fanOuts: readonly number[];
  readonly seeds: readonly number[];
  /** Blocks per (fan-out, seed) with push alone; one per second. */
  readonly pushBlocks: number;
  /** Blocks with pull at the defaults, one per `pullSpacingMs`. */
  readonly pullBlocks: number;
  readonly pullSpacingMs: number;
  /** Warm-up ends when every peer's channel view holds every other peer, or at this time. */
  readonly warmUpMaxMs: number;
}

// Few blocks per fan-out: each fan-out needs its own 100-peer network warmed up, at seconds of CPU per virtual second.
export const FULL_DISSEMINATION: DisseminationOptions = { peers: 100, fanOuts: [1, 2, 3, 4, 6], seeds: [1], pushBlocks: 5, pullBlocks: 3, pullSpacingMs: 10_000, warmUpMaxMs: 30_000 };
export const QUICK_DISSEMINATION: DisseminationOptions = { peers: 20, fanOuts: [1, 3], seeds: [1], pushBlocks: 2, pullBlocks: 1, pullSpacingMs: 6_000, warmUpMaxMs: 20_000 };

type W = World<PeerState>;

/** π = e^(−f(1−π)): the share never reached in the limit of many peers (the root below 1; 0 reached when f ≤ 1). */
export function epidemicReach(f: number): number {
  if (f <= 1) return 0;
  let lo = 0;
  let hi = 1 - 1e-12;
  const g = (p: number) => p - Math.exp(-f * (1 - p));
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) > 0) hi = mid;
    else lo = mid;
  }
  return 1 - lo;
}

/** The classical push-rounds estimate, log_{f+1} N + ln N / f. */
export const pushRoundsTheory = (f: number, n: number): number => Math.log(n) / Math.log(f + 1) + Math.log(n) / f;

const tracing = (w: W, on: boolean): W => ({ ...w, config: { ...w.config, tracing: on }, trace: undefined });

function viewsComplete(w: W, n: number): boolean {
  return allPeerSlots(w).every((s) => (s.state.channels[BENCH_CHANNEL]?.view.length ?? 0) >= n - 1);
}

/** Run in 1 s steps until every view is complete (or the limit); the time it took. */
function warmUp(net: BenchNetworkOptions, limitMs: number): { world: W; completeAtMs: number | undefined } {
  let w = drive(benchNetwork(net), { untilMs: JOIN_AT_MS }).world;
  w = joinChannel(w, net);
  const n = net.orgs * net.peersPerOrg;
  while (w.nowMs < limitMs) {
    w = drive(w, { untilMs: w.nowMs + 1_000 }).world;
    if (viewsComplete(w, n)) return { world: w, completeAtMs: w.nowMs };
  }
  return { world: w, completeAtMs: undefined };
}

type Content = { readonly $case?: string; readonly dataMsg?: { readonly payload?: { readonly seqNum?: number } }; readonly [k: string]: unknown };
const contentOf = (payload: unknown): Content | undefined => (payload as { payload?: { content?: Content } } | undefined)?.payload?.content;

/** What one block's window shows: when and at how many hops each peer first got it, and the sends by kind. */
interface BlockSpread {
  readonly firstAtMs: Map<string, number>;
  readonly hops: Map<string, number>;
  readonly sends: Map<string, number>;
}

function kindOf(payload: unknown): string {
  const c = contentOf(payload);
  const kind = c?.$case ?? 'other';
  const body = kind === 'other' ? undefined : (c?.[kind] as { msgType?: string } | undefined);
  if (body?.msgType === 'IDENTITY_MSG') return `identity.${kind}`;
  if (body?.msgType === 'BLOCK_MSG') return `block.${kind}`;
  return kind;
}

function spreadOf(lines: readonly TraceEvent[], seq: number): BlockSpread {
  const firstAtMs = new Map<string, number>();
  const hops = new Map<string, number>();
  const sends = new Map<string, number>();
  const dataOfSeq = new Set<number>();
  for (const line of lines) {
    if (line.k === 'ordererBlock' && line.seq === seq && !firstAtMs.has(line.peer)) {
      firstAtMs.set(line.peer, line.t);
      hops.set(line.peer, 0);
    } else if (line.k === 'send') {
      const kind = kindOf(line.payload);
      sends.set(kind, (sends.get(kind) ?? 0) + 1);
      if (kind === 'dataMsg' && contentOf(line.payload)?.dataMsg?.payload?.seqNum === seq) dataOfSeq.add(line.id);
    } else if (line.k === 'deliver' && dataOfSeq.has(line.id) && !firstAtMs.has(line.to)) {
      firstAtMs.set(line.to, line.t);
      hops.set(line.to, (hops.get(line.from) ?? 0) + 1);
    }
  }
  return { firstAtMs, hops, sends };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const sd = (xs: readonly number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export interface PushRow {
  readonly fanOut: number;
  readonly reached: number;
  readonly reachedSd: number;
  readonly theory: number;
  readonly rounds: number;
  readonly roundsMax: number;
  readonly roundsTheory: number;
  readonly pushesPerPeer: number;
  readonly samples: number;
}

function pushRun(o: DisseminationOptions, f: number, seed: number): { fractions: number[]; rounds: number[]; pushes: number[]; completeAtMs: number | undefined } {
  const net: BenchNetworkOptions = {
    seed,
    orgs: 1,
    peersPerOrg: o.peers,
    env: {
      CORE_PEER_GOSSIP_PROPAGATEPEERNUM: String(f),
      CORE_PEER_GOSSIP_PROPAGATEITERATIONS: '1',
      CORE_PEER_GOSSIP_PULLINTERVAL: '100000s',
      CORE_PEER_GOSSIP_STATE_ENABLED: 'false',
      CORE_PEER_GOSSIP_USELEADERELECTION: 'false',
      CORE_PEER_GOSSIP_ORGLEADER: 'false',
    },
    peerEnv: (_org, p): Record<string, string> => (p === 0 ? { CORE_PEER_GOSSIP_ORGLEADER: 'true' } : {}),
  };
  const warm = warmUp(net, o.warmUpMaxMs);
  let w = tracing(warm.world, true);
  const fractions: number[] = [];
  const rounds: number[] = [];
  const pushes: number[] = [];
  for (let b = 0; b < o.pushBlocks; b++) {
    const seq = ordererHeight(w, BENCH_CHANNEL);
    w = drive(cutBlock(w, BENCH_CHANNEL), { untilMs: w.nowMs + 1_000 }).world;
    const spread = spreadOf(traceEvents(w), seq);
    w = tracing(w, true);
    fractions.push(spread.firstAtMs.size / o.peers);
    rounds.push(Math.max(0, ...spread.hops.values()));
    pushes.push((spread.sends.get('dataMsg') ?? 0) / o.peers);
  }
  return { fractions, rounds, pushes, completeAtMs: warm.completeAtMs };
}

export function benchPushAlone(o: DisseminationOptions): PushRow[] {
  const rows: PushRow[] = [];
  for (const f of o.fanOuts) {
    const watch = stopwatch();
    const runs = o.seeds.map((seed) => pushRun(o, f, seed));
    const fractions = runs.flatMap((r) => r.fractions);
    const rounds = runs.flatMap((r) => r.rounds);
    const pushes = runs.flatMap((r) => r.pushes);
    const row: PushRow = {
      fanOut: f,
      reached: round(mean(fractions), 4),
      reachedSd: round(sd(fractions), 4),
      theory: round(epidemicReach(f), 4),
      rounds: round(mean(rounds), 2),
      roundsMax: Math.max(0, ...rounds),
      roundsTheory: round(pushRoundsTheory(f, o.peers), 2),
      pushesPerPeer: round(mean(pushes), 2),
      samples: fractions.length,
    };
    rows.push(row);
    const params = { peers: o.peers, orgs: 1, fanOut: f, propagateIterations: 1, pull: 'off', stateTransfer: 'off', seeds: o.seeds.length, blocks: fractions.length, viewsCompleteAtMs: runs.map((r) => r.completeAtMs ?? null), cpuMs: Math.round(watch().cpuMs) };
    record({ name: 'dissemination.pushReach', value: row.reached, unit: 'fraction', goal: null, params: { ...params, sd: row.reachedSd, theory: row.theory, differenceFromTheory: round(row.reached - row.theory, 4) } });
    record({ name: 'dissemination.pushRounds', value: row.rounds, unit: 'hops (mean over blocks)', goal: null, params: { ...params, max: row.roundsMax, theory: row.roundsTheory } });
    record({ name: 'dissemination.pushMessagesPerPeer', value: row.pushesPerPeer, unit: 'DataMessages/peer/block', goal: null, params: { ...params, theory: round(f * row.reached, 2) } });
  }
  return rows;
}

export interface PullRow {
  readonly allHoldMs: readonly number[];
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly messagesPerPeerPerBlock: Readonly<Record<string, number>>;
}

export function benchPullAtDefaults(o: DisseminationOptions): PullRow {
  const watch = stopwatch();
  const net: BenchNetworkOptions = { seed: o.seeds[0] ?? 1, orgs: 1, peersPerOrg: o.peers };
  const warm = warmUp(net, o.warmUpMaxMs);
  // Dynamic election: wait for the leader (startupGracePeriod and the election) before the first block.
  let w = warm.world;
  while (leadersOf(w, BENCH_CHANNEL).length !== 1 && w.nowMs < o.warmUpMaxMs + 30_000) w = drive(w, { untilMs: w.nowMs + 1_000 }).world;
  w = tracing(w, true);
  const allHoldMs: number[] = [];
  const latencies: number[] = [];
  const sends = new Map<string, number>();
  for (let b = 0; b < o.pullBlocks; b++) {
    const seq = ordererHeight(w, BENCH_CHANNEL);
    const cutAt = w.nowMs;
    w = drive(cutBlock(w, BENCH_CHANNEL), { untilMs: cutAt + o.pullSpacingMs }).world;
    const commits = allPeerSlots(w).map((s) => ledgerOf(w, s.spec.name, BENCH_CHANNEL).find((e) => e.seq === seq)?.atMs);
    const held = commits.filter((t): t is number => t !== undefined);
    if (held.length === o.peers) allHoldMs.push(Math.max(...held) - cutAt);
    for (const t of held) latencies.push(t - cutAt);
    for (const [kind, count] of spreadOf(traceEvents(w), seq).sends) sends.set(kind, (sends.get(kind) ?? 0) + count);
    w = tracing(w, true);
  }
  // The messages that carry or announce blocks: push, block pull, state transfer (alive, StateInfo and identity pull go on regardless).
  const blockRelated = (kind: string) => kind === 'dataMsg' || kind.startsWith('block.') || kind === 'stateRequest' || kind === 'stateResponse';
  const perPeerPerBlock = Object.fromEntries([...sends.entries()].filter(([k]) => blockRelated(k)).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / o.peers / o.pullBlocks, 2)]));
  const latencyMs = { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
  const params = { peers: o.peers, orgs: 1, profile: 'fabric-1.4 defaults', blocks: o.pullBlocks, blockEveryMs: o.pullSpacingMs, viewsCompleteAtMs: warm.completeAtMs ?? null, cpuMs: Math.round(watch().cpuMs) };
  record({ name: 'dissemination.pullAllHold', value: allHoldMs.length === 0 ? -1 : round(mean(allHoldMs), 0), unit: 'ms (mean, cut to last commit)', goal: null, params: { ...params, perBlockMs: allHoldMs, blocksHeldByAll: allHoldMs.length } });
  record({ name: 'dissemination.latencyP50', value: latencyMs.p50, unit: 'ms', goal: null, params });
  record({ name: 'dissemination.latencyP99', value: latencyMs.p99, unit: 'ms', goal: null, params });
  record({ name: 'dissemination.latencyMax', value: latencyMs.max, unit: 'ms', goal: null, params });
  const total = Object.values(perPeerPerBlock).reduce((a, b) => a + b, 0);
  record({ name: 'dissemination.messagesPerPeerPerBlock', value: round(total, 1), unit: 'messages/peer/block', goal: null, params: { ...params, byKind: perPeerPerBlock } });
  return { allHoldMs, latencyMs, messagesPerPeerPerBlock: perPeerPerBlock };
}
