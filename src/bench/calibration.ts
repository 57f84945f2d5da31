/**
 * The host's speed, measured. This machine's CPU speed drifts, by up to 2x between spells of a few
 * minutes at the same load average (the 1,000-peer scale run took 659k events in its 120 s in one
 * bench and 339k in the next, with two speed-ups landed between them), so a run's figures carry the
 * CPU time a fixed pure-JS workload took at its start and end: two runs' figures compare only as
 * their calibrations do. The workload is the simulator's kind of work: string-keyed Map lookups and
 * updates, small allocations, integer hashing.
 */
import { stopwatch } from './measure';

const KEYS = Array.from({ length: 256 }, (_, i) => `Org${i % 10}MSP/peer${i}.example.com:7051`);
const ROUNDS = 1_000_000;
const REPS = 5;

function workload(): number {
  const counts = new Map<string, { readonly n: number }>();
  let h = 0x811c9dc5;
  for (let i = 0; i < ROUNDS; i++) {
    const key = KEYS[i & 255] as string;
    counts.set(key, { n: (counts.get(key)?.n ?? 0) + 1 });
    h = Math.imul(h ^ key.charCodeAt(i % key.length), 0x01000193);
  }
  return h ^ counts.size;
}

/** CPU nanoseconds per round of the workload: the least of a few repetitions (a collection or a preemption only adds). */
export function calibrationNs(): number {
  let sink = workload();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPS; r++) {
    const watch = stopwatch();
    sink ^= workload();
    best = Math.min(best, (watch().cpuMs * 1e6) / ROUNDS);
  }
  // The result is used, so the workload is not optimised away.
  return sink === 0.5 ? Number.NaN : Math.round(best * 10) / 10;
}
