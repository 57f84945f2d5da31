import fc from 'fast-check';
import { emptyVec, vecFrom, vecGet, vecLast, vecPush, vecSet, vecToArray } from '../../src/sim/pvec';
import { treapInsert, treapKth, treapMin, treapRemove, treapSize, treapToArray, type Treap, type TreapNode } from '../../src/sim/treap';


const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('insert' as const), atMs: fc.nat({ max: 50 }) }),
    fc.record({ op: fc.constant('removeMin' as const) }),
    fc.record({ op: fc.constant('removeKth' as const), k: fc.nat({ max: 60 }) }),
  ),
  { maxLength: 300 },
);

/** The naive twin: a list kept sorted by (atMs, seq). */
function sortedModel(list: { atMs: number; seq: number }[]): { atMs: number; seq: number }[] {
  return [...list].sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
}

describe('[SIM-FUNC-EVENT-ORDER.1] event queue (persistent treap) agrees with a sorted list', () => {
  it('[SIM-FUNC-EVENT-ORDER.1] min, k-th, removal and size match the naive model; old versions never change', () => {
    fc.assert(
      fc.property(ops, (program) => {
        let t: Treap<number> = undefined;
        let model: { atMs: number; seq: number }[] = [];
        let seq = 0;
        const versions: [Treap<number>, string][] = [];
        for (const o of program) {
          if (o.op === 'insert') {
            t = treapInsert(t, o.atMs, seq, seq);
            model = sortedModel([...model, { atMs: o.atMs, seq }]);
            seq += 1;
          } else {
            const k = o.op === 'removeMin' ? 0 : model.length === 0 ? 0 : o.k % model.length;
            const node: TreapNode<number> | undefined = o.op === 'removeMin' ? treapMin(t) : treapKth(t, k);
            const expected = model[k];
            expect(node === undefined ? undefined : { atMs: node.atMs, seq: node.seq }).toEqual(expected);
            if (node !== undefined) t = treapRemove(t, node.atMs, node.seq);
            model = model.filter((e) => e !== expected);
          }
          expect(treapSize(t)).toBe(model.length);
          versions.push([t, JSON.stringify(treapToArray(t).map((n) => [n.atMs, n.seq]))]);
        }
        expect(treapToArray(t).map((n) => ({ atMs: n.atMs, seq: n.seq }))).toEqual(model);
        for (const [version, snapshot] of versions) expect(JSON.stringify(treapToArray(version).map((n) => [n.atMs, n.seq]))).toBe(snapshot);
      }),
      { numRuns: 200 },
    );
  });

  it('[SIM-FUNC-EVENT-ORDER.1] removing an absent key returns the same treap', () => {
    const t = treapInsert(treapInsert(undefined, 5, 0, 'a'), 3, 1, 'b');
    expect(treapRemove(t, 4, 9)).toBe(t);
    expect(treapKth(t, 2)).toBeUndefined();
  });
});

describe('[SIM-FUNC-VALUE-SEMANTICS.1] persistent vector agrees with an array', () => {
  it('[SIM-FUNC-VALUE-SEMANTICS.1] push, set, get and last match an array; the previous version is unchanged', () => {
    const program = fc.array(fc.oneof(fc.record({ push: fc.integer() }), fc.record({ set: fc.nat(), value: fc.integer() })), { maxLength: 200 });
    fc.assert(
      fc.property(program, (steps) => {
        let v = emptyVec<number>();
        let model: number[] = [];
        for (const s of steps) {
          const before = vecToArray(v);
          const previous = v;
          if ('push' in s) {
            v = vecPush(v, s.push);
            model = [...model, s.push];
          } else if (model.length > 0) {
            const i = s.set % model.length;
            v = vecSet(v, i, s.value);
            model = model.map((x, j) => (j === i ? s.value : x));
          }
          expect(vecToArray(previous)).toEqual(before);
        }
        expect(vecToArray(v)).toEqual(model);
        expect(vecLast(v)).toBe(model[model.length - 1]);
        model.forEach((x, i) => expect(vecGet(v, i)).toBe(x));
        expect(vecGet(v, model.length)).toBeUndefined();
        expect(vecToArray(vecFrom(model))).toEqual(model);
      }),
      { numRuns: 200 },
    );
  });
});
