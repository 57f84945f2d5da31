/**
 * Simulation properties (architecture §6.4, TigerBeetle's VOPR split): fast-check generates peers,
 * bootstrap links, fault schedules (partitions, crashes, restarts, loss, duplication) and
 * positional delivery choices; every membership invariant is checked after every step of every
 * peer (membership-node.ts records the first violation); when faults stop, the world is calmed
 * and liveness must hold by a deadline derived from the parameters. A failure prints fast-check's
 * seed and path (replay with { seed, path }) and the simulator's own seed, step and time.
 */
import fc from 'fast-check';
import { FABRIC_DISCOVERY_TEST_PARAMS, CONNECT_RESPONSE_TIMEOUT_MS, silentAliveMember } from '../../src/membership';
import { choicesArb, describeFailure, DEFAULT_NETWORK, faultScheduleArb, isAlive, peerNames, runWithChecks, type FaultKind } from '../../src/sim';
import { deliveries, disclosureViolations, internalEndpointLeaks } from './delivered';
import { aliveNames, buildNet, fullMembership, noInvariantViolation, stateOf, type MWorld, type NodeSpec, type TestNet } from './net';

const P = FABRIC_DISCOVERY_TEST_PARAMS;
const FAULT_KINDS: FaultKind[] = ['partition', 'heal', 'crash', 'restart', 'setLoss', 'setDuplication'];
const FAULTS_STOP_MS = 15000;

/** [MEM-LIVE-FULL-MEMBERSHIP.1] B = max(connectResponseTimeout, dialTimeout) + reconnectInterval + (⌈log2 n⌉ + 2) × pullInterval + 8L. */
function fullMembershipBoundMs(n: number): number {
  const rounds = Math.ceil(Math.log2(n)) + 2;
  return Math.max(CONNECT_RESPONSE_TIMEOUT_MS, DEFAULT_NETWORK.dialTimeoutMs) + P.reconnectIntervalMs + rounds * P.pullIntervalMs + 8 * DEFAULT_NETWORK.maxLatencyMs;
}

/** [MEM-LIVE-DETECT-DEAD.1] once timers are back on schedule, nobody stays alive after timeout + check interval of silence. */
function detectDead(stopMs: number) {
  return (w: MWorld): string | undefined => {
    if (w.nowMs < stopMs + P.aliveExpirationCheckIntervalMs) return undefined;
    for (const name of peerNames(w)) {
      if (!isAlive(w, name)) continue;
      const v = silentAliveMember(stateOf(w, name), w.nowMs);
      if (v !== undefined) return `MEM-LIVE-DETECT-DEAD.1 at ${name}: ${v}`;
    }
    return undefined;
  };
}

const singleOrgArb = fc.integer({ min: 3, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    parents: fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    schedule: faultScheduleArb(Array.from({ length: n }, (_, i) => `p${i}`), { untilMs: FAULTS_STOP_MS, maxFaults: 6, kinds: FAULT_KINDS, maxLoss: 0.5 }),
    choices: choicesArb({ maxLength: 60 }),
  }),
);

describe('membership under faults (simulation)', () => {
  it('[MEM-FUNC-VIEW-TOKEN.1] [MEM-SAFE-ALIVE-MONOTONIC.1] [MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1] [MEM-SAFE-SELF-EXCLUSION.1] [MEM-LIVE-DETECT-DEAD.1] [MEM-LIVE-FULL-MEMBERSHIP.1] one org with bootstrap links: safe under faults, full membership after', () => {
    fc.assert(
      fc.property(singleOrgArb, ({ n, parents, seed, schedule, choices }) => {
        const nodes: NodeSpec[] = Array.from({ length: n }, (_, i) => ({
          name: `p${i}`,
          port: 6000 + i,
          bootstrap: i === 0 ? [] : [`localhost:${6000 + ((parents[i - 1] ?? 0) % i)}`],
        }));
        const net = buildNet({ nodes, seed });
        const deadline = FAULTS_STOP_MS + fullMembershipBoundMs(n);
        const result = runWithChecks(net.world, {
          safety: [noInvariantViolation, detectDead(FAULTS_STOP_MS)],
          liveness: [{ name: 'MEM-LIVE-FULL-MEMBERSHIP.1', deadlineMs: deadline, holds: (w) => fullMembership(net, w) }],
          untilMs: deadline + 1,
          faultsStopAtMs: FAULTS_STOP_MS,
          schedule,
          choices,
        });
        if (!result.ok) throw new Error(describeFailure(result.failure));
      }),
      { numRuns: Number(process.env.MEM_RUNS ?? 25) },
    );
  });

  const multiOrgArb = fc.record({
    orgs: fc.integer({ min: 2, max: 3 }),
    external: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    foreignBootstrap: fc.option(fc.nat(), { nil: undefined }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    faults: fc.array(fc.record({ atMs: fc.nat({ max: FAULTS_STOP_MS }), k: fc.nat() }), { maxLength: 4 }),
    choices: choicesArb({ maxLength: 60 }),
  });

  function multiOrgNet(orgs: number, external: readonly boolean[], foreignBootstrap: number | undefined, seed: number): { net: TestNet; nodes: NodeSpec[] } {
    const nodes: NodeSpec[] = [];
    const anchors = Array.from({ length: orgs }, (_, o) => ({ org: `Org${o}MSP`, endpoint: `anchor${o}.ext:7000` }));
    for (let o = 0; o < orgs; o++) {
      for (let i = 0; i < 2; i++) {
        const name = `o${o}p${i}`;
        const ext = i === 0 ? `anchor${o}.ext:7000` : external[o * 2 + i] === true ? `${name}.ext:7000` : 'none';
        const bootstrap = i === 0 ? [] : [`localhost:${7000 + o * 10}`];
        nodes.push({ name, org: `Org${o}MSP`, port: 7000 + o * 10 + i, external: ext, bootstrap, anchors });
      }
    }
    if (foreignBootstrap !== undefined) {
      const victim = nodes[foreignBootstrap % nodes.length] as NodeSpec;
      // A non-anchor peer of another org: a Connect request (nonce != 0) can then only come from a bootstrap Connect.
      const other = nodes.find((m) => m.org !== victim.org && m.name.endsWith('p1')) as NodeSpec;
      nodes[nodes.indexOf(victim)] = { ...victim, bootstrap: [...(victim.bootstrap ?? []), `localhost:${other.port}`] };
    }
    return { net: buildNet({ nodes, seed, tracing: true }), nodes };
  }

  it('[MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] [MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1] [MEM-SAFE-NO-THIRD-ORG-RELAY.1] [MEM-SAFE-BOOTSTRAP-SANITY.1] several orgs with anchors: nothing leaks, under faults', () => {
    fc.assert(
      fc.property(multiOrgArb, ({ orgs, external, foreignBootstrap, seed, faults, choices }) => {
        const { net, nodes } = multiOrgNet(orgs, external, foreignBootstrap, seed);
        const names = nodes.map((n) => n.name);
        const schedule = faults.map(({ atMs, k }) => {
          const peer = names[k % names.length] as string;
          const actions = [{ kind: 'crash' as const, peer }, { kind: 'restart' as const, peer }, { kind: 'partition' as const, groups: [names.filter((_, i) => (i + k) % 2 === 0)] }, { kind: 'heal' as const }, { kind: 'setLoss' as const, probability: 0.3 }];
          return { atMs, action: actions[k % actions.length] as (typeof actions)[number] };
        }).sort((a, b) => a.atMs - b.atMs);
        const expectedOf = (n: NodeSpec) => {
          const hasExt = (m: NodeSpec) => m.external !== 'none';
          return nodes.filter((m) => m.name !== n.name && (m.org === n.org || (hasExt(n) && hasExt(m)))).map((m) => m.name).sort();
        };
        const deadline = FAULTS_STOP_MS + 2 * fullMembershipBoundMs(nodes.length);
        const result = runWithChecks(net.world, {
          safety: [noInvariantViolation],
          liveness: [{ name: 'cross-org views', deadlineMs: deadline, holds: (w) => nodes.every((n) => aliveNames(net, w, n.name).join() === expectedOf(n).join()) }],
          untilMs: deadline + 1,
          faultsStopAtMs: FAULTS_STOP_MS,
          schedule,
          choices,
        });
        if (!result.ok) throw new Error(describeFailure(result.failure));
        expect(internalEndpointLeaks(net, result.world)).toEqual([]);
        expect(disclosureViolations(net, result.world)).toEqual([]);
        const foreignBootstrapRequests = deliveries(result.world).filter((d) => {
          const from = nodes.find((m) => m.name === d.from) as NodeSpec;
          const to = nodes.find((m) => m.name === d.to) as NodeSpec;
          const isConnectRequest = d.envelope.payload.content.$case === 'memReq' && d.envelope.payload.nonce !== 0n;
          return isConnectRequest && from.org !== to.org && (from.bootstrap ?? []).includes(`localhost:${to.port}`);
        });
        expect(foreignBootstrapRequests).toEqual([]);
      }),
      { numRuns: Number(process.env.MEM_RUNS2 ?? 15) },
    );
  });
});
