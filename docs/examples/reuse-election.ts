/**
 * Reusing a reducer from another program: Fabric's leader election for one channel, driven by a
 * tiny host that keeps its own clock and timers. The reducer is pure: `init` and `step` return
 * the next state and the effects to perform; the host performs them (here: timers and logging).
 */
import { pkiId } from '../../src/core';
import { electionReducer, isLeader, type ElectionEvent, type ElectionOutput, type ElectionState } from '../../src/election';

export function electAlone(): { log: string[]; leader: boolean; atMs: number } {
  const log: string[] = [];
  const timers = new Map<string, { atMs: number; event: ElectionEvent }>();
  let now = 0;
  const perform = (effects: readonly ElectionOutput[]) => {
    for (const e of effects) {
      if (e.kind === 'setTimer') timers.set(e.timerId, { atMs: now + e.delayMs, event: e.event });
      else if (e.kind === 'cancelTimer') timers.delete(e.timerId);
      else if (e.kind === 'leadershipChanged') log.push(`${now} ms: ${e.isLeader ? 'Becoming a leader' : 'Stopped being a leader'}`);
    }
  };
  const params = { startupGracePeriodMs: 500, membershipSampleIntervalMs: 100, leaderAliveThresholdMs: 500, leaderElectionDurationMs: 500 };
  let [state, effects]: readonly [ElectionState, readonly ElectionOutput[]] = electionReducer.init({ selfId: pkiId('peer0'), params, mode: 'dynamic', peers: [] });
  perform(effects);
  // Fire the earliest timer until this peer, alone in its org, has elected itself.
  while (!isLeader(state) && timers.size > 0) {
    const [id, next] = [...timers].sort((a, b) => a[1].atMs - b[1].atMs)[0]!;
    timers.delete(id);
    now = next.atMs;
    [state, effects] = electionReducer.step(state, next.event);
    perform(effects);
  }
  return { log, leader: isLeader(state), atMs: now };
}
