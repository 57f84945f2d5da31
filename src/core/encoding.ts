/**
 * Canonical text encoding of values: what traces, counterexamples and state keys store. Object
 * keys are sorted and bigints are written as {"$u64":"<decimal>"}, so one value has exactly one
 * encoding. A Map is written as {"$map":[[key, value], ...]} in key order (the persistent maps of
 * states hold Maps; JSON would write every Map as {} and equal every two states). Signatures cover marshalled protobuf, as in Fabric (spec/messages.md
 * [MSG-FUNC-SIGNED-BYTES.1]); this text is signed only for a value that has no wire form, and only
 * in the symbolic suite ([MSG-FUNC-MODEL-ONLY-SIGNING.1]).
 */
export function canonicalEncode(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return { $u64: value.toString(10) };
  if (Array.isArray(value)) return value.map(normalise);
  if (value instanceof Map) {
    const keys = [...(value as Map<unknown, unknown>).keys()].map((k) => [k, canonicalEncode(k)] as const).sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { $map: keys.map(([k]) => [normalise(k), normalise((value as Map<unknown, unknown>).get(k))]) };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

/** Inverse of canonicalEncode (bigint and Map markers become bigints and Maps again). */
export function canonicalDecode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const u = (v as Record<string, unknown>)['$u64'];
      if (keys.length === 1 && typeof u === 'string') return BigInt(u);
      const m = (v as Record<string, unknown>)['$map'];
      if (keys.length === 1 && Array.isArray(m)) return new Map(m as [unknown, unknown][]);
    }
    return v;
  });
}
