import fc from 'fast-check';
import { emptyPMap, pdelete, pentries, pentriesByKey, pfromEntries, pget, phas, pset, pvalues, type PMap } from '../../src/core/pmap';

type Op = { readonly kind: 'set'; readonly key: string; readonly value: number } | { readonly kind: 'delete'; readonly key: string };

// 48 keys over 32 buckets: sets overwrite, deletes hit and many keys share a bucket, so the order
// within a bucket is exercised. Some keys are built afresh (not the same string object), so that
// lookups must compare by content.
const KEYS = ['', 'é', '\u{1F600}', 'x'.repeat(40), 'localhost:7051', ...Array.from({ length: 43 }, (_, i) => `Org${i % 3}MSP/peer${i}`)];
const keyArb = fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...KEYS).map((k) => [...k].join('')), fc.string({ maxLength: 4 }));
// Sets three times as often as deletes, so that buckets fill and overwrites land mid-bucket.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), key: keyArb, value: fc.integer() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), key: keyArb }), weight: 1 },
);

/** FNV-1a 32-bit over UTF-16 code units, folded (h ^ h >>> 15): the hash a key's bucket comes from. */
function specHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** The bucket the spec names: that hash modulo 32. */
const specBucket = (key: string): number => specHash(key) & 31;

/** The Map's entries, stably ordered by bucket: the order [GEN-FUNC-PMAP.1] gives pentries. */
const expectedOrder = (model: ReadonlyMap<string, number>): [string, number][] =>
  [...model.entries()].map((e, i) => ({ e, i, b: specBucket(e[0]) })).sort((x, y) => x.b - y.b || x.i - y.i).map(({ e }) => e);

function apply(map: PMap<number>, model: Map<string, number>, op: Op): PMap<number> {
  if (op.kind === 'set') {
    model.set(op.key, op.value);
    return pset(map, op.key, op.value);
  }
  model.delete(op.key);
  return pdelete(map, op.key);
}

describe('[GEN-FUNC-PMAP.1] persistent map', () => {
  it('agrees with a native Map after any sequence of sets and deletes, in the order the spec gives', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150, size: 'max' }), fc.array(keyArb, { maxLength: 10 }), (ops, probes) => {
        const model = new Map<string, number>();
        let map = emptyPMap<number>();
        for (const op of ops) map = apply(map, model, op);
        expect(map.size).toBe(model.size);
        expect([...pentries(map)]).toEqual(expectedOrder(model));
        expect(pvalues(map)).toEqual(expectedOrder(model).map(([, v]) => v));
        for (const key of [...probes, ...KEYS]) {
          expect(pget(map, key)).toBe(model.get(key));
          expect(phas(map, key)).toBe(model.has(key));
        }
      }),
    );
  });

  it('leaves every earlier version as it was', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80, size: 'max' }), (ops) => {
        const model = new Map<string, number>();
        const versions: { map: PMap<number>; entries: [string, number][] }[] = [{ map: emptyPMap(), entries: [] }];
        let map = emptyPMap<number>();
        for (const op of ops) {
          map = apply(map, model, op);
          versions.push({ map, entries: expectedOrder(model) });
        }
        for (const v of versions) {
          expect([...pentries(v.map)]).toEqual(v.entries);
          expect(v.map.size).toBe(v.entries.length);
        }
      }),
    );
  });

  it('tells apart two keys whose hashes collide', () => {
    // Found by hashing peer0, peer1, ... until two agreed; the first assertion checks that they still do.
    const [a, b] = ['peer12639', 'peer222096'];
    expect(specHash(a)).toBe(specHash(b));
    const map = pset(pset(emptyPMap<number>(), a, 1), b, 2);
    expect([pget(map, a), pget(map, b), map.size]).toEqual([1, 2, 2]);
    expect([...pentries(pdelete(map, a))]).toEqual([[b, 2]]);
    expect(phas(pdelete(map, b), b)).toBe(false);
  });

  it('deleting a key it does not hold returns the same map; pfromEntries and pentriesByKey agree with the sets', () => {
    const map = pfromEntries([['b', 2], ['a', 1], ['c', 3], ['a', 4]]);
    expect(pdelete(map, 'zz')).toBe(map);
    expect(map.size).toBe(3);
    expect(pentriesByKey(map)).toEqual([['a', 4], ['b', 2], ['c', 3]]);
    // An emptied map holds nothing in any bucket, as a fresh one.
    const emptied = pdelete(pdelete(pdelete(map, 'a'), 'b'), 'c');
    expect(emptied.size).toBe(0);
    expect(emptied.buckets.every((b) => b === undefined)).toBe(true);
  });
});
