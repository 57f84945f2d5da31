/**
 * Figure 1, throughput: simulated events (deliveries, timer firings and the other queued events)
 * per CPU second for full peers on the bench network (4 orgs of 25 under fabric-1.4, a block every
 * 2 s), under the compiled interpreter and under xstate's `transition()`. Both measure the same
 * window from the same warmed-up world (stepWorld is value-like, and states convert between the
 * interpreters), so they run the same events and the ratio compares like with like; the compiled
 * run of that window is repeated after the xstate one, so that a drift of the host's speed during
 * the long xstate run weighs on both sides.
 */
import { useInterpreter, type InterpreterKind } from '../core/interpreter';
import type { PeerState } from '../peer';
import { leadersOf, type World } from '../sim';
import { atLeast, peakRssMib, record, round, stopwatch } from './measure';
import { BENCH_CHANNEL, JOIN_AT_MS, benchNetwork, drive, joinChannel } from './network';

export interface ThroughputOptions {
  readonly orgs: number;
  readonly peersPerOrg: number;
  /** The measured window starts here (after the join storm). */
  readonly warmUpMs: number;
  /** Measured virtual time, compiled. */
  readonly windowMs: number;
  /** Measured virtual time under xstate (the same start; shorter when the run must be quick). */
  readonly xstateWindowMs: number;
}

// The windows are short because one virtual second of 100 full peers costs seconds of CPU today (see docs/benchmarks.md).
export const FULL_THROUGHPUT: ThroughputOptions = { orgs: 4, peersPerOrg: 25, warmUpMs: 20_000, windowMs: 16_000, xstateWindowMs: 6_000 };
export const QUICK_THROUGHPUT: ThroughputOptions = { orgs: 4, peersPerOrg: 5, warmUpMs: 8_000, windowMs: 4_000, xstateWindowMs: 2_000 };

const BLOCK_EVERY_MS = 2_000;
export const THROUGHPUT_GOAL = 500_000;
export const RATIO_GOAL = 10;

function measureWindow(interpreter: InterpreterKind, start: ReturnType<typeof benchNetwork>, windowMs: number) {
  useInterpreter(interpreter);
  const watch = stopwatch();
  const { world } = drive(start, { untilMs: start.nowMs + windowMs, blockEveryMs: BLOCK_EVERY_MS });
  const usage = watch();
  useInterpreter('compiled');
  const events = world.step - start.step;
  return { world, events, usage, perCpuSecond: (events / usage.cpuMs) * 1000 };
}

/** The bench network, joined, with blocks every 2 s up to the end of the warm-up. */
export function warmedThroughputWorld(o: ThroughputOptions): World<PeerState> {
  const net = { seed: 1, orgs: o.orgs, peersPerOrg: o.peersPerOrg };
  const w = drive(benchNetwork(net), { untilMs: JOIN_AT_MS }).world;
  return drive(joinChannel(w, net), { untilMs: o.warmUpMs, blockEveryMs: BLOCK_EVERY_MS }).world;
}

/** The figures; returns the warmed-up world the windows started from (the 100-peer profile starts there too). */
export function benchThroughput(o: ThroughputOptions): World<PeerState> {
  const params = { peers: o.orgs * o.peersPerOrg, orgs: o.orgs, profile: 'fabric-1.4', blockEveryMs: BLOCK_EVERY_MS, fromVirtualMs: o.warmUpMs };
  const warm = stopwatch();
  const w = warmedThroughputWorld(o);
  const warmUsage = warm();
  record({ name: 'throughput.warmUp', value: Math.round(warmUsage.cpuMs), unit: 'CPU-ms', goal: null, params: { ...params, events: w.step, virtualMs: o.warmUpMs, wallMs: Math.round(warmUsage.wallMs) } });

  // The compiled run is measured in two parts: the first is the window xstate runs, for the ratio.
  const first = measureWindow('compiled', w, o.xstateWindowMs);
  const rest = measureWindow('compiled', first.world, o.windowMs - o.xstateWindowMs);
  const compiled = {
    world: rest.world,
    events: first.events + rest.events,
    usage: { cpuMs: first.usage.cpuMs + rest.usage.cpuMs, wallMs: first.usage.wallMs + rest.usage.wallMs },
    perCpuSecond: ((first.events + rest.events) / (first.usage.cpuMs + rest.usage.cpuMs)) * 1000,
  };
  record({
    name: 'throughput.compiled',
    value: Math.round(compiled.perCpuSecond),
    unit: 'events/CPU-s',
    goal: atLeast(THROUGHPUT_GOAL),
    params: { ...params, interpreter: 'compiled', virtualMs: o.windowMs, events: compiled.events, cpuMs: Math.round(compiled.usage.cpuMs), wallMs: Math.round(compiled.usage.wallMs), eventsPerWallS: Math.round((compiled.events / compiled.usage.wallMs) * 1000), peakRssMib: Math.round(peakRssMib()), leaders: leadersOf(compiled.world, BENCH_CHANNEL).length },
  });
  const xstate = measureWindow('xstate', w, o.xstateWindowMs);
  record({
    name: 'throughput.xstate',
    value: Math.round(xstate.perCpuSecond),
    unit: 'events/CPU-s',
    goal: null,
    params: { ...params, interpreter: 'xstate', virtualMs: o.xstateWindowMs, events: xstate.events, cpuMs: Math.round(xstate.usage.cpuMs), wallMs: Math.round(xstate.usage.wallMs) },
  });
  // The compiled side of the ratio is the same window run just before and just after xstate's
  // (which takes ten times the CPU): the host's speed drifts (calibration.ts), and bracketing the
  // xstate run makes a drift during it move both sides alike.
  const again = measureWindow('compiled', w, o.xstateWindowMs);
  const compiledRate = ((first.events + again.events) / (first.usage.cpuMs + again.usage.cpuMs)) * 1000;
  const sameEvents = first.events === xstate.events && again.events === xstate.events;
  record({
    name: 'throughput.ratio',
    value: round(compiledRate / xstate.perCpuSecond, 2),
    unit: 'x',
    goal: atLeast(RATIO_GOAL),
    params: {
      ...params,
      of: 'compiled / xstate events per CPU-s over the same window; compiled run just before and just after xstate',
      virtualMs: o.xstateWindowMs,
      sameEvents,
      compiledBefore: Math.round(first.perCpuSecond),
      compiledAfter: Math.round(again.perCpuSecond),
    },
  });
  return w;
}
