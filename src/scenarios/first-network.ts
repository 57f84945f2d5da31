/**
 * Fabric's "First Network" as the seed experiment (004) runs it: 2 orgs x 2 peers, one orderer,
 * channel `mychannel`, the fabric-1.4 profile (dynamic leader election), each peer bootstrapping
 * from the other peer of its org and publishing itself externally. Phases: peers start; they join
 * the channel (config without anchor peers); blocks are cut; the anchor-peer config update is
 * applied; the network runs on. A variant starts with no bootstrap peers.
 */
import { firstNetworkPeerEnv, loadConfig, type GossipConfig } from '../config';
import type { PeerState } from '../peer';
import { advanceTo, command, cutBlock, type World } from '../sim';
import { buildNetwork, type PeerDefinition } from './network';

export const FIRST_NETWORK_CHANNEL = 'mychannel';
const ORGS = [1, 2] as const;
const PEERS = [0, 1] as const;

export interface FirstNetworkOptions {
  readonly seed: number;
  readonly withBootstrap: boolean;
  readonly joinAtMs: number;
  readonly anchorUpdateAtMs: number;
  readonly blocks: readonly number[];
  readonly untilMs: number;
  readonly tracing?: boolean;
}

export const DEFAULT_FIRST_NETWORK: FirstNetworkOptions = {
  seed: 1,
  withBootstrap: true,
  joinAtMs: 5_000,
  anchorUpdateAtMs: 60_000,
  blocks: [40_000, 70_000, 80_000],
  untilMs: 120_000,
};

function peerConfig(org: 1 | 2, peer: 0 | 1, withBootstrap: boolean): GossipConfig {
  const env: Record<string, string> = { ...firstNetworkPeerEnv(org, peer) };
  if (!withBootstrap) delete env['CORE_PEER_GOSSIP_BOOTSTRAP'];
  const loaded = loadConfig({ base: 'fabric-1.4', env });
  if (!loaded.ok) throw new Error(`first network config: ${loaded.errors.map((e) => e.message).join('; ')}`);
  return loaded.config;
}

export function firstNetworkPeers(withBootstrap: boolean): PeerDefinition[] {
  return ORGS.flatMap((org) =>
    PEERS.map((peer) => {
      const endpoint = `peer${peer}.org${org}.example.com:${7051 + 2000 * (org - 1) + 1000 * peer}`;
      return { name: `peer${peer}.org${org}`, org: `Org${org}MSP`, internalEndpoint: endpoint, externalEndpoint: endpoint, config: peerConfig(org, peer, withBootstrap) };
    }),
  );
}

/** The channel config as a join message; `withAnchors` adds peer0 of each org (the anchor update). */
export function channelConfig(sequence: number, withAnchors: boolean): unknown {
  return {
    type: 'JOIN_CHANNEL',
    channel: FIRST_NETWORK_CHANNEL,
    sequence,
    orgs: ORGS.map((org) => ({
      mspId: `Org${org}MSP`,
      anchorPeers: withAnchors ? [{ host: `peer0.org${org}.example.com`, port: 7051 + 2000 * (org - 1) }] : [],
    })),
  };
}

export type Phase = { readonly atMs: number; readonly label: string; readonly apply: (w: World<PeerState>) => World<PeerState> };

export function firstNetworkPhases(o: FirstNetworkOptions, names: readonly string[]): Phase[] {
  const toAll = (cmd: unknown) => (w: World<PeerState>) => names.reduce((acc, n) => command(acc, n, cmd), w);
  const phases: Phase[] = [
    { atMs: o.joinAtMs, label: `every peer joins ${FIRST_NETWORK_CHANNEL} (config sequence 0, no anchor peers)`, apply: toAll(channelConfig(0, false)) },
    { atMs: o.anchorUpdateAtMs, label: 'anchor-peer config update (sequence 1: peer0 of each org)', apply: toAll(channelConfig(1, true)) },
    ...o.blocks.map((atMs, i) => ({ atMs, label: `the orderer cuts block ${i}`, apply: (w: World<PeerState>) => cutBlock(w, FIRST_NETWORK_CHANNEL) })),
  ];
  return phases.sort((a, b) => a.atMs - b.atMs);
}

/** Run the phases in order; `observe` sees the world just before each phase and at the end. */
export function runFirstNetwork(
  o: FirstNetworkOptions,
  observe: (w: World<PeerState>, label: string) => void = () => undefined,
): World<PeerState> {
  const defs = firstNetworkPeers(o.withBootstrap);
  let w = buildNetwork({ seed: o.seed, peers: defs, tracing: o.tracing ?? true });
  for (const phase of firstNetworkPhases(o, defs.map((d) => d.name))) {
    w = advanceTo(w, phase.atMs);
    observe(w, `before: ${phase.label}`);
    w = phase.apply(w);
  }
  w = advanceTo(w, o.untilMs);
  observe(w, 'end');
  return w;
}

/**
 * The seed's story as a scenario file value (scenarios/first-network.yaml and
 * scenarios/first-network-no-bootstrap.yaml hold the same, checked by test/scenarios): the orderer
 * up; peer0.org1 starts while its bootstrap peer is down; the other peers start one by one;
 * `mychannel` is created (block 0); the four peers join one by one; org1's anchor-peer update
 * (block 1), then org2's (block 2); then the network runs on.
 */
export function firstNetworkScenario(withBootstrap: boolean): Record<string, unknown> {
  const endpoint = (org: number, peer: number) => `peer${peer}.org${org}.example.com:${7051 + 2000 * (org - 1) + 1000 * peer}`;
  const orgs = ORGS.map((org) => ({
    mspId: `Org${org}MSP`,
    peers: PEERS.map((peer) => ({
      name: `peer${peer}.org${org}`,
      endpoint: endpoint(org, peer),
      ...(withBootstrap ? { bootstrap: [endpoint(org, peer === 0 ? 1 : 0)] } : {}),
    })),
  }));
  const everyone = ['peer0.org1', 'peer1.org1', 'peer0.org2', 'peer1.org2'];
  const others = (me: string) => everyone.filter((p) => p !== me);
  const ownOrg = (me: string) => everyone.filter((p) => p !== me && p.slice(-4) === me.slice(-4));
  return {
    name: withBootstrap ? 'first-network' : 'first-network-no-bootstrap',
    description: withBootstrap
      ? "Fabric's First Network as the seed experiment runs it: 2 orgs x 2 peers started one by one, each bootstrapping from the other peer of its org; mychannel created and joined; org1's then org2's anchor-peer update."
      : 'The same First Network with no bootstrap peers: every peer elects itself until the anchor-peer update lets the peers of each org meet; then one leader per org remains.',
    profile: 'fabric-1.4',
    seed: DEFAULT_FIRST_NETWORK.seed,
    duration: '120s',
    orgs,
    channels: [{ name: FIRST_NETWORK_CHANNEL }],
    timeline: [
      { at: '0s', note: 'orderer.example.com is up (the ordering service; mychannel does not exist yet)' },
      { at: '0s', start: 'peer0.org1', label: withBootstrap ? 'peer0.org1 starts; its bootstrap peer peer1.org1 is not running yet' : 'peer0.org1 starts' },
      { at: '5s', start: 'peer1.org1' },
      { at: '10s', start: ['peer0.org2', 'peer1.org2'] },
      { at: '15s', createChannel: FIRST_NETWORK_CHANNEL },
      ...everyone.map((p, i) => ({ at: `${20 + 5 * i}s`, join: { channel: FIRST_NETWORK_CHANNEL, peers: [p] } })),
      { at: '60s', configUpdate: { channel: FIRST_NETWORK_CHANNEL, anchorPeers: { Org1MSP: [endpoint(1, 0)] } }, label: "org1's anchor-peer update (Org1MSPanchors.tx): block 1" },
      { at: '90s', configUpdate: { channel: FIRST_NETWORK_CHANNEL, anchorPeers: { Org2MSP: [endpoint(2, 0)] } }, label: "org2's anchor-peer update (Org2MSPanchors.tx): block 2" },
    ],
    expect: [
      withBootstrap
        ? {
            at: '59s',
            label: 'after the joins, before any anchor peer: one leader per org, each org on its own',
            leaders: { Org1MSP: ['peer0.org1'], Org2MSP: ['peer0.org2'] },
            views: Object.fromEntries(everyone.map((p) => [p, ownOrg(p)])),
            channelViews: Object.fromEntries(everyone.map((p) => [p, ownOrg(p)])),
            heights: { all: 1 },
          }
        : {
            at: '59s',
            label: 'after the joins, before any anchor peer: every peer alone, every peer a leader',
            leaders: { Org1MSP: ['peer0.org1', 'peer1.org1'], Org2MSP: ['peer0.org2', 'peer1.org2'] },
            views: Object.fromEntries(everyone.map((p) => [p, []])),
            heights: { all: 1 },
          },
      {
        at: '89s',
        label: "after org1's anchor-peer update: every peer knows every other",
        views: Object.fromEntries(everyone.map((p) => [p, others(p)])),
        leaders: { Org1MSP: ['peer0.org1'], Org2MSP: ['peer0.org2'] },
        heights: { all: 2 },
      },
      {
        at: 'end',
        label: "after org2's anchor-peer update: full cross-org views, one leader per org, every ledger at the orderer's height",
        leaders: { Org1MSP: ['peer0.org1'], Org2MSP: ['peer0.org2'] },
        views: Object.fromEntries(everyone.map((p) => [p, others(p)])),
        channelViews: Object.fromEntries(everyone.map((p) => [p, others(p)])),
        heights: { all: 3 },
        invariants: ['noFailure', 'commitsFollowOrderer', 'peerStateInvariants', 'ledgersCaughtUp', 'oneLeaderPerOrg'],
        counters: { commit: { equals: 12 } },
      },
    ],
  };
}
