/**
 * The channel's block message store (Fabric gossip/gossip/msgstore/msgs.go with the Data/Data rule
 * of protoext/msgcomparator.go), holding block seqs only: pull, which would serve the blocks from
 * here, is not modelled yet, and neither is TTL expiration. Pure values: sorted ascending seqs.
 */
export type BlockStore = readonly number[];

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
