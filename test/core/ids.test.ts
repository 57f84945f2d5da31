/**
 * The binary search of the sorted member lists and views (src/core/ids.ts `lowerBoundByPkiId`):
 * on any list sorted by PKI-ID, the first index whose PKI-ID is not below the one asked, as a walk
 * from the start finds it (the length when there is none).
 */
import { fc, test } from '@fast-check/jest';
import { comparePkiIds, lowerBoundByPkiId, pkiId, type PkiId } from '../../src/core';

const id = fc.constantFrom('00', '0a', '1b', '1c', 'a0', 'ff', 'ffa').map((s) => pkiId(s));

describe('PKI-ID order', () => {
  test.prop([fc.array(id, { maxLength: 12 }), id], { numRuns: 500 })(
    '[CHN-FUNC-VIEW-MEMO.1] [MEM-FUNC-VIEW-TOKEN.1] lowerBoundByPkiId finds what a walk finds in a sorted list, repeats included',
    (ids, asked) => {
      const list = [...ids].sort(comparePkiIds).map((p) => ({ p }));
      const walk = list.findIndex((e) => comparePkiIds(e.p, asked) >= 0);
      expect(lowerBoundByPkiId(list, asked, (e: { p: PkiId }) => e.p)).toBe(walk === -1 ? list.length : walk);
    },
  );
});
