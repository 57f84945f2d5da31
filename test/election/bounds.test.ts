/**
 * The liveness bounds of src/election/bounds.ts against the formulas spec/election.md states. The
 * parameters are chosen so that every term differs (S = 70, E = 300, T = 400, D = 30; so T/2 = 200,
 * Y = 6T = 2400, 2S = 140): a term dropped, doubled or swapped changes the result. The property
 * tests use these functions as deadlines; here their values are pinned.
 */
import { coldStartBoundMs, loneYieldRecoveryBoundMs, newcomerCannotTakeOver, oneLeaderBoundMs, yieldHandoverBoundMs, type ElectionParams } from '../../src/election';

const P: ElectionParams = { startupGracePeriodMs: 350, membershipSampleIntervalMs: 70, leaderElectionDurationMs: 300, leaderAliveThresholdMs: 400 };
const D = 30;

describe('liveness bounds', () => {
  it('[ELE-LIVE-COLD-START.1] cold start: S + E', () => {
    expect(coldStartBoundMs(P)).toBe(70 + 300);
  });

  it('[ELE-LIVE-ONE-LEADER.1] one leader: max(Y, 2S) + 2(T + E) + T/2 + D, with 2S in place of max(Y, 2S) when nobody yields', () => {
    expect(oneLeaderBoundMs(P, D)).toBe(2400 + 2 * (400 + 300) + 200 + 30);
    expect(oneLeaderBoundMs(P, D, true)).toBe(2400 + 2 * (400 + 300) + 200 + 30);
    expect(oneLeaderBoundMs(P, D, false)).toBe(140 + 2 * (400 + 300) + 200 + 30);
    // When 2S exceeds Y the settling term is 2S even with someone yielding (S = 1500: 2S = 3000 > 2400).
    expect(oneLeaderBoundMs({ ...P, membershipSampleIntervalMs: 1500 }, D)).toBe(3000 + 2 * (400 + 300) + 200 + 30);
  });

  it('[ELE-LIVE-NO-TAKEOVER.1] a newcomer cannot take over exactly when E > T/2 + D (strictly)', () => {
    expect(newcomerCannotTakeOver(P, D)).toBe(true); // 300 > 230
    expect(newcomerCannotTakeOver(P, 99)).toBe(true); // 300 > 299
    expect(newcomerCannotTakeOver(P, 100)).toBe(false); // 300 = 300
    expect(newcomerCannotTakeOver(P, 101)).toBe(false);
  });

  it('[ELE-LIVE-YIELD-HANDOVER.1] handover: 2T + E + D; a lone yielder leads again within Y + T + E', () => {
    expect(yieldHandoverBoundMs(P, D)).toBe(2 * 400 + 300 + 30);
    expect(loneYieldRecoveryBoundMs(P)).toBe(2400 + 400 + 300);
  });
});
