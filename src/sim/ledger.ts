/**
 * Recording `deliverToLedger`: the block is appended to the peer's ledger for that channel and
 * compared, once, with the ordering service's chain. The first anomaly is kept on the world so
 * that a safety check costs O(1) per step instead of rescanning every ledger. Performing
 * `readLedger`: the same ledger is read and answered as a later `ledgerRead` input.
 */
import type { Draft } from './draft';
import { ordererChannel } from './orderer';
import { emptyVec, vecGet, vecLast, vecPush, type PVec } from './pvec';
import type { LedgerAnomaly } from './trace-types';
import type { LedgerEntry } from './world';

/**
 * [SIM-FUNC-LEDGER-READ.1] How long a `readLedger` takes: a local disk read, far below the
 * network's 1–10 ms. Fixed rather than drawn, so that reads are answered in the order asked and
 * add no draw to the world's PRNG (a run without reads draws exactly what it drew before).
 */
export const LEDGER_READ_LATENCY_MS = 1;

function safeHash<S>(d: Draft<S>, block: unknown): string {
  try {
    return d.config.hashBlock(block);
  } catch {
    return '<unhashable>';
  }
}

function anomalyOf<S>(d: Draft<S>, channel: string, previousSeq: number | undefined, seq: number, hash: string): LedgerAnomaly | null {
  if (previousSeq !== undefined && seq !== previousSeq + 1) return 'outOfOrder';
  const ordered = vecGet(ordererChannel(d, channel).blocks, seq);
  if (ordered === undefined) return 'unknownBlock';
  return ordered.hash === hash ? null : 'mismatch';
}

/** [SIM-FUNC-LEDGER-RECORD.1] Append the commit and keep the first outOfOrder, unknownBlock or mismatch. */
export function commitToLedger<S>(d: Draft<S>, peer: number, channel: string, seq: number, block: unknown): void {
  const slot = d.slot(peer);
  const ledger = slot.ledgers.get(channel) ?? emptyVec();
  const hash = safeHash(d, block);
  const anomaly = anomalyOf(d, channel, vecLast(ledger)?.seq, seq, hash);
  const ledgers = new Map(slot.ledgers);
  ledgers.set(channel, vecPush(ledger, { seq, block, hash, atMs: d.nowMs }));
  d.patchSlot(peer, { ledgers });
  const name = d.nameOf(peer);
  if (anomaly !== null && d.firstLedgerAnomaly === undefined) d.firstLedgerAnomaly = { peer: name, channel, seq, anomaly };
  d.emit({ k: 'commit', peer: name, channel, seq, anomaly });
}

/** [SIM-FUNC-LEADER-RECORD.1] The last leadershipChanged per channel is the peer's leader flag. */
export function recordLeadership<S>(d: Draft<S>, peer: number, channel: string, isLeader: boolean): void {
  const slot = d.slot(peer);
  const leaderOf = new Map(slot.leaderOf);
  leaderOf.set(channel, isLeader);
  d.patchSlot(peer, { leaderOf });
  d.emit({ k: 'leader', peer: d.nameOf(peer), channel, isLeader });
}

const isSeq = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * The entries of a ledger numbered in [startSeq, endSeq], ascending, the last one of a seq kept.
 * `contiguous` promises that the ledger holds consecutive seqs from its first (true of every
 * ledger while no anomaly has been recorded: an out-of-order commit is one), so the range is
 * sliced by index; without the promise every entry is looked at. The promise cannot be read off
 * the ledger's ends: [11, 0, 0, 0, 15] has five entries from 11 to 15 and still holds 0.
 */
export function ledgerRange(ledger: PVec<LedgerEntry>, startSeq: number, endSeq: number, contiguous: boolean): readonly LedgerEntry[] {
  if (startSeq > endSeq || ledger.size === 0) return [];
  if (contiguous) {
    const first = (vecGet(ledger, 0) as LedgerEntry).seq;
    const out: LedgerEntry[] = [];
    for (let seq = Math.max(startSeq, first); seq <= Math.min(endSeq, first + ledger.size - 1); seq++) out.push(vecGet(ledger, seq - first) as LedgerEntry);
    return out;
  }
  const bySeq = new Map<number, LedgerEntry>();
  for (let i = 0; i < ledger.size; i++) {
    const e = vecGet(ledger, i) as LedgerEntry;
    if (e.seq >= startSeq && e.seq <= endSeq) bySeq.set(e.seq, e);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * [SIM-FUNC-LEDGER-READ.1] [GEN-ASM-LEDGER-READ.1] Perform `readLedger`: read the range from the
 * peer's ledger for the channel now (none: an empty answer) and schedule its one answer
 * LEDGER_READ_LATENCY_MS later, for this incarnation only.
 */
export function readLedger<S>(d: Draft<S>, peer: number, e: Readonly<Record<string, unknown>>): string | undefined {
  const { channel, startSeq, endSeq, correlation } = e;
  if (typeof channel !== 'string' || channel === '') return 'readLedger.channel must be a non-empty string';
  if (!isSeq(startSeq)) return `readLedger.startSeq must be a block number, got ${String(startSeq)}`;
  if (!isSeq(endSeq)) return `readLedger.endSeq must be a block number, got ${String(endSeq)}`;
  if (!isSeq(correlation)) return `readLedger.correlation must be a safe integer >= 0, got ${String(correlation)}`;
  const slot = d.slot(peer);
  const ledger = slot.ledgers.get(channel);
  const blocks = (ledger === undefined ? [] : ledgerRange(ledger, startSeq, endSeq, d.firstLedgerAnomaly === undefined)).map((entry) => ({ seq: entry.seq, block: entry.block }));
  d.emit({ k: 'readLedger', peer: d.nameOf(peer), channel, startSeq, endSeq, correlation, seqs: blocks.map((b) => b.seq) });
  d.scheduleEvent(d.nowMs + LEDGER_READ_LATENCY_MS, { kind: 'ledgerRead', peer, incarnation: slot.incarnation, channel, correlation, blocks });
  return undefined;
}
