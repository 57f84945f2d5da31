/**
 * A simulated network of composed peers (src/peer) in the simulator (src/sim): peers defined by
 * name, org, endpoints and Fabric configuration; symbolic crypto; an ordering service that signs
 * its blocks. Scenarios (the main job, tests, benchmarks) build on this.
 */
import { createSymbolicSuite, type SigningKey } from '../core';
import type { GossipConfig } from '../config';
import { createPeerReducer, type PeerState } from '../peer';
import { createWorld, type NetworkSettings, type PeerSpec, type World } from '../sim';
import { ordererBlockMaker } from './orderer-blocks';

export interface PeerDefinition {
  readonly name: string;
  readonly org: string;
  readonly internalEndpoint: string;
  /** '' = not reachable from other orgs. */
  readonly externalEndpoint: string;
  readonly config: GossipConfig;
}

export interface NetworkOptions {
  readonly seed: number;
  readonly peers: readonly PeerDefinition[];
  readonly network?: Partial<NetworkSettings>;
  readonly tracing?: boolean;
}

export function buildNetwork(options: NetworkOptions): World<PeerState> {
  const suite = createSymbolicSuite(options.seed);
  const keys = new Map<string, SigningKey>();
  const specs: PeerSpec[] = [];
  const configs = new Map<string, GossipConfig>();
  for (const p of options.peers) {
    const key = suite.enroll(p.org, p.name);
    const pki = suite.pkiIdOf(key.identity);
    const org = suite.orgOf(key.identity);
    if (org === undefined) throw new RangeError(`bad org ${p.org}`);
    keys.set(pki, key);
    configs.set(p.name, p.config);
    specs.push({ name: p.name, pkiId: pki, identity: key.identity, org, internalEndpoint: p.internalEndpoint, externalEndpoint: p.externalEndpoint });
  }
  const indexOf = new Map(specs.map((s, i) => [s.name, i]));
  const orderer = suite.enroll('OrdererMSP', 'orderer.example.com');
  const reducer = createPeerReducer(suite, (pki) => keys.get(pki), [orderer.identity]);
  return createWorld<PeerState>({
    seed: options.seed,
    peers: specs,
    reducer,
    network: options.network,
    tracing: options.tracing,
    makeBlock: ordererBlockMaker(suite, orderer),
    initPeer: (spec, nowMs, context) =>
      reducer.init({
        self: { pkiId: spec.pkiId, identity: spec.identity, org: spec.org, internalEndpoint: spec.internalEndpoint, externalEndpoint: spec.externalEndpoint },
        config: configs.get(spec.name) as GossipConfig,
        startTimeMs: nowMs,
        // A restart is a new incarnation with its own random streams.
        seed: options.seed * 1000 + (indexOf.get(spec.name) ?? 0) * 10 + context.incarnation,
        ledgerHeights: context.ledgerHeights,
        durable: context.durable,
      }),
  });
}
