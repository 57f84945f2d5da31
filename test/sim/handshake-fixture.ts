/**
 * Small worlds whose transport runs the comm handshake chart: the scripted test peer of
 * test-peer.ts, with specs enrolled in a symbolic suite (PKI-ID `<org>/<name>`), or real peers
 * (src/peer) through buildNetwork.
 */
import { createSymbolicSuite, orgId, type Effect, type SigningKey } from '../../src/core';
import type { PeerState } from '../../src/peer';
import { buildNetwork, type PeerDefinition } from '../../src/scenarios/network';
import { createWorld, traceEvents, type HandshakeAdversary, type NetworkSettings, type PeerSpec, type TraceEvent, type World } from '../../src/sim';
import { configOf } from '../peer/fixtures';
import { testPeerInit, testPeerReducer, type TestPeerState } from './test-peer';

export interface ChartWorldOptions {
  readonly names?: readonly string[];
  readonly adversaries?: Readonly<Record<string, HandshakeAdversary>>;
  readonly tlsEnabled?: boolean;
  readonly network?: Partial<NetworkSettings>;
  readonly seed?: number;
  /** Org of the i-th peer; default Org1MSP for even i, Org2MSP for odd i. */
  readonly orgOf?: (i: number) => string;
  readonly initEffects?: (spec: PeerSpec) => Effect[];
}

export const NAMES = ['p0', 'p1', 'p2', 'p3'] as const;
export const FIXED = { minLatencyMs: 7, maxLatencyMs: 7 };

export function enrolled(names: readonly string[], orgOf: (i: number) => string, seed: number): { specs: PeerSpec[]; keys: Record<string, SigningKey>; suite: ReturnType<typeof createSymbolicSuite> } {
  const suite = createSymbolicSuite(seed);
  const keys: Record<string, SigningKey> = {};
  const specs = names.map((name, i) => {
    const org = orgOf(i);
    const key = suite.enroll(org, name);
    keys[name] = key;
    return { name, pkiId: suite.pkiIdOf(key.identity), identity: key.identity, org: orgId(org), internalEndpoint: `${name}:7051`, externalEndpoint: `${name}.ext:7051` };
  });
  return { specs, keys, suite };
}

export function chartWorld(o: ChartWorldOptions = {}): World<TestPeerState> {
  const seed = o.seed ?? 1;
  const { specs, keys, suite } = enrolled(o.names ?? NAMES, o.orgOf ?? ((i) => (i % 2 === 0 ? 'Org1MSP' : 'Org2MSP')), seed);
  return createWorld({
    seed,
    peers: specs,
    reducer: testPeerReducer,
    initPeer: testPeerInit(specs, o.initEffects),
    network: o.network ?? FIXED,
    transport: {
      crypto: suite,
      keys,
      ...(o.adversaries === undefined ? {} : { adversaries: o.adversaries }),
      ...(o.tlsEnabled === undefined ? {} : { tlsEnabled: o.tlsEnabled }),
    },
  });
}

/** The PKI-ID a test world gives a peer (symbolic suite: `<org>/<name>`). */
export const pki = (name: string, i = Number(name.slice(1))) => `${i % 2 === 0 ? 'Org1MSP' : 'Org2MSP'}/${name}`;

export function linesOf<S, K extends TraceEvent["k"]>(w: World<S>, k: K): Extract<TraceEvent, { k: K }>[] {
  return traceEvents(w).filter((l): l is Extract<TraceEvent, { k: K }> => l.k === k);
}

/** Three peers of Org1MSP, each bootstrapping from p0 (p0 from p1), fast timings. */
export function oneOrgPeers(n = 3): PeerDefinition[] {
  const endpoint = (i: number) => `p${i}.org1:7051`;
  return Array.from({ length: n }, (_, i) => ({
    name: `p${i}`,
    org: 'Org1MSP',
    internalEndpoint: endpoint(i),
    externalEndpoint: endpoint(i),
    config: configOf('fabric-1.4', {
      CORE_PEER_GOSSIP_BOOTSTRAP: endpoint(i === 0 ? 1 : 0),
      CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
      CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '5s',
      CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
    }),
  }));
}

export function peerNetwork(adversaries: Readonly<Record<string, HandshakeAdversary>>, seed = 3): World<PeerState> {
  return buildNetwork({ seed, peers: oneOrgPeers(), tracing: true, handshake: { adversaries } });
}
