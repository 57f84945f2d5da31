/**
 * Ports of gossip/service tests (gossip_service_test.go, integration_test.go) onto the simulator,
 * with the composed peer: the leadership callback drives the orderer connection.
 */
import { loadConfig } from '../../src/config';
import { comparePkiIds } from '../../src/core';
import {
  advanceTo,
  crash,
  command,
  cutBlock,
  leadersOf,
  ledgerHeight,
  ordererConnections,
  peerState,
  restart,
  setOrdererReachable,
  traceEvents,
  type TraceEvent,
  type World,
} from '../../src/sim';
import type { PeerState } from '../../src/peer';
import { CHANNEL, FAST_ELECTION_ENV, joinAll, joinCommand, network, oneOrg } from './fixtures';

const connected = (w: World<PeerState>, channel = CHANNEL) => ordererConnections(w, channel).sort();
const linesOf = <K extends TraceEvent['k']>(w: World<PeerState>, k: K) => traceEvents(w).filter((l): l is Extract<TraceEvent, { k: K }> => l.k === k);
/**
 * Fabric's TestLeaderYield timings (integration_test.go): threshold 5s, election 500ms, deliverer
 * gives up after 1s, StateInfo published and requested every 1s (the service tests' gossip
 * config). Fabric's test waits until each peer sees the other in the channel (PeersOfChannel,
 * i.e. after StateInfo) before InitializeChannel starts the election, so its 100ms membership
 * sample meets a full view. Here the join starts both at once: the startup sample (1.5s) outlasts
 * the first StateInfo exchange (1s), so the election starts, as in Fabric's test, with the full
 * channel view ([PEER-FUNC-CHANNEL-VIEW.1]).
 */
const LEADER_YIELD_ENV = {
  ...FAST_ELECTION_ENV,
  CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '5s',
  CORE_PEER_GOSSIP_ELECTION_LEADERELECTIONDURATION: '500ms',
  CORE_PEER_GOSSIP_ELECTION_MEMBERSHIPSAMPLEINTERVAL: '1500ms',
  CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '1s',
  CORE_PEER_DELIVERYCLIENT_RECONNECTTOTALTIMETHRESHOLD: '1s',
};

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

  it('[ELE-FUNC-DELIVERY-GAVE-UP.1] TestLeaderYield in the simulator: no ordering service, the leader\'s deliverer gives up after 1s, it yields, the other peer leads within a minute', () => {
    let w = setOrdererReachable(network(oneOrg(2, 'fabric-1.4', LEADER_YIELD_ENV)), CHANNEL, false);
    const [low, high] = [...w.directory.specs].sort((a, b) => comparePkiIds(a.pkiId, b.pkiId)).map((s) => s.name) as [string, string];
    w = joinAll(advanceTo(w, 3000), joinCommand(['Org1MSP']));
    for (let t = 3100; t <= 20_000 && leadersOf(w, CHANNEL).length === 0; t += 100) w = advanceTo(w, t);
    expect(leadersOf(w, CHANNEL)).toEqual([low]);
    const ledAtMs = linesOf(w, 'leader').find((l) => l.isLeader)?.t ?? Number.NaN;
    // Elected, it opened its deliverer with reconnectTotalTimeThreshold as the give-up time.
    expect(linesOf(w, 'ordererConnect')).toMatchObject([{ peer: low, t: ledAtMs, giveUpAfterMs: 1000 }]);
    w = advanceTo(w, ledAtMs + 999);
    expect(linesOf(w, 'ordererGaveUp')).toEqual([]);
    expect(connected(w)).toEqual([low]);
    w = advanceTo(w, ledAtMs + 1000);
    expect(linesOf(w, 'ordererGaveUp').map((l) => [l.peer, l.t])).toEqual([[low, ledAtMs + 1000]]);
    expect(peerState(w, low).channels[CHANNEL]?.isLeader).toBe(false);
    expect(leadersOf(w, CHANNEL)).toEqual([]);
    expect(connected(w)).toEqual([]);
    // The other peer takes over within one minute of the yield (polled every 100ms).
    let takeOverMs: number | undefined;
    for (let t = w.nowMs + 100; t <= ledAtMs + 1000 + 60_000 && takeOverMs === undefined; t += 100) {
      w = advanceTo(w, t);
      if (leadersOf(w, CHANNEL).includes(high)) takeOverMs = t;
    }
    expect(takeOverMs).toBeDefined();
    expect(leadersOf(w, CHANNEL)).toEqual([high]);
    expect(connected(w)).toEqual([high]);
    expect(linesOf(w, 'ordererConnect').map((l) => [l.peer, l.giveUpAfterMs])).toEqual([
      [low, 1000],
      [high, 1000],
    ]);
  });

  it('[ELE-FUNC-DELIVERY-GAVE-UP.1] [PEER-FUNC-DELIVER-GIVE-UP.1] [ELE-FUNC-MODE.1] a static leader\'s deliverer never gives up, however long the outage lasts', () => {
    let w = setOrdererReachable(network(oneOrg(2, 'fabric-2.x', { CORE_PEER_DELIVERYCLIENT_RECONNECTTOTALTIMETHRESHOLD: '1s' })), CHANNEL, false);
    w = advanceTo(cutBlock(joinAll(w, joinCommand(['Org1MSP'])), CHANNEL), 2 * 3_600_000);
    expect(linesOf(w, 'ordererGaveUp')).toEqual([]);
    expect(linesOf(w, 'ordererConnect').map((l) => [l.peer, l.giveUpAfterMs])).toEqual([
      ['p0.org1msp', null],
      ['p1.org1msp', null],
    ]);
    expect(connected(w)).toEqual(['p0.org1msp', 'p1.org1msp']);
    expect(leadersOf(w, CHANNEL)).toEqual(['p0.org1msp', 'p1.org1msp']);
    // The block cut during the outage was held; when the service comes back both deliverers get it.
    expect(ledgerHeight(w, 'p0.org1msp', CHANNEL)).toBe(0);
    w = advanceTo(setOrdererReachable(w, CHANNEL, true), w.nowMs + 1000);
    expect(ledgerHeight(w, 'p0.org1msp', CHANNEL)).toBe(1);
    expect(ledgerHeight(w, 'p1.org1msp', CHANNEL)).toBe(1);
  });

  it('[PEER-FUNC-REJOIN-AFTER-RESTART.1] a restarted peer rejoins its channels from stable storage and leads again', () => {
    let w = network(oneOrg(2, 'fabric-2.x'));
    w = advanceTo(joinAll(w, joinCommand(['Org1MSP'])), 1000);
    w = advanceTo(restart(crash(w, 'p0.org1msp'), 'p0.org1msp'), 2000);
    expect(peerState(w, 'p0.org1msp').channels[CHANNEL]?.sequence).toBe(0);
    expect(connected(w)).toEqual(['p0.org1msp', 'p1.org1msp']);
  });
});
