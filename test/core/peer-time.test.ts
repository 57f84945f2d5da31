import fc from 'fast-check';
import { comparePeerTime, isNewer, nanosFromMs, type PeerTime } from '../../src/core';
import { peerTime, UINT64_MAX } from '../../src/messages/arbitraries';

const RUNS = { numRuns: 500 };
/** Small components make equal incNums (and equal times) common, where the seqNum rule matters. */
const tightTime = (): fc.Arbitrary<PeerTime> =>
  fc.record({ incNum: fc.bigInt({ min: 0n, max: 3n }), seqNum: fc.bigInt({ min: 0n, max: 3n }) }, { noNullPrototype: true });
const anyTime = () => fc.oneof(tightTime(), peerTime());

describe('PeerTime order', () => {
  it('[GEN-FUNC-PEER-TIME-ORDER.1] isNewer(a, b) holds exactly when comparePeerTime(a, b) > 0', () => {
    fc.assert(fc.property(anyTime(), anyTime(), (a, b) => {
      expect(isNewer(a, b)).toBe(comparePeerTime(a, b) > 0);
    }), RUNS);
  });

  it('[GEN-FUNC-PEER-TIME-ORDER.1] comparePeerTime is antisymmetric and zero only on equal times', () => {
    fc.assert(fc.property(anyTime(), anyTime(), (a, b) => {
      expect(Math.sign(comparePeerTime(a, b)) + Math.sign(comparePeerTime(b, a))).toBe(0);
      expect(comparePeerTime(a, b) === 0).toBe(a.incNum === b.incNum && a.seqNum === b.seqNum);
    }), RUNS);
  });

  it('[GEN-FUNC-PEER-TIME-ORDER.1] comparePeerTime is a total order: transitive, and sorting agrees with the lexicographic (incNum, seqNum) order', () => {
    fc.assert(fc.property(anyTime(), anyTime(), anyTime(), (a, b, c) => {
      if (comparePeerTime(a, b) <= 0 && comparePeerTime(b, c) <= 0) expect(comparePeerTime(a, c)).toBeLessThanOrEqual(0);
      const sorted = [a, b, c].sort(comparePeerTime);
      const key = (p: PeerTime) => p.incNum * (UINT64_MAX + 1n) + p.seqNum; // (inc, seq) as one 128-bit number
      expect(sorted.map(key)).toEqual([a, b, c].map(key).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    }), RUNS);
  });

  it('[GEN-FUNC-PEER-TIME-ORDER.1] a later incarnation is newer whatever its sequence number; nothing is newer than itself', () => {
    const restarted = { incNum: 2_000_000_000_000_000_000n, seqNum: 0n };
    const longRunning = { incNum: 1_999_999_999_999_999_999n, seqNum: UINT64_MAX };
    expect(isNewer(restarted, longRunning)).toBe(true);
    expect(isNewer(longRunning, restarted)).toBe(false);
    expect(isNewer(restarted, restarted)).toBe(false);
    expect(isNewer({ incNum: 5n, seqNum: 2n }, { incNum: 5n, seqNum: 1n })).toBe(true);
  });

  it('[GEN-FUNC-PEER-TIME-ORDER.1] nanosFromMs gives whole milliseconds in nanoseconds, exact beyond 2^53', () => {
    expect(nanosFromMs(1_718_000_000_123)).toBe(1_718_000_000_123_000_000n);
    expect(nanosFromMs(1.9)).toBe(1_000_000n);
    expect(nanosFromMs(0)).toBe(0n);
  });
});
