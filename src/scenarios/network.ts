/**
 * A simulated network of composed peers (src/peer) in the simulator (src/sim): peers defined by
 * name, org, endpoints and Fabric configuration; symbolic crypto, or Fabric's X.509 MSP crypto
 * (a root CA per org and for the orderer org, every certificate issued from the seed); an ordering
 * service that signs its blocks. Scenarios (the main job, tests, benchmarks) build on this.
 */
import { p256 } from '@noble/curves/p256';
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { createSymbolicSuite, createX509Suite, issueCa, issuePeerCert, type CryptoSuite, type IssuedCertificate, type PeerReducer, type SigningKey } from '../core';
import type { GossipConfig } from '../config';
import { createPeerReducer, type PeerState } from '../peer';
import { createWorld, withByzantine, type ByzantineOptions, type InitPeer, type NetworkSettings, type PeerSpec, type TransportOptions, type WithByzantine, type World } from '../sim';
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
  /**
   * 'symbolic' (the default): readable PKI-IDs, cheap signatures. 'x509': Fabric's MSP semantics
   * (src/core/crypto/x509.ts), SHA-256 PKI-IDs and real P-256 signatures, about 1000 times slower
   * per signature check, so keep such runs short.
   */
  readonly crypto?: 'symbolic' | 'x509';
  /**
   * Run the comm handshake chart on dials and connections ([SIM-FUNC-TRANSPORT.1]); default true.
   * An object turns it on with misbehaving peers by name, or TLS off.
   */
  readonly handshake?: boolean | Pick<TransportOptions, 'adversaries' | 'tlsEnabled'>;
}

const ORDERER_MSP = 'OrdererMSP';
const ORDERER_NAME = 'orderer.example.com';

/** Who may sign: a suite and a way to issue each participant's key. */
interface Enrolment {
  readonly suite: CryptoSuite;
  readonly keyOf: (org: string, name: string) => SigningKey;
}

function symbolicEnrolment(seed: number): Enrolment {
  const suite = createSymbolicSuite(seed);
  return { suite, keyOf: (org, name) => suite.enroll(org, name) };
}

/** Certificates are valid from the simulator's time 0 for ten years (whole seconds, as X.509 needs). */
export const X509_NETWORK_NOT_BEFORE_MS = 0;
export const X509_NETWORK_NOT_AFTER_MS = 3650 * 24 * 3600 * 1000;

/**
 * A P-256 private key as a function of (seed, label): SHA-256 of the label, re-hashed with a
 * counter in the (about 2^-32 likely) case that the digest is not a valid scalar.
 */
export function networkPrivateKeyHex(seed: number, label: string): string {
  for (let attempt = 0; ; attempt++) {
    const candidate = bytesToHex(sha256(utf8ToBytes(`fabric-gossip-ref network key|${seed}|${label}|${attempt}`)));
    if (p256.utils.isValidPrivateKey(candidate)) return candidate;
  }
}

/**
 * One root CA per MSP (the peers' orgs and OrdererMSP), every key derived from the seed and
 * every certificate issued with fixed serials (1 for the CA, then 2, 3, ... in order of issue).
 */
function x509Enrolment(seed: number, peers: readonly PeerDefinition[]): Enrolment {
  const mspIds = [...new Set([...peers.map((p) => p.org), ORDERER_MSP])];
  const template = (org: string, commonName: string, serial: bigint) => ({
    organization: org,
    commonName,
    privateKeyHex: networkPrivateKeyHex(seed, `${org}/${commonName}`),
    serial,
    notBeforeMs: X509_NETWORK_NOT_BEFORE_MS,
    notAfterMs: X509_NETWORK_NOT_AFTER_MS,
  });
  const cas = new Map<string, IssuedCertificate>(mspIds.map((org) => [org, issueCa(template(org, `ca.${org}`, 1n))]));
  const nextSerial = new Map<string, bigint>(mspIds.map((org) => [org, 2n]));
  const suite = createX509Suite({ msps: mspIds.map((mspId) => ({ mspId, caCertPem: (cas.get(mspId) as IssuedCertificate).certPem })) });
  return {
    suite,
    keyOf(org, name) {
      const ca = cas.get(org);
      const serial = nextSerial.get(org);
      if (ca === undefined || serial === undefined) throw new RangeError(`no CA for org ${org}`);
      nextSerial.set(org, serial + 1n);
      const cert = issuePeerCert(ca, template(org, name, serial));
      return suite.keyFor(org, cert.certPem, cert.privateKeyHex);
    },
  };
}

/** What a network is built from, before the world: the crypto, the peers' specs and keys, the honest reducer and its init. */
interface NetworkParts {
  readonly suite: CryptoSuite;
  readonly specs: readonly PeerSpec[];
  readonly keys: ReadonlyMap<string, SigningKey>;
  readonly orderer: SigningKey;
  readonly reducer: PeerReducer<PeerState>;
  readonly initPeer: InitPeer<PeerState>;
}

function networkParts(options: NetworkOptions): NetworkParts {
  const { suite, keyOf } = options.crypto === 'x509' ? x509Enrolment(options.seed, options.peers) : symbolicEnrolment(options.seed);
  const keys = new Map<string, SigningKey>();
  const specs: PeerSpec[] = [];
  const configs = new Map<string, GossipConfig>();
  for (const p of options.peers) {
    const key = keyOf(p.org, p.name);
    const pki = suite.pkiIdOf(key.identity);
    const org = suite.orgOf(key.identity);
    if (org === undefined) throw new RangeError(`bad org ${p.org}`);
    keys.set(pki, key);
    configs.set(p.name, p.config);
    specs.push({ name: p.name, pkiId: pki, identity: key.identity, org, internalEndpoint: p.internalEndpoint, externalEndpoint: p.externalEndpoint });
  }
  const indexOf = new Map(specs.map((s, i) => [s.name, i]));
  const orderer = keyOf(ORDERER_MSP, ORDERER_NAME);
  const reducer = createPeerReducer(suite, (pki) => keys.get(pki), [orderer.identity]);
  const initPeer: InitPeer<PeerState> = (spec, nowMs, context) =>
    reducer.init({
      self: { pkiId: spec.pkiId, identity: spec.identity, org: spec.org, internalEndpoint: spec.internalEndpoint, externalEndpoint: spec.externalEndpoint },
      config: configs.get(spec.name) as GossipConfig,
      startTimeMs: nowMs,
      // A restart is a new incarnation with its own random streams.
      seed: options.seed * 1000 + (indexOf.get(spec.name) ?? 0) * 10 + context.incarnation,
      ledgerHeights: context.ledgerHeights,
      durable: context.durable,
    });
  return { suite, specs, keys, orderer, reducer, initPeer };
}

function worldOf<S>(options: NetworkOptions, parts: NetworkParts, reducer: PeerReducer<S>, initPeer: InitPeer<S>): World<S> {
  return createWorld<S>({
    seed: options.seed,
    peers: parts.specs,
    reducer,
    network: options.network,
    tracing: options.tracing,
    transport: options.handshake === false ? undefined : handshakeTransport(parts.suite, parts.specs, parts.keys, options.handshake === true ? {} : options.handshake),
    makeBlock: ordererBlockMaker(parts.suite, parts.orderer),
    initPeer,
  });
}

export function buildNetwork(options: NetworkOptions): World<PeerState> {
  const parts = networkParts(options);
  return worldOf(options, parts, parts.reducer, parts.initPeer);
}

/** Which peers are Byzantine insiders (src/sim/byzantine) and what they know and do. */
export type ByzantineSettings = Omit<ByzantineOptions, 'peers' | 'suite' | 'keyOf'>;

/** A network with Byzantine insiders, prepared: what a checker needs to tell forged from genuine, and the world to build. */
export interface ByzantineNetwork {
  /** The network's crypto suite: it verifies every signature made in the world. */
  readonly suite: CryptoSuite;
  readonly specs: readonly PeerSpec[];
  /** The ordering service's identity (the signer of every genuine block). */
  readonly ordererIdentity: string;
  /** The world; `wrapHonest` wraps the honest peers' reducer (a monitor, or a planted bug in a test). */
  build(wrapHonest?: (r: PeerReducer<PeerState>) => PeerReducer<PeerState>): World<WithByzantine<PeerState>>;
}

/**
 * [SIM-FUNC-BYZANTINE-WRAPPER.1] buildNetwork with some peers Byzantine: each holds only its own
 * enrolled key ([SIM-ASM-BYZANTINE-INSIDER.1]); every other peer runs the honest reducer.
 */
export function byzantineNetwork(options: NetworkOptions, byzantine: ByzantineSettings): ByzantineNetwork {
  const parts = networkParts(options);
  const keyByName = new Map(parts.specs.map((spec) => [spec.name, parts.keys.get(spec.pkiId)]));
  const build = (wrapHonest?: (r: PeerReducer<PeerState>) => PeerReducer<PeerState>): World<WithByzantine<PeerState>> => {
    const honest = wrapHonest === undefined ? parts.reducer : wrapHonest(parts.reducer);
    const wrapped = withByzantine(honest, parts.initPeer, {
      ...byzantine,
      seed: options.seed,
      peers: parts.specs,
      suite: parts.suite,
      keyOf: (name) => (byzantine.byzantine.includes(name) ? keyByName.get(name) : undefined),
    });
    return worldOf(options, parts, wrapped.reducer, wrapped.initPeer);
  };
  return { suite: parts.suite, specs: parts.specs, ordererIdentity: parts.orderer.identity, build };
}

/** [SIM-FUNC-TRANSPORT.1] The simulator's transport: the network's suite and each peer's key by name (TLS on, a certificate per peer). */
export function handshakeTransport(
  suite: CryptoSuite,
  specs: readonly PeerSpec[],
  keysByPkiId: ReadonlyMap<string, SigningKey>,
  settings: Pick<TransportOptions, 'adversaries' | 'tlsEnabled'> = {},
): TransportOptions {
  const keys: Record<string, SigningKey> = {};
  for (const spec of specs) {
    const key = keysByPkiId.get(spec.pkiId);
    if (key !== undefined) keys[spec.name] = key;
  }
  return { ...settings, crypto: suite, keys };
}
