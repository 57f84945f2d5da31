/**
 * [GEN-FUNC-INCARNATION.1] incNum is the start time in nanoseconds: exact as a bigint, and a later
 * start (a restart at a later virtual time) gives a newer PeerTime whatever the earlier seqNum was.
 */
import fc from 'fast-check';
import { isNewer, nanosFromMs } from '../../src/core';
import { advanceTo, crash, peerState, restart } from '../../src/sim';
import { testWorld } from '../sim/test-peer';

const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

describe('[GEN-FUNC-INCARNATION.1] incNum is the start time', () => {
  it('[GEN-FUNC-INCARNATION.1] nanosFromMs(ms) is ms × 10^6 as an exact bigint, also beyond 2^53 nanoseconds', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (ms) => {
        const nanos = nanosFromMs(ms);
        expect(typeof nanos).toBe('bigint');
        expect(nanos).toBe(BigInt(ms) * 1_000_000n);
      }),
      { numRuns: 500 },
    );
    // A Unix start time in ms: its nanoseconds are far beyond 2^53, yet exact.
    expect(nanosFromMs(1_700_000_000_123)).toBe(1_700_000_000_123_000_000n);
  });

  it('[GEN-FUNC-INCARNATION.1] a later start gives a newer PeerTime than any message of an earlier incarnation', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 10 ** 9 }), uint64, uint64, (startMs, laterByMs, oldSeq, newSeq) => {
        const earlier = { incNum: nanosFromMs(startMs), seqNum: oldSeq };
        const later = { incNum: nanosFromMs(startMs + laterByMs), seqNum: newSeq };
        expect(isNewer(later, earlier)).toBe(true);
        expect(isNewer(earlier, later)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('[GEN-FUNC-INCARNATION.1] the simulator starts each incarnation at the restart time, so incNums grow across restarts', () => {
    let w = testWorld({ startMs: 1_000 });
    const startedAt = [peerState(w, 'p1').startedAtMs];
    for (const atMs of [1_500, 4_000, 4_001]) {
      w = restart(crash(advanceTo(w, atMs), 'p1'), 'p1');
      startedAt.push(peerState(w, 'p1').startedAtMs);
    }
    expect(startedAt).toEqual([1_000, 1_500, 4_000, 4_001]);
    const incNums = startedAt.map(nanosFromMs);
    incNums.slice(1).forEach((inc, i) => expect(isNewer({ incNum: inc, seqNum: 0n }, { incNum: incNums[i] as bigint, seqNum: 2n ** 64n - 1n })).toBe(true));
  });
});
