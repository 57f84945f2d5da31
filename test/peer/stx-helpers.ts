/** Helpers for state transfer in the composed peer, in the simulator (shared by its tests and Fabric ports). */
import { currentChannelPeers } from '../../src/channel';
import type { GossipConfig } from '../../src/config';
import type { ConnectionInfo } from '../../src/core';
import { ledgerCatchUpBoundMs, type PeerState } from '../../src/peer';
import { buildNetwork, type PeerDefinition } from '../../src/scenarios/network';
import { LEDGER_READ_LATENCY_MS } from '../../src/sim/ledger';
import { advanceTo, cutBlock, ledgerOf, ordererBlocks, peerState, traceEvents, type World } from '../../src/sim';
import { CHANNEL, configOf, joinAll, joinCommand, oneOrg } from './fixtures';

export const STATIC = { CORE_PEER_GOSSIP_USELEADERELECTION: 'false' };

/**
 * Fabric 1.4's settings with a static leader (p0, orgLeader) and followers: only p0 reads the
 * ordering service, so what a follower misses must come from its peers (as in Fabric's
 * state_test.go, where one peer commits and the others catch up).
 */
export function staticOrg(n: number) {
  return oneOrg(n, 'fabric-1.4', STATIC).map((p, i) => ({
    ...p,
    config: configOf('fabric-1.4', { ...STATIC, CORE_PEER_GOSSIP_ORGLEADER: i === 0 ? 'true' : 'false', CORE_PEER_GOSSIP_BOOTSTRAP: p.config.bootstrap.join(' ') }),
  }));
}

/** Cut `count` blocks, one every `everyMs`, starting at the world's time. */
export function cutBlocks(w: World<PeerState>, count: number, everyMs: number, channel: string = CHANNEL): World<PeerState> {
  let out = w;
  for (let i = 0; i < count; i++) out = advanceTo(cutBlock(out, channel), out.nowMs + everyMs);
  return out;
}

export const MAX_DELAY_MS = 10; // the simulator's default latency bound

/** [PEER-LIVE-LEDGER-CATCH-UP.1] for a chain of `height` blocks, from the moment faults and cuts stopped. */
export const catchUpBy = (w: World<PeerState>, fromMs: number, name = 'p0.org1msp'): number =>
  fromMs + ledgerCatchUpBoundMs(peerState(w, name).config, MAX_DELAY_MS, LEDGER_READ_LATENCY_MS, ordererBlocks(w, CHANNEL).length);

export const seqs = (w: World<PeerState>, name: string, channel: string = CHANNEL): number[] => ledgerOf(w, name, channel).map((e) => e.seq);
export const chain = (w: World<PeerState>, channel: string = CHANNEL): number[] => ordererBlocks(w, channel).map((b) => b.seq);

/** How many state responses reached `name`, and how many blocks they carried. */
export function stateResponsesTo(w: World<PeerState>, name: string): { responses: number; blocks: number } {
  let responses = 0;
  let blocks = 0;
  for (const e of traceEvents(w)) {
    if (e.k !== 'send' || e.to !== name) continue;
    const content = (e.payload as { payload: { content: { $case: string; stateResponse?: { payloads: unknown[] } } } }).payload.content;
    if (content.$case !== 'stateResponse') continue;
    responses++;
    blocks += content.stateResponse?.payloads.length ?? 0;
  }
  return { responses, blocks };
}

// ---- Fabric's state_test.go setup (its pseudo peers' gossip and state config) ----

/** state_test.go's StateConfig (Def* values) and the gossip config of newPeerNodeWithGossipWithValidatorWithMetrics. */
export const FABRIC_STATE_TEST_ENV = {
  CORE_PEER_GOSSIP_USELEADERELECTION: 'false',
  CORE_PEER_GOSSIP_PROPAGATEPEERNUM: '3',
  CORE_PEER_GOSSIP_PROPAGATEITERATIONS: '1',
  CORE_PEER_GOSSIP_PULLINTERVAL: '4s',
  CORE_PEER_GOSSIP_PULLPEERNUM: '5',
  CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: '10s',
  CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '4s',
  CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '4s',
  CORE_PEER_GOSSIP_MEMBERSHIPTRACKERINTERVAL: '5s',
  CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTLATENCY: '10ms',
  CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTSIZE: '10',
  CORE_PEER_GOSSIP_STATE_ENABLED: 'true',
  CORE_PEER_GOSSIP_STATE_CHECKINTERVAL: '10s',
  CORE_PEER_GOSSIP_STATE_RESPONSETIMEOUT: '3s',
  CORE_PEER_GOSSIP_STATE_BATCHSIZE: '10',
  CORE_PEER_GOSSIP_STATE_MAXRETRIES: '3',
  CORE_PEER_GOSSIP_STATE_BLOCKBUFFERSIZE: '20',
  CORE_PEER_GOSSIP_STATE_CHANNELSIZE: '100',
  CORE_PEER_DELIVERYCLIENT_BLOCKGOSSIPENABLED: 'false',
};
export const defMaxBlockDistance = 20; // DefStateBlockBufferSize
export const defAntiEntropyBatchSize = 10;

export function stateTestPeer(name: string, org: string, bootstrap: readonly string[], orgLeader = false): PeerDefinition {
  const endpoint = `${name}:7051`;
  const loaded = configOf('fabric-1.4', { ...FABRIC_STATE_TEST_ENV, CORE_PEER_GOSSIP_ORGLEADER: String(orgLeader), CORE_PEER_GOSSIP_BOOTSTRAP: bootstrap.join(' ') });
  // Fabric's test config sets MaxBlockCountToStore 0 in code (a core.yaml 0 would mean the default).
  const config: GossipConfig = { ...loaded, maxBlockCountToStore: 0 };
  return { name, org, internalEndpoint: endpoint, externalEndpoint: endpoint, config };
}

/** Fabric's waitUntilTrueOrTimeout in virtual time: poll every 500 ms until `pred` holds or `timeoutMs` passed. */
export function waitUntil(w: World<PeerState>, pred: (w: World<PeerState>) => boolean, timeoutMs: number): World<PeerState> {
  const limit = w.nowMs + timeoutMs;
  let out = w;
  while (!pred(out) && out.nowMs < limit) out = advanceTo(out, Math.min(limit, out.nowMs + 500));
  return out;
}

export const channelPeerCount = (w: World<PeerState>, name: string): number => currentChannelPeers(peerState(w, name).channels[CHANNEL]!.gossipChannel).length;
export const connectionOf = (w: World<PeerState>, name: string): ConnectionInfo => {
  const self = peerState(w, name).self;
  return { pkiId: self.pkiId, identity: self.identity, endpoint: self.internalEndpoint };
};
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** `n` boot peers (boot0 the static leader, no bootstrap, as newBootNode) and the peers bootstrapping from all of them. */
export function bootAndPeers(bootCount: number, peerCount: number, peerOrg: (i: number) => string = () => 'Org1MSP'): PeerDefinition[] {
  const boots = range(bootCount).map((i) => stateTestPeer(`boot${i}`, 'Org1MSP', [], i === 0));
  const peers = range(peerCount).map((i) => stateTestPeer(`p${bootCount + i}`, peerOrg(i), peerOrg(i) === 'Org1MSP' ? boots.map((b) => b.internalEndpoint) : []));
  return [...boots, ...peers];
}

/** boot0 joins alone and the ordering service gives it `height` blocks (Fabric: genesis + AddPayload of msgCount blocks). */
export function bootWithBlocks(defs: PeerDefinition[], seed: number, height: number, orgs: readonly string[] = ['Org1MSP']): World<PeerState> {
  let w = buildNetwork({ seed, peers: defs });
  w = joinAll(advanceTo(w, 1_000), joinCommand(orgs), ['boot0']);
  w = cutBlocks(w, height, 10);
  expect(seqs(w, 'boot0')).toEqual(range(height));
  return w;
}

