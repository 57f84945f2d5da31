import fc from 'fast-check';
import { forkPrng, nextFloat, nextInt, nextNonce, seedPrng, selectPeers, shuffle, type Prng } from '../../src/core';

const RUNS = { numRuns: 300 };
const seed = () => fc.integer();
const ORDERS_OF_3 = ['abc', 'acb', 'bac', 'bca', 'cab', 'cba'];

/** Pearson's chi-square statistic of observed counts against a uniform expectation. */
function chiSquare(counts: ReadonlyMap<string, number>, categories: readonly string[], draws: number): number {
  const expected = draws / categories.length;
  return categories.reduce((sum, c) => sum + ((counts.get(c) ?? 0) - expected) ** 2 / expected, 0);
}

function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** The classic mistake: swap each position with any position (n^n outcomes over n! orders). */
function naiveShuffle<T>(prng: Prng, items: readonly T[]): [T[], Prng] {
  const out = items.slice();
  let p = prng;
  for (let i = 0; i < out.length; i++) {
    const [j, n] = nextInt(p, 0, out.length - 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
    p = n;
  }
  return [out, p];
}

// 5 degrees of freedom: the 0.1% critical value is 20.5; 30 is generous, yet a biased shuffle
// (e.g. the naive "swap with any index" one, whose orders come 4:5:5:4:4:5 of 27) scores far above it over 6000 draws.
const CHI_SQUARE_BOUND_5_DOF = 30;
// The same margin over the 0.1% critical values for 3 and 11 degrees of freedom (16.3 and 31.3).
const CHI_SQUARE_BOUND_3_DOF = 24;
const CHI_SQUARE_BOUND_11_DOF = 46;

describe('seeded PRNG', () => {
  it('[GEN-FUNC-PRNG-DETERMINISM.1] the same seed gives the same draws, and a Prng value is never changed by use', () => {
    fc.assert(fc.property(seed(), fc.array(fc.nat(), { maxLength: 8 }), (s, items) => {
      const draw = (p0: Prng) => {
        const [i, p1] = nextInt(p0, 0, 1000);
        const [perm, p2] = shuffle(p1, items);
        const [nonce, p3] = nextNonce(p2);
        return { i, perm, nonce, state: p3.state };
      };
      const prng = seedPrng(s);
      const before = [...prng.state];
      expect(draw(prng)).toEqual(draw(seedPrng(s)));
      expect(draw(prng)).toEqual(draw(prng));
      expect(prng.state).toEqual(before);
    }), RUNS);
  });

  it('[GEN-FUNC-PRNG-DETERMINISM.1] forked streams are reproducible per (seed, label) and differ between labels', () => {
    fc.assert(fc.property(seed(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (s, a, b) => {
      fc.pre(a !== b);
      expect(forkPrng(s, a)).toEqual(forkPrng(s, a));
      const drawsOf = (p: Prng) => Array.from({ length: 4 }, () => { const [v, n] = nextInt(p, 0, 0xffffffff); p = n; return v; });
      expect(drawsOf(forkPrng(s, a))).not.toEqual(drawsOf(forkPrng(s, b)));
    }), RUNS);
  });

  it('[GEN-FUNC-PRNG-RANGE.1] nextInt stays in [from, to], both included, and reaches both ends', () => {
    fc.assert(fc.property(seed(), fc.integer({ min: -1e9, max: 1e9 }), fc.nat(1e9), (s, from, width) => {
      const [v] = nextInt(seedPrng(s), from, from + width);
      expect(Number.isInteger(v) && v >= from && v <= from + width).toBe(true);
    }), RUNS);
    let p = seedPrng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) { const [v, n] = nextInt(p, 5, 7); seen.add(v); p = n; }
    expect([...seen].sort()).toEqual([5, 6, 7]);
  });

  it('[GEN-FUNC-PRNG-RANGE.1] nextFloat is in [0, 1) and nextNonce is a uint64', () => {
    fc.assert(fc.property(seed(), (s) => {
      const [f, p] = nextFloat(seedPrng(s));
      const [n] = nextNonce(p);
      expect(f >= 0 && f < 1).toBe(true);
      expect(n >= 0n && n < 1n << 64n).toBe(true);
    }), RUNS);
  });

  it('[GEN-FUNC-SHUFFLE.1] shuffle returns a permutation of its input and leaves the input alone', () => {
    fc.assert(fc.property(seed(), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 20 }), (s, items) => {
      const copy = [...items];
      const [perm] = shuffle(seedPrng(s), items);
      expect(items).toEqual(copy);
      expect([...perm].sort()).toEqual([...items].sort());
    }), RUNS);
  });

  it('[GEN-FUNC-SHUFFLE.1] shuffling 3 items under 6000 seeds gives all 6 orders about equally often', () => {
    const orders = Array.from({ length: 6000 }, (_, s) => shuffle(seedPrng(s), ['a', 'b', 'c'])[0].join(''));
    const counts = tally(orders);
    expect([...counts.keys()].sort()).toEqual(ORDERS_OF_3);
    expect(chiSquare(counts, ORDERS_OF_3, 6000)).toBeLessThan(CHI_SQUARE_BOUND_5_DOF);
  });

  it('[GEN-FUNC-SHUFFLE.1] successive shuffles along one stream give all 6 orders about equally often; a biased shuffle would not', () => {
    const ordersAlongOneStream = (shuffler: (p: Prng, items: readonly string[]) => [string[], Prng]) => {
      let p = seedPrng(20240601);
      const orders: string[] = [];
      for (let i = 0; i < 6000; i++) { const [perm, n] = shuffler(p, ['a', 'b', 'c']); orders.push(perm.join('')); p = n; }
      return tally(orders);
    };
    const counts = ordersAlongOneStream(shuffle);
    expect([...counts.keys()].sort()).toEqual(ORDERS_OF_3);
    expect(chiSquare(counts, ORDERS_OF_3, 6000)).toBeLessThan(CHI_SQUARE_BOUND_5_DOF);
    // The check has teeth: the same stream through the naive shuffle scores far above the bound.
    expect(chiSquare(ordersAlongOneStream(naiveShuffle), ORDERS_OF_3, 6000)).toBeGreaterThan(CHI_SQUARE_BOUND_5_DOF);
  });

  it('[GEN-FUNC-SELECT-PEERS.1] selectPeers takes the first k accepted members of the permutation shuffle draws, and draws only as far as it looks', () => {
    const pool = fc.uniqueArray(fc.nat(50), { maxLength: 15 });
    fc.assert(fc.property(seed(), fc.nat(20), pool, fc.nat(3), (s, k, members, modulus) => {
      const accept = (m: number) => m % (modulus + 1) === 0;
      const [chosen, after] = selectPeers(seedPrng(s), k, members, accept);
      const [perm] = shuffle(seedPrng(s), members);
      expect(chosen).toEqual(perm.filter(accept).slice(0, k));
      // The walk looks at positions until the k-th accepted one (all of them when fewer exist) and
      // draws one value per position it fixes: nextInt(i, n - 1) for position i, none for the last.
      let looked = 0;
      for (let taken = 0; looked < members.length && taken < k; looked++) if (accept(perm[looked] as number)) taken++;
      let expected = seedPrng(s);
      for (let i = 0; i < Math.min(looked, members.length - 1); i++) expected = nextInt(expected, i, members.length - 1)[1];
      expect(after).toEqual(expected);
      // Read as Fabric's contract: at most k, all accepted, no member twice, none left out while room remains.
      expect(chosen.length).toBe(Math.min(k, members.filter(accept).length));
      expect(chosen.every(accept)).toBe(true);
      expect(new Set(chosen).size).toBe(chosen.length);
    }), RUNS);
  });

  it('[GEN-FUNC-SELECT-PEERS.1] picking 1 of 4 under 8000 seeds picks each member about equally often, and picking 2 gives all 12 ordered pairs about equally often', () => {
    const pickOne = tally(Array.from({ length: 8000 }, (_, s) => selectPeers(seedPrng(s), 1, ['a', 'b', 'c', 'd'], () => true)[0].join('')));
    expect(chiSquare(pickOne, ['a', 'b', 'c', 'd'], 8000)).toBeLessThan(CHI_SQUARE_BOUND_3_DOF);
    const pairs = ['ab', 'ac', 'ad', 'ba', 'bc', 'bd', 'ca', 'cb', 'cd', 'da', 'db', 'dc'];
    const pickTwo = tally(Array.from({ length: 8000 }, (_, s) => selectPeers(seedPrng(s), 2, ['a', 'b', 'c', 'd'], () => true)[0].join('')));
    expect([...pickTwo.keys()].sort()).toEqual(pairs);
    expect(chiSquare(pickTwo, pairs, 8000)).toBeLessThan(CHI_SQUARE_BOUND_11_DOF);
  });
});
