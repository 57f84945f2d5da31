/**
 * Generated worlds for the whole-network properties ([GEN-FUNC-CHECK-WORLDS.2]): 2–4 orgs of 2–6
 * peers, one or two channels (the second holds a subset of the orgs), either profile, leaders
 * elected or static, bootstrap and anchor settings varied, internal endpoints distinct from the
 * external ones (some peers have none), state transfer on, and for the Byzantine properties one
 * Byzantine insider. A world is plain data (it shrinks and
 * prints) until `buildCheckWorld` turns it into a simulator world of composed peers.
 */
import fc from 'fast-check';
import { loadConfig, type GossipConfig } from '../config';
import type { CryptoSuite, PeerReducer } from '../core';
import type { PeerState } from '../peer';
import { buildNetwork, byzantineNetwork, type PeerDefinition } from '../scenarios/network';
import type { WithByzantine, World } from '../sim';

export type Profile = 'fabric-1.4' | 'fabric-2.x';
export type LeaderMode = 'elect' | 'static';
/** Whom a peer bootstraps from: peer 0 of its org (peer 0 from peer 1), the org's next peer, or nobody (anchors only). */
export type BootstrapMode = 'first' | 'ring' | 'none';

export interface WorldSpec {
  readonly orgs: number;
  readonly peersPerOrg: number;
  readonly channels: 1 | 2;
  readonly profile: Profile;
  readonly leader: LeaderMode;
  readonly bootstrap: BootstrapMode;
  /** Whether each org names its peer 0 as anchor peer in the channel config. */
  readonly anchors: boolean;
  /** Whether the last peer of each org has no external endpoint (stays inside its org). */
  readonly hiddenPeers: boolean;
  /**
   * [GEN-FUNC-CHECK-WORLDS.2] A Byzantine insider (src/sim/byzantine): peer `peer` of org `org`
   * (never a whole org: every org has at least two peers). Absent: every peer is honest. Only the
   * properties about Byzantine peers generate it.
   */
  readonly byzantine?: { readonly org: number; readonly peer: number };
}

/** How large generated worlds may get: CI keeps them small, long runs go up to the sizes. */
export interface WorldSize {
  readonly maxOrgs: number;
  readonly maxPeersPerOrg: number;
}

export const WORLD_SIZES: Readonly<Record<'small' | 'medium' | 'large', WorldSize>> = {
  small: { maxOrgs: 2, maxPeersPerOrg: 3 },
  medium: { maxOrgs: 3, maxPeersPerOrg: 4 },
  large: { maxOrgs: 4, maxPeersPerOrg: 6 },
};

export const CHANNELS = ['mychannel', 'second'] as const;

/**
 * Fabric's election test timings (gossip_service_test.go) and shorter StateInfo, pull and
 * anti-entropy periods, so that a run's virtual minute holds several rounds of everything; a
 * deliver client that gives up after 5 s instead of an hour.
 */
export const CHECK_TIMING_ENV: Readonly<Record<string, string>> = {
  CORE_PEER_GOSSIP_ELECTION_STARTUPGRACEPERIOD: '2s',
  CORE_PEER_GOSSIP_ELECTION_MEMBERSHIPSAMPLEINTERVAL: '200ms',
  CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '2s',
  CORE_PEER_GOSSIP_ELECTION_LEADERELECTIONDURATION: '1s',
  CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
  CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '5s',
  CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
  CORE_PEER_GOSSIP_PULLINTERVAL: '4s',
  CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_STATE_ENABLED: 'true',
  CORE_PEER_GOSSIP_STATE_CHECKINTERVAL: '2s',
  // [GEN-FUNC-CHECK-WORLDS.2] An elected leader cut off from the ordering service (an outage, or a
  // partition that leaves the service on the other side) gives up and yields within a fault episode.
  CORE_PEER_DELIVERYCLIENT_RECONNECTTOTALTIMETHRESHOLD: '5s',
};

/** A config from a profile plus CORE_PEER_GOSSIP_* overrides (the way a Fabric peer is set up). */
export function checkConfig(profile: Profile, env: Readonly<Record<string, string>> = {}): GossipConfig {
  const loaded = loadConfig({ base: profile, env: { ...env } });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.config;
}

/** `byzantine`: every world has one Byzantine insider (the Byzantine properties' worlds). */
export function worldSpecArb(size: WorldSize = WORLD_SIZES.small, options: { readonly byzantine?: boolean } = {}): fc.Arbitrary<WorldSpec> {
  const honest = honestWorldSpecArb(size);
  if (options.byzantine !== true) return honest;
  return honest.chain((w) => fc.record({ org: fc.nat({ max: w.orgs - 1 }), peer: fc.nat({ max: w.peersPerOrg - 1 }) }).map((byzantine) => ({ ...w, byzantine })));
}

function honestWorldSpecArb(size: WorldSize): fc.Arbitrary<WorldSpec> {
  return fc.record({
    orgs: fc.integer({ min: 2, max: Math.max(2, size.maxOrgs) }),
    peersPerOrg: fc.integer({ min: 2, max: Math.max(2, size.maxPeersPerOrg) }),
    channels: fc.constantFrom<1 | 2>(1, 2),
    profile: fc.constantFrom<Profile>('fabric-1.4', 'fabric-2.x'),
    leader: fc.constantFrom<LeaderMode>('elect', 'static'),
    bootstrap: fc.constantFrom<BootstrapMode>('first', 'ring', 'none'),
    anchors: fc.boolean(),
    hiddenPeers: fc.boolean(),
  }).map((w) => (w.bootstrap === 'none' ? { ...w, anchors: true } : w)); // without bootstrap, anchors are how orgs meet
}

export const mspOf = (org: number): string => `Org${org + 1}MSP`;
export const peerName = (org: number, peer: number): string => `p${peer}.org${org + 1}`;
const internalEndpoint = (org: number, peer: number) => `p${peer}.org${org + 1}.internal:7051`;
const externalEndpoint = (org: number, peer: number) => `p${peer}.org${org + 1}:7051`;

/** The orgs of each channel: all of them in the first; orgs 0..n-2 in the second (so one org is outside it). */
export function channelOrgs(spec: WorldSpec, channel: string): number[] {
  const all = Array.from({ length: spec.orgs }, (_, o) => o);
  return channel === CHANNELS[0] ? all : all.slice(0, spec.orgs - 1);
}

export function channelsOf(spec: WorldSpec): string[] {
  return CHANNELS.slice(0, spec.channels);
}

export function hasExternalEndpoint(spec: WorldSpec, peer: number): boolean {
  return !(spec.hiddenPeers && peer === spec.peersPerOrg - 1 && peer !== 0);
}

export function peerDefinitions(spec: WorldSpec): PeerDefinition[] {
  const defs: PeerDefinition[] = [];
  for (let o = 0; o < spec.orgs; o++) {
    for (let p = 0; p < spec.peersPerOrg; p++) {
      const bootstrap =
        spec.bootstrap === 'none' ? [] : spec.bootstrap === 'first' ? [internalEndpoint(o, p === 0 ? 1 : 0)] : [internalEndpoint(o, (p + 1) % spec.peersPerOrg)];
      const leaderEnv =
        spec.leader === 'elect'
          ? { CORE_PEER_GOSSIP_USELEADERELECTION: 'true', CORE_PEER_GOSSIP_ORGLEADER: 'false' }
          : { CORE_PEER_GOSSIP_USELEADERELECTION: 'false', CORE_PEER_GOSSIP_ORGLEADER: p === 0 ? 'true' : 'false' };
      defs.push({
        name: peerName(o, p),
        org: mspOf(o),
        internalEndpoint: internalEndpoint(o, p),
        externalEndpoint: hasExternalEndpoint(spec, p) ? externalEndpoint(o, p) : '',
        config: checkConfig(spec.profile, { ...CHECK_TIMING_ENV, ...leaderEnv, CORE_PEER_GOSSIP_BOOTSTRAP: bootstrap.join(' ') }),
      });
    }
  }
  return defs;
}

/** Fabric's JoinChannelMessage for a channel of these orgs (anchor: each org's peer 0, at its external endpoint). */
export function joinChannelCommand(spec: WorldSpec, channel: string, orgs: readonly number[], sequence: number): unknown {
  return {
    type: 'JOIN_CHANNEL',
    channel,
    sequence,
    orgs: orgs.map((o) => ({ mspId: mspOf(o), anchorPeers: spec.anchors ? [{ host: `p0.org${o + 1}`, port: 7051 }] : [] })),
  };
}

export interface BuildOptions {
  readonly tracing?: boolean;
  /**
   * Wraps the peers' reducer, innermost first: how a property's monitors watch effects and how a
   * test plants a bug ([GEN-FUNC-CHECK-PLANTED.2]); never used by the runner with a mutant.
   */
  readonly wrapReducer?: (r: PeerReducer<PeerState>) => PeerReducer<PeerState>;
}

export function buildCheckWorld(spec: WorldSpec, seed: number, options: BuildOptions = {}): World<PeerState> {
  if (spec.byzantine !== undefined) throw new RangeError('buildCheckWorld: a world with a Byzantine peer is built with byzantineCheckWorld');
  const w = buildNetwork({ seed, peers: peerDefinitions(spec), tracing: options.tracing ?? false });
  return options.wrapReducer === undefined ? w : { ...w, config: { ...w.config, reducer: options.wrapReducer(w.config.reducer) } };
}

/** The name of a world's Byzantine peer, if it has one. */
export function byzantineName(spec: WorldSpec): string | undefined {
  return spec.byzantine === undefined ? undefined : peerName(spec.byzantine.org, spec.byzantine.peer);
}

/** What tells a genuine message from a forged one in a world: its crypto suite, every enrolled identity, the orderer's. */
export interface SignatureFacts {
  readonly suite: CryptoSuite;
  /** The enrolled identity of every peer, by PKI-ID. */
  readonly identities: ReadonlyMap<string, string>;
  readonly ordererIdentity: string;
  /** PKI-IDs of the Byzantine peers (their own states are theirs to corrupt). */
  readonly byzantine: ReadonlySet<string>;
}

/** A world with a Byzantine peer, prepared: its signature facts now, the world once its honest peers' wrapper is known. */
export interface ByzantineCheckWorld {
  readonly facts: SignatureFacts;
  build(wrapHonest?: (r: PeerReducer<PeerState>) => PeerReducer<PeerState>): World<WithByzantine<PeerState>>;
}

/**
 * [GEN-FUNC-CHECK-WORLDS.2] The generated world with its Byzantine insider: it attacks on its own
 * timer (every 500 ms on average, two hostile messages a round) and answers some messages with one,
 * every attack kind of spec/adversary.md, about the world's channels, while running the honest
 * peer inside.
 */
export function byzantineCheckWorld(spec: WorldSpec, seed: number, options: { readonly tracing?: boolean } = {}): ByzantineCheckWorld {
  const name = byzantineName(spec);
  if (name === undefined) throw new RangeError('byzantineCheckWorld: the world has no Byzantine peer');
  const network = byzantineNetwork({ seed, peers: peerDefinitions(spec), tracing: options.tracing ?? false }, { byzantine: [name], channels: channelsOf(spec), floodSize: 8 });
  const facts: SignatureFacts = {
    suite: network.suite,
    identities: new Map(network.specs.map((s) => [s.pkiId as string, s.identity])),
    ordererIdentity: network.ordererIdentity,
    byzantine: new Set(network.specs.filter((s) => s.name === name).map((s) => s.pkiId as string)),
  };
  return { facts, build: (wrapHonest) => network.build(wrapHonest) };
}
