/**
 * [MEM-FUNC-VIEW-TOKEN.1] The members the composition reads (alive, dead), memoised per view token
 * and derived from the token before by the members that changed. A view token is renewed by each
 * change of what the lists report; a forming network renews it once per new member at every peer,
 * so rebuilding both lists from every member at each renewal cost n per change and n³ in all. A
 * renewal instead records which PKI-IDs changed, and the first query merges them into the lists of
 * the token before: at most one array copy, the unchanged entries kept as they were.
 *
 * A token holds its own memo (ViewToken): the lists of an earlier token (never the token itself,
 * nor a state), so no chain of old views builds up, and a token that no state holds takes its lists
 * with it.
 *
 * The lists are shared by every reader of a token and are not frozen: they are immutable by type
 * (`readonly`), like every array of the state, and the membership invariant compares them with a
 * fresh computation after every step. Freezing cost more than it protected: V8 (Node 20) runs the
 * array builtins on a frozen array by a slow path; on 1,000 members `slice` took 53 µs instead of
 * 0.4 µs, `filter` 56 µs instead of 5, and even an indexed loop five times as long.
 */
import type { OrgId, PkiId } from '../core';
// Straight from its module: the barrel's re-exports are getters, and this runs per member of a list.
import { comparePkiIds, lowerBoundByPkiId } from '../core/ids';
import { pget, pvalues, type PMap } from '../core/pmap';
import { orgOfPeer, type IdentityView } from './identity-view';
import { memberStatus, type MemberSnapshot, type MemberStatus } from './member-step';

export interface MemberInfo {
  readonly pkiId: PkiId;
  /** External endpoint ('' = none). */
  readonly endpoint: string;
  /** Known only inside the org. */
  readonly internalEndpoint?: string;
  readonly org: OrgId | undefined;
  readonly metadata: string;
  readonly status: MemberStatus;
}

/** Both lists, each sorted by PKI-ID. */
export interface MemberLists {
  readonly alive: readonly MemberInfo[];
  readonly dead: readonly MemberInfo[];
}

/** What the lists are computed from. */
export interface ListedView extends IdentityView {
  readonly members: PMap<MemberSnapshot>;
}

export function infoOf(view: IdentityView, m: MemberSnapshot): MemberInfo {
  const c = m.context;
  const base = { pkiId: c.pkiId, endpoint: c.endpoint, org: orgOfPeer(view, c.pkiId), metadata: c.metadata, status: memberStatus(m) ?? 'dead' };
  return c.internalEndpoint === '' ? base : { ...base, internalEndpoint: c.internalEndpoint };
}

const byPkiId = (a: MemberInfo, b: MemberInfo): number => comparePkiIds(a.pkiId, b.pkiId);

/** Both lists afresh, from every member (the naive twin of the memo). */
export function listsFromScratch(view: ListedView): MemberLists {
  const alive: MemberInfo[] = [];
  const dead: MemberInfo[] = [];
  for (const m of pvalues(view.members)) {
    const status = memberStatus(m);
    if (status === 'alive') alive.push(infoOf(view, m));
    else if (status === 'dead') dead.push(infoOf(view, m));
  }
  return { alive: alive.sort(byPkiId), dead: dead.sort(byPkiId) };
}

/**
 * A renewed token whose lists are not worked out yet: the lists they derive from and the PKI-IDs
 * changed since, one array per renewal, newest first. A renewal adds one link in O(1): while a
 * membership response teaches a peer hundreds of members in one step, each learned member renews
 * the token, and copying the list of arrays at each renewal cost k² in all.
 */
interface Pending {
  readonly from: MemberLists;
  readonly changed: readonly PkiId[];
  readonly earlier: Pending | undefined;
  /** How many renewals the chain holds. */
  readonly length: number;
}

/**
 * Renewals nobody asked about pile up (a reducer used alone may never be asked); past this many
 * per member known when renewing (a member renews at most twice at a time: its identity, its
 * status), or past 64 in a small view, the lists are worked out afresh when asked. A chain then
 * holds O(n) links, and a response teaching every member of a large network still derives.
 */
const LEAST_CHAIN_LIMIT = 64;
const CHAIN_LINKS_PER_MEMBER = 4;

/**
 * [MEM-FUNC-VIEW-TOKEN.1] A view token, and the memo of its lists: the lists once worked out, or
 * what they derive from until then. The memo is held in private fields, not in weak maps keyed by
 * the token: a join at 500 peers renews tokens by the hundred per step, and the weak maps' inserts
 * (and the collector's work on their entries) were a twentieth of its CPU. Private fields are no
 * properties, so a token still equals any other to a deep comparison and encodes as `{}`; a copy
 * (structuredClone) is a plain object, whose lists are then worked out afresh when asked.
 */
export class ViewToken {
  #lists: MemberLists | undefined = undefined;
  #pending: Pending | undefined = undefined;

  /**
   * The token that replaces `previous` because the entries of `changed` may differ (the renewing
   * action may still add to `changed`, so it is kept, not copied); `memberCount` is how many
   * members the view holds. When the lists of `previous` are known (or derivable), those of the
   * new token will be derived from them.
   */
  static renewing(previous: object, changed: readonly PkiId[], memberCount: number): ViewToken {
    const next = new ViewToken();
    if (!(previous instanceof ViewToken)) return next;
    const known = previous.#lists;
    if (known !== undefined) {
      next.#pending = { from: known, changed, earlier: undefined, length: 1 };
      return next;
    }
    const pending = previous.#pending;
    if (pending !== undefined && pending.length < Math.max(LEAST_CHAIN_LIMIT, CHAIN_LINKS_PER_MEMBER * memberCount)) {
      next.#pending = { from: pending.from, changed, earlier: pending, length: pending.length + 1 };
    }
    return next;
  }

  /** The lists of the view whose token `token` is: memoised, derived from the token before when it can be, else afresh. */
  static listsOf(view: ListedView, token: object): MemberLists {
    if (!(token instanceof ViewToken)) return listsFromScratch(view);
    let lists = token.#lists;
    if (lists === undefined) {
      const pending = token.#pending;
      lists = pending === undefined ? listsFromScratch(view) : derived(view, pending);
      token.#lists = lists;
      token.#pending = undefined;
    }
    return lists;
  }
}

/** Every PKI-ID a chain names, sorted and distinct. */
function changedIds(pending: Pending): PkiId[] {
  const ids = new Set<PkiId>();
  for (let p: Pending | undefined = pending; p !== undefined; p = p.earlier) for (const id of p.changed) ids.add(id);
  return [...ids].sort(comparePkiIds);
}

const pkiIdOfInfo = (m: MemberInfo): PkiId => m.pkiId;

/**
 * Past this many changed PKI-IDs, one merging walk beats a binary search and an array move per
 * change (each move is a memmove of the list, so k changes cost k moves).
 */
const MOST_SPLICED = 8;

/**
 * `list` with the entries of `ids` (sorted, distinct) replaced by `fresh` (undefined: taken out).
 * A few changes (one new member, most often) are put in place by binary search in a copy, so the
 * unchanged entries are copied, not compared: at 1,000 members a comparing walk per learned member
 * was a tenth of a first alive message's cost.
 */
function merged(list: readonly MemberInfo[], ids: readonly PkiId[], fresh: readonly (MemberInfo | undefined)[]): readonly MemberInfo[] {
  if (ids.length <= MOST_SPLICED) {
    // Copied at the first change only: a change of alive members most often leaves the dead list
    // as it was, and then it stays the same array (its readers' memos hold).
    let out: MemberInfo[] | undefined;
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j] as PkiId;
      const current = out ?? list;
      const at = lowerBoundByPkiId(current, id, pkiIdOfInfo);
      const present = current[at]?.pkiId === id;
      const f = fresh[j];
      if (f === undefined && !present) continue;
      out ??= list.slice();
      if (f !== undefined) out.splice(at, present ? 1 : 0, f);
      else out.splice(at, 1);
    }
    return out ?? list;
  }
  return mergedByWalk(list, ids, fresh);
}

function mergedByWalk(list: readonly MemberInfo[], ids: readonly PkiId[], fresh: readonly (MemberInfo | undefined)[]): readonly MemberInfo[] {
  const out: MemberInfo[] = [];
  let i = 0;
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j] as PkiId;
    while (i < list.length && comparePkiIds((list[i] as MemberInfo).pkiId, id) < 0) out.push(list[i++] as MemberInfo);
    if (i < list.length && (list[i] as MemberInfo).pkiId === id) i++;
    const f = fresh[j];
    if (f !== undefined) out.push(f);
  }
  while (i < list.length) out.push(list[i++] as MemberInfo);
  return out;
}

function derived(view: ListedView, pending: Pending): MemberLists {
  const ids = changedIds(pending);
  const members = ids.map((id) => pget(view.members, id));
  const listed = (status: MemberStatus) => members.map((m) => (m !== undefined && memberStatus(m) === status ? infoOf(view, m) : undefined));
  return { alive: merged(pending.from.alive, ids, listed('alive')), dead: merged(pending.from.dead, ids, listed('dead')) };
}

/** The lists of the view's token: memoised, derived from the token before when it can be, else afresh. */
export const memberLists = (view: ListedView, token: object): MemberLists => ViewToken.listsOf(view, token);
