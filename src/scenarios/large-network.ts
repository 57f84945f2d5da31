/**
 * A larger network for benchmarks and soak runs: `orgs` orgs of `peersPerOrg` peers, fabric-1.4
 * profile (dynamic election), every peer bootstrapping from its org's first peer (which bootstraps
 * from the second), every peer with an external endpoint, and one channel whose config names the
 * first peer of each org as its anchor.
 */
import { loadConfig } from '../config';
import type { PeerState } from '../peer';
import { command, peerNames, type World } from '../sim';
import { buildNetwork, type PeerDefinition } from './network';

export const LARGE_NETWORK_CHANNEL = 'bench';

export interface LargeNetworkOptions {
  readonly seed: number;
  readonly orgs: number;
  readonly peersPerOrg: number;
  readonly tracing?: boolean;
}

const endpointOf = (org: number, peer: number) => `peer${peer}.org${org}:7051`;

export function largeNetworkPeers(o: LargeNetworkOptions): PeerDefinition[] {
  const peers: PeerDefinition[] = [];
  for (let org = 1; org <= o.orgs; org++) {
    for (let p = 0; p < o.peersPerOrg; p++) {
      const bootstrap = endpointOf(org, p === 0 ? 1 : 0);
      const loaded = loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_BOOTSTRAP: bootstrap } });
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
      peers.push({ name: `peer${p}.org${org}`, org: `Org${org}MSP`, internalEndpoint: endpointOf(org, p), externalEndpoint: endpointOf(org, p), config: loaded.config });
    }
  }
  return peers;
}

export function largeNetwork(o: LargeNetworkOptions): World<PeerState> {
  return buildNetwork({ seed: o.seed, peers: largeNetworkPeers(o), tracing: o.tracing ?? false });
}

/** Every peer joins the channel; its config lists all orgs, each with its first peer as anchor. */
export function joinLargeNetwork(w: World<PeerState>, o: LargeNetworkOptions): World<PeerState> {
  const orgs = Array.from({ length: o.orgs }, (_, i) => ({ mspId: `Org${i + 1}MSP`, anchorPeers: [{ host: `peer0.org${i + 1}`, port: 7051 }] }));
  const join = { type: 'JOIN_CHANNEL', channel: LARGE_NETWORK_CHANNEL, sequence: 0, orgs };
  return peerNames(w).reduce((acc, n) => command(acc, n, join), w);
}
