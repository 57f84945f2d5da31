import { countOf, createWorld, simplePeerSpec } from '../../src/sim';
import { advanceTo, command, DEFAULT_NETWORK, heal, partition, setNetwork, traceEvents, type TraceEvent, type World } from '../../src/sim';
import { inputsOf, ref, script, testPeerInit, testPeerReducer, testWorld, type TestPeerState } from './test-peer';

/** p0 sends `count` messages, one per ms, to each of the given peers. */
function sendMany(world: World<TestPeerState>, to: string[], count: number): World<TestPeerState> {
  let w = world;
  for (let i = 0; i < count; i++) {
    w = command(advanceTo(w, w.nowMs + 1), 'p0', script([{ kind: 'send', to: to.map(ref), message: { n: i } }]));
  }
  return advanceTo(w, w.nowMs + 10_000);
}

type Line<K extends TraceEvent['k']> = Extract<TraceEvent, { k: K }>;
const lines = <K extends TraceEvent['k']>(w: World<unknown>, k: K): Line<K>[] => traceEvents(w).filter((l): l is Line<K> => l.k === k);

/** Delivery latency of every delivered envelope, with its recipient. */
function latencies(w: World<TestPeerState>): { to: string; ms: number }[] {
  const sentAt = new Map(lines(w, 'send').map((l) => [l.id, l.t]));
  return lines(w, 'deliver').map((l) => ({ to: l.to, ms: l.t - (sentAt.get(l.id) as number) }));
}

describe('[SIM-FUNC-LATENCY.1] latency', () => {
  it('[GEN-ASM-NETWORK-FAULTS.1] [SIM-FUNC-LATENCY.1] every delivery takes between min and max latency, with jitter', () => {
    const w = sendMany(testWorld({ network: { minLatencyMs: 5, maxLatencyMs: 20 } }), ['p1', 'p2', 'p3'], 40);
    const ms = latencies(w).map((l) => l.ms);
    expect(ms).toHaveLength(120);
    expect(Math.min(...ms)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...ms)).toBeLessThanOrEqual(20);
    expect(new Set(ms).size).toBeGreaterThan(5);
  });

  it('[GEN-ASM-NETWORK-FAULTS.1] [SIM-FUNC-LATENCY.1] [SIM-ASM-NETWORK-MODEL.1] jitter reorders: some message overtakes an earlier one', () => {
    const w = sendMany(testWorld({ network: { minLatencyMs: 1, maxLatencyMs: 30 } }), ['p1'], 40);
    const order = inputsOf(w, 'p1', 'receive').map((i) => (i.payload as { n: number }).n);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    expect(order).not.toEqual([...Array(40).keys()]);
  });

  it('[SIM-FUNC-LATENCY.1] a slow peer multiplies the latency of envelopes to and from it', () => {
    const w = sendMany(testWorld({ network: { minLatencyMs: 1, maxLatencyMs: 10, slowPeers: { p1: 10 } } }), ['p1', 'p2'], 30);
    const toP1 = latencies(w).filter((l) => l.to === 'p1').map((l) => l.ms);
    const toP2 = latencies(w).filter((l) => l.to === 'p2').map((l) => l.ms);
    expect(Math.min(...toP1)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...toP1)).toBeLessThanOrEqual(100);
    expect(Math.max(...toP2)).toBeLessThanOrEqual(10);
  });

  it('[SIM-PARAM-NETWORK-DEFAULTS.1] defaults: 1..10 ms, no loss, no duplication, dialTimeout 3 s', () => {
    expect(DEFAULT_NETWORK).toEqual({
      minLatencyMs: 1,
      maxLatencyMs: 10,
      slowPeers: {},
      lossProbability: 0,
      duplicationProbability: 0,
      dialTimeoutMs: 3000,
      ordererLatencyMs: 1,
    });
  });

  it('[SIM-PARAM-NETWORK-DEFAULTS.1] nonsense settings are rejected when set', () => {
    expect(() => setNetwork(testWorld(), { lossProbability: 2 })).toThrow(/lossProbability/);
    expect(() => setNetwork(testWorld(), { minLatencyMs: 9, maxLatencyMs: 3 })).toThrow(/minLatencyMs/);
    expect(() => testWorld({ network: { slowPeers: { nobody: 2 } } })).toThrow(/unknown peer/);
  });
});

describe('[SIM-FUNC-LOSS.1] [SIM-FUNC-DUPLICATION.1] loss and duplication', () => {
  it('[SIM-FUNC-LOSS.1] loss 1.0 drops everything', () => {
    const w = sendMany(testWorld({ network: { lossProbability: 1 } }), ['p1', 'p2'], 20);
    expect(inputsOf(w, 'p1', 'receive')).toEqual([]);
    expect(inputsOf(w, 'p2', 'receive')).toEqual([]);
    expect(countOf(w.stats, 'drop:lost')).toBe(40);
    expect(countOf(w.stats, 'deliver')).toBe(0);
  });

  it('[GEN-ASM-NETWORK-FAULTS.1] [SIM-FUNC-LOSS.1] loss 0.5 drops some and delivers the rest, each envelope exactly one fate', () => {
    const w = sendMany(testWorld({ network: { lossProbability: 0.5 } }), ['p1'], 100);
    const lost = countOf(w.stats, 'drop:lost');
    const delivered = countOf(w.stats, 'deliver');
    expect(lost + delivered).toBe(100);
    expect(lost).toBeGreaterThan(20);
    expect(delivered).toBeGreaterThan(20);
  });

  it('[GEN-ASM-NETWORK-FAULTS.1] [SIM-FUNC-DUPLICATION.1] duplication 1.0 delivers every envelope twice under one id', () => {
    const w = sendMany(testWorld({ network: { duplicationProbability: 1 } }), ['p1'], 10);
    expect(inputsOf(w, 'p1', 'receive')).toHaveLength(20);
    const perId = new Map<number, number>();
    for (const l of lines(w, 'deliver')) perId.set(l.id, (perId.get(l.id) ?? 0) + 1);
    expect([...perId.values()]).toEqual(Array(10).fill(2));
  });
});

describe('[SIM-FUNC-SEND-RESOLVE.1] recipients', () => {
  it('[SIM-FUNC-SEND-RESOLVE.1] recipients resolve by PKI-ID; an unknown one is traced as sent, then dropped and counted', () => {
    let w = command(testWorld(), 'p0', script([{ kind: 'send', to: [ref('p2'), ref('ghost')], message: 'hi' }]));
    w = advanceTo(w, 100);
    expect(inputsOf(w, 'p2', 'receive').map((i) => [i.payload, i.from.pkiId, i.from.endpoint])).toEqual([['hi', 'p0', 'p0:7051']]);
    expect(lines(w, 'drop').map((l) => [l.to, l.reason])).toEqual([['?ghost', 'unknownPkiId']]);
    expect(countOf(w.stats, 'drop:unknownPkiId')).toBe(1);
  });
});

describe('[SIM-FUNC-PARTITION.1] partitions', () => {
  const receivedBy = (w: World<TestPeerState>) => ['p0', 'p1', 'p2', 'p3'].filter((n) => inputsOf(w, n, 'receive').length > 0);

  it('[GEN-ASM-PARTITIONS.1] [SIM-FUNC-PARTITION.1] a flood stays inside its group; an unlisted peer is in the extra group', () => {
    let w = partition(testWorld(), [['p0', 'p1'], ['p2']]);
    w = advanceTo(command(w, 'p0', { op: 'start' }), 1000);
    expect(receivedBy(w)).toEqual(['p1']);
    // p0 -> p2, p0 -> p3, then p1's forward (to all but the sender p0) -> p2, p3.
    expect(countOf(w.stats, 'drop:partitioned')).toBe(4);
  });

  it('[SIM-FUNC-PARTITION.1] peers named in no group share one group', () => {
    let w = partition(testWorld(), [['p0']]);
    w = advanceTo(command(w, 'p1', { op: 'start' }), 1000);
    expect(receivedBy(w)).toEqual(['p2', 'p3']);
  });

  it('[GEN-ASM-PARTITIONS.1] [SIM-FUNC-PARTITION.1] an envelope in flight when a partition starts is dropped on arrival', () => {
    let w = testWorld({ network: { minLatencyMs: 50, maxLatencyMs: 50 } });
    w = command(w, 'p0', script([{ kind: 'send', to: [ref('p2')], message: 'x' }]));
    w = partition(advanceTo(w, 10), [['p0'], ['p2']]);
    w = advanceTo(w, 1000);
    expect(inputsOf(w, 'p2', 'receive')).toEqual([]);
    expect(lines(w, 'drop').map((l) => [l.t, l.reason])).toEqual([[50, 'partitioned']]);
  });

  it('[GEN-ASM-PARTITIONS.1] [SIM-FUNC-PARTITION.1] heal restores cross-group traffic', () => {
    let w = partition(testWorld(), [['p0'], ['p1', 'p2', 'p3']]);
    w = advanceTo(command(w, 'p0', { op: 'start' }), 1000);
    expect(receivedBy(w)).toEqual([]);
    w = advanceTo(command(heal(w), 'p0', { op: 'start' }), 2000);
    // p0 itself may get a forward back (a peer forwards to all but the one it first heard from).
    expect(receivedBy(w).filter((n) => n !== 'p0')).toEqual(['p1', 'p2', 'p3']);
  });

  it('[SIM-FUNC-PARTITION.1] unknown or repeated names are caller errors', () => {
    expect(() => partition(testWorld(), [['p0', 'nobody']])).toThrow(/unknown peer/);
    expect(() => partition(testWorld(), [['p0'], ['p0']])).toThrow(/two groups/);
  });
});

describe('[SIM-FUNC-CONNECTION-ENDPOINT.1] connection info', () => {
  it('[SIM-FUNC-CONNECTION-ENDPOINT.1] same-org recipients see the internal endpoint, other orgs the external one', () => {
    const specs = [simplePeerSpec('a1', 'OrgA'), simplePeerSpec('a2', 'OrgA'), simplePeerSpec('b1', 'OrgB')];
    const base = createWorld({ seed: 3, peers: specs, reducer: testPeerReducer, initPeer: testPeerInit(specs) });
    const w = advanceTo(command(base, 'a1', script([{ kind: 'send', to: [ref('a2'), ref('b1')], message: 'hi' }])), 100);
    expect(inputsOf(w, 'a2', 'receive').map((i) => i.from.endpoint)).toEqual(['a1:7051']);
    expect(inputsOf(w, 'b1', 'receive').map((i) => i.from.endpoint)).toEqual(['a1.ext:7051']);
  });
});
