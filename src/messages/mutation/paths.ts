/**
 * Reading and rewriting one place in a nested value without touching the original: the mutators
 * work on captured envelopes that every case shares, so a copy is made along the path only.
 */
export type Segment = string | number;
export type Path = readonly Segment[];

/** Marker for "remove the key (or the array element)". */
export const DELETE: unique symbol = Symbol('delete');

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every path into `v` (objects and arrays), the root excluded, with the value found there. */
export function pathsOf(v: unknown, at: Segment[] = [], out: [Path, unknown][] = []): [Path, unknown][] {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([[...at, i], x]);
      pathsOf(x, [...at, i], out);
    });
  } else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      out.push([[...at, k], x]);
      pathsOf(x, [...at, k], out);
    }
  }
  return out;
}

export function getAt(v: unknown, path: Path): unknown {
  let here = v;
  for (const seg of path) {
    if (Array.isArray(here) && typeof seg === 'number') here = here[seg];
    else if (isRecord(here) && typeof seg === 'string') here = here[seg];
    else return undefined;
  }
  return here;
}

/** A copy of `v` with `replacement` at `path` (DELETE removes it); a path that does not exist is created. */
export function setAt(v: unknown, path: Path, replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(v) && typeof head === 'number') {
    if (rest.length === 0 && replacement === DELETE) return v.filter((_, i) => i !== head);
    const copy = v.slice();
    copy[head] = setAt(v[head], rest, replacement);
    return copy;
  }
  const obj: Record<string, unknown> = isRecord(v) ? v : {};
  const key = String(head);
  if (rest.length === 0 && replacement === DELETE) {
    const { [key]: _removed, ...others } = obj;
    return others;
  }
  return { ...obj, [key]: setAt(obj[key], rest, replacement) };
}

/** Paths whose last segment is `key` (every `pkiId`, every `timestamp`, ...). */
export function pathsEndingIn(v: unknown, key: string): Path[] {
  return pathsOf(v)
    .map(([p]) => p)
    .filter((p) => p[p.length - 1] === key);
}
