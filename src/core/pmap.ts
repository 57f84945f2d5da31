/**
 * A persistent string-keyed map for per-member state. A membership view is stepped once per
 * message; copying a whole Map per step costs O(n). Here the keys are spread over 32 buckets by a
 * hash, and an update copies the bucket index (32 slots) and one bucket (about n/32 entries):
 * O(32 + n/32) per update, O(1) lookup, and the previous map is untouched, so states stay values
 * (a simulator may keep earlier worlds). Iteration order is deterministic: bucket by bucket, then
 * insertion order within a bucket.
 */
const BUCKETS = 32;

export interface PMap<V> {
  readonly size: number;
  readonly buckets: readonly (ReadonlyMap<string, V> | undefined)[];
}

const EMPTY: PMap<never> = { size: 0, buckets: new Array<undefined>(BUCKETS).fill(undefined) };

/** FNV-1a 32-bit, folded to a bucket index. */
function hashBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & (BUCKETS - 1);
}

/**
 * Keys (PKI-IDs, endpoints) recur on every step, and a Map finds a string by the hash the engine
 * keeps with it, much faster than hashing it again here; bounded, since keys may come from input.
 */
const BUCKET_CACHE_LIMIT = 8192;
const bucketCache = new Map<string, number>();

function bucketOf(key: string): number {
  let b = bucketCache.get(key);
  if (b === undefined) {
    b = hashBucket(key);
    if (bucketCache.size < BUCKET_CACHE_LIMIT) bucketCache.set(key, b);
  }
  return b;
}

export function emptyPMap<V>(): PMap<V> {
  return EMPTY;
}

export function pget<V>(map: PMap<V>, key: string): V | undefined {
  return map.buckets[bucketOf(key)]?.get(key);
}

export function phas<V>(map: PMap<V>, key: string): boolean {
  return map.buckets[bucketOf(key)]?.has(key) ?? false;
}

export function pset<V>(map: PMap<V>, key: string, value: V): PMap<V> {
  const b = bucketOf(key);
  const old = map.buckets[b];
  const bucket = new Map(old);
  bucket.set(key, value);
  const buckets = map.buckets.slice();
  buckets[b] = bucket;
  return { size: map.size + (old?.has(key) ? 0 : 1), buckets };
}

export function pdelete<V>(map: PMap<V>, key: string): PMap<V> {
  const b = bucketOf(key);
  const old = map.buckets[b];
  if (!old?.has(key)) return map;
  const bucket = new Map(old);
  bucket.delete(key);
  const buckets = map.buckets.slice();
  buckets[b] = bucket.size === 0 ? undefined : bucket;
  return { size: map.size - 1, buckets };
}

export function* pentries<V>(map: PMap<V>): IterableIterator<[string, V]> {
  for (const bucket of map.buckets) if (bucket) yield* bucket;
}

export function pvalues<V>(map: PMap<V>): V[] {
  const out: V[] = [];
  for (const bucket of map.buckets) if (bucket) for (const v of bucket.values()) out.push(v);
  return out;
}

export function pfromEntries<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
  let map = emptyPMap<V>();
  for (const [k, v] of entries) map = pset(map, k, v);
  return map;
}

/** Every entry in key order (code-unit order), for walks whose outputs must not depend on hashing. */
export function pentriesByKey<V>(map: PMap<V>): [string, V][] {
  return [...pentries(map)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
