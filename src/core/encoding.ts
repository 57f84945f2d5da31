/**
 * Canonical text encoding of message values: what a signature covers, and what traces store.
 * Object keys are sorted and bigints are written as {"$u64":"<decimal>"}, so one value has exactly
 * one encoding. (Fabric signs marshalled protobuf; see spec/00-system-model.md for why we sign this.)
 */
export function canonicalEncode(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return { $u64: value.toString(10) };
  if (Array.isArray(value)) return value.map(normalise);
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

/** Inverse of canonicalEncode (bigint markers become bigints again). */
export function canonicalDecode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const u = (v as Record<string, unknown>)['$u64'];
      if (keys.length === 1 && typeof u === 'string') return BigInt(u);
    }
    return v;
  });
}
