/**
 * [EXP-FUNC-STATE-HASHING.1] Canonical text of a reducer state for hashing: object keys sorted,
 * bigints tagged (as core/encoding.ts does), Maps written as their entries in iteration order
 * (iteration order can steer a reducer, so it is kept), and the fields a model names left out
 * because they never influence the future (constants, memo tokens, values derived from others).
 * `rewrite` may replace a value by a plainer one first (a hash-bucketed map by its entries).
 */
export interface CanonicalOptions {
  readonly omit?: ReadonlySet<string>;
  readonly rewrite?: (value: object) => unknown;
}

export function canonicalText(value: unknown, options: CanonicalOptions = {}): string {
  return JSON.stringify(normalise(value, options.omit ?? new Set(), options.rewrite));
}

function normalise(value: unknown, omit: ReadonlySet<string>, rewrite: ((value: object) => unknown) | undefined): unknown {
  if (typeof value === 'bigint') return { $u64: value.toString(10) };
  if (value !== null && typeof value === 'object' && rewrite !== undefined) {
    const plain = rewrite(value);
    if (plain !== value) return normalise(plain, omit, undefined);
  }
  const next = (v: unknown) => normalise(v, omit, rewrite);
  if (Array.isArray(value)) return value.map(next);
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [next(k), next(v)]) };
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (omit.has(key)) continue;
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = next(v);
    }
    return out;
  }
  return value;
}
