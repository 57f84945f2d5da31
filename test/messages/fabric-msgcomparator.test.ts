/**
 * Ports of Fabric's gossip/protoext/msgcomparator_test.go, for the message kinds whose comparator
 * the reference implements: Data/Data (the block store's window rule, dissemination's
 * compareBlocks) and Alive/Alive (the alive msg-store's CheckValid, keyed by PKI-ID).
 * Adaptation: Fabric has one comparator over every message kind; here each store has its own rule.
 * The alive store keeps one entry per PKI-ID, so "this invalidates that" is: this passes CheckValid
 * against a store holding that, and replaces it (same PKI-ID); "no action" is: both are kept
 * (different PKI-IDs). The Fabric comparator's arguments are (this = new, that = old).
 */
import type { PeerTime } from '../../src/core';
import { compareBlocks, type Invalidation } from '../../src/dissemination';
import { storeCheckValid } from '../../src/membership/alive-store';
import { emptyPMap, pset } from '../../src/core/pmap';
import type { StoredAlive } from '../../src/membership';

interface Alive {
  readonly pkiId: string;
  readonly ts: PeerTime;
}
const alive = (pkiId: string, incNum: number, seqNum: number): Alive => ({ pkiId, ts: { incNum: BigInt(incNum), seqNum: BigInt(seqNum) } });

/** Fabric's comparator(this, that) for alive messages, as the alive store decides it. */
function aliveComparator(thisMsg: Alive, thatMsg: Alive): Invalidation {
  const stored: StoredAlive = { ts: thatMsg.ts, addedAtMs: 0, expired: false, endpoint: 'localhost:5611', internalEndpoint: '' };
  const store = pset(emptyPMap<StoredAlive>(), thatMsg.pkiId, stored);
  if (!storeCheckValid(store, thisMsg.pkiId, thisMsg.ts)) return 'invalidated';
  return thisMsg.pkiId === thatMsg.pkiId ? 'invalidates' : 'noAction';
}

describe('Fabric msgcomparator_test.go ports', () => {
  it('[MEM-FUNC-MSGSTORE-POLICY.1] TestAliveMessageNoActionTaken: alive messages of two PKI-IDs neither invalidate the other', () => {
    const sMsg1 = alive('id1', 1, 1);
    const sMsg2 = alive('id2', 2, 2);
    expect(aliveComparator(sMsg1, sMsg2)).toBe('noAction');
  });

  it('[MEM-FUNC-MSGSTORE-POLICY.1] [GEN-FUNC-PEER-TIME-ORDER.1] TestAliveMessageInvalidation: of one PKI-ID, the newer PeerTime (incNum first, then seqNum) invalidates the older', () => {
    const sMsg1 = alive('id1', 1, 1);
    const sMsg2 = alive('id1', 2, 2);
    const sMsg3 = alive('id1', 1, 2);
    expect(aliveComparator(sMsg1, sMsg2)).toBe('invalidated');
    expect(aliveComparator(sMsg2, sMsg1)).toBe('invalidates');
    expect(aliveComparator(sMsg1, sMsg3)).toBe('invalidated');
    expect(aliveComparator(sMsg3, sMsg1)).toBe('invalidates');
  });

  it('[DIS-FUNC-STORE-WINDOW.1] TestDataMessageInvalidation: with a window of 5, the same seq is invalidated, seqs 1 apart coexist, seqs 6 apart: the higher invalidates', () => {
    const comparator = (thisSeq: number, thatSeq: number) => compareBlocks(5, thisSeq, thatSeq);
    const [sMsg1, sMsg1Clone, sMsg3, sMsg4] = [1, 1, 2, 7];
    expect(comparator(sMsg1, sMsg1Clone)).toBe('invalidated');
    expect(comparator(sMsg1, sMsg3)).toBe('noAction');
    expect(comparator(sMsg1, sMsg4)).toBe('invalidated');
    expect(comparator(sMsg4, sMsg1)).toBe('invalidates');
  });

});
