/**
 * Recording `deliverToLedger`: the block is appended to the peer's ledger for that channel and
 * compared, once, with the ordering service's chain. The first anomaly is kept on the world so
 * that a safety check costs O(1) per step instead of rescanning every ledger.
 */
import type { Draft } from './draft';
import { ordererChannel } from './orderer';
import { emptyVec, vecGet, vecLast, vecPush } from './pvec';
import type { LedgerAnomaly } from './trace-types';

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
  d.setSlot(peer, { ...slot, ledgers });
  const name = d.nameOf(peer);
  if (anomaly !== null && d.firstLedgerAnomaly === undefined) d.firstLedgerAnomaly = { peer: name, channel, seq, anomaly };
  d.emit({ k: 'commit', peer: name, channel, seq, anomaly });
}

/** [SIM-FUNC-LEADER-RECORD.1] The last leadershipChanged per channel is the peer's leader flag. */
export function recordLeadership<S>(d: Draft<S>, peer: number, channel: string, isLeader: boolean): void {
  const slot = d.slot(peer);
  const leaderOf = new Map(slot.leaderOf);
  leaderOf.set(channel, isLeader);
  d.setSlot(peer, { ...slot, leaderOf });
  d.emit({ k: 'leader', peer: d.nameOf(peer), channel, isLeader });
}
