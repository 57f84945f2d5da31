/**
 * The runtime's clock ([GEN-FUNC-RUNTIME-CLOCK.1]): wall time read once at start, then advanced by
 * the monotonic clock (performance.now), in whole milliseconds, never decreasing. The start is the
 * wall clock so that a restarted peer's incarnation (PeerTime.incNum = its start time) is newer
 * than the previous one, as a Fabric peer's is; after that, wall-clock steps (NTP) do not move it.
 */
import { performance } from 'node:perf_hooks';

export interface Clock {
  nowMs(): number;
}

export function monotonicClock(startWallMs: number = Date.now()): Clock {
  const startPerf = performance.now();
  let last = Math.floor(startWallMs);
  return {
    nowMs() {
      const now = Math.floor(startWallMs + (performance.now() - startPerf));
      if (now > last) last = now;
      return last;
    },
  };
}

/** Real timers behind an interface, so the host never touches the global scheduler directly. */
export interface Scheduler {
  after(delayMs: number, fire: () => void): { cancel(): void };
}

/** setTimeout's largest delay (2^31 - 1 ms, about 24.8 days); longer ones would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * [GEN-FUNC-RUNTIME-TIMERS.1] Real timers; a delay beyond setTimeout's range (an identity's
 * expiry a year away) is waited in pieces, never clamped to an immediate fire.
 */
export const REAL_SCHEDULER: Scheduler = {
  after(delayMs, fire) {
    let handle: ReturnType<typeof setTimeout>;
    const arm = (remaining: number) => {
      const step = Math.min(Math.max(0, remaining), MAX_TIMEOUT_MS);
      handle = setTimeout(() => (remaining > step ? arm(remaining - step) : fire()), step);
    };
    arm(delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};
