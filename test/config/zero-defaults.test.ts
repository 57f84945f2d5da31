/**
 * What a 0 does for every key that takes a number, and what false / '' / [] do for the others,
 * reasoned from the Go code that reads each key in Fabric (HEAD of hyperledger/fabric), not from
 * our key table: gossip/gossip/config.go and gossip/service/config.go read with
 * util.GetIntOrDefault / util.GetDurationOrDefault (gossip/util/misc.go: `if val != 0 { return val }
 * return defVal`), core/deliverservice/config.go with an explicit `== 0` check, and
 * gossip/state/config.go with viper.IsSet (an explicit 0 is kept). The table below lists each key
 * with the default its Go reader falls back to; a test proves it covers every numeric key of
 * KEY_SPECS, so a key whose zeroMeansDefault flag or readBy file were wrong would fail here.
 */
import { stringify } from 'yaml';
import { FABRIC_1_4, FABRIC_2X, KEY_SPECS, loadConfig, type ConfigWarning, type GossipConfig, type LoadResult } from '../../src/config';

const G = 'gossip/gossip/config.go';
const S = 'gossip/service/config.go';
const D = 'core/deliverservice/config.go';

/** [key, field path, default in ms or as a count, the default as the warning shows it, Go file]. */
type Fallback = readonly [key: string, field: string, value: number, shown: string, readBy: string];

const FALLS_BACK: readonly Fallback[] = [
  // gossip/gossip/config.go loadConfig: util.GetIntOrDefault / GetDurationOrDefault with these literals.
  ['peer.gossip.maxBlockCountToStore', 'maxBlockCountToStore', 10, '10', G],
  ['peer.gossip.maxPropagationBurstLatency', 'maxPropagationBurstLatencyMs', 10, '10ms', G],
  ['peer.gossip.maxPropagationBurstSize', 'maxPropagationBurstSize', 10, '10', G],
  ['peer.gossip.propagateIterations', 'propagateIterations', 1, '1', G],
  ['peer.gossip.propagatePeerNum', 'propagatePeerNum', 3, '3', G],
  ['peer.gossip.pullInterval', 'pullIntervalMs', 4_000, '4s', G],
  ['peer.gossip.pullPeerNum', 'pullPeerNum', 3, '3', G],
  ['peer.gossip.publishCertPeriod', 'publishCertPeriodMs', 10_000, '10s', G],
  ['peer.gossip.requestStateInfoInterval', 'requestStateInfoIntervalMs', 4_000, '4s', G],
  ['peer.gossip.publishStateInfoInterval', 'publishStateInfoIntervalMs', 4_000, '4s', G],
  ['peer.gossip.membershipTrackerInterval', 'membershipTrackerIntervalMs', 5_000, '5s', G],
  // algo.DefDigestWaitTime 1000ms, DefRequestWaitTime 1500ms, DefResponseWaitTime 2000ms (gossip/gossip/algo/pull.go)
  ['peer.gossip.digestWaitTime', 'digestWaitTimeMs', 1_000, '1s', G],
  ['peer.gossip.requestWaitTime', 'requestWaitTimeMs', 1_500, '1500ms', G],
  ['peer.gossip.responseWaitTime', 'responseWaitTimeMs', 2_000, '2s', G],
  // comm.DefDialTimeout 3s, DefConnTimeout 2s, DefRecvBuffSize 20, DefSendBuffSize 20 (gossip/comm/comm_impl.go)
  ['peer.gossip.dialTimeout', 'dialTimeoutMs', 3_000, '3s', G],
  ['peer.gossip.connTimeout', 'connTimeoutMs', 2_000, '2s', G],
  ['peer.gossip.recvBuffSize', 'recvBuffSize', 20, '20', G],
  ['peer.gossip.sendBuffSize', 'sendBuffSize', 20, '20', G], // fabric-2.x has 200: the fallback is the code's 20
  // discovery.DefAliveTimeInterval 5s, DefMaxConnectionAttempts 120, DefMsgExpirationFactor 20 (gossip/discovery/discovery_impl.go)
  ['peer.gossip.aliveTimeInterval', 'aliveTimeIntervalMs', 5_000, '5s', G],
  // GetDurationOrDefault(aliveExpirationTimeout, 5*c.AliveTimeInterval); reconnectInterval defaults to c.AliveExpirationTimeout
  ['peer.gossip.aliveExpirationTimeout', 'aliveExpirationTimeoutMs', 25_000, '25s', G],
  ['peer.gossip.reconnectInterval', 'reconnectIntervalMs', 25_000, '25s', G],
  ['peer.gossip.maxConnectionAttempts', 'maxConnectionAttempts', 120, '120', G],
  ['peer.gossip.msgExpirationFactor', 'msgExpirationFactor', 20, '20', G],
  // gossip/service/config.go loadGossipConfig: GetDurationOrDefault with election.Def* (gossip/election/election.go)
  ['peer.gossip.election.startupGracePeriod', 'election.startupGracePeriodMs', 15_000, '15s', S],
  ['peer.gossip.election.membershipSampleInterval', 'election.membershipSampleIntervalMs', 1_000, '1s', S],
  ['peer.gossip.election.leaderAliveThreshold', 'election.leaderAliveThresholdMs', 10_000, '10s', S],
  ['peer.gossip.election.leaderElectionDuration', 'election.leaderElectionDurationMs', 5_000, '5s', S],
  // core/deliverservice/config.go: `if c.ReconnectTotalTimeThreshold == 0 { ... = DefaultReConnectTotalTimeThreshold }` (60*60 s)
  ['peer.deliveryclient.reconnectTotalTimeThreshold', 'deliveryclient.reconnectTotalTimeThresholdMs', 3_600_000, '1h', D],
];

/** gossip/state/config.go loadStateConfig: `if viper.IsSet(key) { c.X = viper.GetDuration/GetInt(key) }`, so 0 stays 0. */
const KEPT: readonly (readonly [key: string, field: string])[] = [
  ['peer.gossip.state.checkInterval', 'state.checkIntervalMs'],
  ['peer.gossip.state.responseTimeout', 'state.responseTimeoutMs'],
  ['peer.gossip.state.batchSize', 'state.batchSize'],
  ['peer.gossip.state.blockBufferSize', 'state.blockBufferSize'],
  ['peer.gossip.state.maxRetries', 'state.maxRetries'],
  ['peer.gossip.state.channelSize', 'state.channelSize'],
];

/** A core.yaml document setting one dotted key. */
function docSetting(key: string, value: unknown): string {
  const root: Record<string, unknown> = {};
  const parts = key.split('.');
  let node = root;
  for (const p of parts.slice(0, -1)) node = (node[p] = {}) as Record<string, unknown>;
  node[parts[parts.length - 1] as string] = value;
  return stringify(root);
}

function field(c: GossipConfig, path: string): unknown {
  return path.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], c);
}

function config(r: LoadResult): GossipConfig {
  if (!r.ok) throw new Error(`expected a valid configuration: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.config;
}

function zeroWarning(key: string, raw: unknown, shown: string, readBy: string): ConfigWarning {
  return {
    kind: 'configWarning',
    key,
    value: raw,
    message: `${key}: Fabric reads 0 as "not set" and uses its default ${shown} (${readBy}) (got ${JSON.stringify(raw)})`,
  };
}

describe('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] a 0 for each numeric key, as its Fabric reader treats it', () => {
  it('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] [CFG-PARAM-KEYS.1] the table covers every key of KEY_SPECS that takes a number, once', () => {
    const numeric = KEY_SPECS.filter((s) => s.kind === 'duration' || s.kind === 'count').map((s) => s.key);
    expect([...FALLS_BACK.map((r) => r[0]), ...KEPT.map((r) => r[0])].sort()).toEqual([...numeric].sort());
  });

  it.each(FALLS_BACK)('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] %s: 0 falls back to the Go default, with a warning naming it and its Go file', (key, path, value, shown, readBy) => {
    const r = loadConfig({ base: 'fabric-2.x', yaml: docSetting(key, 0) });
    expect(field(config(r), path)).toBe(value);
    expect(r.warnings).toEqual([zeroWarning(key, 0, shown, readBy)]);
  });

  it.each(KEPT)('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] %s: an explicit 0 is kept (viper.IsSet), without a warning', (key, path) => {
    // fabric-2.x: state transfer off, so the two state timings may be 0 ([CFG-FUNC-INTERVAL-POSITIVE.1]).
    const r = loadConfig({ base: 'fabric-2.x', yaml: docSetting(key, 0) });
    expect(field(config(r), path)).toBe(0);
    expect(r.warnings).toEqual([]);
  });

  it('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] [CFG-FUNC-INTERVAL-POSITIVE.1] a kept state timing of 0 is refused while state transfer runs, the counts are not', () => {
    for (const key of ['peer.gossip.state.checkInterval', 'peer.gossip.state.responseTimeout']) {
      const r = loadConfig({ base: 'fabric-1.4', yaml: docSetting(key, '0s') });
      expect(r).toEqual({
        ok: false,
        errors: [
          {
            kind: 'configError',
            key,
            value: '0s',
            message: `${key}: must be positive: Fabric runs a timer or timeout of this length, and 0 would fire without end (got "0s")`,
          },
        ],
        warnings: [],
      });
    }
    const counts = loadConfig({ base: 'fabric-1.4', yaml: 'peer:\n  gossip:\n    state:\n      batchSize: 0\n      channelSize: 0\n' });
    expect(config(counts).state).toEqual({ ...FABRIC_1_4.state, batchSize: 0, channelSize: 0 });
  });

  it('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] [CFG-FUNC-ENV-OVERRIDE.1] through the environment, "0", "+0", "-0" and "0s" are 0 too, and the warning shows the text', () => {
    for (const text of ['0', '+0', '-0', '0s', '0.0ms']) {
      const r = loadConfig({ base: 'fabric-2.x', env: { CORE_PEER_GOSSIP_PULLINTERVAL: text } });
      expect(config(r).pullIntervalMs).toBe(4_000);
      expect(r.warnings).toEqual([zeroWarning('peer.gossip.pullInterval', text, '4s', G)]);
    }
    const count = loadConfig({ base: 'fabric-2.x', env: { CORE_PEER_GOSSIP_SENDBUFFSIZE: '-0' } });
    expect(config(count).sendBuffSize).toBe(20);
    expect(count.warnings).toEqual([zeroWarning('peer.gossip.sendBuffSize', '-0', '20', G)]);
  });

  it('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] [CFG-FUNC-COUNT-RANGE.1] a kept "-0" count is the number 0, not -0', () => {
    const r = loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_STATE_MAXRETRIES: '-0', CORE_PEER_GOSSIP_STATE_BATCHSIZE: '+0' } });
    expect(Object.is(config(r).state.maxRetries, 0)).toBe(true);
    expect(Object.is(config(r).state.batchSize, 0)).toBe(true);
  });
});

describe('[CFG-FUNC-DERIVED-DEFAULTS.1] a 0 for the two derived keys', () => {
  it('[CFG-FUNC-DERIVED-DEFAULTS.1] [CFG-FUNC-ZERO-MEANS-DEFAULT.1] is derived from the loaded aliveTimeInterval, with one warning each showing the derived value', () => {
    // gossip/gossip/config.go: AliveExpirationTimeout = GetDurationOrDefault(.., 5*AliveTimeInterval); ReconnectInterval = GetDurationOrDefault(.., AliveExpirationTimeout)
    const r = loadConfig({ base: 'fabric-2.x', yaml: 'peer:\n  gossip:\n    aliveTimeInterval: 2s\n    aliveExpirationTimeout: 0\n    reconnectInterval: 0s\n' });
    const c = config(r);
    expect([c.aliveExpirationTimeoutMs, c.reconnectIntervalMs]).toEqual([10_000, 10_000]);
    expect(r.warnings).toEqual([zeroWarning('peer.gossip.aliveExpirationTimeout', 0, '10s', G), zeroWarning('peer.gossip.reconnectInterval', '0s', '10s', G)]);
  });

  it('[CFG-FUNC-DERIVED-DEFAULTS.1] reconnectInterval 0 follows an explicit aliveExpirationTimeout', () => {
    const r = loadConfig({ base: 'fabric-2.x', env: { CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '30s', CORE_PEER_GOSSIP_RECONNECTINTERVAL: '0' } });
    expect([config(r).aliveExpirationTimeoutMs, config(r).reconnectIntervalMs]).toEqual([30_000, 30_000]);
    expect(r.warnings).toEqual([zeroWarning('peer.gossip.reconnectInterval', '0', '30s', G)]);
  });
});

describe('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] keys that take no number have no zero default', () => {
  it('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] [CFG-FUNC-BOOL-SYNTAX.1] false (or 0) is false for every boolean, as viper.GetBool reads it; no default replaces it', () => {
    // gossip/service/config.go: viper.GetBool for useLeaderElection and orgLeader; gossip/state/config.go
    // and core/deliverservice/config.go: viper.IsSet, then viper.GetBool. fabric-1.4 has all of them true except orgLeader.
    const r = loadConfig({
      base: 'fabric-1.4',
      yaml: 'peer:\n  gossip:\n    useLeaderElection: 0\n    orgLeader: 1\n    state:\n      enabled: false\n  deliveryclient:\n    blockGossipEnabled: 0\n',
    });
    const c = config(r);
    expect([c.useLeaderElection, c.orgLeader, c.state.enabled, c.deliveryclient.blockGossipEnabled]).toEqual([false, true, false, false]);
    expect(r.warnings).toEqual([]);
  });

  it("[CFG-FUNC-ZERO-MEANS-DEFAULT.1] [CFG-PARAM-IDENTITY.1] '' endpoints and an empty bootstrap list are kept as given", () => {
    // viper.GetString for endpoint and externalEndpoint ('' = peer.address / invisible to other orgs); GetStringSlice for bootstrap.
    const base = { name: 'fabric-2.x', description: '', source: '', derivesAbsentKeys: false, config: { ...FABRIC_2X, endpoint: 'a:1', externalEndpoint: 'b:2' } } as const;
    const r = loadConfig({ base, yaml: 'peer:\n  gossip:\n    endpoint: ""\n    externalEndpoint: ""\n    bootstrap: []\n' });
    const c = config(r);
    expect([c.endpoint, c.externalEndpoint, c.bootstrap]).toEqual(['', '', []]);
    expect(r.warnings).toEqual([]);
  });
});
