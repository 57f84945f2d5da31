/**
 * Generated interleavings on the in-memory network. Safety (the local invariants, the callback
 * alternation per instance, static followers never leading) is checked after every step inside
 * ElectionNetwork; then faults stop and the LIVE requirements must hold within the bounds of
 * src/election/bounds.ts. fc.assert prints seed and path on failure.
 */
import fc from 'fast-check';
import {
  coldStartBoundMs,
  isYielding,
  newcomerCannotTakeOver,
  oneLeaderBoundMs,
  yieldHandoverBoundMs,
  type ElectionMode,
  type ElectionParams,
} from '../../src/election';
import { ElectionNetwork } from './network';

/** Parameters (E from minQuarters/4 of T up to T) with a delay bound D < min(E, T/2), as [ELE-ASM-TIMING.1] requires. */
const paramsWith = (minQuarters: number) => fc
  .record({
    t: fc.constantFrom(400, 500, 800, 1000),
    eFraction: fc.integer({ min: minQuarters, max: 4 }),
    s: fc.integer({ min: 20, max: 200 }),
    graceSamples: fc.integer({ min: 1, max: 8 }),
    delayFraction: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ t, eFraction, s, graceSamples, delayFraction }) => {
    const params: ElectionParams = {
      leaderAliveThresholdMs: t,
      leaderElectionDurationMs: (t * eFraction) / 4,
      membershipSampleIntervalMs: s,
      startupGracePeriodMs: s * graceSamples,
    };
    const maxDelayMs = Math.floor((Math.min(params.leaderElectionDurationMs, t / 2) * delayFraction) / 10);
    return { params, maxDelayMs };
  });
const paramsArb = paramsWith(1);

const modesArb = (n: number) =>
  fc.array(fc.constantFrom<ElectionMode>('dynamic', 'dynamic', 'dynamic', 'staticFollower'), { minLength: n, maxLength: n });

/** Waits are in tenths of leaderAliveThreshold; partitions and waits are weighted up so that partitions last long enough to elect a leader on each side. */
const faultArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait' as const), fraction: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('partition' as const), groups: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), peer: fc.nat(5), syncViews: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), peer: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('yield' as const), peer: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('staleView' as const), peer: fc.nat(5), mask: fc.nat(63) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('net' as const), lossRate: fc.constantFrom(0, 0.2, 0.5, 1), duplicateRate: fc.constantFrom(0, 0.3) }) },
);
type Fault = typeof faultArb extends fc.Arbitrary<infer F> ? F : never;

function coldStart(net: ElectionNetwork, ids: string[], modes: ElectionMode[]): void {
  ids.forEach((id, i) => net.start(id, ids.filter((o) => o !== id), modes[i]));
}

function applyFault(net: ElectionNetwork, ids: string[], modes: ElectionMode[], f: Fault): void {
  const pick = (i: number) => ids[i % ids.length] as string;
  const t = net.params.leaderAliveThresholdMs;
  switch (f.kind) {
    case 'wait': return net.advanceBy((t * f.fraction) / 10);
    case 'partition':
      net.partition([0, 1, 2].map((g) => ids.filter((_, i) => f.groups[i] === g)));
      return net.syncViews();
    case 'heal':
      net.heal();
      return net.syncViews();
    case 'crash':
      if (!net.isRunning(pick(f.peer))) return;
      net.stop(pick(f.peer));
      return f.syncViews ? net.syncViews() : undefined;
    case 'restart': {
      const id = pick(f.peer);
      if (net.isRunning(id)) return;
      net.start(id, ids.filter((o) => o !== id && net.isRunning(o) && net.connected(o, id)), modes[f.peer % ids.length]);
      return net.syncViews();
    }
    case 'yield': return net.isRunning(pick(f.peer)) ? net.yield(pick(f.peer)) : undefined;
    case 'staleView': {
      const id = pick(f.peer);
      return net.isRunning(id) ? net.setView(id, ids.filter((o, i) => o !== id && (f.mask >> i) & 1)) : undefined;
    }
    case 'net':
      net.faults.lossRate = f.lossRate;
      net.faults.duplicateRate = f.duplicateRate;
  }
}

/** Faults stop: crashed peers restart, the final topology's views are exact, nothing is lost or in flight. */
function stopFaults(net: ElectionNetwork, ids: string[], modes: ElectionMode[], keepPartition: boolean): void {
  if (!keepPartition) net.heal();
  net.faults.lossRate = 0;
  net.faults.duplicateRate = 0;
  net.dropInFlight();
  ids.forEach((id, i) => {
    if (!net.isRunning(id)) net.start(id, ids.filter((o) => o !== id && net.isRunning(o) && net.connected(o, id)), modes[i]);
  });
  net.syncViews();
}

function dynamicIn(group: string[], ids: string[], modes: ElectionMode[]): string[] {
  return group.filter((id) => modes[ids.indexOf(id)] === 'dynamic');
}

describe('election under generated faults', () => {
  it('[ELE-ASM-TIMING.1] the generated parameters keep the delay bound below min(E, T/2), as the LIVE requirements assume', () => {
    fc.assert(
      fc.property(paramsArb, ({ params, maxDelayMs }) => {
        expect(maxDelayMs).toBeLessThan(params.leaderAliveThresholdMs / 2);
        expect(maxDelayMs).toBeLessThan(params.leaderElectionDurationMs);
        expect(params.startupGracePeriodMs).toBeGreaterThanOrEqual(params.membershipSampleIntervalMs);
      }),
      { numRuns: 200 },
    );
  });

  it('[ELE-LIVE-ONE-LEADER.1] [ELE-LIVE-LEADER-STAYS.1] [ELE-SAFE-CALLBACK-CONSISTENT.1] [ELE-SAFE-YIELD.1] [ELE-SAFE-LEADER-PHASE.1] [ELE-SAFE-STATIC-FOLLOWER.1] after any faults, each component gets exactly one leader, the smallest that led after the faults, and keeps it', () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), modesArb(n))),
        fc.array(faultArb, { maxLength: 16 }),
        fc.boolean(),
        fc.integer(),
        ({ params, maxDelayMs }, [n, modes], faults, keepPartition, seed) => {
          const ids = Array.from({ length: n }, (_, i) => `p${i}`);
          const net = new ElectionNetwork(params, seed, { minDelayMs: 0, maxDelayMs });
          coldStart(net, ids, modes);
          for (const f of faults) applyFault(net, ids, modes, f);
          stopFaults(net, ids, modes, keepPartition);
          const healedAt = net.nowMs;
          const everLeader = new Set<string>(net.leaders());
          net.afterEvent = () => net.leaders().forEach((l) => everLeader.add(l));

          const someoneYielding = ids.some((id) => net.isRunning(id) && isYielding(net.state(id)));
          const settledAt = healedAt + oneLeaderBoundMs(params, maxDelayMs, someoneYielding);
          net.advanceTo(settledAt);
          const expected = net
            .components()
            .filter((c) => dynamicIn(c, ids, modes).length > 0)
            .map((c) => c.filter((id) => everLeader.has(id)).sort()[0])
            .sort();
          expect(expected.every((l) => l !== undefined)).toBe(true);
          expect(net.leaders()).toEqual(expected);

          const settledMark = net.mark();
          net.advanceBy(3 * params.leaderAliveThresholdMs);
          expect(net.leaders()).toEqual(expected);
          expect(net.log.slice(settledMark).filter((r) => r.output.kind === 'leadershipChanged')).toEqual([]);
          // Per incarnation, callbacks alternate from true (the step invariant checks each step; this checks the whole run).
          for (const id of ids) {
            for (const inc of new Set(net.log.filter((r) => r.id === id).map((r) => r.incarnation))) {
              const values = net.log.filter((r) => r.id === id && r.incarnation === inc && r.output.kind === 'leadershipChanged');
              values.forEach((r, i) => expect((r.output as { isLeader: boolean }).isLeader).toBe(i % 2 === 0));
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('[ELE-LIVE-ONE-LEADER.1] a heal merging components that each had a settled leader leaves exactly the smallest of those leaders, within T/2 + D', () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.integer({ min: 2, max: 7 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }))),
        fc.nat(1000),
        fc.integer(),
        ({ params, maxDelayMs }, [n, groups], healOffset, seed) => {
          const ids = Array.from({ length: n }, (_, i) => `p${i}`);
          const net = new ElectionNetwork(params, seed, { minDelayMs: 0, maxDelayMs });
          coldStart(net, ids, ids.map(() => 'dynamic'));
          net.advanceTo(coldStartBoundMs(params));
          net.partition([0, 1, 2, 3].map((g) => ids.filter((_, i) => groups[i] === g)));
          net.syncViews();
          net.advanceBy(oneLeaderBoundMs(params, maxDelayMs) + healOffset);
          const partitionLeaders = net.leaders();
          for (const c of net.components()) expect(net.leaders(c)).toHaveLength(1);
          const healedAt = net.nowMs;
          const healMark = net.mark();
          net.heal();
          net.syncViews();
          net.advanceTo(healedAt + params.leaderAliveThresholdMs / 2 + maxDelayMs);
          expect(net.leaders()).toEqual(partitionLeaders.slice(0, 1));
          for (const l of partitionLeaders.slice(1)) expect(net.callbacks(l, healMark)).toEqual([false]);
          net.advanceBy(3 * params.leaderAliveThresholdMs);
          expect(net.leaders()).toEqual(partitionLeaders.slice(0, 1));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('[ELE-LIVE-COLD-START.1] peers started together with complete views: the smallest dynamic id alone leads after S + E, and stays', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(fc.constant(n), modesArb(n))), fc.integer(), ({ params, maxDelayMs }, [n, modes], seed) => {
        const ids = Array.from({ length: n }, (_, i) => `p${i}`);
        const net = new ElectionNetwork(params, seed, { minDelayMs: 0, maxDelayMs });
        coldStart(net, ids, modes);
        const expected = dynamicIn(ids, ids, modes).slice(0, 1);
        net.advanceTo(coldStartBoundMs(params) - 1);
        expect(net.leaders()).toEqual([]);
        net.advanceTo(coldStartBoundMs(params));
        expect(net.leaders()).toEqual(expected);
        net.advanceBy(5 * params.leaderAliveThresholdMs);
        expect(net.leaders()).toEqual(expected);
        for (const id of ids) expect(net.callbacks(id)).toEqual(expected.includes(id) ? [true] : []);
      }),
      { numRuns: 60 },
    );
  });

  it('[ELE-LIVE-NO-TAKEOVER.1] with E > T/2 + D, a newcomer with a smaller id never takes over a declaring leader', () => {
    fc.assert(
      fc.property(paramsWith(3), fc.integer({ min: 1, max: 5 }), fc.nat(1000), fc.integer(), ({ params, maxDelayMs }, n, joinOffset, seed) => {
        fc.pre(newcomerCannotTakeOver(params, maxDelayMs));
        const ids = Array.from({ length: n }, (_, i) => `p${i}`);
        const net = new ElectionNetwork(params, seed, { minDelayMs: 0, maxDelayMs });
        coldStart(net, ids, ids.map(() => 'dynamic'));
        net.advanceTo(coldStartBoundMs(params) + joinOffset);
        net.start('a0', ids);
        for (const id of ids) net.setView(id, [...ids.filter((o) => o !== id), 'a0']);
        net.advanceBy(10 * params.leaderAliveThresholdMs);
        expect(net.leaders()).toEqual(['p0']);
        expect(net.callbacks('a0')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('[ELE-LIVE-YIELD-HANDOVER.1] [ELE-SAFE-YIELD.1] when the only leader yields, another peer leads within 2T + E + D and the yielder does not come back', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 2, max: 6 }), fc.nat(1000), fc.integer(), ({ params, maxDelayMs }, n, yieldOffset, seed) => {
        const ids = Array.from({ length: n }, (_, i) => `p${i}`);
        const net = new ElectionNetwork(params, seed, { minDelayMs: 0, maxDelayMs });
        coldStart(net, ids, ids.map(() => 'dynamic'));
        net.advanceTo(coldStartBoundMs(params) + yieldOffset);
        const yieldAt = net.nowMs;
        const yieldMark = net.mark();
        net.yield('p0');
        net.advanceTo(yieldAt + yieldHandoverBoundMs(params, maxDelayMs));
        expect(net.leaders().length).toBeGreaterThanOrEqual(1);
        expect(net.leaders()).not.toContain('p0');
        net.advanceTo(yieldAt + oneLeaderBoundMs(params, maxDelayMs));
        expect(net.leaders()).toHaveLength(1);
        expect(net.callbacks('p0', yieldMark)).toEqual([false]);
      }),
      { numRuns: 40 },
    );
  });
});
