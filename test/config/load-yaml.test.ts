import { FABRIC_1_4, FABRIC_2X, PROFILES, loadConfig, type GossipConfig, type LoadResult } from '../../src/config';
import { CORE_YAML_14, CORE_YAML_2X } from './core-yaml-fixtures';

function gossip(lines: string): string {
  return `peer:\n  gossip:\n${lines.replace(/^/gm, '    ')}\n`;
}

function config(r: LoadResult): GossipConfig {
  if (!r.ok) throw new Error(`expected a valid configuration: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.config;
}

describe('[CFG-FUNC-YAML-LAYER.1] reading a core.yaml document', () => {
  it("today's core.yaml over Fabric's code defaults is the fabric-2.x profile", () => {
    const r = loadConfig({ base: 'fabric-code-defaults', yaml: CORE_YAML_2X });
    expect(config(r)).toEqual(FABRIC_2X);
  });

  it("Fabric 1.4's core.yaml over the code defaults is the fabric-1.4 profile (absent keys take code defaults)", () => {
    expect(config(loadConfig({ base: 'fabric-code-defaults', yaml: CORE_YAML_14 }))).toEqual(FABRIC_1_4);
  });

  it('an empty document, or one without a peer.gossip section, leaves the base unchanged', () => {
    for (const yaml of ['', '# nothing\n', 'vm:\n  endpoint: x\n', 'peer:\n  id: jdoe\n']) {
      expect(config(loadConfig({ base: 'fabric-1.4', yaml }))).toEqual(FABRIC_1_4);
    }
  });

  it('an empty value (`externalEndpoint:`) leaves the key as the base has it', () => {
    const base = { ...PROFILES['fabric-2.x'], config: { ...FABRIC_2X, externalEndpoint: 'peer0.org1:7051' } };
    expect(config(loadConfig({ base, yaml: gossip('externalEndpoint:') })).externalEndpoint).toBe('peer0.org1:7051');
  });

  it('keys match without regard to case, as in viper', () => {
    const c = config(loadConfig({ base: 'fabric-2.x', yaml: 'Peer:\n  Gossip:\n    OrgLeader: false\n    ELECTION:\n      LeaderAliveThreshold: 7s\n' }));
    expect(c.orgLeader).toBe(false);
    expect(c.election.leaderAliveThresholdMs).toBe(7_000);
  });

  it('the same key in two spellings is an error', () => {
    const r = loadConfig({ yaml: gossip('orgLeader: true\norgleader: false') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.orgleader', false]]);
  });

  it('two spellings of a section are an error naming the section', () => {
    const r = loadConfig({ yaml: 'peer:\n  gossip:\n    orgLeader: true\n  Gossip:\n    orgLeader: false\n' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip', ['gossip', 'Gossip']]]);
  });

  it('a document that does not parse is one error keyed (yaml)', () => {
    const r = loadConfig({ yaml: 'peer:\n  gossip: [unclosed\n' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]?.key).toBe('(yaml)');
    }
  });

  it('a section that is not a map is an error naming it', () => {
    const r = loadConfig({ yaml: 'peer:\n  gossip:\n    election: 5s\n' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.election', '5s']]);
  });
});

describe('[CFG-FUNC-BOOTSTRAP-LIST.1] bootstrap', () => {
  it('is a YAML list, or one string split on white space', () => {
    expect(config(loadConfig({ yaml: gossip('bootstrap:\n  - peer1.org1:8051\n  - peer2.org1:9051') })).bootstrap).toEqual(['peer1.org1:8051', 'peer2.org1:9051']);
    expect(config(loadConfig({ yaml: gossip('bootstrap: "peer1.org1:8051   peer2.org1:9051"') })).bootstrap).toEqual(['peer1.org1:8051', 'peer2.org1:9051']);
  });

  it('commas do not separate entries (viper splits on white space only), so a comma list is one bad endpoint', () => {
    const r = loadConfig({ yaml: gossip('bootstrap: peer1.org1:8051,peer2.org1:9051') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.bootstrap', 'peer1.org1:8051,peer2.org1:9051']]);
  });
});

describe('[CFG-FUNC-UNKNOWN-KEY.1] keys Fabric does not read', () => {
  it('are ignored with a warning, as Fabric ignores them', () => {
    const r = loadConfig({ base: 'fabric-2.x', yaml: gossip('pulInterval: 1s\nelection:\n  leaderAliveTreshold: 1s') });
    expect(config(r)).toEqual(FABRIC_2X);
    expect(r.warnings.map((w) => [w.kind, w.key, w.value])).toEqual([
      ['configWarning', 'peer.gossip.pulInterval', '1s'],
      ['configWarning', 'peer.gossip.election.leaderAliveTreshold', '1s'],
    ]);
    expect(r.warnings[0]?.message).toContain('not a Fabric gossip key');
  });

  it("Fabric keys we do not model get their own warning; other sections' keys are not reported", () => {
    const r = loadConfig({ yaml: CORE_YAML_2X });
    expect(r.warnings.map((w) => w.key)).toEqual(['peer.gossip.skipBlockVerification', 'peer.gossip.pvtData']);
    expect(r.warnings[0]?.message).toContain('does not model');
  });
});

describe('[CFG-FUNC-WRONG-TYPE.1] values of the wrong type', () => {
  it.each([
    ['orgLeader: yes', 'peer.gossip.orgLeader', 'yes'],
    ['orgLeader: tRuE', 'peer.gossip.orgLeader', 'tRuE'],
    ['useLeaderElection: 2', 'peer.gossip.useLeaderElection', 2],
    ['propagatePeerNum: three', 'peer.gossip.propagatePeerNum', 'three'],
    ['propagatePeerNum: 2.5', 'peer.gossip.propagatePeerNum', 2.5],
    ['propagatePeerNum: true', 'peer.gossip.propagatePeerNum', true],
    ['maxBlockCountToStore: 010', 'peer.gossip.maxBlockCountToStore', '010'],
    ['pullPeerNum: 0x3', 'peer.gossip.pullPeerNum', '0x3'],
    ['pullInterval: 4', 'peer.gossip.pullInterval', 4],
    ['pullInterval: "4000"', 'peer.gossip.pullInterval', '4000'],
    ['pullInterval: [4s]', 'peer.gossip.pullInterval', ['4s']],
    ['externalEndpoint: 7051', 'peer.gossip.externalEndpoint', 7051],
    ['bootstrap: {a: 1}', 'peer.gossip.bootstrap', { a: 1 }],
    ['bootstrap: [peer1:8051, 7]', 'peer.gossip.bootstrap', ['peer1:8051', 7]],
  ])('%s is rejected', (line, key, value) => {
    const r = loadConfig({ yaml: gossip(line) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.kind, e.key, e.value])).toEqual([['configError', key, value]]);
  });

  it('a bare number for a duration says Fabric would read nanoseconds', () => {
    const r = loadConfig({ yaml: gossip('pullInterval: 4') });
    expect(!r.ok && r.errors[0]?.message).toContain('nanoseconds');
  });

  it('every bad value is reported at once', () => {
    const r = loadConfig({ yaml: gossip('orgLeader: yes\npullInterval: 4\npropagatePeerNum: x') });
    expect(!r.ok && r.errors.map((e) => e.key)).toEqual(['peer.gossip.orgLeader', 'peer.gossip.pullInterval', 'peer.gossip.propagatePeerNum']);
  });
});

describe('[CFG-FUNC-ZERO-MEANS-DEFAULT.1] a zero read with GetDurationOrDefault / GetIntOrDefault', () => {
  it("becomes Fabric's code default, with a warning", () => {
    const r = loadConfig({ base: 'fabric-1.4', yaml: gossip('pullInterval: 0s\nmaxBlockCountToStore: 0\nelection:\n  leaderAliveThreshold: 0') });
    const c = config(r);
    expect(c.pullIntervalMs).toBe(4_000);
    expect(c.maxBlockCountToStore).toBe(10); // the code default, not the 1.4 profile's 100
    expect(c.election.leaderAliveThresholdMs).toBe(10_000);
    expect(r.warnings.map((w) => [w.key, w.value])).toEqual([
      ['peer.gossip.pullInterval', '0s'],
      ['peer.gossip.maxBlockCountToStore', 0],
      ['peer.gossip.election.leaderAliveThreshold', 0],
    ]);
    expect(r.warnings[0]?.message).toContain('4s');
  });

  it('so propagateIterations: 0 cannot disable push through configuration in Fabric', () => {
    expect(config(loadConfig({ yaml: gossip('propagateIterations: 0') })).propagateIterations).toBe(1);
  });

  it('state.* keys keep an explicit 0 (Fabric reads them with viper.IsSet)', () => {
    expect(config(loadConfig({ base: 'fabric-1.4', yaml: gossip('state:\n  maxRetries: 0') })).state.maxRetries).toBe(0);
  });
});

describe('[CFG-FUNC-DERIVED-DEFAULTS.1] aliveExpirationTimeout and reconnectInterval', () => {
  it('over the code defaults, an unset timeout is 5 × aliveTimeInterval and reconnectInterval follows it', () => {
    const c = config(loadConfig({ base: 'fabric-code-defaults', yaml: gossip('aliveTimeInterval: 1s') }));
    expect([c.aliveExpirationTimeoutMs, c.reconnectIntervalMs]).toEqual([5_000, 5_000]);
  });

  it('over a core.yaml profile, which sets both, they stay as the profile has them', () => {
    const c = config(loadConfig({ base: 'fabric-2.x', yaml: gossip('aliveTimeInterval: 1s') }));
    expect([c.aliveExpirationTimeoutMs, c.reconnectIntervalMs]).toEqual([25_000, 25_000]);
  });

  it('an explicit 0 derives them on any profile', () => {
    const c = config(loadConfig({ base: 'fabric-2.x', yaml: gossip('aliveTimeInterval: 2s\naliveExpirationTimeout: 0s\nreconnectInterval: 0s') }));
    expect([c.aliveExpirationTimeoutMs, c.reconnectIntervalMs]).toEqual([10_000, 10_000]);
  });

  it('an explicit value wins', () => {
    const c = config(loadConfig({ base: 'fabric-code-defaults', yaml: gossip('aliveTimeInterval: 1s\nreconnectInterval: 3s') }));
    expect([c.aliveExpirationTimeoutMs, c.reconnectIntervalMs]).toEqual([5_000, 3_000]);
  });
});
