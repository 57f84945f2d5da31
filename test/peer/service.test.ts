/**
 * Ports of gossip/service tests (gossip_service_test.go, integration_test.go) onto the simulator,
 * with the composed peer: the leadership callback drives the orderer connection.
 */
import { loadConfig } from '../../src/config';
import { advanceTo, crash, command, leadersOf, ordererConnections, peerState, restart, type World } from '../../src/sim';
import type { PeerState } from '../../src/peer';
import { CHANNEL, FAST_ELECTION_ENV, joinAll, joinCommand, network, oneOrg } from './fixtures';

const connected = (w: World<PeerState>, channel = CHANNEL) => ordererConnections(w, channel).sort();

describe('gossip/service ports', () => {
  it('[ELE-FUNC-MODE.1] [ELE-FUNC-ORDERER-CONNECTION.1] TestWithStaticDeliverClientLeader: two orgLeader peers deliver on two channels', () => {
    let w = network(oneOrg(2, 'fabric-2.x'));
    w = joinAll(w, joinCommand(['Org1MSP']));
    w = joinAll(w, { ...(joinCommand(['Org1MSP']) as object), channel: 'other' });
    w = advanceTo(w, 1000);
    expect(connected(w)).toEqual(['p0.org1msp', 'p1.org1msp']);
    expect(connected(w, 'other')).toEqual(['p0.org1msp', 'p1.org1msp']);
  });

  it('[ELE-FUNC-MODE.1] TestWithStaticDeliverClientNotLeader: neither orgLeader nor election: nobody delivers', () => {
    let w = network(oneOrg(2, 'fabric-2.x', { CORE_PEER_GOSSIP_ORGLEADER: 'false' }));
    w = advanceTo(joinAll(w, joinCommand(['Org1MSP'])), 60_000);
    expect(connected(w)).toEqual([]);
    expect(leadersOf(w, CHANNEL)).toEqual([]);
  });

  it('[ELE-ASM-CONFIG-EXCLUSIVE.1] TestWithStaticDeliverClientBothStaticAndLeaderElection: both keys true is rejected, naming them', () => {
    const loaded = loadConfig({ base: 'fabric-2.x', env: { CORE_PEER_GOSSIP_USELEADERELECTION: 'true', CORE_PEER_GOSSIP_ORGLEADER: 'true' } });
    expect(loaded.ok).toBe(false);
    const text = loaded.ok ? '' : loaded.errors.map((e) => e.message).join('\n');
    expect(text).toContain("Setting both orgLeader and useLeaderElection to true isn't supported, aborting execution");
    expect(text).toContain('peer.gossip.useLeaderElection');
  });

  it('[ELE-LIVE-ONE-LEADER.1] [ELE-FUNC-ORDERER-CONNECTION.1] TestLeaderElectionWithDeliverClient: 10 peers, exactly one delivers, on two consecutive polls', () => {
    let w = network(oneOrg(10, 'fabric-1.4', FAST_ELECTION_ENV));
    w = joinAll(advanceTo(w, 3000), joinCommand(['Org1MSP']));
    let consecutive = 0;
    for (let t = 4000; t <= 30_000 && consecutive < 2; t += 2000) {
      w = advanceTo(w, t);
      consecutive = connected(w).length === 1 ? consecutive + 1 : 0;
    }
    expect(consecutive).toBe(2);
    expect(leadersOf(w, CHANNEL)).toEqual(connected(w));
  });

  it('[ELE-LIVE-ONE-LEADER.1] TestLeaderElectionWithRealGossip: one leader among 10; stop peers 0 and 1, a new single leader', () => {
    let w = network(oneOrg(10, 'fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: 'p0.org1msp:7051 p1.org1msp:7051 p2.org1msp:7051' }));
    w = advanceTo(joinAll(advanceTo(w, 3000), joinCommand(['Org1MSP'])), 30_000);
    const [first] = leadersOf(w, CHANNEL);
    expect(leadersOf(w, CHANNEL)).toHaveLength(1);
    w = advanceTo(crash(crash(w, 'p0.org1msp'), 'p1.org1msp'), 90_000);
    const after = leadersOf(w, CHANNEL);
    expect(after).toHaveLength(1);
    expect(after).not.toContain('p0.org1msp');
    expect(after).not.toContain('p1.org1msp');
    expect(first).toBeDefined();
  });

  it('[ELE-FUNC-YIELD.1] [ELE-LIVE-YIELD-HANDOVER.1] TestLeaderYield: the leader yields when delivery gives up; the other peer leads within a minute', () => {
    const env = { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '5s', CORE_PEER_GOSSIP_ELECTION_LEADERELECTIONDURATION: '500ms', CORE_PEER_GOSSIP_ELECTION_MEMBERSHIPSAMPLEINTERVAL: '100ms' };
    let w = network(oneOrg(2, 'fabric-1.4', env));
    w = advanceTo(joinAll(advanceTo(w, 3000), joinCommand(['Org1MSP'])), 20_000);
    expect(leadersOf(w, CHANNEL)).toEqual(['p0.org1msp']);
    // The deliver client's finalizer calls Yield() (our host feeds it as a YIELD command).
    w = command(w, 'p0.org1msp', { type: 'YIELD', channel: CHANNEL });
    expect(peerState(w, 'p0.org1msp').channels[CHANNEL]?.isLeader).toBe(false);
    w = advanceTo(w, 80_000);
    expect(leadersOf(w, CHANNEL)).toEqual(['p1.org1msp']);
    expect(connected(w)).toEqual(['p1.org1msp']);
  });

  it('[PEER-FUNC-REJOIN-AFTER-RESTART.1] a restarted peer rejoins its channels from stable storage and leads again', () => {
    let w = network(oneOrg(2, 'fabric-2.x'));
    w = advanceTo(joinAll(w, joinCommand(['Org1MSP'])), 1000);
    w = advanceTo(restart(crash(w, 'p0.org1msp'), 'p0.org1msp'), 2000);
    expect(peerState(w, 'p0.org1msp').channels[CHANNEL]?.sequence).toBe(0);
    expect(connected(w)).toEqual(['p0.org1msp', 'p1.org1msp']);
  });
});
