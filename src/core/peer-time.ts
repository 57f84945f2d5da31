/**
 * PeerTime {incNum, seqNum}: Fabric's logical timestamp on alive, StateInfo and leadership
 * messages. incNum is a start time in Unix nanoseconds (beyond 2^53), hence bigint.
 */
import * as t from 'io-ts';
import { decodesUnchangedWhenIs } from './decode-guard';

/** A uint64 carried as bigint. Decodes from bigint, or from a decimal string (ndjson traces). */
export const Uint64 = decodesUnchangedWhenIs(new t.Type<bigint, bigint, unknown>(
  'Uint64',
  (u): u is bigint => typeof u === 'bigint' && u >= 0n && u < 1n << 64n,
  (u, c) => {
    if (typeof u === 'bigint') return u >= 0n && u < 1n << 64n ? t.success(u) : t.failure(u, c, 'out of uint64 range');
    if (typeof u === 'string' && /^(0|[1-9][0-9]*)$/.test(u)) {
      const v = BigInt(u);
      return v < 1n << 64n ? t.success(v) : t.failure(u, c, 'out of uint64 range');
    }
    return t.failure(u, c, 'expected a uint64 (bigint or decimal string)');
  },
  (a) => a,
));

export const PeerTime = t.type({ incNum: Uint64, seqNum: Uint64 }, 'PeerTime');
export type PeerTime = t.TypeOf<typeof PeerTime>;

/** [GEN-FUNC-PEER-TIME-ORDER.1] Fabric's `before(a, b)`: b is newer iff b.inc > a.inc, or equal inc and b.seq > a.seq. */
export function isNewer(candidate: PeerTime, than: PeerTime): boolean {
  return candidate.incNum > than.incNum || (candidate.incNum === than.incNum && candidate.seqNum > than.seqNum);
}

/** [GEN-FUNC-PEER-TIME-ORDER.1] Total order consistent with isNewer: negative when a is older than b. */
export function comparePeerTime(a: PeerTime, b: PeerTime): number {
  if (a.incNum !== b.incNum) return a.incNum < b.incNum ? -1 : 1;
  if (a.seqNum !== b.seqNum) return a.seqNum < b.seqNum ? -1 : 1;
  return 0;
}

/**
 * [GEN-FUNC-INCARNATION.1] Nanoseconds from a virtual millisecond clock, the way Fabric derives incNum
 * from time.Now(): components stamp PeerTime with nanosFromMs(the nowMs they started at).
 */
export function nanosFromMs(ms: number): bigint {
  return BigInt(Math.floor(ms)) * 1_000_000n;
}
