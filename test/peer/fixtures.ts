/** Small peer networks for the composition's tests, built from Fabric configuration. */
import { loadConfig, type GossipConfig } from '../../src/config';
import type { PeerState } from '../../src/peer';
import { buildNetwork, type PeerDefinition } from '../../src/scenarios/network';
import { command, peerNames, type World } from '../../src/sim';

export const CHANNEL = 'mychannel';

/** A config from a profile plus CORE_PEER_GOSSIP_* overrides (the way a Fabric peer is set up). */
export function configOf(base: 'fabric-1.4' | 'fabric-2.x', env: Record<string, string> = {}): GossipConfig {
  const loaded = loadConfig({ base, env });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.config;
}

/**
 * gossip_test.go's node config (newGossipInstanceWithGrpcMcsMetrics): alive 1 s, expiration 10 s,
 * reconnect 1 s, pull every 4 s from 5, push to 3, burst 500 ms / 20, publishCert 4 s, StateInfo
 * publish and request 1 s, a block store of 100.
 */
export const GOSSIP_TEST_BASE_ENV = {
  CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
  CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '10s',
  CORE_PEER_GOSSIP_RECONNECTINTERVAL: '1s',
  CORE_PEER_GOSSIP_PULLINTERVAL: '4s',
  CORE_PEER_GOSSIP_PULLPEERNUM: '5',
  CORE_PEER_GOSSIP_PROPAGATEPEERNUM: '3',
  CORE_PEER_GOSSIP_PROPAGATEITERATIONS: '1',
  CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTLATENCY: '500ms',
  CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTSIZE: '20',
  CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: '4s',
  CORE_PEER_GOSSIP_MAXBLOCKCOUNTTOSTORE: '100',
};

/** Fabric's election test timings (gossip_service_test.go), scaled to keep runs short. */
export const FAST_ELECTION_ENV = {
  CORE_PEER_GOSSIP_ELECTION_STARTUPGRACEPERIOD: '2s',
  CORE_PEER_GOSSIP_ELECTION_MEMBERSHIPSAMPLEINTERVAL: '200ms',
  CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '2s',
  CORE_PEER_GOSSIP_ELECTION_LEADERELECTIONDURATION: '1s',
  CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
  CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '5s',
  CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
  CORE_PEER_GOSSIP_PULLINTERVAL: '4s',
};

/** n peers of one org, peer i bootstrapping from peer 0 (peer 0 from peer 1). */
export function oneOrg(n: number, base: 'fabric-1.4' | 'fabric-2.x', env: Record<string, string> = {}, org = 'Org1MSP'): PeerDefinition[] {
  const endpoint = (i: number) => `p${i}.${org.toLowerCase()}:7051`;
  return Array.from({ length: n }, (_, i) => ({
    name: `p${i}.${org.toLowerCase()}`,
    org,
    internalEndpoint: endpoint(i),
    externalEndpoint: endpoint(i),
    config: configOf(base, { CORE_PEER_GOSSIP_BOOTSTRAP: endpoint(i === 0 ? 1 : 0), ...env }),
  }));
}

export function joinCommand(orgs: readonly string[], sequence = 0, anchors: Record<string, string> = {}): unknown {
  return {
    type: 'JOIN_CHANNEL',
    channel: CHANNEL,
    sequence,
    orgs: orgs.map((mspId) => {
      const a = anchors[mspId];
      const [host, port] = a === undefined ? [] : a.split(':');
      return { mspId, anchorPeers: host === undefined ? [] : [{ host, port: Number(port) }] };
    }),
  };
}

export function joinAll(w: World<PeerState>, cmd: unknown, names: readonly string[] = peerNames(w)): World<PeerState> {
  return names.reduce((acc, n) => command(acc, n, cmd), w);
}

export function network(peers: PeerDefinition[], seed = 7): World<PeerState> {
  return buildNetwork({ seed, peers });
}
