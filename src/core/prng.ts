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

/** [GEN-FUNC-SHUFFLE.1] Unbiased Fisher–Yates shuffle; returns a new array and leaves the input alone. */
export function shuffle<T>(prng: Prng, items: readonly T[]): [T[], Prng] {
  const out = items.slice();
  const rng = xoroshiro128plusFromState(prng.state);
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return [out, { state: rng.getState() }];
}

/**
 * [GEN-FUNC-SELECT-PEERS.1] Fabric's filter.SelectPeers(k, pool, f): walk the permutation shuffle
 * would draw and take the first k members that satisfy f.
 */
export function selectPeers<T>(prng: Prng, k: number, pool: readonly T[], accept: (p: T) => boolean): [T[], Prng] {
  const [perm, next] = shuffle(prng, pool);
  const chosen: T[] = [];
  for (const p of perm) {
    if (chosen.length >= k) break;
    if (accept(p)) chosen.push(p);
  }
  return [chosen, next];
}
