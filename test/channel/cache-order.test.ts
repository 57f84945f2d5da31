/**
 * The StateInfo cache is a persistent map walked in arrival order (src/channel/cache.ts): the
 * snapshot we answer a pull request with lists entries as they entered, as the plain record did
 * before, so outputs did not change with the representation. The map's own order is by hash
 * bucket, so ten PKI-IDs entered in one order would come out in another without the positions.
 */
import { cacheInOrder, cachedOf, cacheWith, emptyStateInfoCache } from '../../src/channel';
import { cacheKeeping } from '../../src/channel/cache';
import { ORG1, stateInfoOf, testPeer } from './fixture';

const peers = Array.from({ length: 10 }, (_, i) => testPeer(ORG1, `order-${i}`));
const filled = () => peers.reduce((c, p) => cacheWith(c, p.pkiId, { envelope: stateInfoOf(p, 1), org: ORG1 }), emptyStateInfoCache);
const keys = (c: ReturnType<typeof filled>) => cacheInOrder(c).map(([k]) => k);

describe('StateInfo cache order', () => {
  it('[CHN-FUNC-SERVE-SNAPSHOT.1] entries are walked in the order their PKI-IDs entered', () => {
    expect(keys(filled())).toEqual(peers.map((p) => p.pkiId));
  });

  it('[CHN-FUNC-STATE-INFO-NEWER.1] a newer StateInfo replaces an entry in its place and takes no new position', () => {
    const c = filled();
    const third = peers[2]!;
    const newer = stateInfoOf(third, 2);
    const replaced = cacheWith(c, third.pkiId, { envelope: newer, org: ORG1 });
    expect(keys(replaced)).toEqual(peers.map((p) => p.pkiId));
    expect(cachedOf(replaced, third.pkiId)?.envelope).toBe(newer);
    expect(replaced.nextPosition).toBe(c.nextPosition);
  });

  it('[CHN-FUNC-CACHE-SWEEP.1] a removed PKI-ID that comes back goes last; keeping everything keeps the same cache', () => {
    const c = filled();
    const first = peers[0]!;
    const swept = cacheKeeping(c, (pki) => pki !== first.pkiId);
    expect(keys(swept)).toEqual(peers.slice(1).map((p) => p.pkiId));
    expect(cacheKeeping(c, () => true)).toBe(c);
    const back = cacheWith(swept, first.pkiId, { envelope: stateInfoOf(first, 3), org: ORG1 });
    expect(keys(back)).toEqual([...peers.slice(1), first].map((p) => p.pkiId));
  });
});
