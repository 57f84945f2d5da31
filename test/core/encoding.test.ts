import fc from 'fast-check';
import { canonicalDecode, canonicalEncode } from '../../src/core';
import { gossipMessage } from '../../src/messages/arbitraries';
import { mutatedMessage } from '../messages/mutate';

const RUNS = { numRuns: 200 };

/** The same value rebuilt with every object's keys in an order chosen by `seed`. */
function reorderKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x) => reorderKeys(x, seed));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v);
  const rotated = entries.map((_, i) => entries[(i + seed) % entries.length] as [string, unknown]);
  if (seed % 2 === 1) rotated.reverse();
  return Object.fromEntries(rotated.map(([k, x]) => [k, reorderKeys(x, seed)]));
}

describe('canonical encoding', () => {
  it('[GEN-MSG-CANONICAL-ENCODING.1] keys are sorted, bigints become {"$u64": decimal}, undefined fields vanish', () => {
    const value = { z: 1, a: [2n ** 64n - 1n, { d: undefined, c: 'x' }], m: { b: true, a: null } };
    expect(canonicalEncode(value)).toBe('{"a":[{"$u64":"18446744073709551615"},{"c":"x"}],"m":{"a":null,"b":true},"z":1}');
  });

  it('[GEN-MSG-CANONICAL-ENCODING.1] the encoding does not depend on key order', () => {
    fc.assert(fc.property(gossipMessage(), fc.nat(20), (msg, seed) => {
      expect(canonicalEncode(reorderKeys(msg, seed))).toBe(canonicalEncode(msg));
    }), RUNS);
  });

  it('[GEN-MSG-CANONICAL-ENCODING.1] the encoding is deterministic and canonicalDecode inverts it', () => {
    fc.assert(fc.property(gossipMessage(), (msg) => {
      const text = canonicalEncode(msg);
      expect(canonicalEncode(structuredClone(msg))).toBe(text);
      expect(canonicalDecode(text)).toStrictEqual(msg);
    }), RUNS);
  });

  it('[GEN-MSG-CANONICAL-ENCODING.1] values that differ in one field encode differently (what a signature relies on)', () => {
    fc.assert(fc.property(mutatedMessage(), ({ original, mutated }) => {
      expect(canonicalEncode(mutated)).not.toBe(canonicalEncode(original));
    }), RUNS);
  });
});
