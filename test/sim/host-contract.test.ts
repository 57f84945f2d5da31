/**
 * The simulator as the host of the system model (spec/00-system-model.md): what every peer may
 * assume of the inputs it is fed and of how its effects are performed.
 */
import fc from 'fast-check';
import type { Effect } from '../../src/core';
import { allPeerSlots, choicesArb, command, faultScheduleArb, runSchedule, stepWorld, traceEvents, type ScheduleItem } from '../../src/sim';
import { ref, script, testWorld } from './test-peer';

const NAMES = ['p0', 'p1', 'p2', 'p3'];
const UNTIL_MS = 3000;
const NETWORK = { minLatencyMs: 1, maxLatencyMs: 40, lossProbability: 0.1, duplicationProbability: 0.1 };

/** Every peer ticks on its own period and floods now and then, so each gets timers and messages. */
const WORKLOAD: ScheduleItem[] = [
  ...NAMES.map((peer, i): ScheduleItem => ({ atMs: 0, action: { kind: 'command', peer, command: { op: 'tick', everyMs: 150 + 41 * i } } })),
  ...Array.from({ length: 6 }, (_, i): ScheduleItem => ({ atMs: 450 * i + 5, action: { kind: 'command', peer: NAMES[i % NAMES.length] as string, command: { op: 'start' } } })),
];

describe('the simulator honours the host side of the system model', () => {
  it('[GEN-ASM-VIRTUAL-TIME.1] every input a peer is fed carries nowMs, never decreasing, whatever the faults and positional choices', () => {
    const faults = faultScheduleArb(NAMES, { untilMs: UNTIL_MS, maxFaults: 10 });
    fc.assert(
      fc.property(fc.integer(), faults, choicesArb({ maxLength: 120 }), (seed, schedule, choices) => {
        const w = runSchedule(testWorld({ seed, names: NAMES, network: NETWORK }), [...WORKLOAD, ...schedule], UNTIL_MS, choices);
        expect(w.failure).toBeUndefined();
        let inputs = 0;
        for (const { state } of allPeerSlots(w)) {
          // The peer's current incarnation: it started at startedAtMs and has seen these inputs since.
          const times = state.inputs.map((i) => i.nowMs);
          inputs += times.length;
          times.forEach((t, i) => {
            expect(Number.isFinite(t)).toBe(true);
            expect(t).toBeGreaterThanOrEqual(i === 0 ? state.startedAtMs : (times[i - 1] as number));
            expect(t).toBeLessThanOrEqual(w.nowMs);
          });
        }
        expect(inputs).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it('[GEN-ASM-EFFECT-ORDER.1] one step\'s effects are performed in list order, the commit before the later send, all before the peer\'s next input', () => {
    const effects: Effect[] = [
      { kind: 'send', to: [ref('p1')], message: 'before commit' },
      { kind: 'setTimer', timerId: 'now', delayMs: 0, event: 'now' },
      { kind: 'deliverToLedger', channel: 'ch' as never, seq: 0 as never, block: { seq: 0 } },
      { kind: 'send', to: [ref('p2')], message: 'after commit' },
      { kind: 'log', level: 'info', message: 'last but one' },
      { kind: 'metric', name: 'last', value: 1 },
    ];
    const w0 = command(testWorld(), 'p0', script(effects));
    const step = w0.step;
    const ofStep = traceEvents(w0).filter((l) => l.s === step);
    expect(ofStep.map((l) => (l.k === 'send' ? `send ${String(l.payload)}` : l.k))).toEqual([
      'command',
      'send before commit',
      'commit',
      'send after commit',
      'log',
      'metric',
    ]);
    // The zero-delay timer is the peer's next input: it comes in a later step, after all of the above.
    const w1 = stepWorld(w0);
    expect(traceEvents(w1).filter((l) => l.k === 'timer').map((l) => [l.s, l.t])).toEqual([[step + 1, 0]]);
  });
});
