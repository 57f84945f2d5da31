/**
 * Building a world: the peers' directory, their initial slots, and each peer's init (in the order
 * given) at `startMs`. Configuration mistakes (duplicate names, PKI-IDs or endpoints, nonsense
 * network settings) throw: they are the caller's bugs, not protocol behaviour.
 */
import { canonicalEncode, fnv1a64Hex, forkPrng, makeIdentity, orgId, pkiId, type PeerReducer } from '../core';
import { Draft } from './draft';
import { connectionInfoOf, foreignConnectionInfoOf, validateNetwork } from './network';
import { initPeer } from './peer-step';
import { vecFrom } from './pvec';
import { resolveTransport } from './transport/transport';
import type { TransportOptions } from './transport/types';
import { NO_COUNTERS } from './counters';
import { DEFAULT_NETWORK, type Directory, type InitPeer, type NetworkSettings, type PeerSlot, type PeerSpec, type World } from './world';

export interface CreateWorldOptions<S> {
  readonly seed: number;
  readonly peers: readonly PeerSpec[];
  readonly reducer: PeerReducer<S>;
  readonly initPeer: InitPeer<S>;
  readonly network?: Partial<NetworkSettings>;
  /** Default: the plain value {channel, seq, previousHash}. */
  readonly makeBlock?: (channel: string, seq: number, previousHash: string) => unknown;
  /** Default: FNV-1a 64 of the canonical encoding (a fingerprint, not a cryptographic hash). */
  readonly hashBlock?: (block: unknown) => string;
  /** Default true. */
  readonly tracing?: boolean;
  /** Default 0. */
  readonly startMs?: number;
  /** Default 1,000,000. */
  readonly maxStepsPerInstant?: number;
  /**
   * [SIM-FUNC-TRANSPORT.1] The crypto suite, each peer's key and TLS certificate: dials and
   * connections then run the comm handshake chart. Default: none (dials answered from the directory).
   */
  readonly transport?: TransportOptions;
}

/** A conventional spec for tests and scenarios: PKI-ID = name, identity `<org>\n<name>`. */
export function simplePeerSpec(name: string, org: string): PeerSpec {
  return {
    name,
    pkiId: pkiId(name),
    identity: makeIdentity(org, name),
    org: orgId(org),
    internalEndpoint: `${name}:7051`,
    externalEndpoint: `${name}.ext:7051`,
  };
}

function addUnique(map: Map<string, number>, key: string, index: number, what: string): void {
  const owner = map.get(key);
  if (owner !== undefined && owner !== index) throw new RangeError(`createWorld: duplicate ${what} ${JSON.stringify(key)}`);
  map.set(key, index);
}

function buildDirectory(specs: readonly PeerSpec[]): Directory {
  const byName = new Map<string, number>();
  const byPkiId = new Map<string, number>();
  const byEndpoint = new Map<string, number>();
  specs.forEach((spec, i) => {
    addUnique(byName, spec.name, i, 'peer name');
    addUnique(byPkiId, spec.pkiId, i, 'PKI-ID');
    addUnique(byEndpoint, spec.internalEndpoint, i, 'endpoint');
    // An empty external endpoint means "not reachable from other orgs" (Fabric), not an address.
    if (spec.externalEndpoint !== '') addUnique(byEndpoint, spec.externalEndpoint, i, 'endpoint');
  });
  return { specs: [...specs], byName, byPkiId, byEndpoint, connections: specs.map(connectionInfoOf), foreignConnections: specs.map(foreignConnectionInfoOf) };
}

export function defaultHashBlock(block: unknown): string {
  return fnv1a64Hex(canonicalEncode(block));
}

function emptySlot<S>(spec: PeerSpec): PeerSlot<S> {
  return { spec, state: undefined as S, alive: true, incarnation: 0, timers: new Map(), ledgers: new Map(), durable: {}, leaderOf: new Map() };
}

export function createWorld<S>(options: CreateWorldOptions<S>): World<S> {
  const directory = buildDirectory(options.peers);
  const network = validateNetwork({ ...DEFAULT_NETWORK, ...options.network }, directory);
  const transport = options.transport === undefined ? undefined : resolveTransport(options.transport, directory, options.seed);
  const world: World<S> = {
    config: {
      reducer: options.reducer,
      initPeer: options.initPeer,
      makeBlock: options.makeBlock ?? ((channel, seq, previousHash) => ({ channel, seq, previousHash })),
      hashBlock: options.hashBlock ?? defaultHashBlock,
      tracing: options.tracing ?? true,
      maxStepsPerInstant: options.maxStepsPerInstant ?? 1_000_000,
    },
    directory,
    seed: options.seed,
    nowMs: options.startMs ?? 0,
    step: 0,
    nextSeq: 0,
    stepsAtThisInstant: 0,
    // [SIM-FUNC-DETERMINISM.1] every network draw comes from this stream, forked from the seed.
    prng: forkPrng(options.seed, 'sim/network'),
    network,
    partition: undefined,
    peers: vecFrom(directory.specs.map((spec) => emptySlot<S>(spec))),
    envelopes: undefined,
    events: undefined,
    orderer: { channels: new Map(), nextStreamId: 0 },
    stats: NO_COUNTERS,
    trace: undefined,
    firstLedgerAnomaly: undefined,
    failure: undefined,
    ...(transport === undefined ? {} : { transport }),
  };
  const d = new Draft(world);
  for (let i = 0; i < directory.specs.length && d.failure === undefined; i++) initPeer(d, i);
  return d.close();
}
