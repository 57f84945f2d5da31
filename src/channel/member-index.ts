/**
 * [CHN-FUNC-VIEW-MEMO.1] Finding a member in a list membership hands the channel (alive, dead).
 * Membership lists its members sorted by PKI-ID, so once a list is known to go up strictly a
 * lookup is a binary search; a list that does not (a host may hand any list) is indexed in a Map
 * once, the first entry of a PKI-ID winning as `find` would. Both ways give the same answer: a
 * strictly ascending list holds a PKI-ID at most once.
 *
 * Why: the composition hands over a new list at each membership change, and while a network forms
 * that is once per learned member at every peer. At 1,000 members, building a Map of each new list
 * for the next lookup cost more than the rest of the change; checking the order is one compare per
 * entry, and is skipped for a list whose order a caller has already established.
 *
 * Safe as module-level memos: lists are immutable values (a change makes a new list), and the weak
 * keys let a list nobody holds take its entry with it.
 */
import type { PkiId } from '../core';
// Straight from its module: the barrel's re-exports are getters, and this runs per entry of a list.
import { comparePkiIds, lowerBoundByPkiId } from '../core/ids';
import type { ChannelMember } from './inputs';

type Members = readonly Pick<ChannelMember, 'pkiId'>[];

const pkiIdOfMember = (m: Pick<ChannelMember, 'pkiId'>): PkiId => m.pkiId;

const ascending = new WeakSet<Members>();
const unordered = new WeakSet<Members>();
const indexes = new WeakMap<Members, ReadonlyMap<PkiId, Pick<ChannelMember, 'pkiId'>>>();

/** Record that `list` goes up strictly by PKI-ID (the caller has checked it). */
export function markAscending(list: Members): void {
  ascending.add(list);
}

/** Whether `list` goes up strictly by PKI-ID: checked once per list, remembered when it does. */
export function isAscending(list: Members): boolean {
  if (ascending.has(list)) return true;
  if (unordered.has(list)) return false;
  for (let k = 1; k < list.length; k++) {
    if (comparePkiIds((list[k - 1] as Pick<ChannelMember, 'pkiId'>).pkiId, (list[k] as Pick<ChannelMember, 'pkiId'>).pkiId) >= 0) {
      unordered.add(list);
      return false;
    }
  }
  ascending.add(list);
  return true;
}

function indexOf<M extends Pick<ChannelMember, 'pkiId'>>(list: readonly M[]): ReadonlyMap<PkiId, M> {
  let index = indexes.get(list) as ReadonlyMap<PkiId, M> | undefined;
  if (index === undefined) {
    const built = new Map<PkiId, M>();
    for (const m of list) if (!built.has(m.pkiId)) built.set(m.pkiId, m);
    index = built;
    indexes.set(list, index);
  }
  return index;
}

/** The first entry of `list` with this PKI-ID. */
export function findMember<M extends Pick<ChannelMember, 'pkiId'>>(list: readonly M[], pkiId: PkiId): M | undefined {
  if (!isAscending(list)) return indexOf(list).get(pkiId);
  const found = list[lowerBoundByPkiId(list, pkiId, pkiIdOfMember)];
  return found !== undefined && found.pkiId === pkiId ? found : undefined;
}
