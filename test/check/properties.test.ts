/**
 * The whole-network properties (src/check) with their CI budget: each runs `ciRuns` generated
 * cases of small worlds (2 orgs of 2–3 peers) under dangerous fault schedules. The long budget is
 * `npm run check -- --long --size large --budget <seconds>`. fast-check's seed is printed; a
 * failure prints the shrunk case's seed and path to replay.
 */
import fc from 'fast-check';
import { applyResolved, buildCheckWorld, CI_TIMING, checkProperty, peerDefinitions, PROPERTIES, replayCommand, resolveAction, selectProperties, workloadItems, WORLD_SIZES, worldSpecArb, type OrdererSide } from '../../src/check';
import { advanceTo, applyAction, leadersOf, ordererReachableBy, type WorldAction } from '../../src/sim';
import { pinsOf } from './pinned';

const SEED = Number(process.env['CHECK_SEED'] ?? 2024);

describe('[GEN-FUNC-CHECK-PROPERTIES.2] whole-network properties over generated worlds and dangerous fault schedules', () => {
  const check = (id: string) => {
    const property = PROPERTIES.find((p) => p.id === id)!;
    // [GEN-FUNC-CHECK-PINNED.1] the counterexamples of its planted bugs first, then its CI budget.
    const pinned = pinsOf(id);
    const started = Date.now();
    const report = checkProperty(property, { runs: property.ciRuns, seed: SEED, size: WORLD_SIZES.small, timing: CI_TIMING, pinned });
    console.log(`${property.id}: seed ${SEED}, ${pinned.length} pinned + ${property.ciRuns} runs, ${report.steps} steps, ${((Date.now() - started) / 1000).toFixed(1)} s, worst liveness ratio ${JSON.stringify(report.worstRatio)}`);
    if (report.counterexample !== undefined) throw new Error(`${report.counterexample.message}\nreplay: ${replayCommand(report.counterexample)}`);
    expect(report.runs).toBe(property.ciRuns + pinned.length);
    expect(report.steps).toBeGreaterThan(0);
    for (const ratio of Object.values(report.worstRatio)) expect(ratio).toBeGreaterThanOrEqual(1);
  };

  it('[PEER-SAFE-SUBSYSTEM-INVARIANTS.1] [GEN-FUNC-CHECK-WORLDS.2] [GEN-FUNC-CHECK-FAULTS.2] [GEN-FUNC-CHECK-RUN.1] every subsystem invariant in every live peer after every step', () => check('PEER-SAFE-SUBSYSTEM-INVARIANTS.1'));
  it('[GEN-SAFE-CHECK-ONE-LEADER.1] at most one leader per org, channel and component past the grace', () => check('GEN-SAFE-CHECK-ONE-LEADER.1'));
  it("[GEN-SAFE-CHECK-LEDGER-PREFIX.1] [DIS-SAFE-IN-ORDER-COMMIT.1] every ledger a prefix of the orderer's chain", () => check('GEN-SAFE-CHECK-LEDGER-PREFIX.1'));
  it('[GEN-SAFE-CHECK-ISOLATION.1] [STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1] [STX-SAFE-SERVED-WITHIN-REQUEST.1] blocks stay in the org and the channel', () => check('GEN-SAFE-CHECK-ISOLATION.1'));
  it('[GEN-SAFE-CHECK-DISCLOSURE.1] [MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] [MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1] internal endpoints stay in their org', () => check('GEN-SAFE-CHECK-DISCLOSURE.1'));
  it('[GEN-SAFE-CHECK-NOTHING-FORGED.1] [GEN-FUNC-CHECK-WORLDS.2] with a Byzantine insider, no honest peer keeps anything forged', () => check('GEN-SAFE-CHECK-NOTHING-FORGED.1'));
  it('[GEN-LIVE-CHECK-ONE-LEADER.1] [PEER-LIVE-ONE-LEADER-PER-ORG.1] [ELE-LIVE-ONE-LEADER.1] one leader per org after faults stop, the smallest that led', () => check('GEN-LIVE-CHECK-ONE-LEADER.1'));
  it("[GEN-LIVE-CHECK-LEDGER.1] [PEER-LIVE-LEDGER-CATCH-UP.1] every live peer holds the orderer's chain after faults stop", () => check('GEN-LIVE-CHECK-LEDGER.1'));
  it("[GEN-LIVE-CHECK-MEMBERSHIP.1] [MEM-LIVE-DETECT-DEAD.1] every peer sees exactly its org's live peers after faults stop", () => check('GEN-LIVE-CHECK-MEMBERSHIP.1'));

  it('[GEN-FUNC-CHECK-WORLDS.2] [GEN-FUNC-CHECK-FAULTS.2] generated worlds stay in their ranges, and a role action hits the peer holding the role when it fires', () => {
    fc.assert(
      fc.property(worldSpecArb(WORLD_SIZES.large), (spec) => {
        expect(spec.orgs).toBeGreaterThanOrEqual(2);
        expect(spec.orgs).toBeLessThanOrEqual(4);
        expect(spec.peersPerOrg).toBeLessThanOrEqual(6);
        const defs = peerDefinitions(spec);
        expect(defs).toHaveLength(spec.orgs * spec.peersPerOrg);
        expect(defs.every((d) => d.config.state.enabled && d.internalEndpoint !== d.externalEndpoint)).toBe(true);
        if (spec.leader === 'static') expect(defs.filter((d) => d.config.orgLeader)).toHaveLength(spec.orgs);
      }),
      { numRuns: 30, seed: SEED },
    );
    const spec = { orgs: 2, peersPerOrg: 3, channels: 1, profile: 'fabric-1.4', leader: 'elect', bootstrap: 'first', anchors: true, hiddenPeers: false } as const;
    let w = buildCheckWorld(spec, 5);
    for (const item of workloadItems(spec, { configChange: 'none', changeAtMs: 0, lateJoiner: undefined }, CI_TIMING).filter((i) => i.action.kind === 'command')) w = applyAction(w, item.action as WorldAction);
    w = advanceTo(w, 8_000);
    const leader = leadersOf(w, 'mychannel').find((n) => n.endsWith('.org2'))!;
    expect(leader).toBeDefined();
    const rest = expect.arrayContaining(['p0.org1', 'p1.org1', 'p2.org1']);
    const isolate = (orderer: OrdererSide) => resolveAction(w, { kind: 'isolateLeader', org: 1, channel: 'mychannel', orderer }, []);
    expect(isolate('outside')).toEqual([{ kind: 'partition', groups: [[leader], rest] }]);
    expect(isolate('down')).toEqual([{ kind: 'partition', groups: [[leader], rest] }, { kind: 'setOrdererReachable', channel: 'mychannel', reachable: false }]);
    // [SIM-FUNC-ORDERER-PARTITION.1] the ordering service with the leader (group 0) or with the rest (group 1).
    expect(isolate('withLeader')).toEqual([{ kind: 'placedPartition', groups: [[leader], rest], ordererGroup: 0 }]);
    expect(isolate('withRest')).toEqual([{ kind: 'placedPartition', groups: [[leader], rest], ordererGroup: 1 }]);
    const cutOff = applyResolved(w, isolate('withRest')[0]!);
    expect(ordererReachableBy(cutOff, 'mychannel', leader)).toBe(false);
    expect(ordererReachableBy(cutOff, 'mychannel', 'p0.org1')).toBe(true);
    expect(resolveAction(w, { kind: 'crashLeader', org: 1, channel: 'mychannel' }, [])).toEqual([{ kind: 'crash', peer: leader }]);
    const crashed = applyAction(w, { kind: 'crash', peer: 'p1.org1' });
    expect(resolveAction(crashed, { kind: 'restartCrashed' }, ['p1.org1'])).toEqual([]);
    expect(resolveAction(crashed, { kind: 'restartCrashed' }, [])).toEqual([{ kind: 'restart', peer: 'p1.org1' }]);
  });

  it('[GEN-FUNC-CHECK-RUNNER.1] properties are chosen by requirement id, prefix or subsystem; an unknown selector is refused', () => {
    expect(selectProperties(['GEN-SAFE-CHECK-ONE-LEADER.1']).map((p) => p.id)).toEqual(['GEN-SAFE-CHECK-ONE-LEADER.1']);
    expect(selectProperties(['election']).map((p) => p.id)).toEqual(['GEN-SAFE-CHECK-ONE-LEADER.1', 'GEN-LIVE-CHECK-ONE-LEADER.1']);
    expect(selectProperties(['GEN-LIVE']).every((p) => p.kind === 'liveness')).toBe(true);
    expect(selectProperties([])).toHaveLength(PROPERTIES.length);
    expect(() => selectProperties(['NOPE'])).toThrow(/no property matches NOPE/);
  });
});
