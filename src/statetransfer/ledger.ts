/**
 * The ledger as state transfer sees it. The reducer never reads a ledger: it asks with `readLedger`
 * and hears `LEDGER_READ` and `LEDGER_HEIGHT` ([STX-ASM-LEDGER.1]). A host answers those from any
 * store that offers `Ledger`: a durable block store in a networked peer, or `MemoryLedger` below in
 * tests and the simulator.
 *
 * Appending checks what Fabric's block store checks (common/ledger/blkstorage/blockfile_mgr.go
 * `addBlock`): the block's number is the height, and its previous hash is the hash of the last
 * block's header ([STX-FUNC-LEDGER-CHAIN.1]).
 */
import { canonicalEncode, type CryptoSuite } from '../core';
import type { Block } from '../messages';

/** Fabric's protoutil.BlockHeaderHash: what the next block's header.previousHash must equal. */
export type HashHeader = (header: Block['header']) => string;
export const headerHashWith = (crypto: CryptoSuite): HashHeader => (header) => crypto.hash(canonicalEncode(header));

export type AppendRejection = 'wrongNumber' | 'previousHashMismatch';
export type AppendVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: AppendRejection; readonly detail: string };

/** What a host's block store must offer to serve state transfer and report the height. */
export interface Ledger {
  /** Number of blocks held; the next block to append has this number. */
  height(): number;
  /** The held blocks with numbers in [startSeq, endSeq], in order (fewer, or none, past the height). */
  readRange(startSeq: number, endSeq: number): readonly Block[];
  /** Header hash of the last block; "" for an empty ledger (the genesis block's previousHash). */
  lastBlockHash(): string;
  append(block: Block): AppendVerdict;
}

/** An in-memory ledger as plain data: blocks[i] has number i, hashes[i] is its header hash. */
export interface MemoryLedger {
  readonly blocks: readonly Block[];
  readonly hashes: readonly string[];
}

export const EMPTY_MEMORY_LEDGER: MemoryLedger = { blocks: [], hashes: [] };

export const memoryHeight = (l: MemoryLedger): number => l.blocks.length;
export const memoryLastHash = (l: MemoryLedger): string => l.hashes[l.hashes.length - 1] ?? '';

export function memoryReadRange(l: MemoryLedger, startSeq: number, endSeq: number): readonly Block[] {
  if (startSeq > endSeq) return [];
  return l.blocks.slice(startSeq, Math.min(endSeq, l.blocks.length - 1) + 1);
}

/** [STX-FUNC-LEDGER-CHAIN.1] Append only the next number, chained to the last header's hash. */
export function memoryAppend(l: MemoryLedger, block: Block, hashHeader: HashHeader): readonly [MemoryLedger, AppendVerdict] {
  const height = memoryHeight(l);
  if (block.header.number !== height) {
    return [l, { ok: false, reason: 'wrongNumber', detail: `block number should have been ${height} but was ${block.header.number}` }];
  }
  const expected = memoryLastHash(l);
  if (block.header.previousHash !== expected) {
    return [l, { ok: false, reason: 'previousHashMismatch', detail: `block ${height} has previous hash ${block.header.previousHash}, expected ${expected}` }];
  }
  return [{ blocks: [...l.blocks, block], hashes: [...l.hashes, hashHeader(block.header)] }, { ok: true }];
}

/** A `Ledger` over a MemoryLedger value (hosts hold one per channel; `snapshot` reads the value). */
export function memoryLedgerStore(hashHeader: HashHeader, initial: MemoryLedger = EMPTY_MEMORY_LEDGER): Ledger & { snapshot(): MemoryLedger } {
  let current = initial;
  return {
    height: () => memoryHeight(current),
    readRange: (startSeq, endSeq) => memoryReadRange(current, startSeq, endSeq),
    lastBlockHash: () => memoryLastHash(current),
    append(block) {
      const [next, verdict] = memoryAppend(current, block, hashHeader);
      current = next;
      return verdict;
    },
    snapshot: () => current,
  };
}
