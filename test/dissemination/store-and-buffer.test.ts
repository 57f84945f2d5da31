/** The block store (Fabric msgstore + Data/Data comparator) and the payload buffer, as pure values. */
import fc from 'fast-check';
import { addBlock, checkValid, compareBlocks, nonBlockingRejection, popReady, push, pushRejection, type BlockStore } from '../../src/dissemination';
import { block, Driver, logRules, pushed } from './fixture';

describe('block store', () => {
  it('[DIS-FUNC-STORE-WINDOW.1] msgcomparator_test data table (window 5): same seq invalidated, within window no action, else higher wins', () => {
    expect(compareBlocks(5, 10, 10)).toBe('invalidated');
    expect(compareBlocks(5, 15, 10)).toBe('noAction');
    expect(compareBlocks(5, 5, 10)).toBe('noAction');
    expect(compareBlocks(5, 16, 10)).toBe('invalidates');
    expect(compareBlocks(5, 4, 10)).toBe('invalidated');
  });

  it('[DIS-FUNC-STORE-WINDOW.1] [DIS-SAFE-BLOCK-WINDOW.1] store laws: CheckValid iff Add succeeds; after Add the window holds and the new seq is stored', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(60), { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (seqs, size) => {
        let store: BlockStore = [];
        for (const seq of seqs) {
          const valid = checkValid(store, size, seq);
          const r = addBlock(store, size, seq);
          expect(r.added).toBe(valid);
          if (r.added) expect(r.store).toContain(seq);
          store = r.store;
          const span = store.length === 0 ? 0 : (store[store.length - 1] as number) - (store[0] as number);
          expect(span).toBeLessThanOrEqual(size);
          expect(new Set(store).size).toBe(store.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('payload buffer', () => {
  const empty = { next: 5, payloads: [] };

  it('[DIS-FUNC-BUFFER-PUSH.1] payloads_buffer_test port: a push below next is rejected, a duplicate is rejected', () => {
    expect(pushRejection(empty, 4)).toBe('belowNext');
    const one = push(empty, { seq: 7, block: block(7) });
    expect(pushRejection(one, 7)).toBe('duplicate');
    expect(pushRejection(one, 6)).toBeUndefined();
  });

  it('[DIS-FUNC-COMMIT-IN-ORDER.1] pop takes only the consecutive run from next', () => {
    let b = push(empty, { seq: 7, block: block(7) });
    b = push(b, { seq: 5, block: block(5) });
    b = push(b, { seq: 6, block: block(6) });
    b = push(b, { seq: 9, block: block(9) });
    const popped = popReady(b);
    expect(popped.next).toBe(8);
    expect(popped.payloads.map((p) => p.seq)).toEqual([9]);
  });

  it('[DIS-FUNC-BUFFER-NONBLOCKING.1] seq - height >= blockBufferSize is refused, seq - height = blockBufferSize - 1 is not', () => {
    expect(nonBlockingRejection(empty, 20, 24)).toBeUndefined();
    expect(nonBlockingRejection(empty, 20, 25)).toBe('beyondBufferWindow');
    expect(nonBlockingRejection(empty, 20, 4)).toBe('belowNext');
  });

  it('[DIS-FUNC-BUFFER-NONBLOCKING.1] [DIS-SAFE-BUFFER-BOUNDED.1] TestOverPopulation port: at height 1, 10-20 taken, 21-200 refused, then 1-4 committed', () => {
    // Fabric's test feeds the state provider directly, past the channel's block store: a store
    // window larger than the run keeps the store out of the way. Our commits are synchronous, so
    // 1-4 come last to keep the height at 1 while 10-200 arrive, as in Fabric's test.
    const d = Driver.start(1, { blockBufferSize: 20, maxBlockCountToStore: 1000 });
    for (let seq = 10; seq <= 20; seq++) d.step(pushed(seq));
    const refused: unknown[] = [];
    for (let seq = 21; seq <= 200; seq++) refused.push(...logRules(d.step(pushed(seq))));
    for (let seq = 1; seq <= 4; seq++) d.step(pushed(seq));
    expect(d.committed()).toEqual([1, 2, 3, 4]);
    expect(d.state.context.buffer.payloads.map((p) => p.seq)).toEqual(Array.from({ length: 11 }, (_, i) => 10 + i));
    expect(d.state.context.buffer.payloads.length).toBeLessThan(20);
    // Every refused block was new to the store, hence forwarded ([DIS-FUNC-ACCEPT-FORWARD.1]), then logged.
    expect(refused).toEqual(Array.from({ length: 180 }, () => 'DIS-FUNC-BUFFER-NONBLOCKING.1'));
    expect(d.forwarded().length).toBe(11 + 180 + 4);
  });
});
