/**
 * From Fabric's configuration (src/config) to each subsystem's own parameters. This is the only
 * place that knows both: subsystems never import the config module.
 */
import type { ChannelParams } from '../channel';
import { aliveExpirationCheckIntervalMs, stateInfoCacheSweepIntervalMs, type GossipConfig } from '../config';
import type { DisseminationParams } from '../dissemination';
import type { ElectionMode, ElectionParams } from '../election';
import type { EmitterParams } from '../emitter';
import type { MembershipParams } from '../membership';
import type { PullParams } from '../pull';
import type { StateTransferParams } from '../statetransfer';

export function emitterParamsOf(c: GossipConfig): EmitterParams {
  return {
    propagateIterations: c.propagateIterations,
    maxPropagationBurstSize: c.maxPropagationBurstSize,
    maxPropagationBurstLatencyMs: c.maxPropagationBurstLatencyMs,
  };
}

export function membershipParamsOf(c: GossipConfig): MembershipParams {
  return {
    aliveTimeIntervalMs: c.aliveTimeIntervalMs,
    aliveExpirationTimeoutMs: c.aliveExpirationTimeoutMs,
    aliveExpirationCheckIntervalMs: aliveExpirationCheckIntervalMs(c),
    reconnectIntervalMs: c.reconnectIntervalMs,
    pullIntervalMs: c.pullIntervalMs,
    pullPeerNum: c.pullPeerNum,
    maxConnectionAttempts: c.maxConnectionAttempts,
    msgExpirationFactor: c.msgExpirationFactor,
    publishCertPeriodMs: c.publishCertPeriodMs,
    propagatePeerNum: c.propagatePeerNum,
  };
}

/** [DIS-PARAM-BLOCK-EXPIRATION.1] The block store's TTL is pullInterval × 100 (Fabric's chanstate.go). */
export function disseminationParamsOf(c: GossipConfig): DisseminationParams {
  return {
    maxBlockCountToStore: c.maxBlockCountToStore,
    blockBufferSize: c.state.blockBufferSize,
    blockGossipEnabled: c.deliveryclient.blockGossipEnabled,
    blockExpirationIntervalMs: c.pullIntervalMs * 100,
  };
}

export function pullParamsOf(c: GossipConfig): PullParams {
  return {
    pullIntervalMs: c.pullIntervalMs,
    pullPeerNum: c.pullPeerNum,
    digestWaitTimeMs: c.digestWaitTimeMs,
    requestWaitTimeMs: c.requestWaitTimeMs,
    responseWaitTimeMs: c.responseWaitTimeMs,
  };
}

/** [CHN-PARAM-INTERVALS.1] The channel's periods and fan-out; the sweep is pullInterval × 5 (config/derived.ts). */
export function channelParamsOf(c: GossipConfig): ChannelParams {
  return {
    publishStateInfoIntervalMs: c.publishStateInfoIntervalMs,
    requestStateInfoIntervalMs: c.requestStateInfoIntervalMs,
    pullPeerNum: c.pullPeerNum,
    stateInfoCacheSweepIntervalMs: stateInfoCacheSweepIntervalMs(c),
  };
}

export function electionParamsOf(c: GossipConfig): ElectionParams {
  return {
    startupGracePeriodMs: c.election.startupGracePeriodMs,
    membershipSampleIntervalMs: c.election.membershipSampleIntervalMs,
    leaderAliveThresholdMs: c.election.leaderAliveThresholdMs,
    leaderElectionDurationMs: c.election.leaderElectionDurationMs,
  };
}

/** [ELE-FUNC-MODE.1] Fabric's InitializeChannel: election, else static leader, else stand-by. */
export function electionModeOf(c: GossipConfig): ElectionMode {
  if (c.useLeaderElection) return 'dynamic';
  return c.orgLeader ? 'staticLeader' : 'staticFollower';
}

/**
 * [PEER-FUNC-DELIVER-GIVE-UP.1] [ELE-FUNC-DELIVERY-GAVE-UP.1] How long an elected leader's deliverer bears an unreachable
 * ordering service before it gives up (and the peer yields): `reconnectTotalTimeThreshold`. A static
 * leader's deliverer never gives up (Fabric starts it with a no-op finalizer): undefined.
 */
export function deliverGiveUpAfterMsOf(c: GossipConfig): number | undefined {
  return electionModeOf(c) === 'dynamic' ? c.deliveryclient.reconnectTotalTimeThresholdMs : undefined;
}

/** [PEER-FUNC-STATE-TRANSFER.2] peer.gossip.state.* as state transfer's parameters ([STX-PARAM-DEFAULTS.1]). */
export function stateTransferParamsOf(c: GossipConfig): StateTransferParams {
  const { checkIntervalMs, responseTimeoutMs, batchSize, maxRetries, blockBufferSize, channelSize } = c.state;
  return { checkIntervalMs, responseTimeoutMs, batchSize, maxRetries, blockBufferSize, channelSize };
}
