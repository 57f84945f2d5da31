/**
 * The in-memory ledger a host answers readLedger from ([STX-ASM-LEDGER.1]) and its append checks
 * ([STX-FUNC-LEDGER-CHAIN.1]), through the `Ledger` store a host holds and on the plain value.
 */
import { EMPTY_MEMORY_LEDGER, memoryAppend, memoryHeight, memoryLastHash, memoryLedgerStore, memoryReadRange } from '../../src/statetransfer';
import { chain, CHANNEL, forgeBlock, hashHeader, ledgerOf } from './fixture';

const numbers = (blocks: readonly { header: { number: number } }[]) => blocks.map((b) => b.header.number);

describe('state transfer ledger', () => {
  it('[STX-ASM-LEDGER.1] a read returns the held blocks numbered in [startSeq, endSeq], in order, and none for an empty range', () => {
    const l = ledgerOf(5);
    expect(numbers(memoryReadRange(l, 0, 4))).toEqual([0, 1, 2, 3, 4]);
    expect(numbers(memoryReadRange(l, 1, 3))).toEqual([1, 2, 3]);
    expect(numbers(memoryReadRange(l, 2, 2))).toEqual([2]);
    expect(numbers(memoryReadRange(l, 4, 20))).toEqual([4]);
    expect(numbers(memoryReadRange(l, 5, 20))).toEqual([]);
    expect(numbers(memoryReadRange(l, 3, 1))).toEqual([]);
    expect(numbers(memoryReadRange(EMPTY_MEMORY_LEDGER, 0, 3))).toEqual([]);
  });

  it('[STX-ASM-LEDGER.1] [STX-FUNC-LEDGER-CHAIN.1] the store reads, reports and snapshots what it appended; a refused block leaves it unchanged', () => {
    const store = memoryLedgerStore(hashHeader, ledgerOf(2));
    expect(store.height()).toBe(2);
    expect(store.lastBlockHash()).toBe(hashHeader(chain(2)[1]!.header));
    expect(store.append(chain(3)[2]!)).toEqual({ ok: true });
    expect(numbers(store.readRange(1, 5))).toEqual([1, 2]);
    const before = store.snapshot();
    expect(memoryHeight(before)).toBe(3);
    expect(memoryLastHash(before)).toBe(hashHeader(chain(3)[2]!.header));
    const stale = chain(3)[2]!;
    expect(store.append(stale)).toEqual({ ok: false, reason: 'wrongNumber', detail: 'block number should have been 3 but was 2' });
    expect(store.snapshot()).toBe(before);
    expect(memoryLedgerStore(hashHeader).height()).toBe(0);
  });

  it('[STX-FUNC-LEDGER-CHAIN.1] a block of the right number but another previous hash is refused, naming both hashes', () => {
    const l = ledgerOf(3);
    const [after, verdict] = memoryAppend(l, forgeBlock(CHANNEL, 3, 'not-the-hash'), hashHeader);
    expect(verdict).toEqual({ ok: false, reason: 'previousHashMismatch', detail: `block 3 has previous hash not-the-hash, expected ${memoryLastHash(l)}` });
    expect(after).toBe(l);
    // The genesis block's previous hash is "".
    const [, genesis] = memoryAppend(EMPTY_MEMORY_LEDGER, forgeBlock(CHANNEL, 0, 'x'), hashHeader);
    expect(genesis).toEqual({ ok: false, reason: 'previousHashMismatch', detail: 'block 0 has previous hash x, expected ' });
    const [one, ok] = memoryAppend(EMPTY_MEMORY_LEDGER, chain(1)[0]!, hashHeader);
    expect(ok).toEqual({ ok: true });
    expect(one.hashes).toEqual([hashHeader(chain(1)[0]!.header)]);
  });
});
