/**
 * The Byzantine peer model itself (src/sim/byzantine): the wrapper leaves honest peers alone, a
 * Byzantine peer signs only as itself, remembers a bounded window, draws every choice from its
 * seeded stream, and the schedules put Byzantine peers and bursts where they matter.
 */
import fc from 'fast-check';
import { canonicalEncode, createSymbolicSuite, forkPrng, type SigningKey } from '../../src/core';
import {
  ATTACK_KINDS,
  BYZANTINE_TIMER_ID,
  advanceBy,
  attack,
  byzantineScenarioArb,
  command,
  createWorld,
  isByzantineState,
  peerState,
  traceEvents,
  withByzantine,
  type AttackContext,
  type ByzantineState,
  type ScheduleItem,
  type WithByzantine,
} from '../../src/sim';
import { payloadSignature, signedBytesOf } from '../../src/messages';
import { ref, script, specsOf, testPeerInit, testPeerReducer, type TestPeerState } from './test-peer';

const NAMES = ['p0', 'p1', 'p2', 'p3'];
const SPECS = specsOf(NAMES);
const CHANNELS = ['ch', 'other'];

function enrolled(seed = 9) {
  const suite = createSymbolicSuite(seed);
  const keys = new Map<string, SigningKey>(SPECS.map((s) => [s.name, suite.enroll(s.org, s.name)]));
  return { suite, keys };
}

function world(seed: number, byzantine: readonly string[], extra: { seenLimit?: number } = {}) {
  const { suite, keys } = enrolled();
  const parts = withByzantine<TestPeerState>(testPeerReducer, testPeerInit(SPECS), {
    seed,
    byzantine,
    peers: SPECS,
    suite,
    keyOf: (name) => (byzantine.includes(name) ? keys.get(name) : undefined),
    channels: CHANNELS,
    attackEveryMs: 100,
    ...extra,
  });
  return createWorld<WithByzantine<TestPeerState>>({ seed, peers: SPECS, reducer: parts.reducer, initPeer: parts.initPeer });
}

/** Every {payload, signature} object inside a value. */
function signedParts(v: unknown, out: { payload: unknown; signature: unknown }[] = [], depth = 0): { payload: unknown; signature: unknown }[] {
  if (v === null || typeof v !== 'object' || depth > 8) return out;
  if (!Array.isArray(v) && 'payload' in v && 'signature' in v) out.push(v as { payload: unknown; signature: unknown });
  for (const x of Object.values(v).slice(0, 50)) signedParts(x, out, depth + 1);
  return out;
}

describe('the Byzantine peer model', () => {
  it('[SIM-FUNC-BYZANTINE-WRAPPER.1] with no Byzantine peer the world is the honest one, trace for trace; with one, the others still run the honest reducer', () => {
    const flood = (w: ReturnType<typeof world>) => advanceBy(command(w, 'p0', { op: 'start' }), 200);
    const { suite } = enrolled();
    const plain = createWorld<TestPeerState>({ seed: 4, peers: SPECS, reducer: testPeerReducer, initPeer: testPeerInit(SPECS) });
    const wrapped = world(4, []);
    const lines = (w: { trace: unknown }) => traceEvents(w as never).map((l) => canonicalEncode(l));
    expect(lines(flood(wrapped))).toEqual(lines(advanceBy(command(plain, 'p0', { op: 'start' }), 200)));
    const mixed = flood(world(4, ['p2']));
    expect(isByzantineState(peerState(mixed, 'p2'))).toBe(true);
    for (const n of ['p0', 'p1', 'p3']) expect(isByzantineState(peerState(mixed, n))).toBe(false);
    // The Byzantine peer's honest shell took part in the flood as an honest peer would.
    expect((peerState(mixed, 'p2') as ByzantineState<TestPeerState>).shell?.seen.length).toBeGreaterThan(0);
    expect(suite.name).toBe('symbolic');
  });

  it('[SIM-ASM-BYZANTINE-INSIDER.1] [GEN-ASM-BYZANTINE-NO-FORGERY.1] every envelope a Byzantine peer sends that verifies for another identity is a replay of one it received', () => {
    const { suite, keys } = enrolled();
    const self = SPECS[1]!;
    const ctx: AttackContext = { self, key: keys.get(self.name)!, suite, others: SPECS.filter((s) => s !== self), channels: CHANNELS, floodSize: 3 };
    // What it received: envelopes honestly signed by the other peers.
    const received = SPECS.filter((s) => s !== self).map((s, i) => {
      const payload = { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'aliveMsg', aliveMsg: { membership: { endpoint: s.externalEndpoint, metadata: '', pkiId: s.pkiId }, timestamp: { incNum: 1n, seqNum: BigInt(i) }, identity: s.identity } } };
      return { payload, signature: payloadSignature(suite, keys.get(s.name)!, payload) };
    });
    // A replay is a signature over the same signed bytes as one received: a value that marshals to
    // the same bytes (an extra key the wire has no field for) is the same message on the wire.
    const wireOf = (bytes: Uint8Array, signature: unknown): string => `${Buffer.from(bytes).toString('hex')}/${String(signature)}`;
    const replays = new Set(received.map((e) => wireOf(signedBytesOf(suite, e)!, e.signature)));
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(...ATTACK_KINDS), (seed, kind) => {
        const st: ByzantineState<undefined> = { byzantine: true, spec: self, shell: undefined, prng: forkPrng(seed, 'b'), seen: received, seenTotal: received.length, startMs: 0, fresh: 0, attacking: true, sent: {} };
        const [next, hostile] = attack(kind, st, ctx);
        expect(hostile.length).toBeGreaterThan(0);
        expect(next.sent[kind]).toBe(hostile.length);
        for (const h of hostile) {
          for (const part of signedParts(h.payload)) {
            // What a receiver verifies: the signed bytes of the envelope as it arrives ([MSG-FUNC-SIGNED-BYTES.1]).
            let signed: Uint8Array | undefined;
            try {
              signed = signedBytesOf(suite, part as { payload: unknown; payloadBytes?: string });
            } catch {
              continue; // no signed bytes: verifies for nobody
            }
            if (signed === undefined) continue;
            for (const other of SPECS.filter((s) => s !== self)) {
              if (suite.verify(other.identity, signed, String(part.signature))) expect(replays.has(wireOf(signed, part.signature))).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('[SIM-ASM-BYZANTINE-INSIDER.1] a Byzantine peer without its own key does not start', () => {
    const { suite, keys } = enrolled();
    const parts = withByzantine<TestPeerState>(testPeerReducer, testPeerInit(SPECS), { seed: 1, byzantine: ['p1'], peers: SPECS, suite, keyOf: () => keys.get('p0'), channels: CHANNELS });
    expect(() => parts.initPeer(SPECS[1]!, 0, { incarnation: 0, ledgerHeights: {}, durable: {} })).toThrow(/own key/);
  });

  it('[SIM-FUNC-BYZANTINE-SEEN-BOUNDED.1] it remembers at most seenLimit received envelopes, the newest', () => {
    let w = world(2, ['p1'], { seenLimit: 5 });
    w = command(w, 'p1', { byzantine: 'pause' });
    const alive = (i: number) => ({ payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'empty', empty: {} } }, signature: `s${i}` });
    // 20 ms apart (latency is at most 10 ms): they arrive in order.
    for (let i = 0; i < 12; i++) w = advanceBy(command(w, 'p0', script([{ kind: 'send', to: [ref('p1')], message: alive(i) }])), 20);
    w = advanceBy(w, 50);
    const st = peerState(w, 'p1') as ByzantineState<TestPeerState>;
    expect(st.seen).toHaveLength(5);
    expect(st.seenTotal).toBe(12);
    expect(st.seen.map((e) => (e as { signature: string }).signature).sort()).toEqual(['s10', 's11', 's7', 's8', 's9']);
  });

  it('[SIM-FUNC-BYZANTINE-ATTACKS.1] [SIM-FUNC-DETERMINISM.1] attacks run on its timer, on command and on receipt, are drawn from its seeded stream, and stop while paused', () => {
    const run = (seed: number) => advanceBy(world(seed, ['p1', 'p2']), 2_000);
    const a = run(6);
    expect(traceEvents(a).map((l) => canonicalEncode(l))).toEqual(traceEvents(run(6)).map((l) => canonicalEncode(l)));
    const sent = (w: typeof a, n: string) => Object.values((peerState(w, n) as ByzantineState<TestPeerState>).sent).reduce((x, y) => x + (y ?? 0), 0);
    expect(sent(a, 'p1')).toBeGreaterThan(10);
    expect(traceEvents(a).filter((l) => l.k === 'timer' && l.timerId === BYZANTINE_TIMER_ID).length).toBeGreaterThan(10);
    const paused = command(a, 'p1', { byzantine: 'pause' });
    const later = advanceBy(paused, 1_000);
    expect(sent(later, 'p1') - sent(paused, 'p1')).toBeLessThanOrEqual(traceEvents(later).filter((l) => l.k === 'deliver' && l.to === 'p1' && l.t > paused.nowMs).length * 20);
    const quiet = advanceBy(command(command(world(6, ['p1']), 'p1', { byzantine: 'pause' }), 'p0', { op: 'effects', effects: [] }), 1_000);
    expect(sent(quiet, 'p1')).toBe(0);
    const burst = command(quiet, 'p1', { byzantine: 'burst', attacks: ['malformed', 'illegalTag'], target: 'p3' });
    expect((peerState(burst, 'p1') as ByzantineState<TestPeerState>).sent).toEqual({ malformed: 1, illegalTag: 1 });
  });

  it('[SIM-FUNC-BYZANTINE-SCHEDULES.1] scenarios never make a whole org Byzantine, send bursts only to Byzantine peers, and cluster them in election rounds and after heals', () => {
    const peers = NAMES.map((name, i) => ({ name, org: i % 2 === 0 ? 'Org1MSP' : 'Org2MSP' }));
    const o = { peers, maxByzantine: 2, electionStartMs: 1_000, electionRoundMs: 3_000, afterHealMs: 2_000, untilMs: 20_000 };
    let inWindows = 0;
    let bursts = 0;
    fc.assert(
      fc.property(byzantineScenarioArb(o), ({ byzantine, schedule }) => {
        expect(byzantine.length).toBeGreaterThanOrEqual(1);
        expect(byzantine.length).toBeLessThanOrEqual(2);
        for (const org of ['Org1MSP', 'Org2MSP']) expect(peers.filter((p) => p.org === org && !byzantine.includes(p.name)).length).toBeGreaterThan(0);
        const windows: [number, number][] = [[o.electionStartMs, o.electionStartMs + o.electionRoundMs]];
        for (const item of schedule as ScheduleItem[]) {
          expect(item.atMs).toBeLessThanOrEqual(o.untilMs);
          const a = item.action;
          if (a.kind === 'crash') windows.push([item.atMs, item.atMs + o.electionRoundMs]);
          if (a.kind === 'heal') windows.push([item.atMs, item.atMs + o.afterHealMs]);
          if (a.kind === 'crash' || a.kind === 'restart') expect(byzantine).not.toContain(a.peer);
        }
        for (const item of schedule as ScheduleItem[]) {
          if (item.action.kind !== 'command' || (item.action.command as { byzantine?: string }).byzantine !== 'burst') continue;
          expect(byzantine).toContain(item.action.peer);
          bursts += 1;
          if (windows.some(([from, to]) => item.atMs >= from && item.atMs <= to)) inWindows += 1;
        }
      }),
      { numRuns: 200 },
    );
    // Uniform times over 20 s would put few bursts in the windows; the bias puts most there.
    expect(inWindows / bursts).toBeGreaterThan(0.6);
  });
});
