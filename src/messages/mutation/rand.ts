/**
 * The fuzzer's randomness: one independent stream per (seed, case index), so that any single case
 * can be regenerated from the two numbers a failure prints, without replaying the cases before it.
 * fast-check's Random wraps the stream so that the message arbitraries draw from it too.
 */
import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rand {
  /** The underlying stream, for `arbitrary.generate(rand.random, ...)`. */
  readonly random: fc.Random;
  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** murmur3's finaliser: consecutive seeds and indices must not give correlated streams. */
function fmix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function randFor(seed: number, index: number): Rand {
  const random = new fc.Random(xoroshiro128plus(fmix32(fmix32(seed) ^ Math.imul(index + 1, 0x9e3779b1))));
  const int = (from: number, to: number) => random.nextInt(from, to);
  return {
    random,
    int,
    chance: (p) => random.nextInt(0, 0xffff) < p * 0x10000,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
  };
}

/** Pick by weight: `[[weight, value], ...]`. */
export function weighted<T>(rand: Rand, table: readonly (readonly [number, T])[]): T {
  const total = table.reduce((sum, [w]) => sum + w, 0);
  let draw = rand.int(0, total - 1);
  for (const [w, value] of table) {
    if (draw < w) return value;
    draw -= w;
  }
  throw new RangeError('weighted: empty table');
}

/** One value of an arbitrary, drawn from the case's stream (bias sometimes on, for edge values). */
export function draw<T>(rand: Rand, arb: fc.Arbitrary<T>): T {
  return arb.generate(rand.random, rand.chance(0.5) ? undefined : rand.int(2, 10)).value;
}
