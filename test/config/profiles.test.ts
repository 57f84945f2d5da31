/**
 * Expected values below are written from Fabric's sources (reference fabric-gossip.md §2.1, the
 * 1.4 core.yaml and fabric-samples' First Network), not copied from our output.
 */
import * as t from 'io-ts';
import {
  FABRIC_1_4,
  FABRIC_2X,
  FABRIC_CODE_DEFAULTS,
  GossipConfig,
  KEY_SPECS,
  PROFILES,
  PROFILE_NAMES,
  checkConfig,
  envNameOf,
  fabricKeyOf,
  getField,
  isProfileName,
  setField,
  validateConfig,
} from '../../src/config';

type Row = readonly [field: string, codeDefault: unknown, coreYaml2x: unknown, coreYaml14: unknown];

function expectRows(rows: readonly Row[]): void {
  for (const [field, code, v2, v14] of rows) {
    expect([field, getField(FABRIC_CODE_DEFAULTS, field)]).toEqual([field, code]);
    expect([field, getField(FABRIC_2X, field)]).toEqual([field, v2]);
    expect([field, getField(FABRIC_1_4, field)]).toEqual([field, v14]);
  }
}

describe('gossip parameter defaults (code default, fabric-2.x core.yaml, fabric-1.4 core.yaml)', () => {
  it('[CFG-PARAM-IDENTITY.1] bootstrap, leader modes and endpoints', () => {
    expectRows([
      ['bootstrap', [], ['127.0.0.1:7051'], ['127.0.0.1:7051']],
      ['useLeaderElection', false, false, true],
      ['orgLeader', false, true, false],
      ['endpoint', '', '', ''],
      ['externalEndpoint', '', '', ''],
    ]);
  });

  it('[CFG-PARAM-PUSH.1] push and block store', () => {
    expectRows([
      ['maxBlockCountToStore', 10, 10, 100],
      ['maxPropagationBurstLatencyMs', 10, 10, 10],
      ['maxPropagationBurstSize', 10, 10, 10],
      ['propagateIterations', 1, 1, 1],
      ['propagatePeerNum', 3, 3, 3],
    ]);
  });

  it('[CFG-PARAM-PULL.1] pull', () => {
    expectRows([
      ['pullIntervalMs', 4_000, 4_000, 4_000],
      ['pullPeerNum', 3, 3, 3],
      ['digestWaitTimeMs', 1_000, 1_000, 1_000],
      ['requestWaitTimeMs', 1_500, 1_500, 1_500],
      ['responseWaitTimeMs', 2_000, 2_000, 2_000],
    ]);
  });

  it('[CFG-PARAM-STATEINFO.1] StateInfo and membership tracker', () => {
    expectRows([
      ['requestStateInfoIntervalMs', 4_000, 4_000, 4_000],
      ['publishStateInfoIntervalMs', 4_000, 4_000, 4_000],
      ['membershipTrackerIntervalMs', 5_000, 5_000, 5_000],
    ]);
  });

  it('[CFG-PARAM-COMM.1] comm: the send buffer is 200 in core.yaml but 20 in code', () => {
    expectRows([
      ['dialTimeoutMs', 3_000, 3_000, 3_000],
      ['connTimeoutMs', 2_000, 2_000, 2_000],
      ['recvBuffSize', 20, 20, 20],
      ['sendBuffSize', 20, 200, 200],
    ]);
  });

  it('[CFG-PARAM-MEMBERSHIP.1] alive messages and reconnection', () => {
    expectRows([
      ['publishCertPeriodMs', 10_000, 10_000, 10_000],
      ['aliveTimeIntervalMs', 5_000, 5_000, 5_000],
      ['aliveExpirationTimeoutMs', 25_000, 25_000, 25_000],
      ['reconnectIntervalMs', 25_000, 25_000, 25_000],
      ['maxConnectionAttempts', 120, 120, 120],
      ['msgExpirationFactor', 20, 20, 20],
    ]);
    // the code derives the timeout from the alive interval and the reconnect interval from the timeout
    expect(FABRIC_CODE_DEFAULTS.aliveExpirationTimeoutMs).toBe(5 * FABRIC_CODE_DEFAULTS.aliveTimeIntervalMs);
    expect(FABRIC_CODE_DEFAULTS.reconnectIntervalMs).toBe(FABRIC_CODE_DEFAULTS.aliveExpirationTimeoutMs);
  });

  it('[CFG-PARAM-ELECTION.1] election timings', () => {
    expectRows([
      ['election.startupGracePeriodMs', 15_000, 15_000, 15_000],
      ['election.membershipSampleIntervalMs', 1_000, 1_000, 1_000],
      ['election.leaderAliveThresholdMs', 10_000, 10_000, 10_000],
      ['election.leaderElectionDurationMs', 5_000, 5_000, 5_000],
    ]);
  });

  it('[CFG-PARAM-STATE.1] state transfer', () => {
    expectRows([
      ['state.enabled', false, false, true],
      ['state.checkIntervalMs', 10_000, 10_000, 10_000],
      ['state.responseTimeoutMs', 3_000, 3_000, 3_000],
      ['state.batchSize', 10, 10, 10],
      ['state.blockBufferSize', 20, 20, 100],
      ['state.maxRetries', 3, 3, 3],
      ['state.channelSize', 100, 100, 100],
    ]);
  });

  it('[CFG-PARAM-DELIVERY.1] delivery client: block gossip is on when the key is absent, off in core.yaml', () => {
    expectRows([
      ['deliveryclient.blockGossipEnabled', true, false, true],
      ['deliveryclient.reconnectTotalTimeThresholdMs', 3_600_000, 3_600_000, 3_600_000],
    ]);
  });
});

describe('profiles', () => {
  it('[CFG-PARAM-PROFILES.1] three named profiles; only the code defaults derive absent keys', () => {
    expect(PROFILE_NAMES).toEqual(['fabric-1.4', 'fabric-2.x', 'fabric-code-defaults']);
    for (const name of PROFILE_NAMES) expect(PROFILES[name].name).toBe(name);
    expect(PROFILES['fabric-1.4'].config).toBe(FABRIC_1_4);
    expect(PROFILES['fabric-2.x'].config).toBe(FABRIC_2X);
    expect(PROFILES['fabric-code-defaults'].config).toBe(FABRIC_CODE_DEFAULTS);
    expect(PROFILE_NAMES.filter((n) => PROFILES[n].derivesAbsentKeys)).toEqual(['fabric-code-defaults']);
    expect(isProfileName('fabric-2.x')).toBe(true);
    expect(isProfileName('fabric-2.2')).toBe(false);
  });

  it('[CFG-PARAM-PROFILES.1] every profile is a valid configuration and decodes with the codec', () => {
    for (const name of PROFILE_NAMES) {
      expect([name, validateConfig(PROFILES[name].config)]).toEqual([name, []]);
      expect(checkConfig(JSON.parse(JSON.stringify(PROFILES[name].config)))).toEqual({ ok: true, config: PROFILES[name].config });
    }
  });

  it("[CFG-PARAM-CODE-DEFAULTS.1] core.yaml differs from the code defaults only in bootstrap, orgLeader, sendBuffSize, blockGossipEnabled", () => {
    const differing = KEY_SPECS.filter((s) => JSON.stringify(getField(FABRIC_CODE_DEFAULTS, s.field)) !== JSON.stringify(getField(FABRIC_2X, s.field)));
    expect(differing.map((s) => s.key).sort()).toEqual(
      ['peer.gossip.bootstrap', 'peer.gossip.orgLeader', 'peer.gossip.sendBuffSize', 'peer.deliveryclient.blockGossipEnabled'].sort(),
    );
  });

  it('[CFG-PARAM-PROFILE-FABRIC-2X.1] fabric-2.x: static leader, no block gossip, no state transfer', () => {
    expect(FABRIC_2X.useLeaderElection).toBe(false);
    expect(FABRIC_2X.orgLeader).toBe(true);
    expect(FABRIC_2X.deliveryclient.blockGossipEnabled).toBe(false);
    expect(FABRIC_2X.state.enabled).toBe(false);
  });

  it('[CFG-PARAM-PROFILE-FABRIC-1-4.1] fabric-1.4: dynamic election, block gossip, state transfer, larger windows', () => {
    expect(FABRIC_1_4.useLeaderElection).toBe(true);
    expect(FABRIC_1_4.orgLeader).toBe(false);
    expect(FABRIC_1_4.deliveryclient.blockGossipEnabled).toBe(true);
    expect(FABRIC_1_4.state.enabled).toBe(true);
    expect(FABRIC_1_4.maxBlockCountToStore).toBe(100);
    expect(FABRIC_1_4.state.blockBufferSize).toBe(100);
  });

  it('[CFG-PARAM-PROFILE-FABRIC-1-4.1] [CFG-PARAM-PROFILE-FABRIC-2X.1] the two profiles differ in exactly the documented keys', () => {
    const differing = KEY_SPECS.filter((s) => JSON.stringify(getField(FABRIC_1_4, s.field)) !== JSON.stringify(getField(FABRIC_2X, s.field))).map((s) => s.key);
    expect(differing.sort()).toEqual(
      [
        'peer.gossip.useLeaderElection',
        'peer.gossip.orgLeader',
        'peer.gossip.maxBlockCountToStore',
        'peer.gossip.state.enabled',
        'peer.gossip.state.blockBufferSize',
        'peer.deliveryclient.blockGossipEnabled',
      ].sort(),
    );
  });
});

/** Leaf field paths of an io-ts codec built from t.readonly(t.exact(t.type(...))). */
function leaves(codec: t.Mixed, prefix = ''): string[] {
  const unwrapped = codec instanceof t.ReadonlyType ? (codec.type as t.Mixed) : codec;
  const inner = unwrapped instanceof t.ExactType ? (unwrapped.type as t.Mixed) : unwrapped;
  if (inner instanceof t.InterfaceType) {
    return Object.entries(inner.props as Record<string, t.Mixed>).flatMap(([k, c]) => leaves(c, prefix === '' ? k : `${prefix}.${k}`));
  }
  return [prefix];
}

describe('the key table', () => {
  it('[CFG-PARAM-KEYS.1] covers exactly the fields of the GossipConfig codec, one key each', () => {
    expect(KEY_SPECS.map((s) => s.field).sort()).toEqual(leaves(GossipConfig).sort());
    expect(new Set(KEY_SPECS.map((s) => s.key.toLowerCase())).size).toBe(KEY_SPECS.length);
  });

  it('[CFG-PARAM-KEYS.1] duration fields end in Ms and their Fabric keys do not', () => {
    for (const s of KEY_SPECS) {
      expect([s.field, s.field.endsWith('Ms')]).toEqual([s.field, s.kind === 'duration']);
      expect(s.key.endsWith('Ms')).toBe(false);
      expect(fabricKeyOf(s.field)).toBe(s.key);
    }
  });

  it('[CFG-FUNC-ENV-OVERRIDE.1] environment names are CORE_ + the key upper-cased with dots as underscores', () => {
    expect(envNameOf('peer.gossip.useLeaderElection')).toBe('CORE_PEER_GOSSIP_USELEADERELECTION');
    expect(envNameOf('peer.gossip.election.leaderAliveThreshold')).toBe('CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD');
    expect(envNameOf('peer.deliveryclient.blockGossipEnabled')).toBe('CORE_PEER_DELIVERYCLIENT_BLOCKGOSSIPENABLED');
  });

  it('setField replaces one nested field and leaves the original untouched', () => {
    const changed = setField(FABRIC_2X, 'election.leaderAliveThresholdMs', 7_000);
    expect(changed.election.leaderAliveThresholdMs).toBe(7_000);
    expect(changed.election.leaderElectionDurationMs).toBe(5_000);
    expect(FABRIC_2X.election.leaderAliveThresholdMs).toBe(10_000);
  });
});
