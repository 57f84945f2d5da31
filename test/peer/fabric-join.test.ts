/**
 * Ports of Fabric's gossip/service/join_test.go: the gossip service's updateAnchors joins a channel
 * only if the peer's org is among the channel's orgs, and joins it with every org of the config
 * as a member, anchor peers or not.
 *
 * Adaptation of the mechanism (never of the assertions): Fabric's ConfigUpdate handed to
 * updateAnchors is the peer's JOIN_CHANNEL command (OrdererAddresses are not part of it, the
 * simulator's ordering service being reached by channel); "JoinChan was called" is the channel
 * existing in the peer afterwards, with the channel instance (Fabric's GossipChannel) holding the
 * config's orgs as its members.
 */
import { createSymbolicSuite, orgId, type HostInput } from '../../src/core';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { configOf } from './fixtures';

const suite = createSymbolicSuite(17);

function peerOfOrg(org: string): { reducer: ReturnType<typeof createPeerReducer>; state: PeerState } {
  const key = suite.enroll(org, `peer-of-${org}`);
  const reducer = createPeerReducer(suite, (pki) => (pki === suite.pkiIdOf(key.identity) ? key : undefined));
  const [state] = reducer.init({
    self: { pkiId: suite.pkiIdOf(key.identity), identity: key.identity, org: orgId(org), internalEndpoint: 'p:7051', externalEndpoint: 'p:7051' },
    config: configOf('fabric-1.4', { CORE_PEER_GOSSIP_BOOTSTRAP: '' }),
    startTimeMs: 0,
    seed: 17,
  });
  return { reducer, state };
}

const updateAnchors = (orgs: readonly string[]): HostInput => ({
  kind: 'command',
  nowMs: 0,
  command: { type: 'JOIN_CHANNEL', channel: 'A', sequence: 0, orgs: orgs.map((mspId) => ({ mspId, anchorPeers: [] })) },
});

describe('Fabric service/join_test.go ports', () => {
  it('[PEER-FUNC-JOIN-CHANNEL.1] TestJoinChannelConfig: a peer of OrgMSP0 does not join channel A of Org0; a peer of Org0 does', () => {
    const outsider = peerOfOrg('OrgMSP0');
    const [afterOutsider] = outsider.reducer.step(outsider.state, updateAnchors(['Org0']));
    expect(afterOutsider.channels['A']).toBeUndefined();
    expect(afterOutsider.rejected['join.notAMember']).toBe(1);

    const member = peerOfOrg('Org0');
    const [afterMember] = member.reducer.step(member.state, updateAnchors(['Org0']));
    expect(afterMember.channels['A']).toBeDefined();
    expect(afterMember.rejected['join.notAMember']).toBeUndefined();
  });

  it('[PEER-FUNC-JOIN-CHANNEL.1] [CHN-FUNC-CONFIG.1] TestJoinChannelNoAnchorPeers: two orgs without anchor peers: channel A is joined with both as members', () => {
    const p = peerOfOrg('Org0');
    const [after] = p.reducer.step(p.state, updateAnchors(['Org0', 'Org1']));
    const ch = after.channels['A'];
    expect(ch?.channel).toBe('A');
    expect(ch?.orgs).toHaveLength(2);
    expect(ch?.orgs).toContain('Org0');
    expect(ch?.orgs).toContain('Org1');
    expect([...(ch?.gossipChannel.context.orgs ?? [])].sort()).toEqual(['Org0', 'Org1']);
  });
});
