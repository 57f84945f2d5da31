/**
 * Ports of Fabric's gossip/gossip/msgstore/msgs_test.go.
 *
 * Fabric's message store is one generic type, parameterised by a comparator, an invalidation
 * trigger and optionally a TTL with an expiry callback. The reference has the stores Fabric builds
 * from it instead, each with its own rule; these ports run Fabric's scenarios on them.
 *
 * Adaptations of the mechanism (never of the assertions):
 *  - The test comparators become the block store's Data/Data rule (dissemination `addBlock` /
 *    `checkValid`, [DIS-FUNC-STORE-WINDOW.1]): Fabric's compareInts (the larger invalidates the
 *    smaller) is that rule with a window of 0, on distinct values; alwaysNoAction and
 *    nonReplaceInts (equal values: the new one is invalidated; different ones coexist) are the rule
 *    with a window wider than every gap between the values used. The Go tests only ever add equal
 *    values under nonReplaceInts, where both rules say "invalidated".
 *  - Add's boolean is `addBlock(...).added`, Size and Get are the store's seqs; the invalidation
 *    trigger is the set of seqs an Add evicted from the store.
 *  - TestExpiration and TestStop run the dissemination reducer, whose block store is Fabric's
 *    expirable store (TTL `blockExpirationIntervalMs`, checked by its own timer every TTL / 100,
 *    [DIS-FUNC-BLOCK-EXPIRATION.1]), under a virtual-time host; Fabric's sleeps are virtual time.
 *    Size is `storedSeqs` (expired blocks left out, as Fabric's Size skips them), CheckValid is
 *    `checkValid` on the store's index (expired blocks still count until purged, as in Fabric), and
 *    the expiry callback is the reducer's `stored { removed }` output at an expiry check.
 *  - TestPurge: Fabric's Purge(predicate) is what the channel's StateInfo cache runs on the
 *    PKI-IDs membership has forgotten; here that is the channel's cache sweep
 *    ([CHN-FUNC-CACHE-SWEEP.1]) over ten peers' StateInfo. "Purge the values above 9" is a sweep
 *    after membership forgot nobody, "purge the even values" one after it forgot the even peers.
 *    The sweep has no purge callback, so the order Fabric's callback sees the purged values in has
 *    no counterpart: the purged set (exactly the even peers) is asserted instead.
 */
import fc from 'fast-check';
import {
  addBlock,
  BLOCK_EXPIRATION_TIMER_EVENT,
  checkValid,
  createDisseminationReducer,
  disseminationViolations,
  storedSeqs,
  type BlockStore,
  type DisseminationCommand,
  type DisseminationState,
} from '../../src/dissemination';
import { cachedOf } from '../../src/channel';
import { TimerDriver } from '../helpers/timer-driver';
import { FABRIC_TEST_PARAMS as CHANNEL_TEST_PARAMS, ORG1, membership, memberOf, pushed as stateInfoPushed, startChannel, stateInfoOf, testPeer } from '../channel/fixture';
import { CHANNEL, ordererKey, pushed, suite, TEST_PARAMS } from './fixture';

/** Fabric's store Add on the block store's rule: whether it was added, and what it evicted. */
function add(store: BlockStore, window: number, seq: number): { added: boolean; store: BlockStore; invalidated: number[] } {
  const r = addBlock(store, window, seq);
  return { added: r.added, store: r.store, invalidated: store.filter((s) => !r.store.includes(s)) };
}

/** compareInts on distinct values: the window-0 rule. */
const COMPARE_INTS = 0;
/** alwaysNoAction / nonReplaceInts on the values a test uses: a window wider than any gap between them. */
const NO_ACTION = Number.MAX_SAFE_INTEGER;

describe('Fabric msgstore/msgs_test.go ports (the block store)', () => {
  it('[DIS-FUNC-STORE-WINDOW.1] TestSize: three values that never invalidate each other are all held', () => {
    let store: BlockStore = [];
    for (const seq of [0, 1, 2]) store = add(store, NO_ACTION, seq).store;
    expect(store.length).toBe(3);
  });

  it('[DIS-FUNC-STORE-WINDOW.1] TestNewMessagesInvalidates: each of 1..9 is added and evicts its predecessor, which the trigger sees; one value is held, the newest', () => {
    const invalidated: number[] = [];
    let r = add([], COMPARE_INTS, 0);
    expect(r.added).toBe(true);
    let store = r.store;
    for (let i = 1; i < 10; i++) {
      r = add(store, COMPARE_INTS, i);
      store = r.store;
      invalidated.push(...r.invalidated);
      expect(r.added).toBe(true);
      expect(invalidated[invalidated.length - 1]).toBe(i - 1);
      expect(store.length).toBe(1);
      expect(store[0]).toBe(i);
    }
  });

  it('[DIS-FUNC-STORE-WINDOW.1] TestMessagesGet: two random values added are both in Get', () => {
    // Fabric draws two random ints; here fast-check draws them (distinct: alwaysNoAction never
    // sees the same value twice in Fabric's run either, its draws being 64-bit).
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(), { minLength: 2, maxLength: 2 }), (expected) => {
        let store: BlockStore = [];
        for (const n of expected) store = add(store, NO_ACTION, n).store;
        for (const n of expected) expect(store).toContain(n);
      }),
      { numRuns: 100 },
    );
  });

  it('[DIS-FUNC-STORE-WINDOW.1] TestNewMessagesInvalidated: after 10, each of 9..0 is refused; 10 stays the only value', () => {
    let r = add([], COMPARE_INTS, 10);
    expect(r.added).toBe(true);
    let store = r.store;
    for (let i = 9; i >= 0; i--) {
      r = add(store, COMPARE_INTS, i);
      store = r.store;
      expect(r.added).toBe(false);
      expect(store.length).toBe(1);
      expect(store[0]).toBe(10);
    }
  });
});

const TTL_MS = 3_000;
const expiring = createDisseminationReducer({ crypto: suite, trustedOrderers: [ordererKey.identity], reportStored: true });
type Out = ReturnType<typeof expiring.step>[1][number];

/**
 * The dissemination reducer under a virtual-time host: timers fire in order, the expiry check's
 * event carrying the time of the fire (as the peer's engine stamps it), invariants checked per step.
 */
class ExpiringStore {
  readonly host: TimerDriver<DisseminationState, DisseminationCommand, Out>;
  /** Every seq an expiry check reported as no longer offered (Fabric's expire callback). */
  readonly expired: number[] = [];

  constructor() {
    const [s0, outs] = expiring.init({ channel: CHANNEL, ledgerHeight: 1, params: { ...TEST_PARAMS, maxBlockCountToStore: 100, blockExpirationIntervalMs: TTL_MS } });
    this.host = new TimerDriver<DisseminationState, DisseminationCommand, Out>((s, e) => this.checkedStep(s, e), s0, outs);
  }

  private checkedStep(before: DisseminationState, e: DisseminationCommand): readonly [DisseminationState, readonly Out[]] {
    const event = e.type === BLOCK_EXPIRATION_TIMER_EVENT ? { ...e, nowMs: this.host.nowMs } : e;
    const [after, outputs] = expiring.step(before, event);
    const violations = disseminationViolations({ before, event, outputs, after });
    if (violations.length > 0) throw new Error(`on ${event.type}: ${violations.join('; ')}`);
    if (event.type === BLOCK_EXPIRATION_TIMER_EVENT) for (const o of outputs) if (o.kind === 'stored') this.expired.push(...o.removed);
    return [after, outputs];
  }

  /** Fabric's Add: the block reaches the store now; true iff the store took it. */
  add(seq: number): boolean {
    const mark = this.host.outputs.length;
    this.host.send({ ...pushed(seq), nowMs: this.host.nowMs } as DisseminationCommand);
    return this.host.outputs.slice(mark).some(({ output }) => output.kind === 'stored' && output.added.includes(seq));
  }

  checkValid(seq: number): boolean {
    return checkValid(this.host.state.context.store, this.host.state.context.params.maxBlockCountToStore, seq);
  }

  size(): number {
    return storedSeqs(this.host.state).length;
  }
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('Fabric msgstore/msgs_test.go ports (the expirable block store)', () => {
  it('[DIS-FUNC-BLOCK-EXPIRATION.1] [DIS-FUNC-STORE-WINDOW.1] TestExpiration: a TTL of 3s; expired values still refuse their replays until purged at twice the TTL, then are taken again', () => {
    const s = new ExpiringStore();
    for (const i of range(0, 10)) expect(s.add(i)).toBe(true);
    expect(s.size()).toBe(10);

    s.host.advanceBy(2_000);
    for (const i of range(0, 10)) {
      expect(s.checkValid(i)).toBe(false);
      expect(s.add(i)).toBe(false);
    }
    for (const i of range(10, 20)) {
      expect(s.checkValid(i)).toBe(true);
      expect(s.add(i)).toBe(true);
      expect(s.checkValid(i)).toBe(false);
    }
    expect(s.size()).toBe(20);

    s.host.advanceBy(2_000);
    for (const i of range(0, 20)) expect(s.add(i)).toBe(false);
    expect(s.size()).toBe(10);
    expect(s.expired.length).toBe(10);

    s.host.advanceBy(4_000);
    expect(s.size()).toBe(0);
    expect(s.expired.length).toBe(20);

    for (const i of range(0, 10)) {
      expect(s.checkValid(i)).toBe(true);
      expect(s.add(i)).toBe(true);
      expect(s.checkValid(i)).toBe(false);
    }
    expect(s.size()).toBe(10);
  });

  it('[DIS-FUNC-BLOCK-EXPIRATION.1] [DIS-FUNC-STOP.1] TestStop: a stopped store expires nothing: 4s past the TTL it still holds its 10 values and reported no expiry; a second Stop is harmless', () => {
    const s = new ExpiringStore();
    for (const i of range(0, 10)) expect(s.add(i)).toBe(true);
    expect(s.size()).toBe(10);
    s.host.send({ type: 'STOP' });
    s.host.advanceBy(4_000);
    expect(s.size()).toBe(10);
    expect(s.expired.length).toBe(0);
    const mark = s.host.outputs.length;
    s.host.send({ type: 'STOP' });
    expect(s.host.outputs.length).toBe(mark);
    expect(s.host.armedTimers()).toEqual([]);
  });
});

/** channel_test.go's sweep period (the channel fixture's params). */
const SWEEP_MS = CHANNEL_TEST_PARAMS.stateInfoCacheSweepIntervalMs;

describe('Fabric msgstore/msgs_test.go ports (the StateInfo cache)', () => {
  it('[CHN-FUNC-CACHE-SWEEP.1] [CHN-FUNC-STATE-INFO-NEWER.1] TestPurge: of ten cached StateInfo, a purge matching none keeps ten; purging the even peers leaves exactly the five odd ones', () => {
    const peers = range(0, 10).map((i) => testPeer(ORG1, `purge-${i}`));
    const d = startChannel();
    d.send(membership(peers.map((p) => memberOf(p))));
    for (const p of peers) d.send(stateInfoPushed(p, stateInfoOf(p, 1)));
    const held = () => peers.flatMap((p, i) => (cachedOf(d.state.context.cache, p.pkiId) !== undefined ? [i] : []));
    expect(held()).toEqual(range(0, 10));

    // "values above 9": membership still knows every peer, so the sweep purges nothing.
    d.advanceBy(SWEEP_MS);
    expect(held()).toEqual(range(0, 10));

    // "even values": membership forgets the even peers; the next sweep purges them.
    d.send(membership(peers.filter((_, i) => i % 2 === 1).map((p) => memberOf(p))));
    expect(held()).toEqual(range(0, 10));
    d.advanceBy(SWEEP_MS);
    expect(held()).toHaveLength(5);
    for (const i of held()) expect(i % 2).toBe(1);
    const purged = range(0, 10).filter((i) => !held().includes(i));
    expect(purged).toEqual([0, 2, 4, 6, 8]);
  });
});
