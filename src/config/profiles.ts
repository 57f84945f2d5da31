/**
 * Named starting points for a peer's gossip configuration ([CFG-PARAM-PROFILES.1]):
 *
 * - `fabric-2.x`: today's `sampleconfig/core.yaml` (Fabric 2.2 onwards, checked against the 3.1
 *   snapshot): every peer a static leader (useLeaderElection false, orgLeader true), block gossip
 *   off, state transfer off. Blocks come from the orderer only.
 * - `fabric-1.4`: Fabric 1.4's core.yaml as the First Network (byfn) of the seed documents runs it:
 *   dynamic leader election, no static leader, leaders gossip blocks, state transfer on. This is
 *   the path the project models in full (election, push, pull, anti-entropy).
 * - `fabric-code-defaults`: what Fabric's code uses when no key is set at all (no core.yaml).
 *
 * Profiles hold typed values; load.ts layers a YAML document and environment variables over one.
 */
import type { GossipConfig } from './params';

export type ProfileName = 'fabric-1.4' | 'fabric-2.x' | 'fabric-code-defaults';

export interface Profile {
  readonly name: ProfileName;
  readonly description: string;
  readonly config: GossipConfig;
  /**
   * True when the profile stands for "key not set" rather than for a core.yaml that sets every key.
   * Then Fabric's derived defaults apply to keys a layer does not set: aliveExpirationTimeout =
   * 5 × aliveTimeInterval and reconnectInterval = aliveExpirationTimeout ([CFG-FUNC-DERIVED-DEFAULTS.1]).
   */
  readonly derivesAbsentKeys: boolean;
  readonly source: string;
}

/**
 * [CFG-PARAM-CODE-DEFAULTS.1] Fabric's code defaults: gossip/gossip/config.go (GlobalConfig),
 * gossip/service/config.go, gossip/election/election.go, gossip/discovery/discovery_impl.go,
 * gossip/comm/comm_impl.go (DefSendBuffSize 20), gossip/gossip/algo/pull.go,
 * gossip/state/config.go (3.x: enabled false, blockBufferSize 20), core/deliverservice/config.go.
 */
export const FABRIC_CODE_DEFAULTS: GossipConfig = {
  bootstrap: [],
  useLeaderElection: false,
  orgLeader: false,
  endpoint: '',
  externalEndpoint: '',
  maxBlockCountToStore: 10,
  maxPropagationBurstLatencyMs: 10,
  maxPropagationBurstSize: 10,
  propagateIterations: 1,
  propagatePeerNum: 3,
  pullIntervalMs: 4_000,
  pullPeerNum: 3,
  digestWaitTimeMs: 1_000,
  requestWaitTimeMs: 1_500,
  responseWaitTimeMs: 2_000,
  requestStateInfoIntervalMs: 4_000,
  publishStateInfoIntervalMs: 4_000,
  membershipTrackerIntervalMs: 5_000,
  dialTimeoutMs: 3_000,
  connTimeoutMs: 2_000,
  recvBuffSize: 20,
  sendBuffSize: 20,
  publishCertPeriodMs: 10_000,
  aliveTimeIntervalMs: 5_000,
  aliveExpirationTimeoutMs: 25_000, // 5 × aliveTimeInterval
  reconnectIntervalMs: 25_000, // = aliveExpirationTimeout
  maxConnectionAttempts: 120,
  msgExpirationFactor: 20,
  election: {
    startupGracePeriodMs: 15_000,
    membershipSampleIntervalMs: 1_000,
    leaderAliveThresholdMs: 10_000,
    leaderElectionDurationMs: 5_000,
  },
  state: {
    enabled: false,
    checkIntervalMs: 10_000,
    responseTimeoutMs: 3_000,
    batchSize: 10,
    blockBufferSize: 20,
    maxRetries: 3,
    channelSize: 100,
  },
  // The key absent, Fabric gossips blocks (and logs a warning that it defaulted to true).
  deliveryclient: { blockGossipEnabled: true, reconnectTotalTimeThresholdMs: 3_600_000 },
};

/** [CFG-PARAM-PROFILE-FABRIC-2X.1] today's sampleconfig/core.yaml. */
export const FABRIC_2X: GossipConfig = {
  ...FABRIC_CODE_DEFAULTS,
  bootstrap: ['127.0.0.1:7051'],
  useLeaderElection: false,
  orgLeader: true,
  sendBuffSize: 200, // core.yaml says 200; the code default is 20
  state: { ...FABRIC_CODE_DEFAULTS.state, enabled: false },
  deliveryclient: { blockGossipEnabled: false, reconnectTotalTimeThresholdMs: 3_600_000 },
};

/**
 * [CFG-PARAM-PROFILE-FABRIC-1-4.1] Fabric 1.4's sampleconfig/core.yaml with the First Network's
 * peer-base.yaml (CORE_PEER_GOSSIP_USELEADERELECTION=true, CORE_PEER_GOSSIP_ORGLEADER=false).
 * 1.4 had no blockGossipEnabled key (leaders always gossiped blocks) and no
 * maxConnectionAttempts / msgExpirationFactor keys (hard-coded 120 and 20 in discovery).
 */
export const FABRIC_1_4: GossipConfig = {
  ...FABRIC_CODE_DEFAULTS,
  bootstrap: ['127.0.0.1:7051'],
  useLeaderElection: true,
  orgLeader: false,
  maxBlockCountToStore: 100,
  sendBuffSize: 200,
  state: { ...FABRIC_CODE_DEFAULTS.state, enabled: true, blockBufferSize: 100 },
  deliveryclient: { blockGossipEnabled: true, reconnectTotalTimeThresholdMs: 3_600_000 },
};

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  'fabric-1.4': {
    name: 'fabric-1.4',
    description: 'Fabric 1.4 First Network: dynamic leader election, block gossip, state transfer',
    config: FABRIC_1_4,
    derivesAbsentKeys: false,
    source: 'fabric v1.4 sampleconfig/core.yaml; fabric-samples first-network/base/peer-base.yaml; seed 004',
  },
  'fabric-2.x': {
    name: 'fabric-2.x',
    description: "today's core.yaml: every peer a static leader, no block gossip, no state transfer",
    config: FABRIC_2X,
    derivesAbsentKeys: false,
    source: 'fabric sampleconfig/core.yaml (2.2 onwards; 3.1 snapshot); reference fabric-gossip.md §2.1',
  },
  'fabric-code-defaults': {
    name: 'fabric-code-defaults',
    description: "Fabric's code defaults (no core.yaml)",
    config: FABRIC_CODE_DEFAULTS,
    derivesAbsentKeys: true,
    source: 'gossip/gossip/config.go, gossip/service/config.go, gossip/state/config.go, core/deliverservice/config.go',
  },
};

export const PROFILE_NAMES: readonly ProfileName[] = ['fabric-1.4', 'fabric-2.x', 'fabric-code-defaults'];

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/**
 * The environment of one First Network peer (fabric-samples first-network/base/*.yaml, the setup of
 * seed 004): each peer bootstraps from the other peer of its org and publishes itself externally.
 * Layer it over `fabric-1.4` with loadConfig to get that peer's configuration.
 */
export function firstNetworkPeerEnv(org: 1 | 2, peer: 0 | 1): Readonly<Record<string, string>> {
  const port = (o: 1 | 2, p: 0 | 1) => 7051 + 2000 * (o - 1) + 1000 * p;
  const self = `peer${peer}.org${org}.example.com:${port(org, peer)}`;
  const other = peer === 0 ? 1 : 0;
  return {
    CORE_PEER_ADDRESS: self,
    CORE_PEER_GOSSIP_USELEADERELECTION: 'true',
    CORE_PEER_GOSSIP_ORGLEADER: 'false',
    CORE_PEER_GOSSIP_BOOTSTRAP: `peer${other}.org${org}.example.com:${port(org, other)}`,
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: self,
  };
}
