/**
 * Ports of whole-node scenarios of Fabric's gossip/gossip/gossip_test.go (TestPull,
 * TestConnectToAnchorPeers, TestNoMessagesSelfLoop) on composed peers in the
 * simulator, with gossip_test.go's node config (newGossipInstanceWithGrpcMcsMetrics: alive 1s,
 * alive expiration 10s, reconnect 1s, pullInterval 4s, pullPeerNum 5, propagatePeerNum 3, burst
 * latency 500ms, burst size 20, publishCert 4s, StateInfo publish/request 1s; TestPull's
 * newGossipInstanceWithGRPCWithOnlyPull: propagatePeerNum 0, propagateIterations 0, pullInterval 1s,
 * pullPeerNum 20, digest/request/response wait 200ms, burst latency 1s, burst size 10, publishCert 0).
 * TestLeaveChannel and TestDissemination are in fabric-gossip-channel-ports.test.ts.
 *
 * Adaptations of the mechanism (never of the assertions):
 * - Fabric's boot.Gossip(createDataMsg(seq)) is the ordering service handing a block to the peer
 *   that gossips it: a static leader (useLeaderElection false, orgLeader on that peer only), the
 *   others followers; state transfer is off where only gossip may carry blocks (TestPull). Fabric's
 *   seqs 1..10 are the orderer's blocks 0..9. Accept(acceptData) counting is the ledger: the
 *   channel's block store drops duplicates, so each block enters a ledger once.
 * - UpdateLedgerHeight(1) has no counterpart where it is not needed for the assertion: a joined
 *   peer publishes its StateInfo at its ledger height.
 * - waitUntilOrFail (180 s, polling) is virtual time polled every 500 ms (stx-helpers waitUntil),
 *   with the same 180 s bound; time.Sleep is virtual time.
 * - A peer started later (TestPull's boot one second after the others, TestConnectToAnchorPeers'
 *   anchor peer after the joins) is crashed at time 0 and restarted then, as the scenario runner
 *   starts late peers; the peers that dial it are restarted at time 0 so their first dials find it
 *   down, as in Fabric.
 * - TestNoMessagesSelfLoop waits until the boot sees the peer in the channel before the block, so
 *   the block is pushed (the case in which it could loop back) rather than pulled.
 * - TestMembershipMetrics: the fake gauge's Set calls are the peer's `metric` effects, read from the
 *   simulator's trace (name and value; its labels, With("channel", "A"), are checked on the effects
 *   of the join itself, on a one-peer host). Fabric's tracker sets the gauge every 5 s; the reference
 *   sets it on join and on every change of the view ([PEER-FUNC-MEMBERSHIP-GAUGE.1]), so the values
 *   0 and then 1 are awaited as Fabric's wait groups await them.
 * - Channel "A" is the fixtures' channel (mychannel); ORG1 is Org1MSP. Endpoints are pN:7051, the
 *   external endpoint equal to the internal one (Fabric's 1.2.3.4:<port> is never dialled there).
 */
import { currentChannelPeers } from '../../src/channel';
import { createSymbolicSuite, orgId, type HostInput } from '../../src/core';
import { aliveMembers } from '../../src/membership';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { buildNetwork, type PeerDefinition } from '../../src/scenarios/network';
import { advanceTo, command, crash, cutBlock, peerState, restart, traceEvents, type TraceEvent, type World } from '../../src/sim';
import { CHANNEL, configOf, GOSSIP_TEST_BASE_ENV, joinAll } from './fixtures';
import { SoloHost } from './solo-host';
import { cutBlocks, range, seqs, waitUntil } from './stx-helpers';

const TIMEOUT_MS = 180_000;

/** newGossipInstanceWithGrpcMcsMetrics's config, with a static leader for blocks. */
const GOSSIP_TEST_ENV = {
  ...GOSSIP_TEST_BASE_ENV,
  CORE_PEER_GOSSIP_USELEADERELECTION: 'false',
};

/** newGossipInstanceWithGRPCWithOnlyPull's config: no push, pull every second from up to 20 peers. */
const ONLY_PULL_ENV = {
  ...GOSSIP_TEST_ENV,
  CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTLATENCY: '1s',
  CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTSIZE: '10',
  CORE_PEER_GOSSIP_PROPAGATEITERATIONS: '0',
  CORE_PEER_GOSSIP_PROPAGATEPEERNUM: '0',
  CORE_PEER_GOSSIP_PULLINTERVAL: '1s',
  CORE_PEER_GOSSIP_PULLPEERNUM: '20',
  CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: '0s',
  CORE_PEER_GOSSIP_DIGESTWAITTIME: '200ms',
  CORE_PEER_GOSSIP_REQUESTWAITTIME: '200ms',
  CORE_PEER_GOSSIP_RESPONSEWAITTIME: '200ms',
  CORE_PEER_GOSSIP_STATE_ENABLED: 'false',
};

const endpointOf = (i: number) => `p${i}:7051`;
function peer(i: number, bootstrap: readonly number[], env: Record<string, string>, leader = false): PeerDefinition {
  return {
    name: `p${i}`,
    org: 'Org1MSP',
    internalEndpoint: endpointOf(i),
    externalEndpoint: endpointOf(i),
    config: configOf('fabric-1.4', { ...env, CORE_PEER_GOSSIP_ORGLEADER: String(leader), CORE_PEER_GOSSIP_BOOTSTRAP: bootstrap.map(endpointOf).join(' ') }),
  };
}

/** JoinChan(&joinChanMsg{...}, "A"): ORG1 with the given anchor peers. */
const joinA = (anchors: readonly string[] = []) => ({
  type: 'JOIN_CHANNEL',
  channel: CHANNEL,
  sequence: 0,
  orgs: [{ mspId: 'Org1MSP', anchorPeers: anchors.map((a) => ({ host: a.split(':')[0], port: Number(a.split(':')[1]) })) }],
});

/** Peers(): the alive members a peer knows. */
const peersOf = (w: World<PeerState>, name: string) => aliveMembers(peerState(w, name).membership);
/** PeersOfChannel("A"). */
const peersOfChannel = (w: World<PeerState>, name: string) => currentChannelPeers(peerState(w, name).channels[CHANNEL]!.gossipChannel);

type Send = Extract<TraceEvent, { k: 'send' }>;
const sendsOf = (w: World<PeerState>): Send[] => traceEvents(w).filter((e): e is Send => e.k === 'send');
const caseOf = (s: Send): string => (s.payload as { payload: { content: { $case: string } } }).payload.content.$case;

describe('gossip_test.go whole-node scenarios, in the simulator', () => {
  it('[PUL-LIVE-UNION.1] [PEER-FUNC-PULL-ADMISSION.2] TestPull: with forwarding off (only pull), 5 peers and a boot started 1 s later form full membership and all 10 messages reach every peer', () => {
    const n = 5;
    const msgsCount2Send = 10;
    const names = range(n).map((i) => `p${i + 1}`);
    const defs = [peer(0, [], ONLY_PULL_ENV, true), ...range(n).map((i) => peer(i + 1, [0], ONLY_PULL_ENV))];
    let w = buildNetwork({ seed: 409, peers: defs, tracing: true });
    // The boot starts a second after the peers, which dial it in vain until then.
    w = crash(w, 'p0');
    for (const p of names) w = restart(w, p);
    w = joinAll(w, joinA(), names);
    w = advanceTo(w, 1_000);
    w = command(restart(w, 'p0'), 'p0', joinA());
    // boot.Gossip of 10 data messages: the ordering service hands the boot (the leader) 10 blocks.
    w = cutBlocks(w, msgsCount2Send, 10);
    // knowAll: every peer sees n others alive (the boot and the n - 1 other peers).
    w = waitUntil(w, (x) => names.every((p) => peersOf(x, p).length === n), TIMEOUT_MS);
    for (const p of names) expect(peersOf(w, p)).toHaveLength(n);
    // receivedAll: every peer got all 10.
    w = waitUntil(w, (x) => names.every((p) => seqs(x, p).length === msgsCount2Send), TIMEOUT_MS);
    for (const p of names) expect(seqs(w, p)).toEqual(range(msgsCount2Send));
    // Only pull carried them: no peer pushed a DataMessage; the blocks travelled in DataUpdates.
    expect(sendsOf(w).filter((s) => caseOf(s) === 'dataMsg')).toEqual([]);
    expect(sendsOf(w).some((s) => caseOf(s) === 'dataUpdate')).toBe(true);
  });

  it('[MEM-FUNC-ANCHOR-PEERS.1] [MEM-FUNC-CONNECT.1] [CHN-FUNC-CHANNEL-VIEW.1] TestConnectToAnchorPeers: 10 peers join a channel of 3 anchor peers not yet up; once one anchor starts, every peer sees 10 peers and 10 channel peers', () => {
    const n = 10;
    const anchorPeercount = 3;
    const anchorNames = range(anchorPeercount).map((i) => `p${i}`);
    const names = range(n).map((i) => `p${i + anchorPeercount}`);
    const anchors = range(anchorPeercount).map(endpointOf);
    const defs = [...range(anchorPeercount).map((i) => peer(i, [], GOSSIP_TEST_ENV)), ...range(n).map((i) => peer(i + anchorPeercount, [], GOSSIP_TEST_ENV))];
    let w = buildNetwork({ seed: 499, peers: defs });
    for (const a of anchorNames) w = crash(w, a);
    w = joinAll(w, joinA(anchors), names);
    // Fabric starts a random one of the three (r.IntN(3)); here a fixed one, the middle.
    const index = 1;
    w = advanceTo(w, 500);
    w = command(restart(w, anchorNames[index]!), anchorNames[index]!, joinA(anchors));
    // checkPeersMembership(peers, n): every peer sees n alive (the other 9 and the anchor peer),
    // each with an endpoint.
    w = waitUntil(w, (x) => names.every((p) => peersOf(x, p).length === n), TIMEOUT_MS);
    for (const p of names) {
      expect(peersOf(w, p)).toHaveLength(n);
      for (const m of peersOf(w, p)) expect(m.endpoint).not.toBe('');
    }
    // channelMembership: every peer sees n channel peers.
    w = waitUntil(w, (x) => names.every((p) => peersOfChannel(x, p).length === n), TIMEOUT_MS);
    for (const p of names) expect(peersOfChannel(w, p)).toHaveLength(n);
  });

  it('[PEER-FUNC-BLOCK-ROUTING.3] TestNoMessagesSelfLoop: the boot\'s data message reaches the peer, and no data message comes back to the boot within 2 s', () => {
    const defs = [peer(0, [], GOSSIP_TEST_ENV, true), peer(1, [0], GOSSIP_TEST_ENV)];
    let w = buildNetwork({ seed: 660, peers: defs, tracing: true });
    w = joinAll(w, joinA());
    // checkPeersMembership([peer], 1).
    w = waitUntil(w, (x) => peersOf(x, 'p1').length === 1, TIMEOUT_MS);
    expect(peersOf(w, 'p1')).toHaveLength(1);
    // Fabric's boot pushes to the channel's peers; the port waits until the boot sees the peer in
    // the channel, so the block is pushed (the case in which a message could loop back), not pulled.
    w = waitUntil(w, (x) => peersOfChannel(x, 'p0').length === 1, TIMEOUT_MS);
    const from = sendsOf(w).length;
    // boot.Gossip(createDataMsg(2)): the boot, the leader, gets one block and gossips it.
    w = cutBlock(w, CHANNEL);
    // The recipient gets its message.
    w = waitUntil(w, (x) => seqs(x, 'p1').length === 1, TIMEOUT_MS);
    expect(seqs(w, 'p1')).toEqual([0]);
    // And then 2 s with no data message to the boot.
    w = advanceTo(w, w.nowMs + 2_000);
    const since = sendsOf(w).slice(from);
    expect(since.some((s) => s.from === 'p0' && s.to === 'p1' && caseOf(s) === 'dataMsg')).toBe(true);
    expect(since.filter((s) => s.to === 'p0' && caseOf(s) === 'dataMsg')).toEqual([]);
  });

  it('[PEER-FUNC-MEMBERSHIP-GAUGE.1] [CHN-FUNC-CHANNEL-VIEW.1] TestMembershipMetrics: a peer alone in channel A reports 0 peers for channel A, then 1 once a second peer joins; when that one stops, membership drops to 0', () => {
    const GAUGE = 'gossip_membership_total_peers_known';
    const gaugeOf = (w: World<PeerState>, name: string): number[] =>
      traceEvents(w).flatMap((e) => (e.k === 'metric' && e.peer === name && e.name === GAUGE ? [e.value] : []));
    let w = buildNetwork({ seed: 1613, peers: [peer(0, [], GOSSIP_TEST_ENV), peer(1, [0], GOSSIP_TEST_ENV)], tracing: true });
    w = crash(w, 'p1');
    w = command(w, 'p0', joinA());
    // wg0.Wait(): the gauge was set to 0 (the first Set call).
    w = waitUntil(w, (x) => gaugeOf(x, 'p0').includes(0), TIMEOUT_MS);
    expect(gaugeOf(w, 'p0')[0]).toBe(0);
    // pI1 starts (bootstrapping to pI0) and joins A; waitForMembership(1).
    w = command(restart(w, 'p1'), 'p1', joinA());
    const both = (n: number) => (x: World<PeerState>) => peersOfChannel(x, 'p0').length === n && peersOfChannel(x, 'p1').length === n;
    w = waitUntil(w, both(1), TIMEOUT_MS);
    expect([peersOfChannel(w, 'p0').length, peersOfChannel(w, 'p1').length]).toEqual([1, 1]);
    // wg1.Wait(): the gauge was set to 1.
    expect(gaugeOf(w, 'p0')).toContain(1);
    // pI1.Stop(); waitForMembership(0) (the stopped peer's own view is gone with it: p0's is what remains).
    w = crash(command(w, 'p1', { type: 'STOP' }), 'p1');
    w = waitUntil(w, (x) => peersOfChannel(x, 'p0').length === 0, TIMEOUT_MS);
    expect(peersOfChannel(w, 'p0')).toHaveLength(0);
    expect(gaugeOf(w, 'p0').at(-1)).toBe(0);

    // WithArgsForCall(0) == ["channel", "A"]: the join's own gauge effect names the channel.
    const suite = createSymbolicSuite(1613);
    const me = suite.enroll('Org1MSP', 'p0');
    const reducer = createPeerReducer(suite, (pki) => (pki === suite.pkiIdOf(me.identity) ? me : undefined));
    const [s0, init] = reducer.init({
      self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: orgId('Org1MSP'), internalEndpoint: endpointOf(0), externalEndpoint: endpointOf(0) },
      config: configOf('fabric-1.4', GOSSIP_TEST_ENV),
      startTimeMs: 0,
      seed: 1613,
    });
    const host = new SoloHost(reducer, s0, init, 0);
    const joined = host.input({ kind: 'command', nowMs: 0, command: joinA() } satisfies HostInput);
    expect(joined.filter((e) => e.kind === 'metric' && e.name === GAUGE)).toEqual([{ kind: 'metric', name: GAUGE, value: 0, labels: { channel: CHANNEL } }]);
  });
});
