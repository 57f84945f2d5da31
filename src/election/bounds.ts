/**
 * The liveness bounds of spec/election.md, as functions of the parameters and the message delay
 * bound D, so that tests and the simulator check the same numbers the spec states. Each assumes
 * [ELE-ASM-TIMING.1] (loss-free delivery within D, D < leaderAliveThreshold / 2).
 */
import { declarationIntervalMs, yieldDurationMs, type ElectionParams } from './params';

/**
 * [ELE-LIVE-COLD-START.1] peers started together with complete, unchanging views (and D < E):
 * the minimal id is the only leader from this long after the start.
 */
export function coldStartBoundMs(p: ElectionParams): number {
  return p.membershipSampleIntervalMs + p.leaderElectionDurationMs;
}

/**
 * [ELE-LIVE-ONE-LEADER.1] after faults stop: max(Y, 2S) until nobody yields or starts up (2S when
 * nobody is yielding when faults stop), T + E until a leader exists, T + E until no election can
 * still be running, T/2 + D until every other leader has heard the smallest one.
 */
export function oneLeaderBoundMs(p: ElectionParams, maxDelayMs: number, someoneYielding = true): number {
  const t = p.leaderAliveThresholdMs;
  const e = p.leaderElectionDurationMs;
  const settle = Math.max(someoneYielding ? yieldDurationMs(p) : 0, 2 * p.membershipSampleIntervalMs);
  return settle + 2 * (t + e) + declarationIntervalMs(p) + maxDelayMs;
}

/**
 * [ELE-LIVE-NO-TAKEOVER.1] whether a newcomer surely hears a declaration before its first round
 * ends (E > T/2 + D), so that it cannot take over a declaring leader.
 */
export function newcomerCannotTakeOver(p: ElectionParams, maxDelayMs: number): boolean {
  return p.leaderElectionDurationMs > declarationIntervalMs(p) + maxDelayMs;
}

/** [ELE-LIVE-YIELD-HANDOVER.1] after the only leader yields, another peer of its component leads within this. */
export function yieldHandoverBoundMs(p: ElectionParams, maxDelayMs: number): number {
  return 2 * p.leaderAliveThresholdMs + p.leaderElectionDurationMs + maxDelayMs;
}

/** [ELE-LIVE-YIELD-HANDOVER.1] a lone peer that yields leads again within this. */
export function loneYieldRecoveryBoundMs(p: ElectionParams): number {
  return yieldDurationMs(p) + p.leaderAliveThresholdMs + p.leaderElectionDurationMs;
}
