/**
 * Port of Fabric's gossip/service/gossip_service_test.go TestLeaderElectionWithRealGossip onto the
 * simulator with composed peers (membership, channels, election), both channels of its scenario:
 * 10 peers of one org bootstrapping from peers 0..4 join chanA; one leader; peers 1, 3, 5 and 7
 * join chanB; one leader in each channel; peers 0 and 1 stop; one leader again in each channel
 * among the survivors.
 *
 * Parameters are Fabric's newGossipInstance and ServiceConfig: PropagatePeerNum 3, PullInterval 2s,
 * PullPeerNum 5, PublishCertPeriod 4s, StateInfo published and requested every 1s,
 * MaxPropagationBurstLatency 500ms / size 20, the discovery defaults (alive 5s, expiration 25s)
 * with ReconnectInterval 1s; election defaults (startup grace 15s, membership sample 1s, leader
 * alive threshold 10s, election duration 5s). Waits are Fabric's: full channel membership
 * (PeersOfChannel = n - 1 on every peer) within 90s, and waitForLeaderElection: exactly one leader
 * on two consecutive polls 2s apart, within 30s.
 *
 * Adaptations of the mechanism (never of the assertions):
 *  - Fabric starts the election services after the full-membership wait; the composed peer starts
 *    a channel's election when it joins the channel. The startup grace period (15s) still makes the
 *    election wait for the membership, as Fabric's election does.
 *  - Fabric's "callback invoked with isLeader" is the peer's leadership record (the simulator's
 *    leader trace, leadersOf); a stopped peer is a crashed one.
 *  - Fabric's config has PullInterval 2s with the default DigestWaitTime 1s and ResponseWaitTime
 *    2s; this project's config check rejects a pull interval not above digestWaitTime +
 *    responseWaitTime (a round would overlap the next), so the pull waits are 500ms and 1s. No
 *    block is pulled in this test; the 2s interval (membership sync, StateInfo and identity pull)
 *    is Fabric's.
 *  - Endpoints are the simulator's names (Fabric: 127.0.0.1:<port> internal, 1.2.3.4:<port> external).
 */
import { currentChannelPeers } from '../../src/channel';
import type { PeerState } from '../../src/peer';
import { advanceTo, crash, leadersOf, peerState, type World } from '../../src/sim';
import { joinAll, joinCommand, network, oneOrg } from '../peer/fixtures';

const N = 10;
const TIMEOUT_MS = 90_000;
const ELECTION_TIMEOUT_MS = 30_000;
const ELECTION_POLL_MS = 2_000;
const name = (i: number) => `p${i}.org1msp`;
const endpoint = (i: number) => `${name(i)}:7051`;

const FABRIC_SERVICE_TEST_ENV = {
  CORE_PEER_GOSSIP_BOOTSTRAP: [0, 1, 2, 3, 4].map(endpoint).join(' '),
  CORE_PEER_GOSSIP_USELEADERELECTION: 'true',
  CORE_PEER_GOSSIP_ORGLEADER: 'false',
  CORE_PEER_GOSSIP_PROPAGATEPEERNUM: '3',
  CORE_PEER_GOSSIP_PROPAGATEITERATIONS: '1',
  CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTLATENCY: '500ms',
  CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTSIZE: '20',
  CORE_PEER_GOSSIP_MAXBLOCKCOUNTTOSTORE: '100',
  CORE_PEER_GOSSIP_PULLINTERVAL: '2s',
  CORE_PEER_GOSSIP_PULLPEERNUM: '5',
  // Fabric's DefDigestWaitTime 1s and DefResponseWaitTime 2s; see the header.
  CORE_PEER_GOSSIP_DIGESTWAITTIME: '500ms',
  CORE_PEER_GOSSIP_RESPONSEWAITTIME: '1s',
  CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: '4s',
  CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '5s',
  CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '25s',
  CORE_PEER_GOSSIP_RECONNECTINTERVAL: '1s',
  CORE_PEER_GOSSIP_ELECTION_STARTUPGRACEPERIOD: '15s',
  CORE_PEER_GOSSIP_ELECTION_MEMBERSHIPSAMPLEINTERVAL: '1s',
  CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '10s',
  CORE_PEER_GOSSIP_ELECTION_LEADERELECTIONDURATION: '5s',
};

type W = World<PeerState>;

/** Fabric's waitForFullMembershipOrFailNow: every peer's PeersOfChannel has peersNum - 1 members. */
function waitForFullMembership(w0: W, channel: string, peers: readonly number[], timeoutMs: number, pollMs: number): W {
  const end = w0.nowMs + timeoutMs;
  let w = w0;
  const full = (x: W) =>
    peers.every((i) => {
      const ch = peerState(x, name(i)).channels[channel];
      return ch !== undefined && currentChannelPeers(ch.gossipChannel).length === peers.length - 1;
    });
  while (!full(w)) {
    if (w.nowMs + pollMs > end) throw new Error(`Failed to establish full channel membership of ${channel} within ${timeoutMs}ms`);
    w = advanceTo(w, w.nowMs + pollMs);
  }
  return w;
}

/** Fabric's waitForLeaderElection: exactly one leader among `peers` on two consecutive polls. */
function waitForLeaderElection(w0: W, channel: string, peers: readonly number[]): { w: W; ok: boolean } {
  const end = w0.nowMs + ELECTION_TIMEOUT_MS;
  let w = w0;
  let seenOnce = false;
  while (w.nowMs < end) {
    if (leaders(w, channel, peers).length === 1) {
      if (seenOnce) return { w, ok: true };
      seenOnce = true;
    } else {
      seenOnce = false;
    }
    w = advanceTo(w, w.nowMs + ELECTION_POLL_MS);
  }
  return { w, ok: false };
}

/** The peers among `peers` whose election callback last said isLeader (Fabric's callbackInvokeRes). */
function leaders(w: W, channel: string, peers: readonly number[]): string[] {
  const names = new Set(peers.map(name));
  return leadersOf(w, channel).filter((p) => names.has(p));
}

describe('gossip/service gossip_service_test.go ports', () => {
  it('[ELE-LIVE-ONE-LEADER.1] TestLeaderElectionWithRealGossip: one leader on chanA of 10 peers, one on chanB of {1,3,5,7}; after peers 0 and 1 stop, one again on each', () => {
    const chanA = 'chanA';
    const chanB = 'chanB';
    const all = Array.from({ length: N }, (_, i) => i);
    const secondChannelPeers = [1, 3, 5, 7];
    let w: W = network(oneOrg(N, 'fabric-1.4', FABRIC_SERVICE_TEST_ENV));
    w = joinAll(w, { ...(joinCommand(['Org1MSP']) as object), channel: chanA });
    w = waitForFullMembership(w, chanA, all, TIMEOUT_MS, 2_000);

    let r = waitForLeaderElection(w, chanA, all);
    expect(r.ok).toBe(true);
    w = r.w;
    expect(leaders(w, chanA, all)).toHaveLength(1);

    w = joinAll(w, { ...(joinCommand(['Org1MSP']) as object), channel: chanB }, secondChannelPeers.map(name));
    w = waitForFullMembership(w, chanB, secondChannelPeers, TIMEOUT_MS, 100);
    r = waitForLeaderElection(w, chanB, secondChannelPeers);
    expect(r.ok).toBe(true);
    r = waitForLeaderElection(r.w, chanA, all);
    expect(r.ok).toBe(true);
    w = r.w;
    expect(leaders(w, chanA, all)).toHaveLength(1);
    expect(leaders(w, chanB, secondChannelPeers)).toHaveLength(1);

    // Stopping peers 0 and 1 initiates a new election in both channels.
    w = crash(crash(w, name(0)), name(1));
    const survivorsA = all.slice(2);
    const survivorsB = secondChannelPeers.slice(1);
    w = waitForFullMembership(w, chanA, survivorsA, TIMEOUT_MS, 100);
    w = waitForFullMembership(w, chanB, survivorsB, TIMEOUT_MS, 100);
    r = waitForLeaderElection(w, chanA, survivorsA);
    expect(r.ok).toBe(true);
    r = waitForLeaderElection(r.w, chanB, survivorsB);
    expect(r.ok).toBe(true);
    w = r.w;
    expect(leaders(w, chanA, survivorsA)).toHaveLength(1);
    expect(leaders(w, chanB, survivorsB)).toHaveLength(1);
  });
});
