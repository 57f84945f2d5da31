/**
 * Finding a member in membership's lists (src/channel/member-index.ts): by binary search in a list
 * that goes up strictly by PKI-ID, else through a Map. Either way the answer must be `find`'s, the
 * first entry of the PKI-ID, whatever the list: sorted, unsorted, with a PKI-ID listed twice.
 */
import { fc, test } from '@fast-check/jest';
import { pkiId, type PkiId } from '../../src/core';
import { findMember, isAscending } from '../../src/channel/member-index';

// Few distinct PKI-IDs, so that lists repeat them and sorted lists come up often.
const id = fc.constantFrom('0a', '0b', '1c', '2d', '2e', 'ff').map((s) => pkiId(s));
const member = fc.record({ pkiId: id, endpoint: fc.constantFrom('p0:7051', 'p1:7051') });
const naiveAscending = (list: readonly { pkiId: PkiId }[]) => list.every((m, k) => k === 0 || list[k - 1]!.pkiId < m.pkiId);

describe('member index', () => {
  test.prop([fc.array(member, { maxLength: 8 }), fc.array(id, { maxLength: 6 })], { numRuns: 400 })(
    '[CHN-FUNC-VIEW-MEMO.1] findMember answers as find (first entry of the PKI-ID), and isAscending as a compare of each neighbour',
    (list, asked) => {
      expect(isAscending(list)).toBe(naiveAscending(list));
      for (const p of asked) expect(findMember(list, p)).toBe(list.find((m) => m.pkiId === p));
      // Asked again, from the memo.
      expect(isAscending(list)).toBe(naiveAscending(list));
      for (const p of asked) expect(findMember(list, p)).toBe(list.find((m) => m.pkiId === p));
    },
  );

  test.prop([fc.uniqueArray(id, { maxLength: 6 }), fc.array(id, { maxLength: 6 })], { numRuns: 200 })(
    '[CHN-FUNC-VIEW-MEMO.1] a strictly ascending list is recognised as such and searched',
    (ids, asked) => {
      const list = [...ids].sort().map((p) => ({ pkiId: p }));
      expect(isAscending(list)).toBe(true);
      for (const p of asked) expect(findMember(list, p)?.pkiId).toBe(ids.includes(p) ? p : undefined);
    },
  );
});
