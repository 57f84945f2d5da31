/**
 * Pull over an unreliable network: fast-check draws the peers, their items and, per message, loss,
 * duplication and delay. The harness checks every PUL-SAFE invariant after every step; once faults
 * stop (no loss, no duplication, delays below digestWaitTime) every peer must hold the union of all
 * items within the stated bound.
 */
import fc from 'fast-check';
import { nextFloat, nextInt, seedPrng, type Prng } from '../../src/core';
import { FABRIC_TEST_PARAMS, PullNet } from './harness';

const P = FABRIC_TEST_PARAMS;
const FAULTS_END_MS = 3000;
/** [PUL-LIVE-UNION.1] the bound: three pull intervals after faults stop, for all-to-all selection. */
const BOUND_MS = 3 * P.pullIntervalMs;

const scenario = fc.record({
  peerCount: fc.integer({ min: 2, max: 5 }),
  items: fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }), { minLength: 5, maxLength: 5 }),
  lossPct: fc.integer({ min: 0, max: 60 }),
  dupPct: fc.integer({ min: 0, max: 30 }),
  maxDelayMs: fc.integer({ min: 0, max: 400 }),
  seed: fc.integer(),
});

describe('pull properties', () => {
  it('[PUL-LIVE-UNION.1] [PUL-SAFE-UNIQUE-NONCES.1] [PUL-SAFE-ACCEPT-IN-WINDOW.1] invariants hold under loss, duplication and delay; after faults stop every peer holds the union', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const net = new PullNet({ ...P, pullPeerNum: s.peerCount - 1 });
        const names = Array.from({ length: s.peerCount }, (_, i) => `p${i}`);
        const ids = names.map((n, i) => net.spawn(n, s.seed + i, (s.items[i] ?? []).map(String)));
        ids.forEach((id) => net.setPeers(id, names));
        let prng: Prng = seedPrng(s.seed);
        net.link = () => {
          let loss: number, dup: number, delay: number;
          [loss, prng] = nextFloat(prng);
          [dup, prng] = nextFloat(prng);
          const faulty = net.nowMs < FAULTS_END_MS;
          [delay, prng] = nextInt(prng, 0, faulty ? s.maxDelayMs : P.digestWaitTimeMs / 5);
          if (faulty && loss * 100 < s.lossPct) return undefined;
          return { delayMs: delay, copies: faulty && dup * 100 < s.dupPct ? 2 : 1 };
        };
        net.runUntil(FAULTS_END_MS + BOUND_MS);
        const union = [...new Set(s.items.slice(0, s.peerCount).flat().map(String))].sort((a, b) => Number(a) - Number(b));
        for (const id of ids) expect(net.items(id)).toEqual(union);
      }),
      { numRuns: 60 },
    );
  });
});
