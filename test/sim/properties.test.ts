import fc from 'fast-check';
import { choicesArb, faultScheduleArb, runSchedule, runWithChecks, traceEvents, type ScheduleItem, type TraceEvent } from '../../src/sim';
import { script, testWorld } from './test-peer';

const NAMES = ['p0', 'p1', 'p2', 'p3', 'p4'];
const UNTIL_MS = 4000;

const CONNECT = script([{ kind: 'connectOrderer', channel: 'ch' as never }]);

/** Ticking peers, periodic floods, blocks cut and streamed to two peers. */
const WORKLOAD: ScheduleItem[] = [
  ...NAMES.map((peer, i): ScheduleItem => ({ atMs: 0, action: { kind: 'command', peer, command: { op: 'tick', everyMs: 200 + 37 * i } } })),
  ...['p0', 'p1'].map((peer): ScheduleItem => ({ atMs: 0, action: { kind: 'command', peer, command: CONNECT } })),
  ...Array.from({ length: 8 }, (_, i): ScheduleItem[] => [
    { atMs: 400 * i + 10, action: { kind: 'command', peer: NAMES[i % NAMES.length] as string, command: { op: 'start' } } },
    { atMs: 400 * i + 20, action: { kind: 'cutBlock', channel: 'ch' } },
  ]).flat(),
];

const CRASHES_AND_SPLITS = ['crash', 'restart', 'partition', 'heal'] as const;
const NETWORK = { minLatencyMs: 1, maxLatencyMs: 40, lossProbability: 0.1, duplicationProbability: 0.1 };

/** Replays a trace against the fault lines in it; returns the first broken rule. */
function traceViolation(lines: readonly TraceEvent[]): string | undefined {
  let lastT = Number.NEGATIVE_INFINITY;
  let groupOf: Map<string, number> | undefined;
  const down = new Set<string>();
  const restartedAtStep = new Map<string, number>();
  const sent = new Map<number, Extract<TraceEvent, { k: 'send' }>>();
  const deliveries = new Map<number, number>();
  const dups = new Set<number>();
  const group = (name: string) => groupOf?.get(name) ?? -1;
  for (const l of lines) {
    if (l.t < lastT) return `[SIM-SAFE-CLOCK-MONOTONIC.1] time went back from ${lastT} to ${l.t} at step ${l.s}`;
    lastT = l.t;
    if (l.k === 'send') sent.set(l.id, l);
    if (l.k === 'dup') dups.add(l.id);
    if (l.k === 'fault' && l.action.kind === 'partition') {
      groupOf = new Map(l.action.groups.flatMap((g, i) => g.map((n): [string, number] => [n, i])));
    }
    if (l.k === 'fault' && l.action.kind === 'heal') groupOf = undefined;
    if (l.k === 'fault' && l.action.kind === 'crash') down.add(l.action.peer);
    if (l.k === 'fault' && l.action.kind === 'restart') {
      down.delete(l.action.peer);
      restartedAtStep.set(l.action.peer, l.s);
    }
    if ((l.k === 'timer' || l.k === 'ordererBlock') && down.has(l.peer)) return `[SIM-FUNC-CRASH.1] ${l.k} for crashed ${l.peer} at step ${l.s}`;
    if (l.k !== 'deliver') continue;
    const send = sent.get(l.id);
    if (send === undefined || send.s >= l.s || send.t > l.t) {
      return `[SIM-SAFE-NO-DELIVERY-WITHOUT-SEND.1] envelope ${l.id} delivered at step ${l.s} was not sent before`;
    }
    if (send.from !== l.from || send.to !== l.to) return `[SIM-SAFE-NO-DELIVERY-WITHOUT-SEND.1] envelope ${l.id} changed its ends`;
    if (group(l.from) !== group(l.to)) return `[SIM-SAFE-PARTITION-RESPECTED.1] ${l.from} -> ${l.to} crossed the partition at step ${l.s}`;
    if (down.has(l.to)) return `[SIM-FUNC-CRASH.1] envelope ${l.id} delivered to crashed ${l.to}`;
    if ((restartedAtStep.get(l.to) ?? -1) > send.s) return `[SIM-FUNC-RESTART.1] envelope ${l.id} crossed a restart of ${l.to}`;
    const n = (deliveries.get(l.id) ?? 0) + 1;
    deliveries.set(l.id, n);
    if (n > (dups.has(l.id) ? 2 : 1)) return `[SIM-FUNC-DUPLICATION.1] envelope ${l.id} delivered ${n} times`;
  }
  return undefined;
}

describe('simulator properties under generated fault schedules', () => {
  it('[SIM-SAFE-CLOCK-MONOTONIC.1] [SIM-SAFE-NO-DELIVERY-WITHOUT-SEND.1] [SIM-SAFE-PARTITION-RESPECTED.1] the trace obeys the network model for any faults and choices', () => {
    const faults = faultScheduleArb(NAMES, { untilMs: UNTIL_MS, maxFaults: 12 });
    fc.assert(
      fc.property(fc.integer(), faults, choicesArb({ maxLength: 150 }), (seed, schedule, choices) => {
        const w = runSchedule(testWorld({ seed, names: NAMES, network: NETWORK }), [...WORKLOAD, ...schedule], UNTIL_MS, choices);
        expect(w.failure).toBeUndefined();
        expect(w.nowMs).toBe(UNTIL_MS);
        const lines = traceEvents(w);
        expect(lines.filter((l) => l.k === 'deliver').length).toBeGreaterThan(0);
        expect(traceViolation(lines)).toBeUndefined();
      }),
      { numRuns: 120 },
    );
  });

  it('[SIM-SAFE-CLOCK-MONOTONIC.1] [SIM-FUNC-CHECKED-RUN.1] a safety check sees every step, and no crashed peer ever holds a timer', () => {
    fc.assert(
      fc.property(fc.integer(), faultScheduleArb(NAMES, { untilMs: UNTIL_MS, kinds: CRASHES_AND_SPLITS }), (seed, schedule) => {
        let lastNow = Number.NEGATIVE_INFINITY;
        let seen = 0;
        const clock = (w: { nowMs: number }) => (w.nowMs < lastNow ? 'clock went back' : ((lastNow = w.nowMs), (seen += 1), undefined));
        const timersOfDead = (w: Parameters<typeof traceEvents>[0]) =>
          w.peers.chunks.flat().some((slot) => !slot.alive && slot.timers.size > 0) ? 'a crashed peer holds a timer' : undefined;
        const result = runWithChecks(testWorld({ seed, names: NAMES, network: NETWORK }), {
          safety: [clock, timersOfDead],
          untilMs: UNTIL_MS,
          faultsStopAtMs: UNTIL_MS / 2,
          schedule: [...WORKLOAD, ...schedule],
        });
        expect(result.ok ? undefined : result.failure).toBeUndefined();
        // One check per transition: the initial world, each event and fault, and each step of the calm.
        expect(seen).toBeGreaterThanOrEqual(result.steps);
      }),
      { numRuns: 60 },
    );
  });
});
