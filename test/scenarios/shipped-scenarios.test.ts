/**
 * The scenario files shipped in scenarios/: each decodes, compiles and meets its expectations; the
 * two First Network files are exactly what src/scenarios/first-network.ts builds (npm start runs
 * that value); and what a broken file gets back names the path of the problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileScenario } from '../../src/scenarios/compile';
import { firstNetworkScenario } from '../../src/scenarios/first-network';
import { runScenario } from '../../src/scenarios/run';
import { formatScenarioError, parseScenarioYaml, type ScenarioSpec } from '../../src/scenarios/scenario-file';
import { ordererGroup, ordererReachableBy } from '../../src/sim';

const DIR = join(__dirname, '..', '..', 'scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

function load(file: string): ScenarioSpec {
  const parsed = parseScenarioYaml(readFileSync(join(DIR, file), 'utf8'), file);
  if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
  return parsed.value;
}

describe('[GEN-FUNC-SCENARIO-RUN.1] every shipped scenario meets its expectations', () => {
  it('ships the seven scenarios issue #12 asks for, and the ordering service on one side of a partition', () => {
    expect(FILES).toEqual([
      'anchor-abc.yaml',
      'first-network-no-bootstrap.yaml',
      'first-network.yaml',
      'late-joiner.yaml',
      'leader-failover.yaml',
      'no-external-endpoint.yaml',
      'partition-heal.yaml',
      'partition-orderer-side.yaml',
    ]);
  });

  it.each(FILES)('[GEN-FUNC-SCENARIO-FILE.1] %s', (file) => {
    const spec = load(file);
    expect(spec.name).toBe(file.replace(/\.yaml$/, ''));
    const compiled = compileScenario(spec);
    if (!compiled.ok) throw new Error(formatScenarioError(compiled.error));
    expect(compiled.value.warnings).toEqual([]);
    const run = runScenario(compiled.value, { tracing: false });
    const failed = run.results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${c.path}: expected ${c.expected}, got ${c.actual}`));
    expect(failed).toEqual([]);
    expect(run.results.length).toBeGreaterThan(0);
    expect(run.ok).toBe(true);
    expect(run.invariants.filter((i) => !i.held)).toEqual([]);
  });
});

describe('[GEN-FUNC-SCENARIO-FILE.1] the First Network files are what npm start runs', () => {
  it.each([true, false])('scenarios/first-network*.yaml equals firstNetworkScenario(%s)', (withBootstrap) => {
    const value = firstNetworkScenario(withBootstrap);
    expect(parse(readFileSync(join(DIR, `${value['name'] as string}.yaml`), 'utf8'))).toEqual(value);
  });
});

describe('[GEN-FUNC-SCENARIO-ERRORS.1] a broken scenario names the file, the path in it and the problem', () => {
  const base = `name: x
duration: 10s
orgs:
  - mspId: Org1MSP
    peers:
      - { name: p0, endpoint: "p0:7051" }
      - { name: p1, endpoint: "p1:7051", bootstrap: ["p0:7051"] }
channels:
  - name: ch
`;
  const error = (text: string): string => {
    const parsed = parseScenarioYaml(text, 'bad.yaml');
    if (!parsed.ok) return formatScenarioError(parsed.error);
    const compiled = compileScenario(parsed.value);
    return compiled.ok ? 'no error' : formatScenarioError({ ...compiled.error, file: 'bad.yaml' });
  };
  it.each([
    ['YAML syntax', 'name: [x\n', /^bad\.yaml: \(yaml\) line \d+, column \d+: /],
    ['a missing key', 'name: x\norgs: []\n', /^bad\.yaml: duration: missing required key "duration"$/],
    ['a misspelt key', `${base}seeed: 3\n`, /^bad\.yaml: seeed: unknown key "seeed"/],
    ['an MSP id that cannot name PKI-IDs', base.replace('mspId: Org1MSP', 'mspId: Org1/MSP'), /^bad\.yaml: orgs\.0\.mspId: expected an MSP id \(non-empty, without '\/' or a newline\), got "Org1\/MSP"$/],
    ['a bad endpoint', base.replace('"p0:7051" }', '"p0" }'), /^bad\.yaml: orgs\.0\.peers\.0\.endpoint: expected an endpoint "host:port", got "p0"$/],
    ['an unknown action', `${base}timeline:\n  - { at: 1s, crsh: p0 }\n`, /^bad\.yaml: timeline\.0\.crsh: unknown action "crsh" \(expected one of start, stop/],
    ['two actions in one entry', `${base}timeline:\n  - { at: 1s, crash: p0, heal: true }\n`, /^bad\.yaml: timeline\.0: one action per entry, got crash and heal$/],
    ['a bad duration', `${base}timeline:\n  - { at: 5 parsecs, heal: true }\n`, /^bad\.yaml: timeline\.0\.at: .*"5 parsecs"$/],
    ['an unknown peer', `${base}timeline:\n  - { at: 1s, crash: p9 }\n`, /^bad\.yaml: timeline\.0\.crash: unknown peer "p9" \(peers: p0, p1\)$/],
    ['an unknown channel', `${base}timeline:\n  - { at: 1s, join: { channel: nope } }\n`, /^bad\.yaml: timeline\.0\.join\.channel: unknown channel "nope"/],
    ['an action after the end', `${base}timeline:\n  - { at: 11s, heal: true }\n`, /^bad\.yaml: timeline\.0\.at: 11000 ms is after the end of the run/],
    ['an unknown invariant', `${base}expect:\n  - { invariants: [allGood] }\n`, /^bad\.yaml: expect\.0\.invariants\.0: /],
    ['a bad Fabric override', base.replace('bootstrap: ["p0:7051"] }', 'overrides: { CORE_PEER_GOSSIP_PULLINTERVAL: "-5s" } }'), /^bad\.yaml: orgs\.0\.peers\.1\.overrides: peer\.gossip\.pullInterval: /],
    ['a variable that is not Fabric gossip', base.replace('bootstrap: ["p0:7051"] }', 'overrides: { HOME: "/" } }'), /^bad\.yaml: orgs\.0\.peers\.1\.overrides\.HOME: "HOME" is not a CORE_PEER_GOSSIP_\* /],
    ['an orderer placement that is not one', `${base}timeline:\n  - { at: 1s, partition: { groups: [[p0]], orderer: [1] } }\n`, /^bad\.yaml: timeline\.0\.partition\.orderer: expected reachable, unreachable, a group's index \(0, 1, \.\.\.\) or a peer's name, got \[1\]$/],
    ['the orderer in a group that does not exist', `${base}timeline:\n  - { at: 1s, partition: { groups: [[p0], [p1]], orderer: 2 } }\n`, /^bad\.yaml: timeline\.0\.partition\.orderer: no group 2: the partition lists 2 groups, numbered from 0 \(every peer is listed in one\)$/],
    ['the orderer with an unknown peer', `${base}timeline:\n  - { at: 1s, partition: { groups: [[p0]], orderer: p7 } }\n`, /^bad\.yaml: timeline\.0\.partition\.orderer: unknown peer "p7" \(peers: p0, p1\)$/],
  ])('%s', (_what, text, expected) => {
    expect(error(text)).toMatch(expected);
  });

  it('a valid file has no error', () => {
    expect(error(base)).toBe('no error');
  });
});

describe('[GEN-FUNC-SCENARIO-ORDERER-SIDE.1] a partition may put the ordering service on one side', () => {
  const scenario = (orderer: string) => `name: orderer-side
duration: 5s
orgs:
  - mspId: Org1MSP
    peers:
      - { name: p0, endpoint: "p0:7051" }
      - { name: p1, endpoint: "p1:7051" }
      - { name: p2, endpoint: "p2:7051" }
channels:
  - name: ch
timeline:
  - { at: 1s, partition: { groups: [[p0], [p1]]${orderer} } }
`;
  const placed = (orderer: string) => {
    const parsed = parseScenarioYaml(scenario(orderer), 'orderer-side.yaml');
    if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
    const compiled = compileScenario(parsed.value);
    if (!compiled.ok) throw new Error(formatScenarioError(compiled.error));
    const w = runScenario(compiled.value, { tracing: false }).world;
    return { group: ordererGroup(w), reach: ['p0', 'p1', 'p2'].filter((p) => ordererReachableBy(w, 'ch', p)) };
  };

  it.each([
    ['a group index', ', orderer: 1', 1, ['p1']],
    ["a peer's name (the group it is listed in)", ', orderer: p0', 0, ['p0']],
    ["a peer's name (listed in no group: the extra one)", ', orderer: p2', 2, ['p2']],
    ['the extra group by index', ', orderer: 2', 2, ['p2']],
    ['reachable (the default: outside the partition)', ', orderer: reachable', undefined, ['p0', 'p1', 'p2']],
    ['nothing said', '', undefined, ['p0', 'p1', 'p2']],
  ])('[GEN-FUNC-SCENARIO-ORDERER-SIDE.1] %s', (_what, orderer, group, reach) => {
    expect(placed(orderer)).toEqual({ group, reach });
  });
});

describe('[GEN-FUNC-SCENARIO-RUN.1] every timeline action reaches the simulator', () => {
  // Each expectation shows one action's effect: yield (no leader), an orderer outage (no block),
  // loss and duplication (counters), stop (the leader gone, no block), start after stop, a
  // partition with the orderer unreachable (no block), heal (caught up).
  const text = `name: every-action
duration: 110s
orgs:
  - mspId: Org1MSP
    peers:
      - { name: p0, endpoint: "p0.org1:7051", bootstrap: ["p1.org1:7051"] }
      - { name: p1, endpoint: "p1.org1:7051", bootstrap: ["p0.org1:7051"] }
channels:
  - name: ch
timeline:
  - { at: 1s, createChannel: ch }
  - { at: 2s, join: { channel: ch } }
  - { at: 10s, yield: { peer: p0, channel: ch } }
  - { at: 20s, ordererOutage: { down: true } }
  - { at: 21s, cutBlocks: { channel: ch } }
  - { at: 25s, ordererOutage: { down: false, channel: ch } }
  - { at: 30s, setLoss: 1 }
  - { at: 31s, setDuplication: 0.5 }
  - { at: 32s, setLatency: { min: 5ms, max: 50ms } }
  - { at: 35s, setLoss: 0 }
  - { at: 40s, stop: p1 }
  - { at: 41s, cutBlocks: { channel: ch } }
  - { at: 50s, start: p1 }
  - { at: 55s, note: "p1 is back" }
  - { at: 60s, partition: { groups: [[p0], [p1]], orderer: unreachable } }
  - { at: 61s, cutBlocks: { channel: ch } }
  - { at: 65s, heal: true }
  - { at: 86s, leave: { peer: p1, channel: ch } }
expect:
  - { at: 9s, leaders: { Org1MSP: [p0] }, heights: { all: 1 } }
  - { at: 12s, label: yield, leaders: { Org1MSP: { count: 0 } } }
  - { at: 24s, label: orderer outage, heights: { all: 1 } }
  - { at: 39.9s, label: orderer back; loss and duplication, heights: { all: 2 }, leaders: { Org1MSP: [p1] } }
  - { at: 49s, label: p1 stopped, heights: { p0: 2, p1: 2 }, leaders: { Org1MSP: { count: 0 } } }
  - { at: 64s, label: partition with the orderer unreachable, heights: { all: 3 } }
  - { at: 85s, label: healed, heights: { all: 4 }, leaders: { Org1MSP: { count: 1, among: [p0, p1] } }, channelViews: { p0: [p1], p1: [p0] }, counters: { drop: { min: 1 }, dup: { min: 1 } }, invariants: [noFailure, commitsFollowOrderer, peerStateInvariants, ledgersCaughtUp, oneLeaderPerOrg] }
  - { at: end, label: p1 left, channelViews: { p0: [], p1: [] } }
`;

  it('yield, ordererOutage, setLoss, setDuplication, setLatency, stop, start, partition (orderer unreachable), heal, leave, note', () => {
    const parsed = parseScenarioYaml(text, 'every-action.yaml');
    if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
    const compiled = compileScenario(parsed.value);
    if (!compiled.ok) throw new Error(formatScenarioError(compiled.error));
    expect(compiled.value.lateStarters).toEqual([]); // p1's first lifecycle action is a stop
    const run = runScenario(compiled.value);
    const failed = run.results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${c.path}: expected ${c.expected}, got ${c.actual}`));
    expect(failed).toEqual([]);
    expect(run.results).toHaveLength(8);
    const actions = run.observations.flatMap((o) => (o.kind === 'action' ? [o.action] : []));
    expect(new Set(actions)).toEqual(new Set(['createChannel', 'join', 'yield', 'ordererOutage', 'cutBlocks', 'setLoss', 'setDuplication', 'setLatency', 'stop', 'start', 'note', 'partition', 'heal', 'leave']));
  });

  it('an impossible expectation fails with its path', () => {
    const parsed = parseScenarioYaml(text.replace('{ at: 24s, label: orderer outage, heights: { all: 1 } }', '{ at: 24s, label: orderer outage, heights: { all: 2 } }'), 'every-action.yaml');
    if (!parsed.ok) throw new Error(formatScenarioError(parsed.error));
    const compiled = compileScenario(parsed.value);
    if (!compiled.ok) throw new Error(formatScenarioError(compiled.error));
    const run = runScenario(compiled.value, { tracing: false });
    expect(run.ok).toBe(false);
    expect(run.results.filter((r) => !r.ok).map((r) => r.checks.filter((c) => !c.ok).map((c) => `${c.path}: ${c.actual}`))).toEqual([['expect.2.heights.all: p0=1, p1=1']]);
  });
});
