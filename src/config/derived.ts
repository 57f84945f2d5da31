/**
 * Values Fabric computes from the configuration rather than reading it ([CFG-PARAM-DERIVED.1]).
 * Each cites the Go code that computes it. Go divides durations as int64 nanoseconds; we work in
 * whole milliseconds of virtual time and floor the same way (validation keeps every derived
 * period at 1 ms or more, [CFG-FUNC-DERIVED-PERIODS.1]).
 */
import type { GossipConfig } from './params';

type Cfg = GossipConfig;

/** gossip/gossip/config.go: AliveExpirationCheckInterval = AliveExpirationTimeout / 10 (2.5s at defaults). */
export function aliveExpirationCheckIntervalMs(c: Cfg): number {
  return Math.floor(c.aliveExpirationTimeoutMs / 10);
}

/**
 * gossip/discovery/discovery_impl.go (NewDiscoveryService, msgStore): TTL of the alive message store
 * = aliveExpirationTimeout × msgExpirationFactor (500s at defaults). An expired alive message
 * purges its member unless it is a bootstrap or anchor peer.
 */
export function aliveMsgStoreTtlMs(c: Cfg): number {
  return c.aliveExpirationTimeoutMs * c.msgExpirationFactor;
}

/** gossip/gossip/config.go: MsgExpirationTimeout = leaderAliveThreshold × 10 (100s): leadership message store TTL. */
export function leadershipMsgTtlMs(c: Cfg): number {
  return c.election.leaderAliveThresholdMs * 10;
}

/** gossip/gossip/channel/channel.go: BlockExpirationInterval = pullInterval × 100 (400s): block message store TTL. */
export function blockMsgTtlMs(c: Cfg): number {
  return c.pullIntervalMs * 100;
}

/** gossip/gossip/channel/channel.go: StateInfoCacheSweepInterval = pullInterval × 5 (20s). */
export function stateInfoCacheSweepIntervalMs(c: Cfg): number {
  return c.pullIntervalMs * 5;
}

/** gossip/gossip/gossip_impl.go: node-level StateInfo store (unknown channels) TTL = publishStateInfoInterval × 100 (400s). */
export function nodeStateInfoTtlMs(c: Cfg): number {
  return c.publishStateInfoIntervalMs * 100;
}

/** gossip/gossip/msgstore/msgs.go: an expirable store checks for expired messages every TTL / 100. */
export function msgStoreExpirationCheckIntervalMs(ttlMs: number): number {
  return Math.floor(ttlMs / 100);
}

/** gossip/election/election.go (leader): a leader re-declares every leaderAliveThreshold / 2 (5s). */
export function leaderDeclarationIntervalMs(c: Cfg): number {
  return Math.floor(c.election.leaderAliveThresholdMs / 2);
}

/** gossip/election/election.go (Yield): a yielding peer stays out of elections for 6 × leaderAliveThreshold (60s). */
export function leaderYieldDurationMs(c: Cfg): number {
  return c.election.leaderAliveThresholdMs * 6;
}

/** gossip/state/state.go (addPayload, blocking): the payload buffer blocks its producer above 2 × blockBufferSize. */
export function payloadBufferBlockingSize(c: Cfg): number {
  return 2 * c.state.blockBufferSize;
}

/**
 * gossip/state/state.go: a peer that depends on others for blocks (useLeaderElection || !orgLeader)
 * while state transfer is off cannot catch up once it is more than 100 blocks behind (it only warns).
 */
export function dependsOnPeersForBlocks(c: Cfg): boolean {
  return c.useLeaderElection || !c.orgLeader;
}

/**
 * internal/peer/node/start.go: the gossip internal endpoint is peer.gossip.endpoint, or peer.address
 * when that is empty.
 */
export function internalEndpoint(c: Cfg, peerAddress: string): string {
  return c.endpoint !== '' ? c.endpoint : peerAddress;
}

/** All derived periods and TTLs, for reports and for [CFG-FUNC-DERIVED-PERIODS.1]. */
export function derivedTimings(c: Cfg): Readonly<Record<string, number>> {
  return {
    aliveExpirationCheckIntervalMs: aliveExpirationCheckIntervalMs(c),
    aliveMsgStoreTtlMs: aliveMsgStoreTtlMs(c),
    aliveMsgStoreCheckIntervalMs: msgStoreExpirationCheckIntervalMs(aliveMsgStoreTtlMs(c)),
    leadershipMsgTtlMs: leadershipMsgTtlMs(c),
    leadershipMsgStoreCheckIntervalMs: msgStoreExpirationCheckIntervalMs(leadershipMsgTtlMs(c)),
    blockMsgTtlMs: blockMsgTtlMs(c),
    blockMsgStoreCheckIntervalMs: msgStoreExpirationCheckIntervalMs(blockMsgTtlMs(c)),
    stateInfoCacheSweepIntervalMs: stateInfoCacheSweepIntervalMs(c),
    nodeStateInfoTtlMs: nodeStateInfoTtlMs(c),
    leaderDeclarationIntervalMs: leaderDeclarationIntervalMs(c),
    leaderYieldDurationMs: leaderYieldDurationMs(c),
  };
}
