/**
 * A seeded PRNG as a plain value (xoroshiro128+ from pure-rand, held as its 4-word state) so that
 * states stay serialisable and steps stay pure. Each subsystem carries its own stream so that a
 * new draw in one does not reshuffle another.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** [GEN-FUNC-PRNG-DETERMINISM.1] A plain value: the same value gives the same draws, and drawing returns a new one. */
export interface Prng {
  readonly state: readonly number[];
}

/**
 * xoroshiro128+ seeded with consecutive integers gives correlated first draws (seed s and s+1
 * start on a straight line), so the seed is scrambled first (murmur3's fmix32 finaliser) and the
 * first few outputs are discarded.
 */
export function seedPrng(seed: number): Prng {
  let h = seed | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  const rng = xoroshiro128plus(h);
  for (let i = 0; i < 4; i++) rng.next();
  return { state: rng.getState() };
}

/**
 * Derive an independent stream for a named consumer (a subsystem, a peer) from one seed: the same
 * stream for the same (seed, label) ([GEN-FUNC-PRNG-DETERMINISM.1]), and each subsystem forks its own
 * under its own label so that its draws never shift another's ([GEN-FUNC-PRNG-STREAMS.1]).
 */
export function forkPrng(seed: number, label: string): Prng {
  let h = seed | 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x5bd1e995) ^ (h >>> 15);
  return seedPrng(h);
}

/** [GEN-FUNC-PRNG-RANGE.1] Uniform integer in [from, to], both included (unbiased: pure-rand rejects out-of-range draws). */
export function nextInt(prng: Prng, from: number, to: number): [number, Prng] {
  const rng = xoroshiro128plusFromState(prng.state);
  const value = uniformInt(rng, from, to);
  return [value, { state: rng.getState() }];
}

/** [GEN-FUNC-PRNG-RANGE.1] Uniform float in [0, 1) with 32 bits of resolution (enough for loss and latency draws). */
export function nextFloat(prng: Prng): [number, Prng] {
  const [v, p] = nextInt(prng, 0, 0xffffffff);
  return [v / 0x100000000, p];
}

/** [GEN-FUNC-PRNG-RANGE.1] A 64-bit nonce, as Fabric's util.RandomUInt64. */
export function nextNonce(prng: Prng): [bigint, Prng] {
  const [hi, p1] = nextInt(prng, 0, 0xffffffff);
  const [lo, p2] = nextInt(p1, 0, 0xffffffff);
  return [(BigInt(hi) << 32n) | BigInt(lo), p2];
}

/**
 * [GEN-FUNC-SHUFFLE.1] Unbiased Fisher–Yates shuffle, front to back (position i is final after the
 * i-th draw, which lets `selectPeers` stop early on the same permutation); returns a new array and
 * leaves the input alone.
 */
export function shuffle<T>(prng: Prng, items: readonly T[]): [T[], Prng] {
  const out = items.slice();
  const rng = xoroshiro128plusFromState(prng.state);
  for (let i = 0; i < out.length - 1; i++) {
    const j = uniformInt(rng, i, out.length - 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return [out, { state: rng.getState() }];
}

/**
 * [GEN-FUNC-SELECT-PEERS.1] Fabric's filter.SelectPeers(k, pool, f): walk the permutation shuffle
 * would draw and take the first k members that satisfy f. The walk draws only as far as it looks:
 * the i-th member of a front-to-back Fisher–Yates is fixed by the i-th draw, so picking 3 of 1,000
 * costs a few draws, not 999 (Fabric draws rand.Perm in full; the chosen members have the same
 * distribution).
 */
export function selectPeers<T>(prng: Prng, k: number, pool: readonly T[], accept: (p: T) => boolean): [T[], Prng] {
  const n = pool.length;
  const chosen: T[] = [];
  if (n === 0 || k <= 0) return [chosen, prng];
  const draws = new Draws(prng);
  // Positions the walk has moved a member into; every other position still holds its own index.
  // The table is the call's own (no module state: a caller's `accept` may itself select).
  const moved = new Map<number, number>();
  for (let i = 0; i < n && chosen.length < k; i++) {
    let picked = moved.get(i) ?? i;
    if (i < n - 1) {
      const j = i + draws.below(n - i);
      const atJ = moved.get(j) ?? j;
      moved.set(j, picked);
      picked = atJ;
    }
    const p = pool[picked] as T;
    if (accept(p)) chosen.push(p);
  }
  return [chosen, draws.prng()];
}

/**
 * The draws `shuffle` makes, with the same values from the same stream and the same stream state
 * after: xoroshiro128+ and pure-rand's `uniformInt` (its rejection sampling for ranges below 2^32)
 * written out on four 32-bit words, because routing selects on every push and the generic
 * per-draw calls (a generator object and a state array per draw) dominated at 1,000 peers.
 */
class Draws {
  private s01: number;
  private s00: number;
  private s11: number;
  private s10: number;

  constructor(prng: Prng) {
    [this.s01, this.s00, this.s11, this.s10] = prng.state as [number, number, number, number];
  }

  /** Uniform in [0, rangeSize), as pure-rand's uniformIntInternal. */
  below(rangeSize: number): number {
    const maxAllowed = rangeSize > 2 ? ~~(0x100000000 / rangeSize) * rangeSize : 0x100000000;
    let deltaV: number;
    do {
      const { s00, s01, s10, s11 } = this;
      const out = (s00 + s10) | 0;
      const a0 = s10 ^ s00;
      const a1 = s11 ^ s01;
      this.s00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
      this.s01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      this.s10 = (a1 << 5) ^ (a0 >>> 27);
      this.s11 = (a0 << 5) ^ (a1 >>> 27);
      // out + 2^31 as an unsigned 32-bit integer (flipping the sign bit), so that `%` stays integral.
      deltaV = (out ^ 0x80000000) >>> 0;
    } while (deltaV >= maxAllowed);
    return deltaV % rangeSize;
  }

  prng(): Prng {
    return { state: [this.s01, this.s00, this.s11, this.s10] };
  }
}
