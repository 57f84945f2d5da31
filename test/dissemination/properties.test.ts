/**
 * Any interleaving of orderer blocks (an in-order stream from the height, [DIS-ASM-ORDERER-STREAM.1])
 * and pushed blocks (duplicates, out of order, forged, wrong channel) keeps every invariant after
 * every step (the Driver checks them), and every valid block that arrives within the buffer window
 * is committed exactly once, in order.
 */
import fc from 'fast-check';
import { useInterpreter } from '../../src/core';
import { BLOCK_EXPIRATION_TIMER_EVENT, checkValid, dataEnvelope, verifyBlock, type DisseminationCommand } from '../../src/dissemination';
import { block, CHANNEL, Driver, forgeBlock, fromOrderer, ordererKey, pushed, reducer, suite, TEST_PARAMS } from './fixture';

type Action =
  | { kind: 'orderer' }
  | { kind: 'push'; seq: number; from: number }
  | { kind: 'forged'; seq: number }
  | { kind: 'otherChannel'; seq: number }
  | { kind: 'reconnect' }
  | { kind: 'tick'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant<Action>({ kind: 'orderer' }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('push' as const), seq: fc.integer({ min: 1, max: 45 }), from: fc.integer({ min: 1, max: 3 }) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('forged' as const), seq: fc.integer({ min: 1, max: 45 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('otherChannel' as const), seq: fc.integer({ min: 1, max: 45 }) }), weight: 1 },
  { arbitrary: fc.constant<Action>({ kind: 'reconnect' }), weight: 1 },
  // Time passes and the block store's expiry check runs (TTL 1 s: expiry after 1 s, purge after 2 s).
  { arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 2500 }) }), weight: 1 },
);

const params = fc.record({
  maxBlockCountToStore: fc.integer({ min: 1, max: 12 }),
  blockBufferSize: fc.integer({ min: 1, max: 12 }),
  blockGossipEnabled: fc.boolean(),
  blockExpirationIntervalMs: fc.constant(1000),
});

/** Runs the actions; `ordererCursor` is the deliver stream, restarted at the height on reconnect. */
function run(actions: readonly Action[], p: typeof TEST_PARAMS): { d: Driver; inWindow: Set<number>; events: DisseminationCommand[]; reforwarded: number[]; purges: number } {
  const d = Driver.start(1, p);
  let cursor: number | undefined;
  const inWindow = new Set<number>();
  const events: DisseminationCommand[] = [];
  let now = 0;
  // [DIS-SAFE-FORWARD-ONCE.2]: a seq forwarded again must have left the block store in between.
  const forwardedOnce = new Set<number>();
  const leftStore = new Set<number>();
  const reforwarded: number[] = [];
  let purges = 0;
  const step = (e: DisseminationCommand) => {
    const timed = 'nowMs' in e ? { ...e, nowMs: now } : e;
    events.push(timed);
    const before = d.state.context.store;
    const outs = d.step(timed);
    const after = new Set(d.state.context.store);
    for (const seq of before) {
      if (after.has(seq)) continue;
      leftStore.add(seq);
      if (timed.type === BLOCK_EXPIRATION_TIMER_EVENT) purges += 1;
    }
    for (const o of outs) {
      if (o.kind !== 'forward') continue;
      const seq = o.envelope.payload.content.dataMsg.payload.seqNum;
      if (forwardedOnce.has(seq) && !leftStore.has(seq)) reforwarded.push(seq);
      forwardedOnce.add(seq);
      leftStore.delete(seq);
    }
  };
  for (const a of actions) {
    const height = d.state.context.buffer.next;
    if (a.kind === 'reconnect') cursor = undefined;
    else if (a.kind === 'tick') {
      now += a.ms;
      step({ type: BLOCK_EXPIRATION_TIMER_EVENT, nowMs: now });
    }
    else if (a.kind === 'orderer') {
      cursor ??= height;
      inWindow.add(cursor);
      step(fromOrderer(cursor++));
    } else if (a.kind === 'push') {
      // Valid and within both windows: the buffer's, and the store's. A seq already stored is a
      // duplicate the store drops (Fabric's dedup), even if it was too far ahead to buffer the
      // first time: filling that gap is pull's and state transfer's job, not push's.
      const { store } = d.state.context;
      const storable = checkValid(store, p.maxBlockCountToStore, a.seq);
      if (storable && a.seq >= height && a.seq - height < p.blockBufferSize) inWindow.add(a.seq);
      step(pushed(a.seq, `Org1MSP/peer${a.from}`));
    } else if (a.kind === 'forged') {
      step(pushed(a.seq, 'Org1MSP/peer9', dataEnvelope(CHANNEL, a.seq, forgeBlock(CHANNEL, a.seq, `prev-${a.seq - 1}`))));
    } else step(pushed(a.seq, 'Org1MSP/peer1', dataEnvelope(CHANNEL, a.seq, block(a.seq, 'B'))));
  }
  return { d, inWindow, events, reforwarded, purges };
}

describe('dissemination properties', () => {
  it('[DIS-SAFE-IN-ORDER-COMMIT.1] [DIS-SAFE-BUFFER-BOUNDED.1] [DIS-SAFE-BLOCK-WINDOW.1] [DIS-SAFE-FORWARD-ONCE.2] [DIS-SAFE-VERIFIED-ONLY.1] [DIS-FUNC-BLOCK-EXPIRATION.1] invariants hold after every step of any interleaving, time passing and the store expiring; valid in-window blocks commit once, in order', () => {
    let purged = 0;
    fc.assert(
      fc.property(fc.array(action, { maxLength: 80 }), params, (actions, p) => {
        const { d, inWindow, reforwarded, purges } = run(actions, p);
        purged += purges;
        const committed = d.committed();
        expect(committed).toEqual(Array.from({ length: committed.length }, (_, i) => i + 1));
        // Every valid block that arrived within the windows was committed, or still waits in the
        // buffer behind a gap that no block filled.
        const height = d.state.context.buffer.next;
        expect(committed.length).toBe(height - 1);
        const buffered = d.state.context.buffer.payloads.map((b) => b.seq);
        for (const seq of inWindow) expect(seq < height || buffered.includes(seq)).toBe(true);
        // A block is forwarded again only after the store dropped it (purged 2 × TTL after it came, or evicted).
        expect(reforwarded).toEqual([]);
        for (const o of d.outputs) {
          if (o.kind === 'commit') expect(verifyBlock(suite, [ordererKey.identity], CHANNEL, o.seq, o.block)).toEqual({ ok: true });
          if (o.kind === 'forward') expect(o.envelope.payload.content.dataMsg.payload.data.metadata.signatures[0]?.identity).toBe(ordererKey.identity);
        }
      }),
      { numRuns: 300 },
    );
    // The generated runs do reach purges (a block leaving the store 2 × TTL after it came).
    expect(purged).toBeGreaterThan(0);
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] the compiled interpreter and xstate give the same outputs and contexts on the dissemination chart', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), params, (actions, p) => {
        const { events } = run(actions, p);
        const replay = () => {
          let [s] = reducer.init({ channel: CHANNEL, ledgerHeight: 1, params: p });
          const outs: unknown[] = [];
          for (const e of events) { const [n, o] = reducer.step(s, e); s = n; outs.push(...o); }
          return { outs, context: s.context, value: s.value };
        };
        useInterpreter('xstate');
        try {
          const viaXstate = replay();
          useInterpreter('compiled');
          expect(replay()).toEqual(viaXstate);
        } finally {
          useInterpreter('compiled');
        }
      }),
      { numRuns: 50 },
    );
  });
});
