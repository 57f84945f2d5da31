/**
 * The runtime host with a scripted reducer and in-memory ports: one step at a time, effects in
 * order (durable ones awaited), real-timer semantics, nothing crashes it.
 */
import type { Effect, HostInput, PeerReducer } from '../../src/core';
import { monotonicClock, REAL_SCHEDULER, type Scheduler } from '../../src/runtime/clock';
import { PeerHost } from '../../src/runtime/host';
import { MemoryTelemetry, type BlockStore, type CommPort, type OrdererPort, type StableStorage } from '../../src/runtime/ports';

type Log = string[];

function ports(log: Log, scheduler?: Scheduler) {
  let persistResolve: (() => void) | undefined;
  const comm: CommPort = {
    send: (to) => void log.push(`send:${to.map((r) => r.pkiId).join(',')}`),
    handshake: async (endpoint) => ({ ok: true, pkiId: 'remote' as never, identity: `id@${endpoint}` }),
    close: (pki) => void log.push(`close:${pki}`),
  };
  const storage: StableStorage = {
    load: async () => ({}),
    put: (key) =>
      new Promise<void>((resolve) => {
        log.push(`persist-start:${key}`);
        persistResolve = () => {
          log.push(`persist-done:${key}`);
          resolve();
        };
      }),
    close: async () => undefined,
  };
  const ledger: BlockStore = {
    heights: () => ({ ch: 4 }),
    append: async (channel, seq) => (log.push(`commit:${channel}:${seq}`), { ok: true }),
    read: async (channel, start, end) => [{ seq: start, block: `${channel}:${start}-${end}` }],
    close: async () => undefined,
  };
  const orderer: OrdererPort = {
    connect: (channel, giveUp, from) => void log.push(`connect:${channel}:${String(giveUp)}:${from}`),
    disconnect: (channel) => void log.push(`disconnect:${channel}`),
    close: async () => undefined,
  };
  const telemetry = new MemoryTelemetry();
  return { comm, storage, ledger, orderer, telemetry, clock: monotonicClock(), release: () => persistResolve?.(), ...(scheduler ? { scheduler } : {}) };
}

/** A reducer whose state is the list of inputs it saw and whose effects are scripted per input kind. */
function scripted(script: (input: HostInput) => readonly Effect[] | 'throw'): PeerReducer<HostInput[]> {
  return {
    step(state, input) {
      const effects = script(input);
      if (effects === 'throw') throw new Error('reducer bug');
      return [[...state, input], effects];
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('runtime host', () => {
  it('[GEN-FUNC-RUNTIME-ONE-STEP.1] [GEN-FUNC-RUNTIME-EFFECTS.1] performs effects in order, awaiting persist before a later send, and steps one input at a time', async () => {
    const log: Log = [];
    const p = ports(log);
    const reducer = scripted((input) =>
      input.kind === 'command'
        ? [
            { kind: 'persist', key: 'k', value: 1 },
            { kind: 'send', to: [{ pkiId: 'x' as never, endpoint: 'e' }], message: {} },
          ]
        : [{ kind: 'send', to: [{ pkiId: 'y' as never, endpoint: 'e' }], message: {} }],
    );
    const host = new PeerHost(reducer, [[], []], p);
    await host.start();
    host.submit({ kind: 'command', command: 'a' });
    host.submit({ kind: 'presumedDead', pkiId: 'z' });
    await flush();
    // The persist is not durable yet: neither the send after it nor the next input has happened.
    expect(log).toEqual(['persist-start:k']);
    expect(host.peerState().map((i) => i.kind)).toEqual(['command']);
    p.release();
    await host.settled();
    expect(log).toEqual(['persist-start:k', 'persist-done:k', 'send:x', 'send:y']);
    expect(host.peerState().map((i) => i.kind)).toEqual(['command', 'presumedDead']);
    const times = host.peerState().map((i) => i.nowMs);
    expect(times[1]).toBeGreaterThanOrEqual(times[0] as number);
    await host.stop();
  });

  it('[GEN-FUNC-RUNTIME-EFFECTS.1] answers come back as later inputs: handshake, ledger read; commits and orderer connections go to their ports', async () => {
    const log: Log = [];
    const p = ports(log);
    const reducer = scripted((input) =>
      input.kind === 'command'
        ? [
            { kind: 'handshake', endpoint: 'h:1', attempt: 3 },
            { kind: 'readLedger', channel: 'ch' as never, startSeq: 1 as never, endSeq: 2 as never, correlation: 7 },
            { kind: 'deliverToLedger', channel: 'ch' as never, seq: 4 as never, block: {} },
            { kind: 'connectOrderer', channel: 'ch' as never, giveUpAfterMs: 50 },
            { kind: 'leadershipChanged', channel: 'ch' as never, isLeader: true },
            { kind: 'closeConnection', pkiId: 'q' as never },
          ]
        : [],
    );
    const host = new PeerHost(reducer, [[], []], p);
    await host.start();
    host.submit({ kind: 'command', command: 'go' });
    for (let i = 0; i < 10 && host.peerState().length < 3; i++) await flush();
    await host.settled();
    expect(log).toEqual(['commit:ch:4', 'connect:ch:50:4', 'close:q']);
    const answers = host.peerState().slice(1);
    expect(answers).toContainEqual(expect.objectContaining({ kind: 'handshakeResult', endpoint: 'h:1', attempt: 3, result: { ok: true, pkiId: 'remote', identity: 'id@h:1' } }));
    expect(answers).toContainEqual(expect.objectContaining({ kind: 'ledgerRead', channel: 'ch', correlation: 7, blocks: [{ seq: 1, block: 'ch:1-2' }] }));
    expect(host.leaderOf.get('ch')).toBe(true);
    expect(p.telemetry.logs.map((l) => l.message)).toEqual(expect.arrayContaining(['Committed block [4]', 'Becoming a leader']));
    await host.stop();
  });

  it('[GEN-FUNC-RUNTIME-NO-CRASH.1] a reducer that throws keeps its state; a malformed effect is counted and skipped, the rest performed', async () => {
    const log: Log = [];
    const p = ports(log);
    const reducer = scripted((input) =>
      input.kind === 'presumedDead' ? 'throw' : ([{ kind: 'send', to: 'nobody' }, { kind: 'bogus' }, null, { kind: 'closeConnection', pkiId: 'ok' }] as unknown as Effect[]),
    );
    const host = new PeerHost(reducer, [[], []], p);
    await host.start();
    host.submit({ kind: 'presumedDead', pkiId: 'z' });
    host.submit({ kind: 'command', command: 1 });
    await host.settled();
    expect(host.peerState().map((i) => i.kind)).toEqual(['command']);
    expect(p.telemetry.total('runtime_reducer_failures_total')).toBe(1);
    expect(p.telemetry.total('runtime_invalid_effects_total')).toBe(3);
    expect(log).toEqual(['close:ok']);
    await host.stop();
  });

  it('[GEN-FUNC-RUNTIME-TIMERS.1] a timer fires once as a timer input with its event; a re-armed or cancelled one does not fire; stop cancels all', async () => {
    const armed: { delayMs: number; fire: () => void; cancelled: boolean }[] = [];
    const scheduler: Scheduler = {
      after(delayMs, fire) {
        const t = { delayMs, fire, cancelled: false };
        armed.push(t);
        return { cancel: () => void (t.cancelled = true) };
      },
    };
    const log: Log = [];
    const p = ports(log, scheduler);
    const reducer = scripted((input) => {
      if (input.kind !== 'command') return [];
      const c = input.command as string;
      if (c === 'arm') return [{ kind: 'setTimer', timerId: 't', delayMs: 100, event: { ticket: 1 } }, { kind: 'setTimer', timerId: 'u', delayMs: 5, event: { ticket: 2 } }];
      if (c === 'rearm') return [{ kind: 'setTimer', timerId: 't', delayMs: 200, event: { ticket: 3 } }, { kind: 'cancelTimer', timerId: 'u' }];
      return [];
    });
    const host = new PeerHost(reducer, [[], []], p);
    await host.start();
    host.submit({ kind: 'command', command: 'arm' });
    host.submit({ kind: 'command', command: 'rearm' });
    await host.settled();
    expect(armed.map((t) => [t.delayMs, t.cancelled])).toEqual([[100, true], [5, true], [200, false]]);
    (armed[2] as { fire: () => void }).fire();
    await host.settled();
    expect(host.peerState().filter((i) => i.kind === 'timer')).toEqual([expect.objectContaining({ kind: 'timer', timerId: 't', event: { ticket: 3 } })]);
    host.submit({ kind: 'command', command: 'arm' });
    await host.settled();
    await host.stop();
    expect(armed.slice(3).every((t) => t.cancelled)).toBe(true);
    // A fire after stop is ignored.
    (armed[3] as { fire: () => void }).fire();
    expect(host.peerState().filter((i) => i.kind === 'timer')).toHaveLength(1);
  });

  it('[GEN-FUNC-RUNTIME-TIMERS.1] the real scheduler waits out delays beyond setTimeout\'s range instead of firing at once', () => {
    jest.useFakeTimers();
    try {
      const fired: number[] = [];
      const year = 365 * 24 * 3600 * 1000;
      REAL_SCHEDULER.after(year, () => fired.push(1));
      const cancelled = REAL_SCHEDULER.after(year, () => fired.push(2));
      jest.advanceTimersByTime(2 ** 31);
      expect(fired).toEqual([]);
      cancelled.cancel();
      jest.advanceTimersByTime(year);
      expect(fired).toEqual([1]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('[GEN-FUNC-RUNTIME-CLOCK.1] the clock starts at the wall time given and never goes back, in whole milliseconds', () => {
    const clock = monotonicClock(1_000_000.7);
    const first = clock.nowMs();
    expect(first).toBeGreaterThanOrEqual(1_000_000);
    expect(first).toBeLessThan(1_000_000 + 60_000);
    let last = first;
    for (let i = 0; i < 1000; i++) {
      const now = clock.nowMs();
      expect(Number.isInteger(now)).toBe(true);
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
  });
});
