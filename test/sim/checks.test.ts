import {
  advanceTo,
  choiceFromInt,
  command,
  inFlight,
  isAlive,
  peerSlot,
  peerState,
  runWithChecks,
  stepWorld,
  stepWorldWithChoice,
  traceEvents,
  type LivenessCheck,
  type ScheduleItem,
  type World,
} from '../../src/sim';
import { inputsOf, ref, script, testWorld, type TestPeerState } from './test-peer';

type W = World<TestPeerState>;
const everyoneSaw = (prefix: string) => (w: W) => ['p0', 'p1', 'p2', 'p3'].every((n) => peerState(w, n).seen.some((id) => id.startsWith(prefix)));

describe('[SIM-FUNC-CHECKED-RUN.1] safety after every step', () => {
  it('[SIM-FUNC-CHECKED-RUN.1] the first violating step is reported with seed, step and time', () => {
    const w = command(testWorld({ seed: 4 }), 'p0', { op: 'start' });
    const neverP2 = (x: W) => (inputsOf(x, 'p2', 'receive').length > 0 ? 'TEST-SAFE: p2 received something' : undefined);
    const result = runWithChecks(w, { safety: [neverP2], untilMs: 1000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const firstDelivery = traceEvents(result.world).find((l) => l.k === 'deliver' && l.to === 'p2');
    expect(result.failure).toMatchObject({ kind: 'safety', seed: 4, message: 'TEST-SAFE: p2 received something' });
    expect([result.failure.step, result.failure.nowMs]).toEqual([firstDelivery?.s, firstDelivery?.t]);
    // Stopped right there: the world is the one right after the violating step.
    expect(result.world.step).toBe(firstDelivery?.s);
  });

  it('[SIM-FUNC-CHECKED-RUN.1] a run with no violation reports ok and runs to untilMs', () => {
    const result = runWithChecks(command(testWorld(), 'p1', { op: 'tick', everyMs: 100 }), { safety: [() => undefined], untilMs: 1000 });
    expect(result.ok).toBe(true);
    expect(result.world.nowMs).toBe(1000);
    expect(peerState(result.world, 'p1').ticks).toBe(10);
  });

  it('[SIM-FUNC-CHECKED-RUN.1] each transition of the calm is checked on its own: a state seen only mid-calm is caught', () => {
    // Crashed p1 and p2 are restarted one after the other at faultsStopAtMs; only the world between
    // the two restarts has p1 up and p2 down.
    const schedule: ScheduleItem[] = ['p1', 'p2'].map((peer) => ({ atMs: 100, action: { kind: 'crash', peer } }));
    const p1UpWithoutP2 = (x: W) => (isAlive(x, 'p1') && !isAlive(x, 'p2') ? 'TEST-SAFE: p1 up while p2 is down' : undefined);
    const result = runWithChecks(testWorld(), { safety: [p1UpWithoutP2], untilMs: 1000, faultsStopAtMs: 500, schedule });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ kind: 'safety', nowMs: 500, message: 'TEST-SAFE: p1 up while p2 is down' });
    const restarts = traceEvents(result.world).flatMap((l) => (l.k === 'fault' && l.action.kind === 'restart' ? [l.action.peer] : []));
    expect(restarts).toEqual(['p1']);
  });
});

describe('[SIM-FUNC-LIVENESS-MODE.2] liveness after faults stop', () => {
  const isolateP0: ScheduleItem = { atMs: 0, action: { kind: 'partition', groups: [['p0'], ['p1', 'p2', 'p3']] } };
  const floodAt = (atMs: number): ScheduleItem => ({ atMs, action: { kind: 'command', peer: 'p0', command: { op: 'start' } } });
  const live = (deadlineMs: number): LivenessCheck<TestPeerState> => ({ name: 'TEST-LIVE-ALL-SEE-P0', deadlineMs, holds: everyoneSaw('p0#') });

  it('[SIM-FUNC-LIVENESS-MODE.2] a predicate that never becomes true fails at its deadline', () => {
    const schedule = [isolateP0, floodAt(100)];
    const result = runWithChecks(testWorld(), { safety: [], untilMs: 2000, faultsStopAtMs: 1000, schedule, liveness: [live(3000)] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toMatchObject({ kind: 'liveness', message: 'TEST-LIVE-ALL-SEE-P0: not true by its deadline t=3000ms' });
  });

  it('[SIM-FUNC-LIVENESS-MODE.2] faults stop, the world is healed, and the workload then satisfies the predicate', () => {
    const schedule = [isolateP0, floodAt(100), floodAt(1500)];
    const result = runWithChecks(testWorld(), { safety: [], untilMs: 2000, faultsStopAtMs: 1000, schedule, liveness: [live(3000)] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Flooded at 1500 after the heal at 1000; latency is 1..10 ms per hop, so met by 1510.
    const met = result.livenessMetAtMs['TEST-LIVE-ALL-SEE-P0'] as number;
    expect(met).toBeGreaterThan(1500);
    expect(met).toBeLessThanOrEqual(1510);
  });

  it('[SIM-FUNC-LIVENESS-MODE.2] the run goes on past untilMs until every deadline is decided', () => {
    const schedule = [isolateP0, floodAt(100)];
    const result = runWithChecks(testWorld(), { safety: [], untilMs: 1000, faultsStopAtMs: 500, schedule, liveness: [live(3000)] });
    expect(result.ok).toBe(false);
    // Nothing happens after the flood is lost, yet the check is decided at its deadline, not at untilMs.
    if (!result.ok) expect([result.failure.kind, result.failure.nowMs]).toEqual(['liveness', 3000]);
  });

  it('[SIM-FUNC-LIVENESS-MODE.2] fault actions after faultsStopAtMs are ignored; crashed peers are restarted', () => {
    const schedule: ScheduleItem[] = [
      { atMs: 100, action: { kind: 'crash', peer: 'p2' } },
      { atMs: 1500, action: { kind: 'crash', peer: 'p3' } },
    ];
    const result = runWithChecks(testWorld(), { safety: [], untilMs: 2000, faultsStopAtMs: 1000, schedule });
    expect(result.ok).toBe(true);
    expect([isAlive(result.world, 'p2'), peerSlot(result.world, 'p2').incarnation, isAlive(result.world, 'p3')]).toEqual([true, 1, true]);
  });

  it('[SIM-FUNC-LIVENESS-MODE.2] mustHoldAtDeadline: true once is not enough if false at the deadline', () => {
    const ticksBelow3 = { name: 'TEST-LIVE-FEW-TICKS', deadlineMs: 450, holds: (w: W) => peerState(w, 'p1').ticks < 3, mustHoldAtDeadline: true };
    const w = command(testWorld(), 'p1', { op: 'tick', everyMs: 100 });
    const result = runWithChecks(w, { safety: [], untilMs: 1000, faultsStopAtMs: 0, liveness: [ticksBelow3] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.message).toBe('TEST-LIVE-FEW-TICKS: no longer true at its deadline t=450ms');
  });
});

describe('[SIM-FUNC-CHOICES.1] positional choices', () => {
  const toThree = script([{ kind: 'send', to: [ref('p1'), ref('p2'), ref('p3')], message: 'm' }]);
  const fanOut = () => command(testWorld({ network: { minLatencyMs: 1, maxLatencyMs: 50 } }), 'p0', toThree);

  it('[SIM-FUNC-CHOICES.1] c mod (in-flight + 2): 0 next event, 1 next timer-like event, j the (j-2)-th envelope', () => {
    const w = fanOut();
    expect(inFlight(w)).toHaveLength(3);
    expect([0, 1, 2, 3, 4, 5, 6].map((c) => choiceFromInt(w, c))).toEqual([
      { kind: 'next' },
      { kind: 'nextHostEvent' },
      { kind: 'deliver', index: 0 },
      { kind: 'deliver', index: 1 },
      { kind: 'deliver', index: 2 },
      { kind: 'next' },
      { kind: 'nextHostEvent' },
    ]);
  });

  it('[SIM-FUNC-CHOICES.1] delivering the last envelope first moves the clock to it; the others arrive late, never early', () => {
    const w = fanOut();
    const due = inFlight(w).map((f) => ({ to: w.directory.specs[f.envelope.to]?.name, atMs: f.atMs }));
    const last = due[2] as { to: string; atMs: number };
    let x = stepWorldWithChoice(w, 4);
    expect([x.nowMs, inputsOf(x, last.to, 'receive').length]).toEqual([last.atMs, 1]);
    x = advanceTo(x, 1000);
    const deliveredAt = traceEvents(x).filter((l) => l.k === 'deliver').map((l) => l.t);
    expect(deliveredAt).toEqual([last.atMs, last.atMs, last.atMs]);
  });

  it('[SIM-FUNC-CHOICES.1] nextHostEvent fires a timer before envelopes that are due earlier', () => {
    let w = fanOut();
    w = command(w, 'p1', script([{ kind: 'setTimer', timerId: 'late', delayMs: 500, event: null }]));
    const x = stepWorldWithChoice(w, 1);
    expect(x.nowMs).toBe(500);
    expect(inputsOf(x, 'p1', 'timer')).toHaveLength(1);
    expect(stepWorld(w).nowMs).toBeLessThanOrEqual(50);
  });
});
