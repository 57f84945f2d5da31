/**
 * The bench's networks: `orgs` orgs of `peersPerOrg` full peers (membership, election,
 * dissemination, block pull, state transfer) under the fabric-1.4 profile, laid out as the large
 * network of src/scenarios (every peer bootstraps from its org's first peer, which bootstraps from
 * the second; every peer has an external endpoint; one channel whose config names each org's first
 * peer as anchor), with configuration keys layered on top as environment variables. And the driver
 * that runs one: the orderer cuts a block every `blockEveryMs`, and a run can stop on a budget.
 */
import { loadConfig } from '../config';
import type { PeerState } from '../peer';
import { LARGE_NETWORK_CHANNEL, joinLargeNetwork } from '../scenarios/large-network';
import { buildNetwork, type PeerDefinition } from '../scenarios/network';
import { cutBlock, nextEventTime, setClock, stepWorld, type World } from '../sim';

export const BENCH_CHANNEL = LARGE_NETWORK_CHANNEL;

/** When every peer joins the channel (its first 5 virtual seconds are membership only, as in the large network). */
export const JOIN_AT_MS = 5_000;

export interface BenchNetworkOptions {
  readonly seed: number;
  readonly orgs: number;
  readonly peersPerOrg: number;
  /** CORE_PEER_GOSSIP_* settings for every peer, over fabric-1.4. */
  readonly env?: Readonly<Record<string, string>>;
  /** Further settings for one peer (org from 1, peer from 0). */
  readonly peerEnv?: (org: number, peer: number) => Readonly<Record<string, string>>;
  readonly tracing?: boolean;
}

const endpointOf = (org: number, peer: number) => `peer${peer}.org${org}:7051`;

function benchPeers(o: BenchNetworkOptions): PeerDefinition[] {
  const peers: PeerDefinition[] = [];
  for (let org = 1; org <= o.orgs; org++) {
    for (let p = 0; p < o.peersPerOrg; p++) {
      const env = { CORE_PEER_GOSSIP_BOOTSTRAP: endpointOf(org, p === 0 ? 1 : 0), ...o.env, ...o.peerEnv?.(org, p) };
      const loaded = loadConfig({ base: 'fabric-1.4', env });
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
      peers.push({ name: `peer${p}.org${org}`, org: `Org${org}MSP`, internalEndpoint: endpointOf(org, p), externalEndpoint: endpointOf(org, p), config: loaded.config });
    }
  }
  return peers;
}

/** The network at time 0 (nobody has joined the channel yet). */
export function benchNetwork(o: BenchNetworkOptions): World<PeerState> {
  return buildNetwork({ seed: o.seed, peers: benchPeers(o), tracing: o.tracing ?? false });
}

/** Every peer joins the channel now. */
export function joinChannel(w: World<PeerState>, o: BenchNetworkOptions): World<PeerState> {
  return joinLargeNetwork(w, { seed: o.seed, orgs: o.orgs, peersPerOrg: o.peersPerOrg });
}

export interface DriveOptions {
  readonly untilMs: number;
  /** The orderer cuts a block of the channel at every multiple of this (none when absent). */
  readonly blockEveryMs?: number;
  /** No block before this time. */
  readonly blocksFromMs?: number;
  /** Called at every multiple of checkpointMs of virtual time, after the events due then. */
  readonly checkpointMs?: number;
  readonly onCheckpoint?: (w: World<PeerState>) => void;
  /** Asked every 32 events: true stops the run where it is. */
  readonly shouldStop?: () => boolean;
}

export interface Driven {
  readonly world: World<PeerState>;
  /** False when shouldStop ended the run before untilMs (or the world halted). */
  readonly finished: boolean;
}

const nextMultiple = (nowMs: number, every: number, fromMs: number): number => Math.max(fromMs, Math.floor(nowMs / every) * every + every);

/** Run to `untilMs` with block cuts and checkpoints; stops early when asked. */
export function drive(world: World<PeerState>, o: DriveOptions): Driven {
  let w = world;
  let nextCut = o.blockEveryMs === undefined ? Number.POSITIVE_INFINITY : nextMultiple(w.nowMs, o.blockEveryMs, o.blocksFromMs ?? 0);
  let nextCheck = o.checkpointMs === undefined ? Number.POSITIVE_INFINITY : nextMultiple(w.nowMs, o.checkpointMs, 0);
  let sinceAsked = 0;
  for (;;) {
    const target = Math.min(o.untilMs, nextCut, nextCheck);
    for (;;) {
      if (w.failure !== undefined) return { world: w, finished: false };
      const next = nextEventTime(w);
      if (next === undefined || next > target) break;
      w = stepWorld(w);
      if (++sinceAsked >= 32) {
        sinceAsked = 0;
        if (o.shouldStop?.() === true) return { world: w, finished: false };
      }
    }
    w = setClock(w, target);
    if (target === nextCut) {
      w = cutBlock(w, BENCH_CHANNEL);
      nextCut += o.blockEveryMs as number;
    }
    if (target === nextCheck) {
      o.onCheckpoint?.(w);
      nextCheck += o.checkpointMs as number;
    }
    if (target >= o.untilMs) return { world: w, finished: true };
  }
}
