/**
 * The event queue of the small multi-node test harnesses (pull, state transfer): events carry the
 * time they are due and the order they were queued in; the next one is the earliest due, ties
 * broken by queueing order, so a harness run is deterministic.
 */
export interface Due {
  readonly atMs: number;
  readonly seq: number;
}

/** Remove and return the earliest event due at or before `targetMs`, or undefined if none is. */
export function takeEarliestDue<Q extends Due>(queue: Q[], targetMs: number): Q | undefined {
  let best = -1;
  for (let i = 0; i < queue.length; i++) {
    const q = queue[i] as Q;
    const b = queue[best];
    if (q.atMs <= targetMs && (b === undefined || q.atMs < b.atMs || (q.atMs === b.atMs && q.seq < b.seq))) best = i;
  }
  return best < 0 ? undefined : queue.splice(best, 1)[0];
}
