/**
 * A durable ledger and stable storage in LevelDB (classic-level), as Fabric keeps its block index
 * in LevelDB ([GEN-FUNC-RUNTIME-DURABLE-LEDGER.1]). One database per peer:
 *
 *   b!<channel>!<seq, 16 hex digits>  a marshalled common.Block (src/wire encodeBlock)
 *   h!<channel>                       the channel's height, decimal
 *   s!<key>                           a `persist` value, canonical JSON (src/core encoding)
 *
 * A block and its height are written in one atomic batch, synced before the append resolves: a
 * peer killed at any moment has every block it acknowledged, and never half a block. The ledger's
 * checks are statetransfer's (the next number, chained to the last header's hash); the in-memory
 * copy moves only after the write succeeded. Opening reads every channel back, checking each block
 * decodes and chains; a tail that does not is cut off and reported, never served.
 */
import { ClassicLevel } from 'classic-level';
import { canonicalDecode, canonicalEncode, type CryptoSuite, type LedgerBlock } from '../../core';
import type { Block } from '../../messages';
import { EMPTY_MEMORY_LEDGER, headerHashWith, memoryAppend, memoryHeight, memoryLastHash, memoryReadRange, type HashHeader, type Ledger, type MemoryLedger } from '../../statetransfer';
import { decodeBlock, encodeBlock } from '../../wire';
import type { AppendOutcome, BlockStore, StableStorage, Telemetry } from '../ports';
import { checkCommit } from './memory';

const blockKey = (channel: string, seq: number) => `b!${channel}!${seq.toString(16).padStart(16, '0')}`;
const heightKey = (channel: string) => `h!${channel}`;
const stateKey = (key: string) => `s!${key}`;

/** One channel's ledger: reads from memory, appends through the database. */
class LevelLedger implements Ledger {
  constructor(public value: MemoryLedger, private readonly hashHeader: HashHeader) {}
  height(): number {
    return memoryHeight(this.value);
  }
  readRange(startSeq: number, endSeq: number): readonly Block[] {
    return memoryReadRange(this.value, startSeq, endSeq);
  }
  lastBlockHash(): string {
    return memoryLastHash(this.value);
  }
  /** Checks only; the caller makes it durable, then calls `advance`. */
  append(block: Block): ReturnType<Ledger['append']> {
    return memoryAppend(this.value, block, this.hashHeader)[1];
  }
  advance(block: Block): void {
    this.value = memoryAppend(this.value, block, this.hashHeader)[0];
  }
}

export interface LevelStoreOptions {
  /** fsync every write (default true): survives a machine crash, not only a killed process. */
  readonly sync?: boolean;
  readonly telemetry?: Telemetry;
}

export class LevelStore implements BlockStore, StableStorage {
  private readonly ledgers = new Map<string, LevelLedger>();
  private readonly hashHeader: HashHeader;
  private writes: Promise<unknown> = Promise.resolve();
  /** What opening found and cut off (channel → the first bad block number). */
  readonly truncated: Record<string, number> = {};

  private constructor(private readonly db: ClassicLevel<string, string>, crypto: CryptoSuite, private readonly o: LevelStoreOptions) {
    this.hashHeader = headerHashWith(crypto);
  }

  /** Open (or create) the database in `dir` and read every channel's ledger back. */
  static async open(dir: string, crypto: CryptoSuite, o: LevelStoreOptions = {}): Promise<LevelStore> {
    const db = new ClassicLevel<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    await db.open();
    const store = new LevelStore(db, crypto, o);
    await store.readBack();
    return store;
  }

  private async readBack(): Promise<void> {
    const heights = new Map<string, number>();
    for await (const [key, value] of this.db.iterator({ gte: 'h!', lt: 'h"' })) heights.set(key.slice(2), Number(value));
    for (const [channel, height] of heights) {
      const ledger = new LevelLedger(EMPTY_MEMORY_LEDGER, this.hashHeader);
      let seq = 0;
      for await (const [, bytes] of this.db.iterator<string, Uint8Array>({ gte: blockKey(channel, 0), lte: blockKey(channel, Number.MAX_SAFE_INTEGER), valueEncoding: 'view' })) {
        if (seq >= height) break;
        const decoded = decodeBlock(bytes);
        if (!decoded.ok || !ledger.append(decoded.value).ok) break;
        ledger.advance(decoded.value);
        seq += 1;
      }
      if (seq < height) {
        this.truncated[channel] = seq;
        this.o.telemetry?.count('runtime_ledger_truncated_total', { channel });
        this.o.telemetry?.log('warn', `Ledger of ${channel} holds ${height} blocks but only ${seq} read back whole and chained; serving ${seq}`, { channel });
      }
      this.ledgers.set(channel, ledger);
    }
  }

  ledger(channel: string): Ledger {
    return this.ledgerOf(channel);
  }

  private ledgerOf(channel: string): LevelLedger {
    let l = this.ledgers.get(channel);
    if (l === undefined) this.ledgers.set(channel, (l = new LevelLedger(EMPTY_MEMORY_LEDGER, this.hashHeader)));
    return l;
  }

  heights(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [channel, l] of this.ledgers) if (l.height() > 0) out[channel] = l.height();
    return out;
  }

  /** Appends run one after another, each durable before the next is checked. */
  append(channel: string, seq: number, block: unknown): Promise<AppendOutcome> {
    const run = this.writes.then(() => this.appendNow(channel, seq, block));
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async appendNow(channel: string, seq: number, block: unknown): Promise<AppendOutcome> {
    const checked = checkCommit(seq, block);
    if (!checked.ok) return checked;
    const ledger = this.ledgerOf(channel);
    const verdict = ledger.append(checked.block);
    if (!verdict.ok) return verdict;
    const bytes = encodeBlock(checked.block);
    if (!bytes.ok) return { ok: false, reason: 'undecodable', detail: `the block cannot be stored as a common.Block: ${bytes.error.message}` };
    try {
      await this.db.batch(
        [
          { type: 'put', key: blockKey(channel, seq), value: bytes.value, valueEncoding: 'view' } as never,
          { type: 'put', key: heightKey(channel), value: String(seq + 1) },
        ],
        { sync: this.o.sync ?? true },
      );
    } catch (e) {
      return { ok: false, reason: 'storageFailure', detail: String(e) };
    }
    ledger.advance(checked.block);
    return { ok: true };
  }

  async read(channel: string, startSeq: number, endSeq: number): Promise<readonly LedgerBlock[]> {
    const l = this.ledgers.get(channel);
    if (l === undefined) return [];
    return l.readRange(startSeq, endSeq).map((b) => ({ seq: b.header.number, block: b }));
  }

  /** StableStorage: every persisted key and value (a value that does not parse is left out, reported). */
  async load(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for await (const [key, value] of this.db.iterator({ gte: 's!', lt: 's"' })) {
      try {
        out[key.slice(2)] = canonicalDecode(value);
      } catch {
        this.o.telemetry?.log('warn', `Stable storage key ${key.slice(2)} does not parse; ignored`);
      }
    }
    return out;
  }

  async put(key: string, value: unknown): Promise<void> {
    const run = this.writes.then(() =>
      value === undefined ? this.db.del(stateKey(key), { sync: this.o.sync ?? true }) : this.db.put(stateKey(key), canonicalEncode(value), { sync: this.o.sync ?? true }),
    );
    this.writes = run.catch(() => undefined);
    await run;
  }

  async close(): Promise<void> {
    await this.writes;
    if (this.db.status === 'open') await this.db.close();
  }
}
