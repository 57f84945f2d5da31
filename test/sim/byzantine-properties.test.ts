/**
 * Honest-peer safety with Byzantine peers present: Fabric's First Network (2 orgs x 2 peers, one
 * orderer) in which one or two peers are Byzantine insiders (src/sim/byzantine), under fast-check
 * schedules of faults and attack bursts clustered around election rounds and heals.
 * fast-check prints the seed, the path and the shrunk counterexample on failure; replay one with
 * `fc.assert(..., { seed, path })` (or pin it under `examples`).
 */
import fc from 'fast-check';
import { firstNetworkPeerEnv } from '../../src/config';
import { createSymbolicSuite, type SigningKey } from '../../src/core';
import { createPeerReducer, oneLeaderPerOrgBoundMs, type PeerState } from '../../src/peer';
import { ordererBlockMaker } from '../../src/scenarios/orderer-blocks';
import { firstNetworkPeers } from '../../src/scenarios/first-network';
import {
  advanceTo,
  atMostOneHonestLeaderPerOrg,
  byzantineScenarioArb,
  command,
  commitsFollowOrderer,
  createWorld,
  honestLedgersFollowOrderer,
  honestRejections,
  honestStateBounded,
  noForeignLeadership,
  noForgedMember,
  noStrayDial,
  peerState,
  runWithChecks,
  sortSchedule,
  withByzantine,
  type AttackKind,
  type InitPeer,
  type PeerSpec,
  type SafetyCheck,
  type ScheduleItem,
  type WithByzantine,
  type World,
} from '../../src/sim';
import { CHANNEL, FAST_ELECTION_ENV, configOf, joinCommand } from '../peer/fixtures';

/** A channel of Org2 only: Org1's peers are outside it (channel isolation). */
const ORG2_CHANNEL = 'org2only';
const JOIN_AT_MS = 1_000;
const FAULTS_STOP_MS = 16_000;
const MAX_DELAY_MS = 10;

type B = WithByzantine<PeerState>;

const defs = firstNetworkPeers(true).map((d) => {
  const [, peer, org] = /^peer(\d)\.org(\d)$/.exec(d.name) ?? [];
  return { ...d, config: configOf('fabric-1.4', { ...firstNetworkPeerEnv(Number(org) as 1 | 2, Number(peer) as 0 | 1), ...FAST_ELECTION_ENV }) };
});
const NAMES = defs.map((d) => d.name);
const CONFIG = defs[0]!.config;

/** The First Network with `byzantine` peers wrapped (buildNetwork's recipe, plus withByzantine). */
function byzantineFirstNetwork(seed: number, byzantine: readonly string[], options: { tracing?: boolean; attackEveryMs?: number } = {}): World<B> {
  const suite = createSymbolicSuite(seed);
  const keyByName = new Map<string, SigningKey>();
  const keyByPki = new Map<string, SigningKey>();
  const specs: PeerSpec[] = defs.map((d) => {
    const key = suite.enroll(d.org, d.name);
    const pki = suite.pkiIdOf(key.identity);
    keyByName.set(d.name, key);
    keyByPki.set(pki, key);
    return { name: d.name, pkiId: pki, identity: key.identity, org: suite.orgOf(key.identity)!, internalEndpoint: d.internalEndpoint, externalEndpoint: d.externalEndpoint };
  });
  const orderer = suite.enroll('OrdererMSP', 'orderer.example.com');
  const honest = createPeerReducer(suite, (pki) => keyByPki.get(pki), [orderer.identity]);
  const honestInit: InitPeer<PeerState> = (spec, nowMs, context) =>
    honest.init({
      self: { pkiId: spec.pkiId, identity: spec.identity, org: spec.org, internalEndpoint: spec.internalEndpoint, externalEndpoint: spec.externalEndpoint },
      config: defs.find((d) => d.name === spec.name)!.config,
      startTimeMs: nowMs,
      seed: seed * 1000 + NAMES.indexOf(spec.name) * 10 + context.incarnation,
      ledgerHeights: context.ledgerHeights,
      durable: context.durable,
    });
  const parts = withByzantine(honest, honestInit, {
    seed,
    byzantine,
    peers: specs,
    suite,
    keyOf: (name) => (byzantine.includes(name) ? keyByName.get(name) : undefined),
    channels: [CHANNEL, ORG2_CHANNEL],
    attackEveryMs: options.attackEveryMs ?? 600,
    floodSize: 8,
  });
  return createWorld<B>({ seed, peers: specs, reducer: parts.reducer, initPeer: parts.initPeer, makeBlock: ordererBlockMaker(suite, orderer), tracing: options.tracing ?? true });
}

/** Everyone joins mychannel; Org2 also joins its own channel. Blocks are cut on both through the run. */
function workload(untilMs: number): ScheduleItem[] {
  const joins: ScheduleItem[] = NAMES.flatMap((peer) => {
    const items: ScheduleItem[] = [{ atMs: JOIN_AT_MS, action: { kind: 'command', peer, command: joinCommand(['Org1MSP', 'Org2MSP']) } }];
    if (peer.endsWith('org2')) items.push({ atMs: JOIN_AT_MS, action: { kind: 'command', peer, command: { ...(joinCommand(['Org2MSP']) as object), channel: ORG2_CHANNEL } } });
    return items;
  });
  const cuts: ScheduleItem[] = [];
  for (let t = 2_500; t <= untilMs; t += 2_500) cuts.push({ atMs: t, action: { kind: 'cutBlock', channel: CHANNEL } });
  for (let t = 3_000; t <= untilMs; t += 4_000) cuts.push({ atMs: t, action: { kind: 'cutBlock', channel: ORG2_CHANNEL } });
  return [...joins, ...cuts];
}

/** The SAFE checks of spec/adversary.md plus the simulator's own commit check (src/sim/checks.ts). */
function safety(byzantine: readonly string[]): SafetyCheck<B>[] {
  return [
    commitsFollowOrderer<B>(),
    noForgedMember(),
    noForeignLeadership(),
    honestLedgersFollowOrderer(),
    honestStateBounded(),
    noStrayDial(byzantine),
  ];
}

const scenarios = byzantineScenarioArb({
  peers: defs.map((d) => ({ name: d.name, org: d.org })),
  maxByzantine: 2,
  electionStartMs: JOIN_AT_MS,
  electionRoundMs: 3_000, // startupGracePeriod 2 s + leaderElectionDuration 1 s (FAST_ELECTION_ENV)
  afterHealMs: 2_000,
  untilMs: FAULTS_STOP_MS,
  maxEpisodes: 3,
});

function runScenario(seed: number, byzantine: readonly string[], schedule: readonly ScheduleItem[]) {
  const deadlineMs = FAULTS_STOP_MS + oneLeaderPerOrgBoundMs(CONFIG, MAX_DELAY_MS);
  return runWithChecks(byzantineFirstNetwork(seed, byzantine), {
    safety: safety(byzantine),
    schedule: sortSchedule([...workload(FAULTS_STOP_MS), ...schedule]),
    faultsStopAtMs: FAULTS_STOP_MS,
    untilMs: deadlineMs,
    liveness: [{ name: '[SIM-LIVE-BYZANTINE-ONE-HONEST-LEADER.1] at most one honest leader per org', deadlineMs, holds: atMostOneHonestLeaderPerOrg(CHANNEL), mustHoldAtDeadline: true }],
  });
}

describe('honest peers with Byzantine peers present (First Network)', () => {
  // Each run is ~45 s of virtual time of 4 peers (one or two of them attacking every ~0.4 s) with
  // the checks after every step: about 1 s of CPU. 8 runs keep the file under 20 s on 2 cores;
  // the bias of the schedules (attacks during election rounds and right after heals) and the
  // fixed examples make them count.
  it('[SIM-SAFE-BYZANTINE-NO-FORGED-MEMBER.1] [SIM-SAFE-BYZANTINE-NO-FOREIGN-LEADERSHIP.1] [SIM-SAFE-BYZANTINE-LEDGER-FROM-ORDERER.1] [SIM-SAFE-BYZANTINE-HONEST-INVARIANTS.1] [SIM-SAFE-BYZANTINE-BOUNDED-STATE.1] [SIM-LIVE-BYZANTINE-ONE-HONEST-LEADER.1] [SIM-SAFE-BYZANTINE-NO-STRAY-DIAL.1] [SIM-FUNC-BYZANTINE-SCHEDULES.1] no forged message is accepted, honest ledgers follow the orderer, state stays bounded, and after heal at most one honest leader per org', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), scenarios, (seed, scenario) => {
        const result = runScenario(seed, scenario.byzantine, scenario.schedule);
        if (!result.ok) throw new Error(`${result.failure.kind} at ${result.failure.nowMs}ms (seed ${seed}, byzantine ${scenario.byzantine.join(',')}): ${result.failure.message}`);
      }),
      {
        numRuns: 8,
        examples: [
          // One Byzantine peer per org, bursts of everything during the first election round.
          [3, { byzantine: ['peer0.org1', 'peer1.org2'], schedule: [{ atMs: 1_500, action: { kind: 'command', peer: 'peer0.org1', command: { byzantine: 'burst', attacks: ['aliveFlood', 'forgedName', 'leadershipForOther', 'foreignLeadership'] } } }] }],
          // A partition heals and the Byzantine peer strikes right after.
          [5, { byzantine: ['peer1.org1'], schedule: [
            { atMs: 4_000, action: { kind: 'partition', groups: [['peer0.org1', 'peer0.org2'], ['peer1.org1', 'peer1.org2']] } },
            { atMs: 9_000, action: { kind: 'heal' } },
            { atMs: 9_100, action: { kind: 'command', peer: 'peer1.org1', command: { byzantine: 'burst', attacks: ['replay', 'staleAlive', 'futureAlive', 'spoofedMemReq'] } } },
          ] }],
        ],
      },
    );
  });
});
describe('[SIM-FUNC-BYZANTINE-REJECTIONS-COUNTED.1] hostile traffic reaching an honest peer is counted', () => {
  // One Byzantine insider (peer1.org1), its timer attacks paused, after the channels are joined and
  // blocks flowed (so it has real traffic to replay); each class is sent four times to one target.
  const cases: [AttackKind, string, string][] = [
    ['forgedName', 'peer0.org2', 'alive.invalid'],
    ['aliveFlood', 'peer0.org1', 'alive.invalid'],
    ['spoofedMemReq', 'peer0.org1', 'alive.spoofedMemReq'],
    ['foreignLeadership', 'peer0.org2', 'leadership.foreignSender'],
    ['foreignChannelBlock', 'peer0.org1', 'block.unknownChannel'],
    ['foreignChannelBlock', 'peer0.org2', 'block.foreignSender'],
    ['illegalTag', 'peer0.org1', 'message.illegalTag'],
    ['malformed', 'peer0.org2', 'message.decodeError'],
    ['unsolicitedPull', 'peer0.org2', 'pull.foreignSender'],
  ];
  let base: World<B> | undefined;
  const warmed = (): World<B> => {
    if (base !== undefined) return base;
    let w = command(byzantineFirstNetwork(11, ['peer1.org1'], { tracing: false }), 'peer1.org1', { byzantine: 'pause' });
    w = runWithChecks(w, { safety: [], schedule: workload(8_000), untilMs: 8_000 }).world;
    return (base = w);
  };

  it.each(cases)('[SIM-FUNC-BYZANTINE-REJECTIONS-COUNTED.1] %s sent to %s is counted as %s, and nothing forged is kept', (kind, target, reason) => {
    const before = warmed();
    let w = before;
    for (let i = 0; i < 4; i++) w = command(w, 'peer1.org1', { byzantine: 'burst', attacks: [kind], target });
    w = advanceTo(w, before.nowMs + 100);
    const counted = (x: World<B>) => (peerState(x, target) as PeerState).rejected[reason] ?? 0;
    expect(counted(w)).toBeGreaterThan(counted(before));
    expect(honestRejections(w)[reason]).toBeGreaterThan(0);
    for (const check of safety(['peer1.org1']).slice(0, 5)) expect(check(w)).toBeUndefined();
  });
});
