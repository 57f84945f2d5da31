/**
 * Ports of the channel scenarios of Fabric's gossip/gossip/gossip_test.go at the level of the
 * composed peer, in the simulator (TestDataLeakage is in test/peer/channel-wiring.test.ts).
 * Fabric's node config there: StateInfo publish/request 1s, alive 1s, alive expiration 10s,
 * reconnect 1s, pullInterval 4s, pullPeerNum 5, propagatePeerNum 3, burst latency 500ms, burst
 * size 20, publishCert 4s, maxBlockCountToStore 100, external endpoints; `GOSSIP_TEST_ENV` sets the same.
 */
import { currentChannelPeers, ledgerHeightOf } from '../../src/channel';
import { aliveMembers } from '../../src/membership';
import type { PeerState } from '../../src/peer';
import { buildNetwork, type PeerDefinition } from '../../src/scenarios/network';
import { advanceTo, command, cutBlock, leadersOf, peerState, traceEvents, type TraceEvent, type World } from '../../src/sim';
import { CHANNEL, configOf, GOSSIP_TEST_BASE_ENV, joinAll, joinCommand } from './fixtures';
import { channelPeerCount, cutBlocks, range, seqs, stateTestPeer, waitUntil } from './stx-helpers';

const GOSSIP_TEST_ENV = {
  ...GOSSIP_TEST_BASE_ENV,
  // Fabric's gossip_service_test.go election timings, scaled (fixtures' FAST_ELECTION_ENV).
  CORE_PEER_GOSSIP_ELECTION_STARTUPGRACEPERIOD: '2s',
  CORE_PEER_GOSSIP_ELECTION_MEMBERSHIPSAMPLEINTERVAL: '200ms',
  CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '2s',
  CORE_PEER_GOSSIP_ELECTION_LEADERELECTIONDURATION: '1s',
};

function gossipTestPeer(i: number, bootstrap: readonly number[]): PeerDefinition {
  const endpoint = `p${i}:7051`;
  return { name: `p${i}`, org: 'Org1MSP', internalEndpoint: endpoint, externalEndpoint: endpoint, config: configOf('fabric-1.4', { ...GOSSIP_TEST_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: bootstrap.map((b) => `p${b}:7051`).join(' ') }) };
}

type Send = Extract<TraceEvent, { k: 'send' }>;
const sendsOf = (w: World<PeerState>): Send[] => traceEvents(w).filter((e): e is Send => e.k === 'send');
interface LeadershipPayload { payload: { channel: string; content: { $case: string; leadershipMsg?: { pkiId: string; isDeclaration: boolean; timestamp: { incNum: bigint; seqNum: bigint } } } } }
const leadershipOf = (s: Send) => (s.payload as LeadershipPayload).payload.content.leadershipMsg;

describe('gossip_test.go channel scenarios, whole peers in the simulator', () => {
  it('[PEER-FUNC-BLOCK-ROUTING.3] [PEER-FUNC-CHANNEL-VIEW.1] TestDissemination: boot + 10 peers in a channel; 10 blocks reach every peer exactly once, every peer sees the others\' heights, and one leadership declaration reaches each peer exactly once', () => {
    // How it differs: Fabric's boot calls Gossip() for 10 data messages and one leadership
    // declaration; here they come from the channel's elected leader (the ordering service streams
    // it the blocks, it gossips them and declares itself), which need not be the bootstrap peer.
    // Fabric's heights are set by UpdateLedgerHeight (all 1, the last peer 2); here a height is
    // the ledger's, so every peer must see every other at 10 after the blocks. Chaincodes in
    // StateInfo are not modelled (properties.chaincodes is always empty), so that check has no
    // counterpart. Fabric counts what each peer's Accept channel hands out (the channel's block
    // store drops duplicates); here each block enters each ledger once.
    const n = 10;
    const msgsCount2Send = 10;
    const defs = [gossipTestPeer(0, []), ...range(n).map((i) => gossipTestPeer(i + 1, [0]))];
    const names = defs.map((d) => d.name);
    let w = buildNetwork({ seed: 41, peers: defs });
    w = joinAll(advanceTo(w, 500), joinCommand(['Org1MSP']));
    // Fabric's checkPeersMembership: every peer knows the other n alive.
    w = waitUntil(w, (x) => names.every((p) => aliveMembers(peerState(x, p).membership).length === n), 180_000);
    for (const p of names) expect(aliveMembers(peerState(w, p).membership)).toHaveLength(n);
    w = waitUntil(w, (x) => leadersOf(x, CHANNEL).length === 1, 60_000);
    const [leader] = leadersOf(w, CHANNEL);
    expect(leader).toBeDefined();

    w = cutBlocks(w, msgsCount2Send, 10);
    w = waitUntil(w, (x) => names.every((p) => seqs(x, p).length === msgsCount2Send), 180_000);
    for (const p of names) expect(seqs(w, p)).toEqual(range(msgsCount2Send));
    w = waitUntil(w, (x) => names.every((p) => names.every((q) => q === p || ledgerHeightOf(peerState(x, p).channels[CHANNEL]!.gossipChannel, peerState(x, q).self.pkiId) === msgsCount2Send)), 180_000);
    for (const p of names) {
      for (const q of names.filter((x) => x !== p)) expect(ledgerHeightOf(peerState(w, p).channels[CHANNEL]!.gossipChannel, peerState(w, q).self.pkiId)).toBe(msgsCount2Send);
    }

    // A declaration of the leader sent from now on: every other peer gets it exactly once, of the channel.
    const from = sendsOf(w).length;
    w = advanceTo(w, w.nowMs + 5_000);
    const declarations = sendsOf(w).slice(from).filter((s) => s.from === leader && leadershipOf(s)?.isDeclaration === true);
    expect(declarations.length).toBeGreaterThan(0);
    const first = leadershipOf(declarations[0]!)!;
    const copies = declarations.filter((s) => leadershipOf(s)!.timestamp.seqNum === first.timestamp.seqNum && leadershipOf(s)!.timestamp.incNum === first.timestamp.incNum);
    expect(copies.map((s) => s.to).sort()).toEqual(names.filter((p) => p !== leader).sort());
    for (const s of copies) expect((s.payload as LeadershipPayload).payload.channel).toBe(CHANNEL);
  });
});

/**
 * gossip_test.go TestLeaveChannel: three peers in a ring of bootstraps (p0 -> p2, p1 -> p0,
 * p2 -> p1) join channel A at height 1; once each sees the other two as channel peers
 * (PeersOfChannel), p2 leaves; then p0 and p1 see one channel peer each and p2 none.
 * Adapted mechanism: waitUntilOrFail is virtual time polled every 500 ms up to 30 s;
 * UpdateLedgerHeight(1) is the commit of block 0 from the ordering service (p0 a static leader).
 */
describe('gossip_test.go TestLeaveChannel', () => {
  it('[PEER-FUNC-LEAVE-CHANNEL.1] [CHN-FUNC-LEAVE.1] TestLeaveChannel (gossip_test.go): after p2 leaves, p0 and p1 see one channel peer each and p2 sees none', () => {
    const ring = [
      stateTestPeer('p0.org1msp', 'Org1MSP', ['p2.org1msp:7051'], true),
      stateTestPeer('p1.org1msp', 'Org1MSP', ['p0.org1msp:7051']),
      stateTestPeer('p2.org1msp', 'Org1MSP', ['p1.org1msp:7051']),
    ];
    let w = buildNetwork({ seed: 31, peers: ring });
    w = advanceTo(cutBlock(joinAll(advanceTo(w, 500), joinCommand(['Org1MSP'])), CHANNEL), 1_500);
    const sees = (name: string, expected: number) => (x: World<PeerState>) => channelPeerCount(x, name) === expected;
    for (const name of ['p0.org1msp', 'p1.org1msp', 'p2.org1msp']) {
      w = waitUntil(w, sees(name, 2), 30_000);
      expect(channelPeerCount(w, name)).toBe(2);
    }
    w = command(w, 'p2.org1msp', { type: 'LEAVE_CHANNEL', channel: CHANNEL });
    for (const [name, expected] of [['p0.org1msp', 1], ['p1.org1msp', 1], ['p2.org1msp', 0]] as const) {
      w = waitUntil(w, sees(name, expected), 30_000);
      expect(channelPeerCount(w, name)).toBe(expected);
    }
    // The one peer p0 still sees is p1.
    expect(currentChannelPeers(peerState(w, 'p0.org1msp').channels[CHANNEL]!.gossipChannel)).toEqual([peerState(w, 'p1.org1msp').self.pkiId]);
    // Leaving a channel not joined changes nothing.
    const before = peerState(w, 'p0.org1msp');
    const [after] = w.config.reducer.step(before, { kind: 'command', nowMs: w.nowMs, command: { type: 'LEAVE_CHANNEL', channel: 'B' } });
    expect(after.channels).toEqual(before.channels);
    expect(after.rejected).toEqual(before.rejected);
  });
});
