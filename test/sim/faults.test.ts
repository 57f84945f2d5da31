import { advanceTo, armedTimerIds, command, countOf, crash, isAlive, peerSlot, peerState, restart, traceEvents } from '../../src/sim';
import { inputsOf, ref, script, testWorld } from './test-peer';

const dropReasons = (w: ReturnType<typeof testWorld>) => traceEvents(w).flatMap((l) => (l.k === 'drop' ? [`${l.to}:${l.reason}`] : []));

describe('[SIM-FUNC-CRASH.1] crashed peers', () => {
  it('[GEN-ASM-CRASH-STOP.1] [SIM-FUNC-CRASH.1] a crashed peer receives nothing: envelopes to it are dropped', () => {
    let w = crash(testWorld(), 'p1');
    w = advanceTo(command(w, 'p0', script([{ kind: 'send', to: [ref('p1'), ref('p2')], message: 'x' }])), 100);
    expect(inputsOf(w, 'p1', 'receive')).toEqual([]);
    expect(inputsOf(w, 'p2', 'receive')).toHaveLength(1);
    expect(dropReasons(w)).toEqual(['p1:crashed']);
  });

  it('[SIM-FUNC-CRASH.1] an envelope already in flight to a peer that crashes is dropped on arrival', () => {
    let w = testWorld({ network: { minLatencyMs: 40, maxLatencyMs: 40 } });
    w = command(w, 'p0', script([{ kind: 'send', to: [ref('p1')], message: 'x' }]));
    w = advanceTo(crash(advanceTo(w, 20), 'p1'), 100);
    expect(dropReasons(w)).toEqual(['p1:crashed']);
  });

  it('[GEN-ASM-CRASH-STOP.1] [SIM-FUNC-CRASH.1] envelopes a peer sent before crashing are still delivered', () => {
    let w = testWorld({ network: { minLatencyMs: 40, maxLatencyMs: 40 } });
    w = command(w, 'p0', script([{ kind: 'send', to: [ref('p1')], message: 'last words' }]));
    w = advanceTo(crash(advanceTo(w, 20), 'p0'), 100);
    expect(inputsOf(w, 'p1', 'receive').map((i) => [i.nowMs, i.payload])).toEqual([[40, 'last words']]);
  });

  it('[GEN-ASM-CRASH-STOP.1] [SIM-FUNC-CRASH.1] a crash discards the peer\'s timers: they never fire, not even after a restart', () => {
    let w = command(testWorld(), 'p1', { op: 'tick', everyMs: 1000 });
    w = crash(advanceTo(w, 2500), 'p1');
    expect(armedTimerIds(w, 'p1')).toEqual([]);
    w = advanceTo(w, 10_000);
    expect(peerState(w, 'p1').ticks).toBe(2);
    w = advanceTo(restart(w, 'p1'), 20_000);
    expect(inputsOf(w, 'p1', 'timer')).toEqual([]);
  });

  it('[GEN-ASM-CRASH-STOP.1] [SIM-FUNC-CRASH.1] commands and injections to a crashed peer are ignored (and traced)', () => {
    let w = crash(testWorld(), 'p2');
    w = command(w, 'p2', { op: 'start' });
    expect(countOf(w.stats, 'ignored:crashed')).toBe(1);
    expect(countOf(w.stats, 'send')).toBe(0);
    expect(w.failure).toBeUndefined();
  });

  it('[SIM-FUNC-CRASH.1] crashing a crashed peer changes nothing', () => {
    const once = crash(testWorld(), 'p2');
    expect(crash(once, 'p2').stats).toEqual(once.stats);
  });
});

describe('[SIM-FUNC-STABLE-STORAGE.1] stable storage', () => {
  it('[SIM-FUNC-STABLE-STORAGE.1] persisted keys survive a crash and reach the next init; undefined deletes', () => {
    let w = command(testWorld(), 'p1', script([
      { kind: 'persist', key: 'a', value: { x: 1 } },
      { kind: 'persist', key: 'b', value: 2 },
      { kind: 'persist', key: 'b', value: undefined },
    ]));
    expect(peerSlot(w, 'p1').durable).toEqual({ a: { x: 1 } });
    w = restart(crash(w, 'p1'), 'p1');
    expect(peerState(w, 'p1').durable).toEqual({ a: { x: 1 } });
    expect(peerState(w, 'p2').durable).toEqual({});
  });

  it('[SIM-FUNC-STABLE-STORAGE.1] a persist without a key halts the world with an invalid effect', () => {
    const w = command(testWorld(), 'p1', script([{ kind: 'persist', key: '', value: 1 }]));
    expect(w.failure?.kind).toBe('invalidEffect');
    expect(w.failure?.message).toContain('persist.key');
  });
});

describe('[SIM-FUNC-RESTART.1] restart re-initialises', () => {
  it('[GEN-ASM-CRASH-RESTART.1] [SIM-FUNC-RESTART.1] restart calls init again at the current time with the next incarnation', () => {
    let w = advanceTo(command(testWorld(), 'p1', { op: 'start' }), 500);
    w = restart(crash(w, 'p1'), 'p1');
    const s = peerState(w, 'p1');
    expect([s.incarnation, s.startedAtMs, s.inputs, s.seen]).toEqual([1, 500, [], []]);
    expect(isAlive(w, 'p1')).toBe(true);
    expect(traceEvents(w).filter((l) => l.k === 'init' && l.peer === 'p1').map((l) => [l.t, l.k === 'init' && l.incarnation])).toEqual([
      [0, 0],
      [500, 1],
    ]);
  });

  it('[SIM-FUNC-RESTART.1] the effects of the new init are performed (its timers run)', () => {
    const initEffects = () => [{ kind: 'setTimer' as const, timerId: 'boot', delayMs: 100, event: 'boot' }];
    let w = advanceTo(testWorld({ initEffects }), 1000);
    w = advanceTo(restart(crash(w, 'p3'), 'p3'), 2000);
    expect(inputsOf(w, 'p3', 'timer').map((i) => i.nowMs)).toEqual([1100]);
  });

  it('[SIM-FUNC-RESTART.1] restarting a live peer reboots it', () => {
    const w = restart(testWorld(), 'p0');
    expect(peerSlot(w, 'p0').incarnation).toBe(1);
    expect(traceEvents(w).filter((l) => l.k === 'fault').map((l) => (l.k === 'fault' ? l.action.kind : ''))).toEqual(['crash', 'restart']);
  });

  it('[SIM-FUNC-RESTART.1] an envelope addressed to the previous incarnation is dropped (the connection was reset)', () => {
    let w = testWorld({ network: { minLatencyMs: 40, maxLatencyMs: 40 } });
    w = command(w, 'p0', script([{ kind: 'send', to: [ref('p1')], message: 'x' }]));
    w = advanceTo(restart(advanceTo(w, 10), 'p1'), 100);
    expect(inputsOf(w, 'p1', 'receive')).toEqual([]);
    expect(dropReasons(w)).toEqual(['p1:restarted']);
  });

  it('[GEN-ASM-CRASH-RESTART.1] [SIM-FUNC-RESTART.1] [SIM-ASM-LEDGER-SURVIVES-RESTART.1] the ledger survives and init learns its heights', () => {
    const commit = (seq: number) => ({ kind: 'deliverToLedger' as const, channel: 'ch' as never, seq: seq as never, block: { seq } });
    let w = command(testWorld(), 'p2', script([commit(0), commit(1), commit(2)]));
    w = restart(crash(w, 'p2'), 'p2');
    expect(peerState(w, 'p2').ledgerHeights).toEqual({ ch: 3 });
    expect(peerSlot(w, 'p2').ledgers.get('ch')?.size).toBe(3);
  });
});
