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
  it('[GEN-MSG-CANONICAL-ENCODING.2] keys are sorted, bigints become {"$u64": decimal}, undefined fields vanish', () => {
    const value = { z: 1, a: [2n ** 64n - 1n, { d: undefined, c: 'x' }], m: { b: true, a: null } };
    expect(canonicalEncode(value)).toBe('{"a":[{"$u64":"18446744073709551615"},{"c":"x"}],"m":{"a":null,"b":true},"z":1}');
  });

  it('[GEN-MSG-CANONICAL-ENCODING.2] the encoding does not depend on key order', () => {
    fc.assert(fc.property(gossipMessage(), fc.nat(20), (msg, seed) => {
      expect(canonicalEncode(reorderKeys(msg, seed))).toBe(canonicalEncode(msg));
    }), RUNS);
  });

  it('[GEN-MSG-CANONICAL-ENCODING.2] the encoding is deterministic and canonicalDecode inverts it', () => {
    fc.assert(fc.property(gossipMessage(), (msg) => {
      const text = canonicalEncode(msg);
      expect(canonicalEncode(structuredClone(msg))).toBe(text);
      expect(canonicalDecode(text)).toStrictEqual(msg);
    }), RUNS);
  });

  it('[GEN-MSG-CANONICAL-ENCODING.2] values that differ in one field encode differently (what a signature relies on)', () => {
    fc.assert(fc.property(mutatedMessage(), ({ original, mutated }) => {
      expect(canonicalEncode(mutated)).not.toBe(canonicalEncode(original));
    }), RUNS);
  });
});

describe('canonical encoding of maps', () => {
  it('[GEN-MSG-CANONICAL-ENCODING.2] a Map is written as {"$map": entries in key order}, whatever its insertion order', () => {
    const forward = new Map<string, unknown>([['b', 2n], ['a', { y: 1, x: undefined }]]);
    const backward = new Map<string, unknown>([['a', { y: 1 }], ['b', 2n]]);
    expect(canonicalEncode({ m: forward })).toBe('{"m":{"$map":[["a",{"y":1}],["b",{"$u64":"2"}]]}}');
    expect(canonicalEncode(backward)).toBe(canonicalEncode(forward));
  });

  it('[GEN-MSG-CANONICAL-ENCODING.2] maps that differ in one entry encode differently, and canonicalDecode gives the Map back', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.integer()), fc.string(), fc.integer(), (entries, key, value) => {
      const map = new Map(Object.entries(entries));
      const text = canonicalEncode({ map });
      expect(canonicalDecode(text)).toStrictEqual({ map });
      const changed = new Map(map).set(key, map.get(key) === value ? value + 1 : value);
      expect(canonicalEncode({ map: changed })).not.toBe(text);
    }), RUNS);
  });
});
