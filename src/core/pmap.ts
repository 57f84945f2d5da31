/**
 * [GEN-FUNC-PMAP.1] A persistent string-keyed map for per-member state (and a peer's armed timers).
 * A membership view is stepped once per message; copying a whole Map per step costs O(n). Here the
 * keys are spread over 32 buckets by a hash, and an update copies the bucket index (32 slots) and
 * one bucket (about n/32 entries): O(32 + n/32) per update, O(n/32) lookup, and the previous map
 * is untouched, so states stay values (a simulator may keep earlier worlds). Iteration order is
 * deterministic: bucket by bucket, then insertion order within a bucket (an overwrite keeps its
 * place; a deleted key set again goes last).
 *
 * A bucket is one flat array, key and value alternating, in insertion order. Copying it is one
 * `slice` (a memcpy); a native Map per bucket cost a hash table built entry by entry on every
 * update, which at 1,000 members was most of an update's cost. A lookup compares keys in turn:
 * V8 compares two strings whose hashes it has cached (every key passes through the bucket cache
 * below) by hash first, so a bucket of a few dozen keys is scanned in about the time of a Map lookup.
 */
const BUCKETS = 32;
/** A bucket holds each entry as three elements: the key's hash, the key, the value. */
const SLOT = 3;

type Bucket = readonly unknown[];

export interface PMap<V> {
  readonly size: number;
  /** Each bucket: [hash0, key0, value0, hash1, key1, value1, ...], in insertion order. */
  readonly buckets: readonly (Bucket | undefined)[];
  /** Never set: keeps `V` in the type, so a PMap<A> is not a PMap<B>. */
  readonly __values?: V;
}

const EMPTY: PMap<never> = { size: 0, buckets: new Array<undefined>(BUCKETS).fill(undefined) };

/** FNV-1a 32-bit, with the high bits folded in (the low five pick the bucket). */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * Keys (PKI-IDs, endpoints, timer ids) recur on every step, and a Map finds a string by the hash
 * the engine keeps with it, much faster than hashing it again here. Bounded, since keys may come
 * from input; and only keys that are stored are cached (`pset`), so lookups of keys nobody stored
 * (a forged timer id, an unknown PKI-ID) cannot fill the cache.
 */
const HASH_CACHE_LIMIT = 8192;
const hashCache = new Map<string, number>();

function cachedHash(key: string): number {
  let h = hashCache.get(key);
  if (h === undefined) {
    h = hashOf(key);
    if (hashCache.size < HASH_CACHE_LIMIT) hashCache.set(key, h);
  }
  return h;
}

const lookupHash = (key: string): number => hashCache.get(key) ?? hashOf(key);

const bucketOf = (hash: number): number => hash & (BUCKETS - 1);

/** The index of a key in a bucket (its slot: hash, then key, then value), or -1. Hashes are compared first. */
function slotOf(bucket: Bucket, hash: number, key: string): number {
  for (let i = 0; i < bucket.length; i += SLOT) if (bucket[i] === hash && bucket[i + 1] === key) return i;
  return -1;
}

export function emptyPMap<V>(): PMap<V> {
  return EMPTY;
}

export function pget<V>(map: PMap<V>, key: string): V | undefined {
  const hash = lookupHash(key);
  const bucket = map.buckets[bucketOf(hash)];
  if (bucket === undefined) return undefined;
  const i = slotOf(bucket, hash, key);
  return i < 0 ? undefined : (bucket[i + 2] as V);
}

export function phas<V>(map: PMap<V>, key: string): boolean {
  const hash = lookupHash(key);
  const bucket = map.buckets[bucketOf(hash)];
  return bucket !== undefined && slotOf(bucket, hash, key) >= 0;
}

export function pset<V>(map: PMap<V>, key: string, value: V): PMap<V> {
  const hash = cachedHash(key);
  const b = bucketOf(hash);
  const old = map.buckets[b];
  const i = old === undefined ? -1 : slotOf(old, hash, key);
  let bucket: unknown[];
  if (i >= 0) {
    bucket = (old as Bucket).slice();
    bucket[i + 2] = value;
  } else {
    bucket = old === undefined ? [] : old.slice();
    bucket.push(hash, key, value);
  }
  const buckets = map.buckets.slice();
  buckets[b] = bucket;
  return { size: map.size + (i >= 0 ? 0 : 1), buckets };
}

export function pdelete<V>(map: PMap<V>, key: string): PMap<V> {
  const hash = lookupHash(key);
  const b = bucketOf(hash);
  const old = map.buckets[b];
  const i = old === undefined ? -1 : slotOf(old, hash, key);
  if (i < 0) return map;
  const bucket = (old as Bucket).slice();
  bucket.splice(i, SLOT);
  const buckets = map.buckets.slice();
  buckets[b] = bucket.length === 0 ? undefined : bucket;
  return { size: map.size - 1, buckets };
}

export function* pentries<V>(map: PMap<V>): IterableIterator<[string, V]> {
  for (const bucket of map.buckets) {
    if (bucket === undefined) continue;
    for (let i = 0; i < bucket.length; i += SLOT) yield [bucket[i + 1] as string, bucket[i + 2] as V];
  }
}

export function pvalues<V>(map: PMap<V>): V[] {
  const out: V[] = [];
  for (const bucket of map.buckets) {
    if (bucket === undefined) continue;
    for (let i = 2; i < bucket.length; i += SLOT) out.push(bucket[i] as V);
  }
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
