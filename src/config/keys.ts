/**
 * [CFG-PARAM-KEYS.1] One row per Fabric configuration key we model: its dotted key, the GossipConfig field that holds
 * it, how its text is read, and how Fabric treats a zero. Loading (YAML and environment), validation
 * messages and YAML output all come from this table, so the Fabric name is written once. A test proves the table and the GossipConfig codec cover the same fields.
 */
import type { GossipConfig } from './params';

export type KeyKind = 'duration' | 'count' | 'bool' | 'endpoint' | 'endpointList';

export interface KeySpec {
  /** Fabric's dotted key, as in core.yaml (viper matches it case-insensitively). */
  readonly key: string;
  /** Dotted path of the field in GossipConfig, e.g. `election.leaderAliveThresholdMs`. */
  readonly field: string;
  readonly kind: KeyKind;
  /**
   * Fabric reads this key with util.GetDurationOrDefault / GetIntOrDefault (or an explicit `== 0`
   * check), so a zero value means "use the code default" ([CFG-FUNC-ZERO-MEANS-DEFAULT.1]).
   */
  readonly zeroMeansDefault: boolean;
  /** Smallest legal value: durations in ms, counts. 1 = must be positive. Absent for bool/endpoints. */
  readonly min?: 0 | 1;
  /** The Go file that reads the key (named in the warning when a zero falls back to its default). */
  readonly readBy: string;
}

const G = 'gossip/gossip/config.go';
const S = 'gossip/service/config.go';
const ST = 'gossip/state/config.go';
const D = 'core/deliverservice/config.go';

function dur(name: string, field: string, readBy: string, zeroMeansDefault: boolean, min: 0 | 1 = 1): KeySpec {
  return { key: name, field, kind: 'duration', zeroMeansDefault, min, readBy };
}
function count(name: string, field: string, readBy: string, zeroMeansDefault: boolean, min: 0 | 1 = 0): KeySpec {
  return { key: name, field, kind: 'count', zeroMeansDefault, min, readBy };
}

export const KEY_SPECS: readonly KeySpec[] = [
  { key: 'peer.gossip.bootstrap', field: 'bootstrap', kind: 'endpointList', zeroMeansDefault: false, readBy: 'internal/peer/node/start.go' },
  { key: 'peer.gossip.useLeaderElection', field: 'useLeaderElection', kind: 'bool', zeroMeansDefault: false, readBy: S },
  { key: 'peer.gossip.orgLeader', field: 'orgLeader', kind: 'bool', zeroMeansDefault: false, readBy: S },
  { key: 'peer.gossip.endpoint', field: 'endpoint', kind: 'endpoint', zeroMeansDefault: false, readBy: S },
  { key: 'peer.gossip.externalEndpoint', field: 'externalEndpoint', kind: 'endpoint', zeroMeansDefault: false, readBy: G },
  count('peer.gossip.maxBlockCountToStore', 'maxBlockCountToStore', G, true),
  dur('peer.gossip.maxPropagationBurstLatency', 'maxPropagationBurstLatencyMs', G, true),
  // The emitter flushes when the buffer reaches this size; 0 would flush on every add (Fabric reads 0 as 10).
  count('peer.gossip.maxPropagationBurstSize', 'maxPropagationBurstSize', G, true, 1),
  count('peer.gossip.propagateIterations', 'propagateIterations', G, true),
  count('peer.gossip.propagatePeerNum', 'propagatePeerNum', G, true),
  dur('peer.gossip.pullInterval', 'pullIntervalMs', G, true),
  count('peer.gossip.pullPeerNum', 'pullPeerNum', G, true),
  dur('peer.gossip.requestStateInfoInterval', 'requestStateInfoIntervalMs', G, true),
  dur('peer.gossip.publishStateInfoInterval', 'publishStateInfoIntervalMs', G, true),
  // 0 is meaningful in a config built in code: alive messages never carry the certificate.
  dur('peer.gossip.publishCertPeriod', 'publishCertPeriodMs', G, true, 0),
  dur('peer.gossip.dialTimeout', 'dialTimeoutMs', G, true),
  dur('peer.gossip.connTimeout', 'connTimeoutMs', G, true),
  count('peer.gossip.recvBuffSize', 'recvBuffSize', G, true),
  count('peer.gossip.sendBuffSize', 'sendBuffSize', G, true),
  dur('peer.gossip.digestWaitTime', 'digestWaitTimeMs', G, true),
  dur('peer.gossip.requestWaitTime', 'requestWaitTimeMs', G, true),
  dur('peer.gossip.responseWaitTime', 'responseWaitTimeMs', G, true),
  dur('peer.gossip.aliveTimeInterval', 'aliveTimeIntervalMs', G, true),
  dur('peer.gossip.aliveExpirationTimeout', 'aliveExpirationTimeoutMs', G, true),
  dur('peer.gossip.reconnectInterval', 'reconnectIntervalMs', G, true),
  count('peer.gossip.maxConnectionAttempts', 'maxConnectionAttempts', G, true),
  // The alive message-store TTL is aliveExpirationTimeout × this; 0 would purge every member at once.
  count('peer.gossip.msgExpirationFactor', 'msgExpirationFactor', G, true, 1),
  dur('peer.gossip.membershipTrackerInterval', 'membershipTrackerIntervalMs', G, true),
  dur('peer.gossip.election.startupGracePeriod', 'election.startupGracePeriodMs', S, true),
  dur('peer.gossip.election.membershipSampleInterval', 'election.membershipSampleIntervalMs', S, true),
  dur('peer.gossip.election.leaderAliveThreshold', 'election.leaderAliveThresholdMs', S, true),
  dur('peer.gossip.election.leaderElectionDuration', 'election.leaderElectionDurationMs', S, true),
  // state.*: read with viper.IsSet, so an explicit 0 is kept (no zero-means-default).
  { key: 'peer.gossip.state.enabled', field: 'state.enabled', kind: 'bool', zeroMeansDefault: false, readBy: ST },
  dur('peer.gossip.state.checkInterval', 'state.checkIntervalMs', ST, false),
  dur('peer.gossip.state.responseTimeout', 'state.responseTimeoutMs', ST, false),
  count('peer.gossip.state.batchSize', 'state.batchSize', ST, false),
  count('peer.gossip.state.blockBufferSize', 'state.blockBufferSize', ST, false),
  count('peer.gossip.state.maxRetries', 'state.maxRetries', ST, false),
  count('peer.gossip.state.channelSize', 'state.channelSize', ST, false),
  { key: 'peer.deliveryclient.blockGossipEnabled', field: 'deliveryclient.blockGossipEnabled', kind: 'bool', zeroMeansDefault: false, readBy: D },
  dur('peer.deliveryclient.reconnectTotalTimeThreshold', 'deliveryclient.reconnectTotalTimeThresholdMs', D, true),
];

const BY_KEY = new Map(KEY_SPECS.map((s) => [s.key.toLowerCase(), s]));
const BY_FIELD = new Map(KEY_SPECS.map((s) => [s.field, s]));

/** The spec for a Fabric key, matched case-insensitively as viper does. */
export function specForKey(key: string): KeySpec | undefined {
  return BY_KEY.get(key.toLowerCase());
}

/** The spec for a GossipConfig field path (`election.leaderAliveThresholdMs`). */
export function specForField(field: string): KeySpec | undefined {
  return BY_FIELD.get(field);
}

/** Fabric's dotted key for a field; the field path itself if it is not in the table. */
export function fabricKeyOf(field: string): string {
  return BY_FIELD.get(field)?.key ?? field;
}

/** The environment variable a Fabric peer (viper with prefix CORE, '.' → '_') reads for a key. */
export function envNameOf(key: string): string {
  return `CORE_${key.toUpperCase().replace(/\./g, '_')}`;
}

/**
 * Keys under peer.gossip that Fabric knows but this implementation does not model (private data,
 * unused or unread settings). They are ignored with a warning that says so.
 */
export const UNMODELLED_GOSSIP_KEYS: readonly string[] = [
  'peer.gossip.skipBlockVerification',
  'peer.gossip.stateInfoRetentionInterval',
  'peer.gossip.nonBlockingCommitMode',
  'peer.gossip.pvtData',
];

export function isUnmodelledGossipKey(key: string): boolean {
  const k = key.toLowerCase();
  return UNMODELLED_GOSSIP_KEYS.some((u) => k === u.toLowerCase() || k.startsWith(`${u.toLowerCase()}.`));
}

/** Read a field of a config by its dotted path. */
export function getField(config: GossipConfig, field: string): unknown {
  let node: unknown = config;
  for (const part of field.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

/** A copy of `config` with one field replaced (configs are immutable values). */
export function setField(config: GossipConfig, field: string, value: unknown): GossipConfig {
  const [head, ...rest] = field.split('.');
  if (head === undefined) return config;
  const obj = config as unknown as Record<string, unknown>;
  if (rest.length === 0) return { ...obj, [head]: value } as unknown as GossipConfig;
  const child = obj[head] as unknown as GossipConfig;
  return { ...obj, [head]: setField(child, rest.join('.'), value) } as unknown as GossipConfig;
}
