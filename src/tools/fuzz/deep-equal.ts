/**
 * Structural equality for peer states. Unchanged parts of a state are shared between steps, so the
 * identity check first makes a rejected input's comparison cheap; anything that differs is walked.
 * Handles what a state holds: primitives (bigint, NaN), arrays, plain objects, Maps and Sets.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => b.has(x));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && deepEqual(ra[k], rb[k]));
}

/** The first path at which two values differ ('' = the values themselves), for failure reports. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (deepEqual(a, b)) return undefined;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !(a instanceof Map) && !(a instanceof Set)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at === '' ? k : `${at}.${k}`);
      if (d !== undefined) return d;
    }
  }
  return at;
}
