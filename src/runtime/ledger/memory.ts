/**
 * In-memory stores behind the host's ports: a ledger per channel over statetransfer's
 * MemoryLedger (the hash-chain checks of Fabric's block store), and stable storage as a map.
 */
import { decodeWith, type CryptoSuite, type LedgerBlock } from '../../core';
import { Block } from '../../messages';
import { headerHashWith, memoryLedgerStore, type Ledger } from '../../statetransfer';
import type { AppendOutcome, BlockStore, StableStorage } from '../ports';

/** Check what a `deliverToLedger` hands over before any ledger sees it. */
export function checkCommit(seq: number, block: unknown): { ok: true; block: Block } | Extract<AppendOutcome, { ok: false }> {
  const decoded = decodeWith(Block, block);
  if (!decoded.ok) return { ok: false, reason: 'undecodable', detail: decoded.error.message };
  if (decoded.value.header.number !== seq) return { ok: false, reason: 'wrongNumber', detail: `block ${decoded.value.header.number} delivered as ${seq}` };
  return { ok: true, block: decoded.value };
}

export class MemoryBlockStore implements BlockStore {
  private readonly ledgers = new Map<string, Ledger>();
  constructor(private readonly crypto: CryptoSuite) {}

  ledger(channel: string): Ledger {
    let l = this.ledgers.get(channel);
    if (l === undefined) this.ledgers.set(channel, (l = memoryLedgerStore(headerHashWith(this.crypto))));
    return l;
  }

  heights(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [channel, l] of this.ledgers) out[channel] = l.height();
    return out;
  }

  async append(channel: string, seq: number, block: unknown): Promise<AppendOutcome> {
    const checked = checkCommit(seq, block);
    if (!checked.ok) return checked;
    return this.ledger(channel).append(checked.block);
  }

  async read(channel: string, startSeq: number, endSeq: number): Promise<readonly LedgerBlock[]> {
    const l = this.ledgers.get(channel);
    if (l === undefined) return [];
    return l.readRange(startSeq, endSeq).map((b) => ({ seq: b.header.number, block: b }));
  }

  async close(): Promise<void> {}
}

export class MemoryStableStorage implements StableStorage {
  readonly values = new Map<string, unknown>();
  async load(): Promise<Record<string, unknown>> {
    return Object.fromEntries(this.values);
  }
  async put(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
  async close(): Promise<void> {}
}
