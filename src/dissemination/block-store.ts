/**
 * The channel's block message store (Fabric gossip/gossip/msgstore/msgs.go with the Data/Data rule
 * of protoext/msgcomparator.go). `BlockStore` is its index of seqs (sorted ascending), on which the
 * window rule is decided; `StoredBlock`s keep the accepted envelopes beside it, evicted by the same
 * rule, so that block pull can serve them ([DIS-FUNC-STORE-SERVES-PULL.1]). TTL expiration is not
 * modelled. Pure values.
 */
import type { DataEnvelope } from './inputs';

export type BlockStore = readonly number[];

/** An accepted block's envelope, as pull serves it, with Fabric's msg.created and msg.expired. */
export interface StoredBlock {
  readonly seq: number;
  readonly envelope: DataEnvelope;
  readonly addedAtMs: number;
  readonly expired: boolean;
}

export type Invalidation = 'invalidated' | 'invalidates' | 'noAction';

/**
 * [DIS-FUNC-STORE-WINDOW.1] Data/Data comparator: the same seq is invalidated (dedup); seqs within
 * maxBlockCountToStore of each other coexist; otherwise the higher seq invalidates the lower.
 */
export function compareBlocks(maxBlockCountToStore: number, newSeq: number, oldSeq: number): Invalidation {
  if (newSeq === oldSeq) return 'invalidated';
  if (Math.abs(newSeq - oldSeq) <= maxBlockCountToStore) return 'noAction';
  return newSeq > oldSeq ? 'invalidates' : 'invalidated';
}

/** Fabric's CheckValid: no stored block invalidates the new one. */
export function checkValid(store: BlockStore, maxBlockCountToStore: number, seq: number): boolean {
  return store.every((old) => compareBlocks(maxBlockCountToStore, seq, old) !== 'invalidated');
}

/** Fabric's Add: rejected when invalidated; otherwise the blocks it invalidates are removed and it is stored. */
export function addBlock(store: BlockStore, maxBlockCountToStore: number, seq: number): { added: boolean; store: BlockStore } {
  if (!checkValid(store, maxBlockCountToStore, seq)) return { added: false, store };
  const kept = store.filter((old) => compareBlocks(maxBlockCountToStore, seq, old) !== 'invalidates');
  return { added: true, store: [...kept, seq].sort((a, b) => a - b) };
}

/**
 * [DIS-FUNC-STORE-SERVES-PULL.1] Add with its envelope: the same decision as addBlock, and the
 * envelopes kept are exactly those of the seqs the index keeps.
 */
export function addStoredBlock(
  store: BlockStore,
  blocks: readonly StoredBlock[],
  maxBlockCountToStore: number,
  block: Omit<StoredBlock, 'expired'>,
): { added: boolean; store: BlockStore; blocks: readonly StoredBlock[] } {
  const r = addBlock(store, maxBlockCountToStore, block.seq);
  if (!r.added) return { added: false, store, blocks };
  const kept = blocks.filter((b) => r.store.includes(b.seq));
  return { added: true, store: r.store, blocks: [...kept, { ...block, expired: false }].sort((a, b) => a.seq - b.seq) };
}

/** The blocks the store offers (Fabric's Get): those not expired. */
export const liveBlocks = (blocks: readonly StoredBlock[]): readonly StoredBlock[] =>
  blocks.some((b) => b.expired) ? blocks.filter((b) => !b.expired) : blocks;

/**
 * [DIS-FUNC-BLOCK-EXPIRATION.1] Fabric's expireMessages, one pass at `nowMs`: a block not expired
 * whose age exceeds the TTL is marked expired; one already expired whose age exceeds twice the TTL
 * is removed (from the seq index too). A block is never both marked and removed in one pass.
 * Unchanged inputs are returned as they are.
 */
export function expireBlocks(
  store: BlockStore,
  blocks: readonly StoredBlock[],
  ttlMs: number,
  nowMs: number,
): { store: BlockStore; blocks: readonly StoredBlock[] } {
  let changed = false;
  const next: StoredBlock[] = [];
  for (const b of blocks) {
    const age = nowMs - b.addedAtMs;
    if (!b.expired && age > ttlMs) {
      next.push({ ...b, expired: true });
      changed = true;
    } else if (b.expired && age > 2 * ttlMs) changed = true;
    else next.push(b);
  }
  if (!changed) return { store, blocks };
  const held = new Set(next.map((b) => b.seq));
  return { store: store.filter((seq) => held.has(seq)), blocks: next };
}
