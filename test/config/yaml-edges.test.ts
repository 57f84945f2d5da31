/**
 * Edge cases of reading a core.yaml-shaped document (layers.ts) and of telling a Fabric key we do
 * not model from a key Fabric does not have (keys.ts): empty sections, anchors and aliases, numbers
 * not written as plain decimals, the excerpt a parse error shows, and names that merely share a
 * prefix with an unmodelled key. viper treats a key with no value as not set, resolves aliases
 * (yaml.v3), and matches keys without regard to case.
 */
import { parseDocument } from 'yaml';
import { FABRIC_1_4, FABRIC_2X, isUnmodelledGossipKey, loadConfig, UNMODELLED_GOSSIP_KEYS, type GossipConfig, type LoadResult } from '../../src/config';

function gossip(lines: string): string {
  return `peer:\n  gossip:\n${lines.replace(/^/gm, '    ')}\n`;
}

function config(r: LoadResult): GossipConfig {
  if (!r.ok) throw new Error(`expected a valid configuration: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.config;
}

describe('[CFG-FUNC-YAML-LAYER.1] sections with no value', () => {
  it.each([
    'peer:\n',
    'peer: ~\n',
    'peer:\n  gossip:\n',
    'peer:\n  gossip: null\n  deliveryclient:\n',
    'peer:\n  gossip:\n    election:\n    state: ~\n',
  ])('[CFG-FUNC-YAML-LAYER.1] %j sets nothing and is no error', (yaml) => {
    expect(loadConfig({ base: 'fabric-1.4', yaml })).toEqual({ ok: true, config: FABRIC_1_4, warnings: [] });
  });
});

describe('[CFG-FUNC-YAML-LAYER.1] anchors and aliases', () => {
  it('[CFG-FUNC-YAML-LAYER.1] an alias reads as the value of its anchor', () => {
    const c = config(loadConfig({ yaml: gossip('dialTimeout: &t 5s\nconnTimeout: *t\nbootstrap: &b [a.org1:7051]\nelection:\n  leaderElectionDuration: *t') }));
    expect([c.dialTimeoutMs, c.connTimeoutMs, c.election.leaderElectionDurationMs, c.bootstrap]).toEqual([5_000, 5_000, 5_000, ['a.org1:7051']]);
  });

  it('[CFG-FUNC-YAML-LAYER.1] an aliased section is walked like the section itself', () => {
    const c = config(loadConfig({ yaml: 'x: &e\n  leaderAliveThreshold: 7s\npeer:\n  gossip:\n    election: *e\n' }));
    expect(c.election.leaderAliveThresholdMs).toBe(7_000);
  });
});

describe('[CFG-FUNC-YAML-LAYER.1] [CFG-FUNC-WRONG-TYPE.1] plain numbers not written as plain decimals are kept as text', () => {
  it.each<[string, unknown]>([
    // YAML 1.2 reads these as 1000, 16, 7, 10; YAML 1.1 parsers (and Go's ParseInt base 0) read some otherwise.
    ['1e3', '1e3'],
    ['0x10', '0x10'],
    ['0o7', '0o7'],
    ['010', '010'],
    ['+0x10', '+0x10'],
    // A plain decimal with a fraction is a number (refused as a count because it is not whole).
    ['2.50', 2.5],
    ['-2.5', -2.5],
  ])('[CFG-FUNC-WRONG-TYPE.1] maxBlockCountToStore: %s is refused with the value %j', (text, value) => {
    const r = loadConfig({ yaml: gossip(`maxBlockCountToStore: ${text}`) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.maxBlockCountToStore', value]]);
  });

  it.each<[string, unknown]>([
    ['!!int "010"', '010'],
    ["!!int '0x10'", '0x10'],
    ['!!float "1e3"', '1e3'],
  ])('[CFG-FUNC-WRONG-TYPE.1] quoted text tagged as a number is held to the same rule: maxBlockCountToStore: %s is refused with the value %j', (text, value) => {
    const r = loadConfig({ yaml: gossip(`maxBlockCountToStore: ${text}`) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.key, e.value])).toEqual([['peer.gossip.maxBlockCountToStore', value]]);
  });

  it('[CFG-FUNC-WRONG-TYPE.1] quoted decimal text tagged as a number is that number', () => {
    expect(config(loadConfig({ yaml: gossip('maxBlockCountToStore: !!int "12"') })).maxBlockCountToStore).toBe(12);
    expect(config(loadConfig({ yaml: gossip("propagatePeerNum: !!int '4'") })).propagatePeerNum).toBe(4);
  });

  it('[CFG-FUNC-WRONG-TYPE.1] a plain decimal whose fraction is zero is the whole number (viper: cast.ToInt of float64 2 is 2)', () => {
    expect(config(loadConfig({ yaml: gossip('maxBlockCountToStore: 2.00') })).maxBlockCountToStore).toBe(2);
    expect(config(loadConfig({ yaml: gossip('propagatePeerNum: 4.') })).propagatePeerNum).toBe(4);
  });
});

describe('[CFG-FUNC-YAML-LAYER.1] a document that does not parse', () => {
  /** A bad document of exactly `n` characters: an unclosed flow sequence padded with a comment. */
  function badDocument(n: number): string {
    const head = 'peer:\n  gossip: [unclosed\n#';
    return head + 'x'.repeat(n - head.length);
  }

  it.each([
    [60, false],
    [61, true],
    [200, true],
  ])('[CFG-FUNC-YAML-LAYER.1] [CFG-FUNC-ERRORS-NAME-KEY.1] a %d-character document is shown %s', (n, cut) => {
    const text = badDocument(n);
    expect(text).toHaveLength(n);
    const shown = cut ? `${text.slice(0, 57)}...` : text;
    // The reason is the yaml library's own message for each of its errors.
    const reasons = parseDocument(text).errors.map((e) => e.message);
    expect(reasons.length).toBeGreaterThan(0);
    expect(loadConfig({ yaml: text })).toEqual({
      ok: false,
      errors: reasons.map((reason) => ({ kind: 'configError', key: '(yaml)', value: shown, message: `(yaml): ${reason} (got ${JSON.stringify(shown)})` })),
      warnings: [],
    });
    if (cut) expect(shown).toHaveLength(60);
  });
});

describe('[CFG-FUNC-UNKNOWN-KEY.1] unmodelled Fabric keys and names that only share their prefix', () => {
  it('[CFG-FUNC-UNKNOWN-KEY.1] a key under an unmodelled key is unmodelled too, in any case; a key that only begins with the same text is not', () => {
    expect(isUnmodelledGossipKey('peer.gossip.pvtData')).toBe(true);
    expect(isUnmodelledGossipKey('peer.gossip.pvtData.btlPullMargin')).toBe(true);
    expect(isUnmodelledGossipKey('PEER.GOSSIP.PVTDATA.PUSHACKTIMEOUT')).toBe(true);
    expect(isUnmodelledGossipKey('peer.gossip.pvtdata.implicitCollectionDisseminationPolicy.requiredPeerCount')).toBe(true);
    expect(isUnmodelledGossipKey('peer.gossip.pvtDataX')).toBe(false);
    expect(isUnmodelledGossipKey('peer.gossip.pvtDataX.btlPullMargin')).toBe(false);
    expect(isUnmodelledGossipKey('peer.gossip.x.pvtData')).toBe(false);
    expect(isUnmodelledGossipKey('peer.gossip.pullInterval')).toBe(false);
  });

  it('[CFG-FUNC-UNKNOWN-KEY.1] the list holds the four Fabric keys under peer.gossip that this implementation does not read', () => {
    // gossip/gossip/config.go reads skipBlockVerification; gossip/service/config.go nonBlockingCommitMode and pvtData.*;
    // stateInfoRetentionInterval is in core.yaml (read by no gossip code at HEAD).
    expect([...UNMODELLED_GOSSIP_KEYS].sort()).toEqual(['peer.gossip.nonBlockingCommitMode', 'peer.gossip.pvtData', 'peer.gossip.skipBlockVerification', 'peer.gossip.stateInfoRetentionInterval']);
    for (const key of UNMODELLED_GOSSIP_KEYS) {
      const leaf = key.slice('peer.gossip.'.length);
      const r = loadConfig({ yaml: gossip(`${leaf.toUpperCase()}: 1`) });
      expect(r.warnings.map((w) => [w.key, w.message.includes('does not model')])).toEqual([[`peer.gossip.${leaf.toUpperCase()}`, true]]);
    }
  });

  it('[CFG-FUNC-UNKNOWN-KEY.1] other sections of peer are not read, whatever they hold', () => {
    expect(loadConfig({ yaml: 'peer:\n  id: jdoe\n  tls: {enabled: true}\n  deliveryclient:\n    connTimeout: 3s\n    addressOverrides: []\n' })).toEqual({ ok: true, config: FABRIC_2X, warnings: [] });
  });
});
