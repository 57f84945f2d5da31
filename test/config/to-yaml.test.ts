import fc from 'fast-check';
import { FABRIC_2X, FABRIC_CODE_DEFAULTS, PROFILE_NAMES, loadConfig, toCoreYaml, type GossipConfig } from '../../src/config';

/** Valid configurations without zeros in zero-means-default keys. */
const arbConfig: fc.Arbitrary<GossipConfig> = (() => {
  const ms = fc.integer({ min: 10, max: 3_600_000 });
  const n = fc.integer({ min: 1, max: 1_000 });
  const ep = fc.tuple(fc.constantFrom('peer0.org1', 'p1.example.com', '10.0.0.7'), fc.integer({ min: 1, max: 65_535 })).map(([h, p]) => `${h}:${p}`);
  const modes = fc.constantFrom<[boolean, boolean]>([false, false], [true, false], [false, true]);
  return fc
    .record({ ms1: ms, ms2: ms, n, ep, eps: fc.array(ep, { maxLength: 3 }), modes, flag: fc.boolean(), extraMs: fc.integer({ min: 1, max: 10_000 }) })
    .map(({ ms1, ms2, n: k, ep: e, eps, modes: [le, ol], flag, extraMs }) => ({
      ...FABRIC_CODE_DEFAULTS,
      bootstrap: eps,
      useLeaderElection: le,
      orgLeader: ol,
      externalEndpoint: flag ? e : '',
      propagatePeerNum: k,
      digestWaitTimeMs: ms1,
      responseWaitTimeMs: ms2,
      pullIntervalMs: ms1 + ms2 + extraMs,
      aliveTimeIntervalMs: ms1,
      aliveExpirationTimeoutMs: ms2 * 5,
      election: { ...FABRIC_CODE_DEFAULTS.election, leaderAliveThresholdMs: ms2 },
      state: { ...FABRIC_CODE_DEFAULTS.state, enabled: flag, batchSize: k },
      deliveryclient: { blockGossipEnabled: !flag, reconnectTotalTimeThresholdMs: ms1 * 3 },
    }));
})();

describe('[CFG-FUNC-YAML-LAYER.1] toCoreYaml', () => {
  it('loading the YAML of a configuration over any profile gives it back (property)', () => {
    fc.assert(
      fc.property(arbConfig, fc.constantFrom(...PROFILE_NAMES), (c, base) => {
        const r = loadConfig({ base, yaml: toCoreYaml(c) });
        expect(r.ok && r.config).toEqual(c);
        expect(r.warnings).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('writes Fabric key names and Go durations', () => {
    const text = toCoreYaml(FABRIC_2X);
    expect(text).toContain('    pullInterval: 4s\n');
    expect(text).toContain('    requestWaitTime: 1500ms\n');
    expect(text).toContain('      leaderAliveThreshold: 10s\n');
    expect(text).toContain('  deliveryclient:\n    blockGossipEnabled: false\n    reconnectTotalTimeThreshold: 1h\n');
  });
});
