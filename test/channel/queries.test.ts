/**
 * The channel's queries (src/channel/queries.ts) as the composition and the state provider call
 * them: the view and its memo, eligibility, advertised heights, Lookup.
 */
import { advertisedHeights, channelPeers, currentChannelPeers, hasLeftChannel, isEligible, isOrgInChannel, isStopped, lookupMember, type ChannelState } from '../../src/channel';
import type { PkiId } from '../../src/core';
import { configOf, memberOf, membership, ORG1, ORG2, pkiIDInOrg1, pushed, startChannel, stateInfoOf, testPeer } from './fixture';

const a = testPeer(ORG1, 'a');
const b = testPeer(ORG1, 'b');
const gone = testPeer(ORG1, 'gone');
const sorted = (...ids: PkiId[]) => [...ids].sort();

/** A channel of ORG1 whose cache holds a (height 4) and b (height 6, left), both alive. */
function channel() {
  const d = startChannel({ config: configOf(1, ORG1) });
  d.send(membership([memberOf(a), memberOf(b)], [memberOf(gone, 'gone:7051')]));
  d.send(pushed(a, stateInfoOf(a, 4)));
  d.send(pushed(a, stateInfoOf(b, 6, { leftChannel: true }), b));
  return d;
}

describe('channel queries', () => {
  it('[CHN-FUNC-CHANNEL-VIEW.1] the view skips a peer whose StateInfo says it left; its heights are the advertised ones', () => {
    const d = channel();
    expect(currentChannelPeers(d.state)).toEqual([a.pkiId]);
    expect(advertisedHeights(d.state)).toEqual([{ pkiId: a.pkiId, height: 4 }]);
    d.send(pushed(a, stateInfoOf(b, 7), b));
    expect(currentChannelPeers(d.state)).toEqual(sorted(a.pkiId, b.pkiId));
    expect(advertisedHeights(d.state)).toEqual(sorted(a.pkiId, b.pkiId).map((p) => ({ pkiId: p, height: p === a.pkiId ? 4 : 7 })));
  });

  it('[CHN-FUNC-CHANNEL-VIEW.1] the memoised view follows the alive list, the orgs and the lifecycle even when the cache object is the same', () => {
    const d = channel();
    const s = d.state;
    expect(currentChannelPeers(s)).toEqual([a.pkiId]);
    const noOrgs = { ...s, context: { ...s.context, orgs: [ORG2] } } as ChannelState;
    expect(noOrgs.context.cache).toBe(s.context.cache);
    expect(currentChannelPeers(noOrgs)).toEqual([]);
    const nobody = { ...s, context: { ...s.context, alive: [] } } as ChannelState;
    expect(currentChannelPeers(nobody)).toEqual([]);
    d.send({ type: 'LEAVE', nowMs: 1 });
    expect(d.state.context.cache).toBe(s.context.cache);
    expect(hasLeftChannel(d.state)).toBe(true);
    expect(currentChannelPeers(d.state)).toEqual([]);
    // And back: the first state's answer is unchanged.
    expect(currentChannelPeers(s)).toEqual([a.pkiId]);
    expect(channelPeers(s, [memberOf(a), memberOf(b)])).toEqual([a.pkiId]);
  });

  it('[CHN-FUNC-ELIGIBILITY.1] eligible: identity known, StateInfo cached, org in the channel; an unknown org is not in the channel', () => {
    const d = channel();
    expect(isEligible(d.state, memberOf(a))).toBe(true);
    expect(isEligible(d.state, { pkiId: a.pkiId })).toBe(false);
    expect(isEligible(d.state, memberOf(gone))).toBe(false);
    expect(isOrgInChannel(d.state, ORG1)).toBe(true);
    expect(isOrgInChannel(d.state, undefined)).toBe(false);
  });

  it('[CHN-ASM-INPUTS.1] Lookup finds ourselves, alive and dead members, and nobody else', () => {
    const { context } = channel().state;
    expect(lookupMember(context, pkiIDInOrg1.pkiId)).toEqual({ pkiId: pkiIDInOrg1.pkiId, endpoint: `${pkiIDInOrg1.pkiId}:7051` });
    expect(lookupMember(context, a.pkiId)).toEqual(memberOf(a));
    expect(lookupMember(context, gone.pkiId)).toEqual(memberOf(gone, 'gone:7051'));
    expect(lookupMember(context, testPeer(ORG1, 'stranger').pkiId)).toBeUndefined();
  });

  it('[CHN-FUNC-STOP.1] a channel is stopped only after STOP', () => {
    const d = channel();
    expect(isStopped(d.state)).toBe(false);
    d.send({ type: 'LEAVE', nowMs: 1 });
    expect(isStopped(d.state)).toBe(false);
    d.send({ type: 'STOP' });
    expect(isStopped(d.state)).toBe(true);
    expect(hasLeftChannel(d.state)).toBe(false);
  });
});
