/**
 * The simulator's floor: events per CPU second of the same simulator (event queue, virtual clock,
 * seeded network, counters) when its peers do no protocol work at all. Each trivial peer fires a
 * timer every `periodMs` and sends one small message to `fanOut` peers drawn from a seeded stream,
 * and ignores what it receives, so a run is all timer firings and deliveries, the two events the
 * throughput and scale figures count. It runs without the transport's handshakes (dials answered from
 * the directory), so it is a lower bound on what the simulator alone costs per event: the CPU per
 * event of full peers minus this is the peers' part, and a goal that asks for fewer CPU-µs per event
 * than this cannot be met by any peer on this simulator.
 */
import { type Prng, forkPrng, nextInt } from '../core/prng';
import type { PeerReducer } from '../core/host';
import type { Effect, PeerRef } from '../core/effects';
import { advanceTo, createWorld, simplePeerSpec, type PeerSpec, type World } from '../sim';
import { exponentInN, record, round, stopwatch } from './measure';

export interface FloorOptions {
  readonly sizes: readonly { readonly orgs: number; readonly peersPerOrg: number }[];
  readonly periodMs: number;
  readonly fanOut: number;
  /**
   * Warm-up and window in peer-milliseconds (virtual time times peers), so that every size runs the
   * same number of events: a window of a fixed virtual time would give a 100-peer run a tenth of a
   * 1,000-peer run's events, and a tenth of a second of CPU is too short to measure.
   */
  readonly warmUpPeerMs: number;
  readonly windowPeerMs: number;
}

// 25 timer firings and 75 deliveries per peer per virtual second: the order of the 117 events per peer per virtual
// second that full peers make in the 100-peer scale run (docs/benchmarks.md, scale.eventsPerPeerPerVirtualS).
export const FULL_FLOOR: FloorOptions = {
  sizes: [
    { orgs: 4, peersPerOrg: 25 },
    { orgs: 10, peersPerOrg: 30 },
    { orgs: 10, peersPerOrg: 100 },
  ],
  periodMs: 40,
  fanOut: 3,
  warmUpPeerMs: 2_000_000,
  windowPeerMs: 8_000_000,
};
export const QUICK_FLOOR: FloorOptions = { ...FULL_FLOOR, sizes: [{ orgs: 4, peersPerOrg: 25 }], windowPeerMs: 2_000_000 };

const TICK = 'floor.tick';
const NOTHING: readonly Effect[] = [];

/** A peer that only ticks and sends: its state is its stream of recipient draws. */
export function trivialPeers(specs: readonly PeerSpec[], o: Pick<FloorOptions, 'periodMs' | 'fanOut'>): { reducer: PeerReducer<Prng>; initPeer: (spec: PeerSpec) => readonly [Prng, readonly Effect[]] } {
  const refs: readonly PeerRef[] = specs.map((s) => ({ pkiId: s.pkiId, endpoint: s.internalEndpoint }));
  const indexOf = new Map(specs.map((s, i) => [s.name, i]));
  const tick = (delayMs: number): Effect => ({ kind: 'setTimer', timerId: TICK, delayMs, event: TICK });
  const reducer: PeerReducer<Prng> = {
    step(prng, input) {
      if (input.kind !== 'timer') return [prng, NOTHING];
      const to: PeerRef[] = [];
      let p = prng;
      for (let i = 0; i < o.fanOut; i++) {
        const [index, next] = nextInt(p, 0, refs.length - 1);
        to.push(refs[index] as PeerRef);
        p = next;
      }
      return [p, [{ kind: 'send', to, message: { floor: input.nowMs } }, tick(o.periodMs)]];
    },
  };
  // Ticks are spread over the period, so that the load is even rather than a burst every period.
  const initPeer = (spec: PeerSpec): readonly [Prng, readonly Effect[]] => {
    const index = indexOf.get(spec.name) ?? 0;
    return [forkPrng(index, 'bench/floor'), [tick(1 + (index % o.periodMs))]];
  };
  return { reducer, initPeer };
}

export function floorWorld(orgs: number, peersPerOrg: number, o: Pick<FloorOptions, 'periodMs' | 'fanOut'>): World<Prng> {
  const specs = Array.from({ length: orgs * peersPerOrg }, (_, i) => simplePeerSpec(`peer${i % peersPerOrg}.org${Math.floor(i / peersPerOrg) + 1}`, `Org${Math.floor(i / peersPerOrg) + 1}MSP`));
  return createWorld({ seed: 1, peers: specs, ...trivialPeers(specs, o), tracing: false });
}

/** The figures: the floor's events per CPU second and CPU-µs per event at each size, and the exponent of the latter in N. */
export function benchFloor(o: FloorOptions): void {
  let previous: { n: number; cpuPerEventUs: number } | undefined;
  for (const { orgs, peersPerOrg } of o.sizes) {
    const n = orgs * peersPerOrg;
    const warmUpMs = Math.round(o.warmUpPeerMs / n);
    const windowMs = Math.round(o.windowPeerMs / n);
    const warm = advanceTo(floorWorld(orgs, peersPerOrg, o), warmUpMs);
    const watch = stopwatch();
    const end = advanceTo(warm, warmUpMs + windowMs);
    const { cpuMs } = watch();
    const events = end.step - warm.step;
    const cpuPerEventUs = (cpuMs * 1000) / events;
    const params = { peers: n, orgs, periodMs: o.periodMs, fanOut: o.fanOut, virtualMs: windowMs, events, cpuMs: Math.round(cpuMs), transport: false };
    record({ name: 'floor.simulator', value: Math.round((events / cpuMs) * 1000), unit: 'events/CPU-s', goal: null, params });
    record({ name: 'floor.cpuPerEvent', value: round(cpuPerEventUs, 2), unit: 'CPU-µs/event', goal: null, params });
    if (previous !== undefined) {
      // The simulator's own share of scale.exponent.cpuPerEvent: its queue, vectors and maps grow with N too.
      record({ name: 'floor.exponent.cpuPerEvent', value: exponentInN(previous.cpuPerEventUs, cpuPerEventUs, previous.n, n), unit: 'CPU/event ~ N^x', goal: null, params: { from: previous.n, to: n } });
    }
    previous = { n, cpuPerEventUs };
  }
}
