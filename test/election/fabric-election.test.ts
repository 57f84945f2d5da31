/**
 * Ports of Fabric gossip/election/election_test.go (and the view rule of adapter_test.go) onto the
 * in-memory network, at Fabric's test configuration (grace 500ms, sample 100ms, alive threshold
 * 500ms, election 500ms; declarations every 250ms). Fabric sleeps and polls every 300ms for up to
 * 5s; here virtual time does the same (`waitForLeaders`), so the assertions are Fabric's own.
 */
import { FABRIC_TEST_PARAMS } from './driver';
import { ElectionNetwork } from './network';

const T = FABRIC_TEST_PARAMS.leaderAliveThresholdMs;
const G = FABRIC_TEST_PARAMS.startupGracePeriodMs;
const E = FABRIC_TEST_PARAMS.leaderElectionDurationMs;
const DECLARATION_INTERVAL = T / 2;
const TEST_TIMEOUT = 5_000;
const POLL = 300;

const ids = (...n: number[]) => n.map((i) => `p${i}`);

/** Fabric's createPeers: start each in turn, all sharing one peer map (the view), sleeping spawnInterval after each. */
function createPeers(net: ElectionNetwork, spawnIntervalMs: number, peers: string[]): string[] {
  const started: string[] = [];
  for (const id of peers) {
    net.start(id, started);
    for (const other of started) net.setView(other, [...started.filter((o) => o !== other), id]);
    started.push(id);
    if (spawnIntervalMs > 0) net.advanceBy(spawnIntervalMs);
  }
  return peers;
}

/** Fabric's waitForMultipleLeadersElection: poll until at least n leaders, for at most 5s. */
function waitForLeaders(net: ElectionNetwork, peers: string[], n = 1): string[] {
  const end = net.nowMs + TEST_TIMEOUT;
  for (;;) {
    const leaders = net.leaders(peers);
    if (leaders.length >= n) return leaders;
    if (net.nowMs + POLL > end) throw new Error('No leader detected');
    net.advanceBy(POLL);
  }
}

const lastCallback = (net: ElectionNetwork, id: string) => net.callbacks(id).at(-1);

describe('ports of gossip/election/election_test.go', () => {
  it('[ELE-FUNC-METRIC.1] [ELE-FUNC-YIELD.1] TestMetrics: a lone peer reports 1 as leader, 0 after Yield, and leads again', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, 0, ids(0));
    waitForLeaders(net, peers);
    expect(net.outputsOf('p0', 'metric').map((m) => (m as { value: number }).value)).toContain(1);
    const yieldMark = net.mark();
    net.yield('p0');
    expect(net.leaders(peers)).toEqual([]);
    net.advanceBy(DECLARATION_INTERVAL);
    expect(net.outputsOf('p0', 'metric', yieldMark).map((m) => (m as { value: number }).value)).toEqual([0]);
    expect(waitForLeaders(net, peers)).toEqual(['p0']);
  });

  it('[ELE-LIVE-COLD-START.1] TestInitPeersAtSameTime: 10 peers started together elect p0 only', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, 0, ids(9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    net.advanceBy(G + E);
    const leaders = waitForLeaders(net, peers);
    expect(net.leaders(['p0'])).toEqual(['p0']);
    expect(leaders).toEqual(['p0']);
    expect(lastCallback(net, 'p0')).toBe(true);
  });

  it('[ELE-LIVE-NO-TAKEOVER.1] TestInitPeersStartAtIntervals: the first peer stays leader although its id is the highest', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, G + DECLARATION_INTERVAL, ids(3, 2, 1, 0));
    expect(waitForLeaders(net, peers)).toEqual(['p3']);
  });

  it('[ELE-FUNC-STOP.1] TestStop: stopped peers gossip no more', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, 0, ids(3, 2, 1, 0));
    waitForLeaders(net, peers);
    for (const p of peers) net.stop(p);
    const gossips = () => net.log.filter((r) => r.output.kind === 'gossipLeadership').length;
    const atStop = gossips();
    net.advanceBy(T);
    const afterStop = gossips();
    net.advanceBy(5 * T);
    expect(gossips()).toBe(afterStop);
    expect(afterStop).toBe(atStop);
    for (const p of peers) expect(net.armedTimers(p)).toEqual([]);
  });

  it('[ELE-LIVE-ONE-LEADER.1] TestConvergence: two groups with a leader each merge into one group led by group 1 leader p0', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const group1 = ids(3, 2, 1, 0);
    const group2 = ids(4, 5, 6, 7);
    net.partition([group1, group2]);
    createPeers(net, 0, group1);
    createPeers(net, 0, group2);
    const leaders1 = waitForLeaders(net, group1);
    const leaders2 = waitForLeaders(net, group2);
    expect(leaders1).toHaveLength(1);
    expect(leaders2).toHaveLength(1);
    const all = [...group1, ...group2];
    net.heal();
    for (const id of all) net.setView(id, all.filter((o) => o !== id));
    net.advanceBy(5 * T);
    const final = waitForLeaders(net, all);
    expect(final).toEqual([leaders1[0]]);
    for (const id of all) {
      if (id === final[0]) expect(lastCallback(net, id)).toBe(true);
      else expect(lastCallback(net, id) ?? false).toBe(false);
    }
    expect(net.callbacks(leaders2[0] as string)).toEqual([true, false]);
  });

  it('[ELE-LIVE-ONE-LEADER.1] TestLeadershipTakeover: when leader p5 stops, the smallest remaining id p2 takes over', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, G + DECLARATION_INTERVAL, ids(5, 4, 3, 2));
    expect(waitForLeaders(net, peers)).toEqual(['p5']);
    net.stop('p5'); // it stays in the others' views, as in Fabric's shared peer map
    net.advanceBy(DECLARATION_INTERVAL + 3 * T);
    expect(waitForLeaders(net, peers.slice(1))).toEqual(['p2']);
  });

  it('[ELE-FUNC-YIELD.1] [ELE-SAFE-YIELD.1] [ELE-LIVE-YIELD-HANDOVER.1] TestYield: one callback(false) for two yields; another peer leads and p0 does not take back', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, 0, ids(0, 1, 2, 3, 4, 5));
    expect(waitForLeaders(net, peers)).toEqual(['p0']);
    const yieldMark = net.mark();
    net.yield('p0');
    expect(net.callbacks('p0', yieldMark)).toEqual([false]);
    net.yield('p0');
    expect(net.callbacks('p0', yieldMark)).toEqual([false]);
    const newLeader = waitForLeaders(net, peers);
    expect(newLeader).toEqual(['p1']); // Fabric asserts "one leader, not p0"; p1 is the smallest peer still proposing
    net.advanceBy(2 * T);
    expect(waitForLeaders(net, peers)).toEqual(['p1']);
  });

  it('[ELE-FUNC-YIELD-END.1] [ELE-LIVE-YIELD-HANDOVER.1] TestYieldSinglePeer: a lone peer stops leading at once and leads again later', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, 0, ids(0));
    waitForLeaders(net, peers);
    net.yield('p0');
    expect(net.leaders(peers)).toEqual([]);
    expect(waitForLeaders(net, peers)).toEqual(['p0']);
  });

  it('[ELE-FUNC-YIELD-END.1] [ELE-LIVE-YIELD-HANDOVER.1] TestYieldAllPeers: p0 yields to p1, p1 yields back to p0', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, 0, ids(0, 1));
    expect(waitForLeaders(net, peers)).toEqual(['p0']);
    net.yield('p0');
    expect(waitForLeaders(net, peers)).toEqual(['p1']);
    net.yield('p1');
    expect(waitForLeaders(net, peers)).toEqual(['p0']);
  });

  it('[ELE-LIVE-ONE-LEADER.1] TestPartition: 6 isolated peers lead each; after healing only p0 leads and the others reported false', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const peers = createPeers(net, 0, ids(5, 4, 3, 2, 1, 0));
    expect(waitForLeaders(net, peers)).toEqual(['p0']);
    expect(lastCallback(net, 'p0')).toBe(true);
    net.partition([]);
    for (const p of peers) net.setView(p, []);
    net.advanceBy(DECLARATION_INTERVAL + 2 * T);
    expect(waitForLeaders(net, peers, 6)).toHaveLength(6);
    for (const p of peers) expect(lastCallback(net, p)).toBe(true);
    const healMark = net.mark();
    net.heal();
    for (const p of peers) net.setView(p, peers.filter((o) => o !== p));
    net.advanceBy(DECLARATION_INTERVAL + 2 * T);
    expect(waitForLeaders(net, peers)).toEqual(['p0']);
    for (const p of peers) {
      if (p === 'p0') expect(lastCallback(net, p)).toBe(true);
      else expect(net.callbacks(p, healMark)).toEqual([false]);
    }
  });
});

describe('view filtering (adapter_test.go)', () => {
  it('[ELE-FUNC-IGNORE-OUTSIDE-VIEW.1] TestAdapterImpl_Peers-style: on one bus, org A (6 peers) and org B (3 peers) each elect their own leader', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS);
    const orgA = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
    const orgB = ['b0', 'b1', 'b2'];
    for (const org of [orgA, orgB]) for (const id of org) net.start(id, org.filter((o) => o !== id));
    net.advanceBy(G + E + 5 * T);
    expect(net.leaders()).toEqual(['a0', 'b0']);
    // b0 hears a0's declarations all along (same bus) but a0 is not in its view.
    expect(net.callbacks('b0')).toEqual([true]);
  });
});

describe('one leader is liveness, not safety', () => {
  it('[ELE-LIVE-ONE-LEADER.1] with proposals lost, two connected peers both lead; the next declarations leave only the smaller', () => {
    const net = new ElectionNetwork(FABRIC_TEST_PARAMS, 7, { lossRate: 1 });
    net.start('p0', ['p1']);
    net.start('p1', ['p0']);
    net.advanceTo(600); // both proposed at 100 into the void, both won at 600
    expect(net.leaders()).toEqual(['p0', 'p1']);
    net.faults.lossRate = 0;
    net.advanceTo(849);
    expect(net.leaders()).toEqual(['p0', 'p1']);
    net.advanceTo(852); // declarations at 850 arrive at 851
    expect(net.leaders()).toEqual(['p0']);
    expect(net.callbacks('p1')).toEqual([true, false]);
  });
});
