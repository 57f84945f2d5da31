import type { Effect } from '../../src/core';
import {
  command,
  countOf,
  cutBlock,
  inject,
  replay,
  runSchedule,
  summarize,
  swarmSchedule,
  traceNdjson,
  type Scenario,
  type ScheduleItem,
  type World,
} from '../../src/sim';
import { NAMES, script, testWorld, type TestPeerState } from './test-peer';

const LOSSY = { minLatencyMs: 1, maxLatencyMs: 30, lossProbability: 0.3, duplicationProbability: 0.1 };

/** Every peer ticks and floods a few times; p1 leads a channel and commits what it is streamed. */
const WORKLOAD: ScheduleItem[] = [
  ...NAMES.map((peer, i): ScheduleItem => ({ atMs: i, action: { kind: 'command', peer, command: { op: 'tick', everyMs: 300 + 50 * i } } })),
  ...[100, 700, 1300, 1900].flatMap((atMs, i): ScheduleItem[] => [
    { atMs, action: { kind: 'command', peer: NAMES[i % NAMES.length] as string, command: { op: 'start' } } },
    { atMs: atMs + 1, action: { kind: 'cutBlock', channel: 'ch' } },
  ]),
  { atMs: 50, action: { kind: 'command', peer: 'p1', command: script([{ kind: 'connectOrderer', channel: 'ch' as never }]) } },
  { atMs: 900, action: { kind: 'partition', groups: [['p0', 'p1'], ['p2']] } },
  { atMs: 1500, action: { kind: 'heal' } },
  { atMs: 1100, action: { kind: 'restart', peer: 'p3' } },
];

const scenario: Scenario<TestPeerState> = {
  makeWorld: (seed) => testWorld({ seed, network: LOSSY }),
  schedule: WORKLOAD,
  untilMs: 3000,
};

describe('[SIM-FUNC-DETERMINISM.1] one seed, one trace', () => {
  it('[SIM-FUNC-DETERMINISM.1] two runs from one seed give byte-identical traces and summaries', () => {
    const a = replay(7, scenario);
    const b = replay(7, scenario);
    expect(a.ndjson).toBe(b.ndjson);
    expect(summarize(a.world)).toEqual(summarize(b.world));
    // The run did exercise the network: sends, deliveries, losses and duplicates all happened.
    for (const kind of ['send', 'deliver', 'drop:lost', 'dup', 'timer', 'ordererBlock']) expect(countOf(a.world.stats, kind)).toBeGreaterThan(0);
  });

  it('[SIM-FUNC-DETERMINISM.1] a different seed gives a different trace on a lossy network', () => {
    expect(replay(7, scenario).ndjson).not.toBe(replay(8, scenario).ndjson);
  });

  it('[SIM-FUNC-DETERMINISM.1] a swarm fault schedule is a function of its seed', () => {
    const options = { untilMs: 10_000, faultCount: 12 };
    expect(swarmSchedule(5, NAMES, options)).toEqual(swarmSchedule(5, NAMES, options));
    expect(swarmSchedule(5, NAMES, options)).not.toEqual(swarmSchedule(6, NAMES, options));
    const times = swarmSchedule(5, NAMES, options).map((i) => i.atMs);
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });
});

describe('[SIM-FUNC-VALUE-SEMANTICS.1] worlds are values', () => {
  const fingerprint = (w: World<TestPeerState>) => JSON.stringify({ s: summarize(w), t: traceNdjson(w), now: w.nowMs, step: w.step });

  it('[SIM-FUNC-VALUE-SEMANTICS.1] running from a world leaves it unchanged, so one world can branch twice identically', () => {
    const start = testWorld({ seed: 11, network: LOSSY });
    const before = fingerprint(start);
    const first = runSchedule(start, WORKLOAD, 3000);
    expect(fingerprint(start)).toBe(before);
    const second = runSchedule(start, WORKLOAD, 3000);
    expect(fingerprint(second)).toBe(fingerprint(first));
    expect(fingerprint(first)).not.toBe(before);
  });
});

describe('[SIM-FUNC-TRACE.1] trace lines', () => {
  it('[SIM-FUNC-TRACE.1] lines are canonical: sorted keys, bigints as $u64, step and time on each', () => {
    const message = { z: 1, a: 2n ** 64n - 1n };
    const w = command(testWorld(), 'p0', script([{ kind: 'send', to: [{ pkiId: 'p1' as never, endpoint: '' }], message }]));
    const lines = traceNdjson(w).trimEnd().split('\n');
    const send = lines.find((l) => l.includes('"k":"send"'));
    expect(send).toBe('{"from":"p0","id":0,"k":"send","payload":{"a":{"$u64":"18446744073709551615"},"z":1},"s":1,"t":0,"to":"p1"}');
  });

  it('[GEN-ASM-EFFECT-ORDER.1] [SIM-FUNC-TRACE.1] log and metric effects only reach the trace and the counters', () => {
    const effects: Effect[] = [
      { kind: 'log', level: 'warn', message: 'odd', fields: { x: 1 } },
      { kind: 'metric', name: 'gossip_sent', value: 3 },
    ];
    const w = command(testWorld(), 'p3', script(effects));
    const lines = traceNdjson(w).trimEnd().split('\n').slice(-2);
    expect(lines).toEqual([
      '{"k":"log","level":"warn","message":"odd","peer":"p3","s":1,"t":0}',
      '{"k":"metric","name":"gossip_sent","peer":"p3","s":1,"t":0,"value":3}',
    ]);
    expect([countOf(w.stats, 'log'), countOf(w.stats, 'metric'), w.failure]).toEqual([1, 1, undefined]);
  });

  it('[SIM-FUNC-TRACE.1] a value that cannot be encoded is marked, not fatal', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['me'] = cyclic;
    const lines = traceNdjson(inject(testWorld(), 'p1', cyclic)).trimEnd().split('\n');
    const injected = JSON.parse(lines.find((l) => l.includes('"k":"inject"')) as string) as { payload: { $unencodable: string } };
    expect(injected.payload.$unencodable).toMatch(/RangeError/);
  });

  it('[SIM-FUNC-TRACE.1] tracing off keeps counters but no lines', () => {
    const w = runSchedule(testWorld({ tracing: false, network: LOSSY }), WORKLOAD, 3000);
    expect(traceNdjson(w)).toBe('');
    expect(countOf(w.stats, 'send')).toBeGreaterThan(0);
    expect(summarize(w).counts).toEqual(summarize(runSchedule(testWorld({ network: LOSSY }), WORKLOAD, 3000)).counts);
  });
});

describe('[SIM-FUNC-SUMMARY.1] summary', () => {
  it('[SIM-FUNC-SUMMARY.1] counts by kind, ledger heights, leaders, orderer streams', () => {
    const commit: Effect = { kind: 'deliverToLedger', channel: 'ch' as never, seq: 0 as never, block: { channel: 'ch', seq: 0, previousHash: '' } };
    let w = cutBlock(testWorld(), 'ch');
    const lead: Effect = { kind: 'leadershipChanged', channel: 'ch' as never, isLeader: true };
    w = command(w, 'p2', script([commit, lead, { kind: 'connectOrderer', channel: 'ch' as never }]));
    const s = summarize(w);
    expect(s.peers['p2']).toEqual({ alive: true, incarnation: 0, ledgerHeights: { ch: 1 }, leaderOf: ['ch'], armedTimers: 0 });
    expect(s.peers['p0']?.ledgerHeights).toEqual({});
    expect(s.leaders).toEqual({ ch: ['p2'] });
    expect(s.orderer).toEqual({ ch: { height: 1, connected: ['p2'], reachable: true } });
    expect(s.counts).toMatchObject({ init: 4, cut: 1, command: 1, commit: 1, leader: 1, ordererConnect: 1 });
    expect(s.queuedHostEvents).toBe(1); // the stream event that will hand block 0 to p2
  });
});
