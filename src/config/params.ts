/**
 * The gossip configuration of one peer, with Fabric's key names (core.yaml `peer.gossip.*` and
 * `peer.deliveryclient.*`), so a reader can hold core.yaml beside it. Durations are milliseconds
 * of virtual time, named with an `Ms` suffix; counts are numbers; endpoints are `host:port`
 * strings. The codec gives the shape (types are t.TypeOf, never written twice); the value rules
 * (whole milliseconds, ports, positivity, both leader modes) live in validate.ts, because they
 * must name Fabric's dotted key in their errors. Which field is which Fabric key: keys.ts.
 * Derived values (TTLs, check periods): derived.ts.
 */
import * as t from 'io-ts';

/** A duration in milliseconds of virtual time. */
const DurationMs = t.number;
/** A count (Fabric int). */
const Count = t.number;
/** `host:port`, or '' where Fabric allows an empty value. */
const Endpoint = t.string;

/** `peer.gossip.election.*` ([CFG-PARAM-ELECTION.1]); Fabric: gossip/service/config.go, gossip/election/election.go. */
export const ElectionParams = t.readonly(
  t.exact(t.type({
    /** Longest wait for a stable membership view before the first election. */
    startupGracePeriodMs: DurationMs,
    /** How often the view size is sampled during that wait. */
    membershipSampleIntervalMs: DurationMs,
    /** Silence after which a follower runs an election; a leader declares every half of it. */
    leaderAliveThresholdMs: DurationMs,
    /** Wait between a proposal and becoming leader. */
    leaderElectionDurationMs: DurationMs,
  })),
  'ElectionParams',
);
export type ElectionParams = t.TypeOf<typeof ElectionParams>;

/** `peer.gossip.state.*` ([CFG-PARAM-STATE.1]); Fabric: gossip/state/config.go. */
export const StateParams = t.readonly(
  t.exact(t.type({
    /** Anti-entropy (state transfer) on or off. */
    enabled: t.boolean,
    /** Anti-entropy period. */
    checkIntervalMs: DurationMs,
    /** Wait for one state response. */
    responseTimeoutMs: DurationMs,
    /** Blocks per state request. */
    batchSize: Count,
    /** How far ahead of the ledger height a block is buffered (the buffer blocks at twice this). */
    blockBufferSize: Count,
    /** Retries of one state request. */
    maxRetries: Count,
    /** Queue size for state requests and responses (absent from core.yaml; code default 100). */
    channelSize: Count,
  })),
  'StateParams',
);
export type StateParams = t.TypeOf<typeof StateParams>;

/** `peer.deliveryclient.*` ([CFG-PARAM-DELIVERY.1]); Fabric: core/deliverservice/config.go. */
export const DeliveryClientParams = t.readonly(
  t.exact(t.type({
    /** A leader pushes the blocks it gets from the orderer into gossip. */
    blockGossipEnabled: t.boolean,
    /** A non-static leader's deliverer gives up (and yields) after reconnecting this long. */
    reconnectTotalTimeThresholdMs: DurationMs,
  })),
  'DeliveryClientParams',
);
export type DeliveryClientParams = t.TypeOf<typeof DeliveryClientParams>;

/** `peer.gossip.*` plus the two delivery-client keys gossip depends on. */
export const GossipConfig = t.readonly(
  t.exact(t.type({
    // [CFG-PARAM-IDENTITY.1] who this peer is and whom it contacts
    /** Same-org peers contacted at startup. */
    bootstrap: t.readonlyArray(Endpoint),
    /** Dynamic leader election. */
    useLeaderElection: t.boolean,
    /** Static leader: always connected to the orderer. */
    orgLeader: t.boolean,
    /** Internal endpoint published to the own org; '' means Fabric's `peer.address`. */
    endpoint: Endpoint,
    /** Endpoint published to other orgs; '' keeps the peer invisible outside its org. */
    externalEndpoint: Endpoint,
    // [CFG-PARAM-PUSH.1]
    maxBlockCountToStore: Count,
    maxPropagationBurstLatencyMs: DurationMs,
    maxPropagationBurstSize: Count,
    propagateIterations: Count,
    propagatePeerNum: Count,
    // [CFG-PARAM-PULL.1]
    pullIntervalMs: DurationMs,
    pullPeerNum: Count,
    digestWaitTimeMs: DurationMs,
    requestWaitTimeMs: DurationMs,
    responseWaitTimeMs: DurationMs,
    // [CFG-PARAM-STATEINFO.1]
    requestStateInfoIntervalMs: DurationMs,
    publishStateInfoIntervalMs: DurationMs,
    membershipTrackerIntervalMs: DurationMs,
    // [CFG-PARAM-COMM.1]
    dialTimeoutMs: DurationMs,
    connTimeoutMs: DurationMs,
    recvBuffSize: Count,
    sendBuffSize: Count,
    // [CFG-PARAM-MEMBERSHIP.1]
    publishCertPeriodMs: DurationMs,
    aliveTimeIntervalMs: DurationMs,
    aliveExpirationTimeoutMs: DurationMs,
    reconnectIntervalMs: DurationMs,
    maxConnectionAttempts: Count,
    msgExpirationFactor: Count,
    election: ElectionParams,
    state: StateParams,
    deliveryclient: DeliveryClientParams,
  })),
  'GossipConfig',
);
export type GossipConfig = t.TypeOf<typeof GossipConfig>;
