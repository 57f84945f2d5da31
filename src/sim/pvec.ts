/**
 * A persistent vector: an array split into chunks of 32, so that `set` and `push` copy one chunk
 * and the (short) chunk index instead of the whole array. Worlds share these between successive
 * values (structural sharing), which keeps `stepWorld` value-like without copying every peer or
 * every ledger per step. Plain data: serialisable, comparable with toEqual.
 */
const CHUNK = 32;

export interface PVec<T> {
  readonly size: number;
  readonly chunks: readonly (readonly T[])[];
}

const EMPTY: PVec<never> = { size: 0, chunks: [] };

export function emptyVec<T>(): PVec<T> {
  return EMPTY;
}

export function vecFrom<T>(items: readonly T[]): PVec<T> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
  return { size: items.length, chunks };
}

export function vecGet<T>(vec: PVec<T>, index: number): T | undefined {
  if (index < 0 || index >= vec.size) return undefined;
  return vec.chunks[Math.floor(index / CHUNK)]?.[index % CHUNK];
}

/** A new vector with `index` (which must exist) replaced; the old vector is unchanged. */
export function vecSet<T>(vec: PVec<T>, index: number, value: T): PVec<T> {
  if (index < 0 || index >= vec.size) throw new RangeError(`vecSet: index ${index} out of 0..${vec.size - 1}`);
  const c = Math.floor(index / CHUNK);
  const chunk = (vec.chunks[c] as readonly T[]).slice();
  chunk[index % CHUNK] = value;
  const chunks = vec.chunks.slice();
  chunks[c] = chunk;
  return { size: vec.size, chunks };
}

export function vecPush<T>(vec: PVec<T>, value: T): PVec<T> {
  const c = Math.floor(vec.size / CHUNK);
  const chunks = vec.chunks.slice();
  const last = vec.chunks[c];
  chunks[c] = last === undefined ? [value] : [...last, value];
  return { size: vec.size + 1, chunks };
}

export function vecLast<T>(vec: PVec<T>): T | undefined {
  return vecGet(vec, vec.size - 1);
}

export function vecToArray<T>(vec: PVec<T>): T[] {
  const out: T[] = [];
  for (const chunk of vec.chunks) for (const item of chunk) out.push(item);
  return out;
}
