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

/** The same for armed timers by id: remove and return the earliest due at or before `targetMs`. */
export function takeEarliestDueTimer<T extends Due>(timers: Map<string, T>, targetMs: number): [string, T] | undefined {
  let due: [string, T] | undefined;
  for (const entry of timers) {
    if (entry[1].atMs > targetMs) continue;
    if (!due || entry[1].atMs < due[1].atMs || (entry[1].atMs === due[1].atMs && entry[1].seq < due[1].seq)) due = entry;
  }
  if (due !== undefined) timers.delete(due[0]);
  return due;
}
