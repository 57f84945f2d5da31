/**
 * [GEN-SAFE-PURE-STEP.1] on real reducers: the batching emitter (an xstate machine run through
 * transition()) and a simulator world (the host as a value), plus a scan of the pure layers for the
 * clock, global randomness and timers that would make a step impure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_EMITTER_PARAMS, emitterReducer, FLUSH_TIMER_EVENT, type EmitterEvent, type EmitterState } from '../../src/emitter';
import { allPeerSlots, command, countOf, inFlight, stepWorld, summarize, traceNdjson, type World } from '../../src/sim';
import { testWorld, type TestPeerState } from '../sim/test-peer';

/** Freeze a value and everything it holds, so that any write to it throws (strict mode). */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key], seen);
  return Object.freeze(value);
}

const eventArb: fc.Arbitrary<EmitterEvent> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 3 }).map((m): EmitterEvent => ({ type: 'ADD', item: { message: m } })) },
  { weight: 3, arbitrary: fc.constant<EmitterEvent>({ type: FLUSH_TIMER_EVENT }) },
  { weight: 1, arbitrary: fc.constant<EmitterEvent>({ type: 'STOP' }) },
);

/** What an emitter state holds, as plain data (the snapshot also refers to the machine itself). */
const emitterData = (s: EmitterState) => JSON.stringify({ value: s.value, status: s.status, context: s.context });

/** Everything observable of a world, as text. */
function worldData(w: World<TestPeerState>): string {
  const peers = allPeerSlots(w).map((p) => ({ alive: p.alive, incarnation: p.incarnation, state: p.state, timers: [...p.timers] }));
  return JSON.stringify({ summary: summarize(w), trace: traceNdjson(w), now: w.nowMs, prng: w.prng, inFlight: inFlight(w), peers });
}

describe('[GEN-SAFE-PURE-STEP.1] steps are pure', () => {
  it('[GEN-SAFE-PURE-STEP.1] the emitter: equal state and input give deep-equal results, and the input state is never written', () => {
    const [a, outA] = emitterReducer.init(DEFAULT_EMITTER_PARAMS);
    const [b, outB] = emitterReducer.init(DEFAULT_EMITTER_PARAMS);
    expect([emitterData(a), outA]).toEqual([emitterData(b), outB]);
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        let state = emitterReducer.init({ ...DEFAULT_EMITTER_PARAMS, maxPropagationBurstSize: 4 })[0];
        for (const event of events) {
          deepFreeze(state.context);
          const before = emitterData(state);
          const [next1, out1] = emitterReducer.step(state, event);
          const [next2, out2] = emitterReducer.step(state, event);
          expect([emitterData(next1), out1]).toEqual([emitterData(next2), out2]);
          expect(emitterData(state)).toBe(before);
          state = next1;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('[GEN-SAFE-PURE-STEP.1] a simulator world: stepping one world twice gives equal worlds and leaves it unchanged', () => {
    let w = command(testWorld({ seed: 9, network: { lossProbability: 0.2, duplicationProbability: 0.2 } }), 'p0', { op: 'start' });
    w = command(w, 'p2', { op: 'tick', everyMs: 3 });
    for (let i = 0; i < 40; i++) {
      const before = worldData(w);
      const once = stepWorld(w);
      const twice = stepWorld(w);
      expect(worldData(twice)).toBe(worldData(once));
      expect(worldData(w)).toBe(before);
      expect(once.step).toBe(w.step + 1);
      w = once;
    }
    expect(countOf(w.stats, 'deliver')).toBeGreaterThan(0);
  });

  it('[GEN-SAFE-PURE-STEP.1] the pure layers read no clock, global randomness or timers', () => {
    const root = path.join(__dirname, '..', '..', 'src');
    const pure = ['core', 'messages', 'config', 'emitter', 'membership', 'election', 'dissemination', 'pull', 'channel', 'statetransfer', 'security', 'peer', 'sim'];
    const forbidden = [/\bDate\.now\b/, /\bnew Date\b/, /\bMath\.random\b/, /\bset(Timeout|Interval|Immediate)\b/, /\bperformance\.now\b/, /\bprocess\.hrtime\b/, /\bcrypto\.(getRandomValues|randomUUID|randomBytes)\b/];
    const files = pure
      .map((dir) => path.join(root, dir))
      .filter((dir) => fs.existsSync(dir))
      .flatMap((dir) => (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)))
      .filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    const offences = files.flatMap((file) => {
      // Comments may say what is forbidden; only code counts.
      const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      return forbidden.filter((re) => re.test(code)).map((re) => `${path.relative(root, file)}: ${re.source}`);
    });
    expect(offences).toEqual([]);
  });
});
