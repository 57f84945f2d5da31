/**
 * Odd values of each JavaScript type, where decoders and arithmetic tend to break: edges of the
 * number and uint64 ranges, empty and oversize strings, non-ASCII code units, and values of
 * another type altogether. Sizes are capped so that one case stays cheap (the run does 10^5).
 */
import fc from 'fast-check';
import { draw, type Rand } from './rand';

const UINT64_MAX = (1n << 64n) - 1n;
/** Big enough to matter to a codec or a store, small enough to build 10^5 times. */
export const OVERSIZE_STRING = 'x'.repeat(64 * 1024);
export const OVERSIZE_ARRAY_LENGTH = 1_000;

export function oddNumber(rand: Rand, near?: number): number {
  const base = near ?? 0;
  return rand.pick([
    base + 1, base - 1, -1, 0, 0.5, base + 0.5, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
    Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER, 2 ** 32, 2 ** 31, 1e300, Number.EPSILON,
  ]);
}

export function oddBigInt(rand: Rand, near?: bigint): bigint {
  const base = near ?? 0n;
  return rand.pick([base + 1n, base - 1n, -1n, 0n, UINT64_MAX, UINT64_MAX + 1n, 1n << 53n, (1n << 53n) + 1n, 1n << 63n, -(1n << 64n)]);
}

export function oddString(rand: Rand, near?: string): string {
  const base = near ?? '';
  return rand.pick([
    '', `${base}x`, base.slice(1), base.toUpperCase(), `${base}\u0000`, `${base}\ud800`, '\n', '|', '__proto__', 'constructor',
    `${base}|${base}`, base.repeat(3), OVERSIZE_STRING,
  ]);
}

/** A value of a different JavaScript type than `v` (a number where a string belongs, ...). */
export function retyped(rand: Rand, v: unknown): unknown {
  const others: unknown[] = [null, undefined, 7, '7', true, 7n, [], {}, [v], { value: v }, Number.NaN];
  const candidates = others.filter((o) => typeof o !== typeof v || Array.isArray(o) !== Array.isArray(v) || (o === null) !== (v === null));
  return rand.pick(candidates);
}

/** Another value of the same type, near the old one, or an edge of the type. */
export function nearby(rand: Rand, v: unknown): unknown {
  if (typeof v === 'string') return oddString(rand, v);
  if (typeof v === 'number') return oddNumber(rand, v);
  if (typeof v === 'bigint') return oddBigInt(rand, v);
  if (typeof v === 'boolean') return !v;
  return retyped(rand, v);
}

// fast-check's own garbage: nested objects, arrays, odd keys, every primitive (bigints included).
// Built on first use: building it makes fast-check tabulate every code point (about 80 MiB of
// heap), which every process that imports the simulator would otherwise carry from the start.
let junkArb: fc.Arbitrary<unknown> | undefined;

export function junk(rand: Rand): unknown {
  junkArb ??= fc.oneof(
    fc.anything({ maxDepth: 4, withBigInt: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true }),
    fc.jsonValue({ maxDepth: 4 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  return draw(rand, junkArb);
}
