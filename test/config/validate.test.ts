import {
  FABRIC_1_4,
  FABRIC_2X,
  FABRIC_BOTH_LEADER_MODES_PANIC,
  checkConfig,
  endpointProblem,
  loadConfig,
  setField,
  validateConfig,
  type ConfigError,
  type GossipConfig,
} from '../../src/config';

/** The only error of a config, asserting there is exactly one. */
function onlyError(c: GossipConfig): ConfigError {
  const errors = validateConfig(c);
  expect(errors).toHaveLength(1);
  return errors[0] as ConfigError;
}

/** The only error of loading `yaml` (a peer.gossip fragment) over `base`. */
function loadError(gossipYaml: string, base: 'fabric-1.4' | 'fabric-2.x' = 'fabric-2.x'): ConfigError {
  const yaml = `peer:\n  gossip:\n${gossipYaml.replace(/^/gm, '    ')}\n`;
  const r = loadConfig({ base, yaml });
  if (r.ok) throw new Error('expected the configuration to be rejected');
  expect(r.errors).toHaveLength(1);
  return r.errors[0] as ConfigError;
}

describe('[CFG-FUNC-BOTH-LEADER-MODES.1] useLeaderElection and orgLeader both true', () => {
  it('[CFG-FUNC-BOTH-LEADER-MODES.1] adapts TestWithStaticDeliverClientBothStaticAndLeaderElection: rejected with Fabric\'s abort text', () => {
    const e = onlyError({ ...FABRIC_2X, useLeaderElection: true });
    expect(e).toMatchObject({ kind: 'configError', key: 'peer.gossip.useLeaderElection', value: true });
    expect(e.message).toContain("Setting both orgLeader and useLeaderElection to true isn't supported, aborting execution");
    expect(e.message).toContain(FABRIC_BOTH_LEADER_MODES_PANIC);
    expect(e.message).toContain('peer.gossip.orgLeader');
  });

  it('is rejected at load time when the environment turns on the second mode', () => {
    const r = loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_ORGLEADER: 'true' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.useLeaderElection', true]]);
  });

  it('either mode alone, or neither, is accepted', () => {
    expect(validateConfig({ ...FABRIC_2X, useLeaderElection: false, orgLeader: true })).toEqual([]);
    expect(validateConfig({ ...FABRIC_2X, useLeaderElection: true, orgLeader: false })).toEqual([]);
    expect(validateConfig({ ...FABRIC_2X, useLeaderElection: false, orgLeader: false })).toEqual([]);
  });
});

describe('[CFG-FUNC-DURATION-SYNTAX.1] a malformed duration', () => {
  it('names the key and the text', () => {
    const e = loadError('election:\n  leaderAliveThreshold: 10 seconds');
    expect(e).toMatchObject({ key: 'peer.gossip.election.leaderAliveThreshold', value: '10 seconds' });
    expect(e.message).toContain('unknown unit');
  });
});

describe('[CFG-FUNC-DURATION-WHOLE-MS.1] sub-millisecond durations', () => {
  it('are rejected in a typed config', () => {
    expect(onlyError({ ...FABRIC_2X, maxPropagationBurstLatencyMs: 0.5 })).toMatchObject({ key: 'peer.gossip.maxPropagationBurstLatency', value: 0.5 });
  });

  it('are rejected when loaded, naming the text as written', () => {
    const e = loadError('maxPropagationBurstLatency: 500us');
    expect(e).toMatchObject({ key: 'peer.gossip.maxPropagationBurstLatency', value: '500us' });
    expect(e.message).toContain('1 ms resolution');
  });

  it('a fraction that is whole milliseconds is fine', () => {
    const r = loadConfig({ yaml: 'peer:\n  gossip:\n    digestWaitTime: 1.25s\n' });
    expect(r.ok && r.config.digestWaitTimeMs).toBe(1_250);
  });
});

describe('[CFG-FUNC-DURATION-NON-NEGATIVE.1] negative durations', () => {
  it('are rejected, also where 0 is allowed', () => {
    expect(onlyError({ ...FABRIC_2X, publishCertPeriodMs: -1 })).toMatchObject({ key: 'peer.gossip.publishCertPeriod', value: -1 });
    expect(loadError('aliveTimeInterval: -5s')).toMatchObject({ key: 'peer.gossip.aliveTimeInterval', value: '-5s' });
  });
});

describe('[CFG-FUNC-INTERVAL-POSITIVE.1] intervals and timeouts Fabric needs positive', () => {
  it('reject 0 in a typed config', () => {
    expect(onlyError({ ...FABRIC_2X, requestStateInfoIntervalMs: 0 })).toMatchObject({ key: 'peer.gossip.requestStateInfoInterval', value: 0 });
    expect(onlyError(setField(FABRIC_2X, 'election.leaderElectionDurationMs', 0))).toMatchObject({
      key: 'peer.gossip.election.leaderElectionDuration',
      value: 0,
    });
    expect(onlyError(setField(FABRIC_2X, 'deliveryclient.reconnectTotalTimeThresholdMs', 0))).toMatchObject({
      key: 'peer.deliveryclient.reconnectTotalTimeThreshold',
      value: 0,
    });
  });

  it('allow publishCertPeriod 0 (alive messages never carry the certificate)', () => {
    expect(validateConfig({ ...FABRIC_2X, publishCertPeriodMs: 0 })).toEqual([]);
  });

  it('reject a loaded state.checkInterval of 0 while state transfer runs (Fabric keeps an explicit 0 there)', () => {
    expect(loadError('state:\n  checkInterval: 0s', 'fabric-1.4')).toMatchObject({ key: 'peer.gossip.state.checkInterval', value: '0s' });
  });

  it('ignore state timings while state transfer is off, as Fabric never starts it', () => {
    const r = loadConfig({ base: 'fabric-2.x', yaml: 'peer:\n  gossip:\n    state:\n      checkInterval: 0s\n' });
    expect(r.ok && r.config.state.checkIntervalMs).toBe(0);
  });
});

describe('[CFG-FUNC-COUNT-RANGE.1] counts', () => {
  it('reject negative values, named as written', () => {
    expect(loadError('propagatePeerNum: -1')).toMatchObject({ key: 'peer.gossip.propagatePeerNum', value: -1 });
    const r = loadConfig({ env: { CORE_PEER_GOSSIP_PULLPEERNUM: '-2' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.pullPeerNum', '-2']]);
    expect(onlyError(setField(FABRIC_2X, 'state.maxRetries', -3))).toMatchObject({ key: 'peer.gossip.state.maxRetries', value: -3 });
  });

  it('reject fractions and non-finite numbers in a typed config', () => {
    expect(onlyError({ ...FABRIC_2X, recvBuffSize: 2.5 })).toMatchObject({ key: 'peer.gossip.recvBuffSize', value: 2.5 });
    expect(onlyError({ ...FABRIC_2X, sendBuffSize: Number.POSITIVE_INFINITY })).toMatchObject({ key: 'peer.gossip.sendBuffSize' });
  });

  it('require at least 1 for msgExpirationFactor and maxPropagationBurstSize', () => {
    expect(onlyError({ ...FABRIC_2X, msgExpirationFactor: 0 })).toMatchObject({ key: 'peer.gossip.msgExpirationFactor', value: 0 });
    expect(onlyError({ ...FABRIC_2X, maxPropagationBurstSize: 0 })).toMatchObject({ key: 'peer.gossip.maxPropagationBurstSize', value: 0 });
  });

  it('allow 0 where it means "none" (no push, no pull, empty block window)', () => {
    expect(validateConfig({ ...FABRIC_2X, propagateIterations: 0, pullPeerNum: 0, maxBlockCountToStore: 0 })).toEqual([]);
  });
});

describe('[CFG-FUNC-ENDPOINT-FORMAT.1] endpoints', () => {
  it.each([
    ['peer0.org1.example.com', 'missing port'],
    ['peer0.org1.example.com:abc', 'is not a number'],
    ['peer0.org1.example.com:0', 'out of range'],
    ['peer0.org1.example.com:65536', 'out of range'],
    ['peer0.org1.example.com:-1', 'is not a number'],
    [':7051', 'missing host'],
    ['[::1]:7051', "exactly one ':'"],
    ['a:1:2', "exactly one ':'"],
  ])('externalEndpoint %j is rejected (%s)', (ep, reason) => {
    const e = onlyError({ ...FABRIC_2X, externalEndpoint: ep });
    expect(e).toMatchObject({ key: 'peer.gossip.externalEndpoint', value: ep });
    expect(e.message).toContain(reason);
  });

  it('the internal endpoint is checked the same way', () => {
    expect(loadError('endpoint: peer0.org1.example.com:99999')).toMatchObject({ key: 'peer.gossip.endpoint', value: 'peer0.org1.example.com:99999' });
  });

  it('each bootstrap entry is checked, and the error names the bad entry', () => {
    const e = onlyError({ ...FABRIC_2X, bootstrap: ['peer1.org1.example.com:8051', 'peer2.org1.example.com'] });
    expect(e).toMatchObject({ key: 'peer.gossip.bootstrap', value: 'peer2.org1.example.com' });
    const viaEnv = loadConfig({ env: { CORE_PEER_GOSSIP_BOOTSTRAP: 'a:7051 b:http' } });
    expect(viaEnv.ok).toBe(false);
    if (!viaEnv.ok) expect(viaEnv.errors.map((x) => [x.key, x.value])).toEqual([['peer.gossip.bootstrap', 'b:http']]);
  });

  it('empty endpoint and externalEndpoint are allowed (peer.address; invisible to other orgs), ports 1 and 65535 too', () => {
    expect(validateConfig({ ...FABRIC_2X, endpoint: '', externalEndpoint: '' })).toEqual([]);
    expect(endpointProblem('h:1')).toBeUndefined();
    expect(endpointProblem('h:65535')).toBeUndefined();
  });
});

describe('[CFG-FUNC-PULL-WINDOW.1] pullInterval > digestWaitTime + responseWaitTime', () => {
  it('an interval equal to the round is rejected, naming pullInterval', () => {
    const e = loadError('pullInterval: 3s'); // digestWaitTime 1s + responseWaitTime 2s
    expect(e).toMatchObject({ key: 'peer.gossip.pullInterval', value: '3s' });
    expect(e.message).toContain('3s');
  });

  it('a longer wait can break the rule too', () => {
    const e = onlyError({ ...FABRIC_2X, responseWaitTimeMs: 3_000 });
    expect(e).toMatchObject({ key: 'peer.gossip.pullInterval', value: 4_000 });
    expect(e.message).toContain('digestWaitTime + responseWaitTime = 4s');
  });

  it('one millisecond more is enough', () => {
    expect(validateConfig({ ...FABRIC_2X, pullIntervalMs: 3_001 })).toEqual([]);
  });
});

describe('[CFG-FUNC-DERIVED-PERIODS.1] periods derived by division stay at 1 ms or more', () => {
  it('aliveExpirationTimeout below 10ms is rejected', () => {
    expect(onlyError({ ...FABRIC_2X, aliveExpirationTimeoutMs: 9 })).toMatchObject({ key: 'peer.gossip.aliveExpirationTimeout', value: 9 });
    expect(validateConfig({ ...FABRIC_2X, aliveExpirationTimeoutMs: 10 })).toEqual([]);
  });

  it('an alive store TTL below 100ms is rejected, naming msgExpirationFactor', () => {
    expect(onlyError({ ...FABRIC_2X, aliveExpirationTimeoutMs: 40, msgExpirationFactor: 2 })).toMatchObject({
      key: 'peer.gossip.msgExpirationFactor',
      value: 2,
    });
  });

  it('leaderAliveThreshold below 10ms is rejected', () => {
    expect(onlyError(setField(FABRIC_1_4, 'election.leaderAliveThresholdMs', 9))).toMatchObject({
      key: 'peer.gossip.election.leaderAliveThreshold',
      value: 9,
    });
  });
});

describe('[CFG-FUNC-WRONG-TYPE.1] checkConfig decodes untyped input first', () => {
  it('a field of the wrong type is named by its Fabric key', () => {
    const r = checkConfig({ ...FABRIC_2X, election: { ...FABRIC_2X.election, leaderAliveThresholdMs: '10s' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.election.leaderAliveThreshold', '10s']]);
  });

  it('a valid value passes through both stages; fields the codec does not know are dropped', () => {
    expect(checkConfig(FABRIC_1_4)).toEqual({ ok: true, config: FABRIC_1_4 });
    expect(checkConfig({ ...FABRIC_1_4, pvtData: {}, state: { ...FABRIC_1_4.state, extra: 1 } })).toEqual({ ok: true, config: FABRIC_1_4 });
  });
});

describe('[CFG-FUNC-ERRORS-NAME-KEY.1] errors are typed values', () => {
  it('every problem is reported, each with kind, Fabric key, value and a message naming both', () => {
    const errors = validateConfig({ ...FABRIC_2X, propagatePeerNum: -1, externalEndpoint: 'x', useLeaderElection: true });
    expect(errors.map((e) => [e.kind, e.key, e.value])).toEqual([
      ['configError', 'peer.gossip.propagatePeerNum', -1],
      ['configError', 'peer.gossip.externalEndpoint', 'x'],
      ['configError', 'peer.gossip.useLeaderElection', true],
    ]);
    for (const e of errors) expect(e.message.startsWith(`${e.key}: `)).toBe(true);
    expect(errors[1]?.message).toContain('"x"');
  });
});
