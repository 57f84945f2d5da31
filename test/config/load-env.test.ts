import { FABRIC_1_4, FABRIC_2X, firstNetworkPeerEnv, internalEndpoint, loadConfig, type GossipConfig, type LoadResult } from '../../src/config';

function config(r: LoadResult): GossipConfig {
  if (!r.ok) throw new Error(`expected a valid configuration: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.config;
}

describe('[CFG-FUNC-ENV-OVERRIDE.1] environment variables, named as a Fabric peer names them', () => {
  it.each<[string, string, (c: GossipConfig) => unknown, unknown]>([
    ['CORE_PEER_GOSSIP_USELEADERELECTION', 'true', (c) => [c.useLeaderElection, c.orgLeader], [true, false]],
    ['CORE_PEER_GOSSIP_EXTERNALENDPOINT', 'peer0.org1.example.com:7051', (c) => c.externalEndpoint, 'peer0.org1.example.com:7051'],
    ['CORE_PEER_GOSSIP_ENDPOINT', 'peer0.org1.example.com:7051', (c) => c.endpoint, 'peer0.org1.example.com:7051'],
    ['CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD', '3s', (c) => c.election.leaderAliveThresholdMs, 3_000],
    ['CORE_PEER_GOSSIP_STATE_ENABLED', 'true', (c) => c.state.enabled, true],
    ['CORE_PEER_GOSSIP_STATE_BLOCKBUFFERSIZE', '64', (c) => c.state.blockBufferSize, 64],
    ['CORE_PEER_DELIVERYCLIENT_BLOCKGOSSIPENABLED', 'true', (c) => c.deliveryclient.blockGossipEnabled, true],
    ['CORE_PEER_DELIVERYCLIENT_RECONNECTTOTALTIMETHRESHOLD', '90s', (c) => c.deliveryclient.reconnectTotalTimeThresholdMs, 90_000],
    ['CORE_PEER_GOSSIP_PULLINTERVAL', '1m', (c) => c.pullIntervalMs, 60_000],
    ['CORE_PEER_GOSSIP_PROPAGATEPEERNUM', '5', (c) => c.propagatePeerNum, 5],
  ])('%s=%s', (name, value, read, expected) => {
    const env = name === 'CORE_PEER_GOSSIP_USELEADERELECTION' ? { [name]: value, CORE_PEER_GOSSIP_ORGLEADER: 'false' } : { [name]: value };
    expect(read(config(loadConfig({ base: 'fabric-2.x', env })))).toEqual(expected);
  });

  it('CORE_PEER_GOSSIP_ORGLEADER turns a fabric-1.4 follower-by-default into a static leader once election is off', () => {
    const c = config(loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_ORGLEADER: 'true', CORE_PEER_GOSSIP_USELEADERELECTION: 'false' } }));
    expect([c.useLeaderElection, c.orgLeader]).toEqual([false, true]);
  });

  it('names are matched exactly in upper case; other variables are ignored', () => {
    const c = config(loadConfig({ base: 'fabric-2.x', env: { core_peer_gossip_orgleader: 'false', PATH: '/usr/bin', CORE_PEER_ADDRESS: 'x:1' } }));
    expect(c).toEqual(FABRIC_2X);
  });

  it('an empty variable does not override (viper ignores empty variables) and is reported', () => {
    const r = loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_BOOTSTRAP: '' } });
    expect(config(r).bootstrap).toEqual(['127.0.0.1:7051']);
    expect(r.warnings.map((w) => [w.key, w.value])).toEqual([['CORE_PEER_GOSSIP_BOOTSTRAP', '']]);
  });

  it('a CORE_PEER_GOSSIP_ name that is no key is reported, not applied', () => {
    const r = loadConfig({ base: 'fabric-2.x', env: { CORE_PEER_GOSSIP_USELEADERSELECTION: 'true', CORE_PEER_GOSSIP_PVTDATA_BTLPULLMARGIN: '5' } });
    expect(config(r)).toEqual(FABRIC_2X);
    expect(r.warnings.map((w) => w.key)).toEqual(['CORE_PEER_GOSSIP_USELEADERSELECTION', 'CORE_PEER_GOSSIP_PVTDATA_BTLPULLMARGIN']);
    expect(r.warnings[0]?.message).toContain('misspelt');
    expect(r.warnings[1]?.message).toContain('does not model');
  });
});

describe('[CFG-FUNC-LAYERING.1] base profile < YAML document < environment', () => {
  const yaml = 'peer:\n  gossip:\n    pullPeerNum: 4\n    propagatePeerNum: 6\n';

  it('the document overrides the profile and the environment overrides the document, key by key', () => {
    const c = config(loadConfig({ base: 'fabric-1.4', yaml, env: { CORE_PEER_GOSSIP_PROPAGATEPEERNUM: '7' } }));
    expect([c.pullPeerNum, c.propagatePeerNum, c.maxBlockCountToStore]).toEqual([4, 7, 100]);
  });

  it('only the winning value is read: a bad document value that the environment overrides is no error', () => {
    const c = config(loadConfig({ yaml: 'peer:\n  gossip:\n    orgLeader: maybe\n', env: { CORE_PEER_GOSSIP_ORGLEADER: 'false' } }));
    expect(c.orgLeader).toBe(false);
  });

  it('the environment replaces a bootstrap list from the document as a whole', () => {
    const doc = 'peer:\n  gossip:\n    bootstrap:\n      - a.org1:7051\n      - b.org1:7051\n';
    expect(config(loadConfig({ yaml: doc, env: { CORE_PEER_GOSSIP_BOOTSTRAP: 'c.org1:7051' } })).bootstrap).toEqual(['c.org1:7051']);
  });

  it('the default base is fabric-2.x', () => {
    expect(config(loadConfig())).toEqual(FABRIC_2X);
    expect(config(loadConfig({ env: {} }))).toEqual(FABRIC_2X);
  });
});

describe('[CFG-FUNC-BOOL-SYNTAX.1] booleans as viper (strconv.ParseBool) reads them', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['t', true],
    ['T', true],
    ['1', true],
    ['false', false],
    ['FALSE', false],
    ['False', false],
    ['f', false],
    ['F', false],
    ['0', false],
  ])('%s is %s', (text, value) => {
    expect(config(loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_STATE_ENABLED: text } })).state.enabled).toBe(value);
  });

  it.each(['yes', 'no', 'on', 'tRuE', ' true', '2'])('%j is rejected (viper would read it as false)', (text) => {
    const r = loadConfig({ env: { CORE_PEER_GOSSIP_STATE_ENABLED: text } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.state.enabled', text]]);
      expect(r.errors[0]?.message).toContain('false');
    }
  });
});

describe('[CFG-FUNC-BOOTSTRAP-LIST.1] CORE_PEER_GOSSIP_BOOTSTRAP', () => {
  it('is a list separated by white space', () => {
    const env = { CORE_PEER_GOSSIP_BOOTSTRAP: ' peer1.org1.example.com:8051  peer2.org1.example.com:9051\t' };
    expect(config(loadConfig({ env })).bootstrap).toEqual(['peer1.org1.example.com:8051', 'peer2.org1.example.com:9051']);
  });
});

describe('[CFG-FUNC-WRONG-TYPE.1] environment values that do not read', () => {
  it.each([
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '3.5', 'peer.gossip.pullPeerNum'],
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '010', 'peer.gossip.pullPeerNum'],
    ['CORE_PEER_GOSSIP_PULLPEERNUM', 'three', 'peer.gossip.pullPeerNum'],
    ['CORE_PEER_GOSSIP_PULLINTERVAL', '4000', 'peer.gossip.pullInterval'],
    ['CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD', '10 s', 'peer.gossip.election.leaderAliveThreshold'],
  ])('%s=%s', (name, value, key) => {
    const r = loadConfig({ env: { [name]: value } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([[key, value]]);
  });
});

describe('[CFG-PARAM-PROFILE-FABRIC-1-4.1] the First Network of seed 004', () => {
  it('each peer bootstraps from the other peer of its org and publishes itself to other orgs', () => {
    const env = firstNetworkPeerEnv(2, 1);
    const c = config(loadConfig({ base: 'fabric-1.4', env }));
    expect(c).toEqual({
      ...FABRIC_1_4,
      bootstrap: ['peer0.org2.example.com:9051'],
      externalEndpoint: 'peer1.org2.example.com:10051',
    });
    expect(internalEndpoint(c, env.CORE_PEER_ADDRESS ?? '')).toBe('peer1.org2.example.com:10051');
  });

  it('[CFG-PARAM-PROFILE-FABRIC-1-4.1] the environment of a First Network peer is peer-base.yaml\'s and the peer\'s own service entry', () => {
    // fabric-samples first-network/base/peer-base.yaml: CORE_PEER_GOSSIP_USELEADERELECTION=true, CORE_PEER_GOSSIP_ORGLEADER=false;
    // docker-compose-base.yaml: peer0.org1 at 7051 bootstraps from peer1.org1:8051 and publishes itself externally.
    expect(firstNetworkPeerEnv(1, 0)).toEqual({
      CORE_PEER_ADDRESS: 'peer0.org1.example.com:7051',
      CORE_PEER_GOSSIP_USELEADERELECTION: 'true',
      CORE_PEER_GOSSIP_ORGLEADER: 'false',
      CORE_PEER_GOSSIP_BOOTSTRAP: 'peer1.org1.example.com:8051',
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: 'peer0.org1.example.com:7051',
    });
    // Over today's core.yaml (every peer a static leader) it alone turns a peer into an elector, without warnings.
    expect(loadConfig({ base: 'fabric-2.x', env: firstNetworkPeerEnv(2, 0) })).toMatchObject({ ok: true, warnings: [], config: { useLeaderElection: true, orgLeader: false } });
  });

  it('peer0.org1 bootstraps from peer1.org1:8051', () => {
    const c = config(loadConfig({ base: 'fabric-1.4', env: firstNetworkPeerEnv(1, 0) }));
    expect([c.bootstrap, c.externalEndpoint, c.useLeaderElection, c.orgLeader]).toEqual([['peer1.org1.example.com:8051'], 'peer0.org1.example.com:7051', true, false]);
  });
});
