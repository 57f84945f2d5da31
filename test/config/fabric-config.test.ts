/**
 * Ports of Fabric's GlobalConfig tests: gossip/gossip/config_test.go, gossip/state/config_test.go
 * and gossip/service/config_test.go. Each sets keys with viper.Set after viper.Reset (no core.yaml:
 * Fabric's code defaults apply to the rest) and compares the config Fabric builds.
 *
 * Adaptations of the mechanism (never of the assertions):
 *  - viper.Set(key, value) is that key with that value (same Go type: strings stay strings) in a
 *    core.yaml-shaped document layered over the `fabric-code-defaults` profile, which is what
 *    viper.Reset leaves ([CFG-PARAM-CODE-DEFAULTS.1]); durations are milliseconds.
 *  - Fields that are not part of the reference's configuration are left out, with why: BindPort,
 *    ID and TLSCerts (the host's: the simulator's peers are named, the runtime binds and holds the
 *    TLS certificates), SkipBlockVerification, NonBlockingCommitMode and the private-data keys
 *    (keys the loader knows Fabric has and ignores with a warning, which is asserted),
 *    PeerTLSEnabled (peer.tls is the runtime's, not a gossip key). Fabric's derived fields
 *    (MsgExpirationTimeout, AliveExpirationCheckInterval) are derived.ts's functions of the config.
 *  - Where Fabric's test values break one of the loader's rules (a documented difference: the
 *    reference refuses at load what Fabric accepts, [CFG-FUNC-PULL-WINDOW.1],
 *    [CFG-FUNC-BOTH-LEADER-MODES.1], [CFG-FUNC-ENDPOINT-FORMAT.1]), the values are read by the
 *    loader's own reading stage (yamlLayer, then coerceValue, then setField onto the defaults, as
 *    loadConfig does before it validates), and the full load is asserted to refuse the document
 *    with exactly those errors. Fabric's bootstrap peers are an argument of GlobalConfig (read
 *    from peer.gossip.bootstrap by the peer's start code); here they are that key.
 */
import { stringify } from 'yaml';
import {
  aliveExpirationCheckIntervalMs,
  coerceValue,
  FABRIC_CODE_DEFAULTS,
  leadershipMsgTtlMs,
  loadConfig,
  setField,
  yamlLayer,
  type GossipConfig,
} from '../../src/config';

type Settings = Record<string, unknown>;

/** viper.Set: a dotted key into a nested document. */
function viperSet(doc: Settings, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = doc;
  for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Settings;
  node[parts[parts.length - 1] as string] = value;
}

function documentOf(sets: readonly [string, unknown][]): string {
  const doc: Settings = {};
  for (const [k, v] of sets) viperSet(doc, k, v);
  return stringify(doc);
}

/** The loader's reading stage: every setting of the document, typed, onto Fabric's code defaults. */
function readStage(text: string): { config: GossipConfig; warnings: string[] } {
  const layer = yamlLayer(text);
  expect(layer.errors).toEqual([]);
  let config = FABRIC_CODE_DEFAULTS;
  for (const s of layer.settings) {
    const value = coerceValue(s.spec, s.raw);
    if (!value.ok) throw new Error(value.error.message);
    config = setField(config, s.spec.field, value.value);
  }
  return { config, warnings: layer.warnings.map((w) => w.key) };
}

function load(text: string) {
  return loadConfig({ base: 'fabric-code-defaults', yaml: text });
}

const S = 1_000;
const ENDPOINT = '0.0.0.0:7051';
const EXTERNAL = '0.0.0.0:7052';
const BOOTSTRAP = ['bootstrap1', 'bootstrap2', 'bootstrap3'];

/** The reference's fields of Fabric's gossip.Config, by Fabric's field name. */
function gossipConfigOf(c: GossipConfig): Record<string, unknown> {
  return {
    BootstrapPeers: c.bootstrap,
    MaxBlockCountToStore: c.maxBlockCountToStore,
    MaxPropagationBurstLatency: c.maxPropagationBurstLatencyMs,
    MaxPropagationBurstSize: c.maxPropagationBurstSize,
    PropagateIterations: c.propagateIterations,
    PropagatePeerNum: c.propagatePeerNum,
    PullInterval: c.pullIntervalMs,
    PullPeerNum: c.pullPeerNum,
    InternalEndpoint: c.endpoint,
    ExternalEndpoint: c.externalEndpoint,
    PublishCertPeriod: c.publishCertPeriodMs,
    RequestStateInfoInterval: c.requestStateInfoIntervalMs,
    PublishStateInfoInterval: c.publishStateInfoIntervalMs,
    TimeForMembershipTracker: c.membershipTrackerIntervalMs,
    DigestWaitTime: c.digestWaitTimeMs,
    RequestWaitTime: c.requestWaitTimeMs,
    ResponseWaitTime: c.responseWaitTimeMs,
    DialTimeout: c.dialTimeoutMs,
    ConnTimeout: c.connTimeoutMs,
    RecvBuffSize: c.recvBuffSize,
    SendBuffSize: c.sendBuffSize,
    MsgExpirationTimeout: leadershipMsgTtlMs(c),
    AliveTimeInterval: c.aliveTimeIntervalMs,
    AliveExpirationTimeout: c.aliveExpirationTimeoutMs,
    AliveExpirationCheckInterval: aliveExpirationCheckIntervalMs(c),
    ReconnectInterval: c.reconnectIntervalMs,
    MaxConnectionAttempts: c.maxConnectionAttempts,
    MsgExpirationFactor: c.msgExpirationFactor,
  };
}

describe('Fabric gossip/config_test.go ports', () => {
  it('[CFG-PARAM-KEYS.1] [CFG-PARAM-DERIVED.1] gossip/config_test.go TestGlobalConfig: every key set is read into its field; the leadership TTL is 10 × the alive threshold and the expiry check a tenth of the alive timeout', () => {
    const text = documentOf([
      ['peer.gossip.bootstrap', BOOTSTRAP],
      ['peer.gossip.maxBlockCountToStore', 1],
      ['peer.gossip.maxPropagationBurstLatency', '2s'],
      ['peer.gossip.maxPropagationBurstSize', 3],
      ['peer.gossip.propagateIterations', 4],
      ['peer.gossip.propagatePeerNum', 5],
      ['peer.gossip.pullInterval', '6s'],
      ['peer.gossip.pullPeerNum', 7],
      ['peer.gossip.endpoint', ENDPOINT],
      ['peer.gossip.externalEndpoint', EXTERNAL],
      ['peer.gossip.publishCertPeriod', '8s'],
      ['peer.gossip.requestStateInfoInterval', '9s'],
      ['peer.gossip.publishStateInfoInterval', '10s'],
      ['peer.gossip.skipBlockVerification', true],
      ['peer.gossip.membershipTrackerInterval', '11s'],
      ['peer.gossip.digestWaitTime', '12s'],
      ['peer.gossip.requestWaitTime', '13s'],
      ['peer.gossip.responseWaitTime', '14s'],
      ['peer.gossip.dialTimeout', '15s'],
      ['peer.gossip.connTimeout', '16s'],
      ['peer.gossip.recvBuffSize', 17],
      ['peer.gossip.sendBuffSize', 18],
      ['peer.gossip.election.leaderAliveThreshold', '19s'],
      ['peer.gossip.aliveTimeInterval', '20s'],
      ['peer.gossip.aliveExpirationTimeout', '21s'],
      ['peer.gossip.reconnectInterval', '22s'],
      ['peer.gossip.maxConnectionAttempts', '100'],
      ['peer.gossip.msgExpirationFactor', '10'],
    ]);
    const read = readStage(text);
    expect(gossipConfigOf(read.config)).toEqual({
      BootstrapPeers: BOOTSTRAP,
      MaxBlockCountToStore: 1,
      MaxPropagationBurstLatency: 2 * S,
      MaxPropagationBurstSize: 3,
      PropagateIterations: 4,
      PropagatePeerNum: 5,
      PullInterval: 6 * S,
      PullPeerNum: 7,
      InternalEndpoint: ENDPOINT,
      ExternalEndpoint: EXTERNAL,
      PublishCertPeriod: 8 * S,
      RequestStateInfoInterval: 9 * S,
      PublishStateInfoInterval: 10 * S,
      TimeForMembershipTracker: 11 * S,
      DigestWaitTime: 12 * S,
      RequestWaitTime: 13 * S,
      ResponseWaitTime: 14 * S,
      DialTimeout: 15 * S,
      ConnTimeout: 16 * S,
      RecvBuffSize: 17,
      SendBuffSize: 18,
      MsgExpirationTimeout: 19 * S * 10,
      AliveTimeInterval: 20 * S,
      AliveExpirationTimeout: 21 * S,
      AliveExpirationCheckInterval: (21 * S) / 10,
      ReconnectInterval: 22 * S,
      MaxConnectionAttempts: 100,
      MsgExpirationFactor: 10,
    });
    expect(read.warnings).toEqual(['peer.gossip.skipBlockVerification']);
    // The full load refuses what Fabric's test accepts: a 6s pull round inside 12s + 14s of waits,
    // and bootstrap names without a port.
    const loaded = load(text);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors.map((e) => [e.key, e.value])).toEqual([
      ['peer.gossip.bootstrap', 'bootstrap1'],
      ['peer.gossip.bootstrap', 'bootstrap2'],
      ['peer.gossip.bootstrap', 'bootstrap3'],
      ['peer.gossip.pullInterval', '6s'],
    ]);
  });

  it('[CFG-PARAM-CODE-DEFAULTS.1] [CFG-FUNC-DERIVED-DEFAULTS.1] gossip/config_test.go TestGlobalConfigDefaults: with only the endpoints set, every field takes Fabric\u2019s code default', () => {
    const text = documentOf([
      ['peer.gossip.endpoint', ENDPOINT],
      ['peer.gossip.externalEndpoint', EXTERNAL],
    ]);
    const loaded = load(text);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    expect(loaded.warnings).toEqual([]);
    const defaultAliveTimeInterval = 5 * S;
    // BootstrapPeers, Fabric's argument, is checked below.
    const { BootstrapPeers: _bootstrap, ...fields } = gossipConfigOf(loaded.config);
    expect(fields).toEqual({
      MaxBlockCountToStore: 10,
      MaxPropagationBurstLatency: 10,
      MaxPropagationBurstSize: 10,
      PropagateIterations: 1,
      PropagatePeerNum: 3,
      PullInterval: 4 * S,
      PullPeerNum: 3,
      InternalEndpoint: ENDPOINT,
      ExternalEndpoint: EXTERNAL,
      PublishCertPeriod: 10 * S,
      RequestStateInfoInterval: 4 * S,
      PublishStateInfoInterval: 4 * S,
      TimeForMembershipTracker: 5 * S,
      DigestWaitTime: 1_000,
      RequestWaitTime: 1_500,
      ResponseWaitTime: 2_000,
      DialTimeout: 3 * S,
      ConnTimeout: 2 * S,
      RecvBuffSize: 20,
      SendBuffSize: 20,
      MsgExpirationTimeout: 10 * S * 10,
      AliveTimeInterval: defaultAliveTimeInterval,
      AliveExpirationTimeout: 5 * defaultAliveTimeInterval,
      AliveExpirationCheckInterval: (5 * defaultAliveTimeInterval) / 10,
      ReconnectInterval: 5 * defaultAliveTimeInterval,
      MaxConnectionAttempts: 120,
      MsgExpirationFactor: 20,
    });
    // Fabric's bootstrap argument, as the key, is read as given (the full load wants host:port).
    expect(readStage(documentOf([['peer.gossip.bootstrap', BOOTSTRAP]])).config.bootstrap).toEqual(BOOTSTRAP);
  });
});

describe('Fabric state/config_test.go ports', () => {
  it('[CFG-PARAM-STATE.1] state/config_test.go TestGlobalConfig: the seven state keys are read as set', () => {
    const loaded = load(
      documentOf([
        ['peer.gossip.state.checkInterval', '1s'],
        ['peer.gossip.state.responseTimeout', '2s'],
        ['peer.gossip.state.batchSize', 3],
        ['peer.gossip.state.maxRetries', 4],
        ['peer.gossip.state.blockBufferSize', 5],
        ['peer.gossip.state.channelSize', 6],
        ['peer.gossip.state.enabled', true],
      ]),
    );
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    expect(loaded.config.state).toEqual({
      checkIntervalMs: 1 * S,
      responseTimeoutMs: 2 * S,
      batchSize: 3,
      maxRetries: 4,
      blockBufferSize: 5,
      channelSize: 6,
      enabled: true,
    });
  });

  it('[CFG-PARAM-STATE.1] [CFG-PARAM-CODE-DEFAULTS.1] state/config_test.go TestGlobalConfigDefaults: nothing set gives check 10s, response 3s, batch 10, retries 3, buffer 20, channel 100, disabled', () => {
    const loaded = load('');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    expect(loaded.config.state).toEqual({
      checkIntervalMs: 10 * S,
      responseTimeoutMs: 3 * S,
      batchSize: 10,
      maxRetries: 3,
      blockBufferSize: 20,
      channelSize: 100,
      enabled: false,
    });
  });
});

describe('Fabric service/config_test.go ports', () => {
  it('[CFG-PARAM-ELECTION.1] [CFG-PARAM-IDENTITY.1] [CFG-FUNC-BOTH-LEADER-MODES.1] service/config_test.go TestGlobalConfig: endpoint, both leader flags and the election timings are read as set, the unset ones default; the load refuses both flags together', () => {
    const text = documentOf([
      ['peer.tls.enabled', true],
      ['peer.gossip.pvtData.pullRetryThreshold', '10s'],
      ['peer.gossip.endpoint', 'gossip_endpoint'],
      ['peer.gossip.pvtData.pushAckTimeout', '20s'],
      ['peer.gossip.nonBlockingCommitMode', true],
      ['peer.gossip.useLeaderElection', true],
      ['peer.gossip.orgLeader', true],
      ['peer.gossip.election.leaderAliveThreshold', '10m'],
      ['peer.gossip.election.leaderElectionDuration', '5s'],
      ['peer.gossip.pvtData.btlPullMargin', 15],
      ['peer.gossip.pvtData.transientstoreMaxBlockRetention', 1000],
      ['peer.gossip.pvtData.skipPullingInvalidTransactionsDuringCommit', false],
    ]);
    const read = readStage(text);
    const c = read.config;
    expect({
      Endpoint: c.endpoint,
      UseLeaderElection: c.useLeaderElection,
      OrgLeader: c.orgLeader,
      ElectionLeaderAliveThreshold: c.election.leaderAliveThresholdMs,
      ElectionLeaderElectionDuration: c.election.leaderElectionDurationMs,
      ElectionStartupGracePeriod: c.election.startupGracePeriodMs,
      ElectionMembershipSampleInterval: c.election.membershipSampleIntervalMs,
    }).toEqual({
      Endpoint: 'gossip_endpoint',
      UseLeaderElection: true,
      OrgLeader: true,
      ElectionLeaderAliveThreshold: 10 * 60 * S,
      ElectionLeaderElectionDuration: 5 * S,
      ElectionStartupGracePeriod: 15 * S,
      ElectionMembershipSampleInterval: 1 * S,
    });
    // The private-data keys and nonBlockingCommitMode are Fabric's, known and ignored; peer.tls is not a gossip key.
    expect(read.warnings).toEqual(['peer.gossip.pvtData', 'peer.gossip.nonBlockingCommitMode']);
    const loaded = load(text);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors.map((e) => [e.key, e.value])).toEqual([
      ['peer.gossip.endpoint', 'gossip_endpoint'],
      ['peer.gossip.useLeaderElection', true],
    ]);
  });
});
