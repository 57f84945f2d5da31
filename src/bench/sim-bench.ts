/**
 * Simulated events per second for a 100-peer, 4-org network running membership and election under
 * the fabric-1.4 profile for 5 virtual minutes, under each statechart interpreter, with peak memory.
 */
import { useInterpreter, type InterpreterKind } from '../core/interpreter';
import { LARGE_NETWORK_CHANNEL, joinLargeNetwork, largeNetwork } from '../scenarios/large-network';
import { advanceTo, leadersOf } from '../sim';
import { printFigure } from './measure';
import { performance } from 'node:perf_hooks';

export interface SimBenchOptions {
  readonly orgs: number;
  readonly peersPerOrg: number;
  readonly virtualMs: number;
}

export const DEFAULT_SIM_BENCH: SimBenchOptions = { orgs: 4, peersPerOrg: 25, virtualMs: 5 * 60_000 };

export function benchSimulation(interpreter: InterpreterKind, o: SimBenchOptions = DEFAULT_SIM_BENCH): void {
  useInterpreter(interpreter);
  const net = { seed: 1, orgs: o.orgs, peersPerOrg: o.peersPerOrg };
  const start = performance.now();
  let w = joinLargeNetwork(advanceTo(largeNetwork(net), 5_000), net);
  let peakHeapMb = 0;
  for (let t = 10_000; t <= o.virtualMs; t += 10_000) {
    w = advanceTo(w, t);
    peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
  }
  const elapsedMs = performance.now() - start;
  const context = { interpreter, peers: o.orgs * o.peersPerOrg, orgs: o.orgs, virtualMs: o.virtualMs, profile: 'fabric-1.4' };
  printFigure({ bench: 'sim.events', value: Math.round((w.step / elapsedMs) * 1000), unit: 'events/s', events: w.step, wallMs: Math.round(elapsedMs), ...context });
  printFigure({ bench: 'sim.virtualSpeedup', value: Math.round(o.virtualMs / elapsedMs), unit: 'x realtime', ...context });
  printFigure({ bench: 'sim.peakHeap', value: Math.round(peakHeapMb), unit: 'MiB', ...context });
  printFigure({ bench: 'sim.leaders', value: leadersOf(w, LARGE_NETWORK_CHANNEL).length, unit: 'leaders', expected: o.orgs, ...context });
}
