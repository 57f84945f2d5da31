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
