/**
 * The simulator's event queue: a persistent treap ordered by (atMs, seq), with subtree sizes.
 *
 * Why not an array binary heap: a world is a value, and successive worlds share their queue. An
 * array heap would have to be copied whole on every step (O(n) per event) or mutated in place
 * (the previous world would silently change). A persistent treap copies only the O(log n) nodes
 * on one path, gives the minimum like a heap, and, thanks to subtree sizes, also the k-th event in
 * time order and removal by key, which positional schedules ("deliver the k-th in-flight message")
 * and timer cancellation need. Priorities are a hash of the unique `seq`, so the shape is
 * deterministic and balanced in expectation without drawing random numbers.
 */
export interface TreapNode<V> {
  readonly atMs: number;
  readonly seq: number;
  readonly prio: number;
  readonly value: V;
  readonly left: Treap<V>;
  readonly right: Treap<V>;
  readonly size: number;
}

export type Treap<V> = TreapNode<V> | undefined;

/** Murmur3's finaliser: a well-mixed 32-bit priority from the unique sequence number. */
function priorityOf(seq: number): number {
  let h = seq | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function keyBefore(atMs: number, seq: number, otherAtMs: number, otherSeq: number): boolean {
  return atMs < otherAtMs || (atMs === otherAtMs && seq < otherSeq);
}

function isBefore(atMs: number, seq: number, node: TreapNode<unknown>): boolean {
  return keyBefore(atMs, seq, node.atMs, node.seq);
}

function sizeOf(t: Treap<unknown>): number {
  return t === undefined ? 0 : t.size;
}

function withChildren<V>(n: TreapNode<V>, left: Treap<V>, right: Treap<V>): TreapNode<V> {
  if (left === n.left && right === n.right) return n;
  return { atMs: n.atMs, seq: n.seq, prio: n.prio, value: n.value, left, right, size: 1 + sizeOf(left) + sizeOf(right) };
}

/** Keys are unique, so split yields (keys before) and (keys after) the given key. */
function split<V>(t: Treap<V>, atMs: number, seq: number): [Treap<V>, Treap<V>] {
  if (t === undefined) return [undefined, undefined];
  if (keyBefore(t.atMs, t.seq, atMs, seq)) {
    const [l, r] = split(t.right, atMs, seq);
    return [withChildren(t, t.left, l), r];
  }
  const [l, r] = split(t.left, atMs, seq);
  return [l, withChildren(t, r, t.right)];
}

/** Every key of `a` precedes every key of `b`. */
function merge<V>(a: Treap<V>, b: Treap<V>): Treap<V> {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.prio > b.prio) return withChildren(a, a.left, merge(a.right, b));
  return withChildren(b, merge(a, b.left), b.right);
}

function insertNode<V>(t: Treap<V>, node: TreapNode<V>): TreapNode<V> {
  if (t === undefined) return node;
  if (node.prio > t.prio) {
    const [l, r] = split(t, node.atMs, node.seq);
    return withChildren(node, l, r);
  }
  if (isBefore(node.atMs, node.seq, t)) return withChildren(t, insertNode(t.left, node), t.right);
  return withChildren(t, t.left, insertNode(t.right, node));
}

/** Insert an entry; `seq` must be unique within the treap (the world's counter guarantees it). */
export function treapInsert<V>(t: Treap<V>, atMs: number, seq: number, value: V): TreapNode<V> {
  return insertNode(t, { atMs, seq, prio: priorityOf(seq), value, left: undefined, right: undefined, size: 1 });
}

/** Remove the entry with this key; the same treap when absent. */
export function treapRemove<V>(t: Treap<V>, atMs: number, seq: number): Treap<V> {
  if (t === undefined) return t;
  if (t.atMs === atMs && t.seq === seq) return merge(t.left, t.right);
  if (isBefore(atMs, seq, t)) return withChildren(t, treapRemove(t.left, atMs, seq), t.right);
  return withChildren(t, t.left, treapRemove(t.right, atMs, seq));
}

/** The earliest entry, or undefined when empty. */
export function treapMin<V>(t: Treap<V>): TreapNode<V> | undefined {
  let n = t;
  while (n !== undefined && n.left !== undefined) n = n.left;
  return n;
}

/** The k-th entry in (atMs, seq) order, 0-based; undefined when out of range. */
export function treapKth<V>(t: Treap<V>, k: number): TreapNode<V> | undefined {
  let n = t;
  let rank = k;
  while (n !== undefined) {
    const leftSize = sizeOf(n.left);
    if (rank < leftSize) n = n.left;
    else if (rank === leftSize) return n;
    else {
      rank -= leftSize + 1;
      n = n.right;
    }
  }
  return undefined;
}

export function treapSize(t: Treap<unknown>): number {
  return sizeOf(t);
}

/** All entries in (atMs, seq) order (summaries and tests; O(n)). */
export function treapToArray<V>(t: Treap<V>): TreapNode<V>[] {
  const out: TreapNode<V>[] = [];
  const stack: TreapNode<V>[] = [];
  let n = t;
  while (n !== undefined || stack.length > 0) {
    while (n !== undefined) {
      stack.push(n);
      n = n.left;
    }
    const top = stack.pop() as TreapNode<V>;
    out.push(top);
    n = top.right;
  }
  return out;
}
