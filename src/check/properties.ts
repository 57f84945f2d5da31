/**
 * The whole-network properties ([GEN-FUNC-CHECK-PROPERTIES.2]): each a requirement id, the
 * subsystem it defends, and the checks it adds to a generated case's run. A property checks only
 * its own predicates, so a violation names it alone.
 */
import type { PeerReducer } from '../core';
import { ledgerCatchUpBoundMs, membershipRecoveryBoundMs, oneLeaderPerOrgBoundMs, type PeerState } from '../peer';
import type { SafetyCheck, WithByzantine } from '../sim';
import { acceptedLeadershipWatcher, nothingForgedHeld, watchingSteps, type StepWatcher } from './forged';
import { LEDGER_READ_LATENCY_MS } from '../sim/ledger';
import { ledgersCaughtUp, membershipMatchesLife, oneLeaderPerOrg } from './liveness';
import { checkedRun, type CheckOutcome, type LivenessPredicate } from './run';
import {
  atMostOneLeaderPerComponent,
  blockRoutingWatcher,
  channelIsolation,
  commitsInOrder,
  ledgersArePrefixes,
  monitorProblems,
  noEndpointDisclosed,
  peerInvariantsHold,
  secretWatcher,
  watchingEffects,
  type EffectWatcher,
} from './safety';
import { finalOrgs, type GeneratedCase, type Timing } from './schedule';
import { buildCheckWorld, byzantineCheckWorld, channelOrgs, channelsOf, mspOf, peerDefinitions, type SignatureFacts } from './world';
import type { GossipConfig } from '../config';

/** The network's delay bound in check worlds (the simulator's default latency, 1..10 ms). */
export const MAX_DELAY_MS = 10;

export interface CaseContext {
  readonly testCase: GeneratedCase;
  readonly config: GossipConfig;
  readonly timing: Timing;
  /** The org of a PKI-ID of this world. */
  readonly orgOf: (pkiId: string) => string | undefined;
  /** Where monitors record what they saw; a safety check reports the first. */
  readonly problems: string[];
  /** In a world with a Byzantine peer: what tells a genuine message from a forged one. */
  readonly signatures?: SignatureFacts;
}

export interface PropertyChecks {
  readonly safety: readonly SafetyCheck<PeerState>[];
  readonly liveness: readonly LivenessPredicate[];
  readonly watchers: readonly EffectWatcher[];
  /** Monitors of every honest step (state before, input, state after). */
  readonly steps?: readonly StepWatcher[];
  /** The safety checks of a world with a Byzantine peer (its state is not a PeerState); such a property has no other safety check nor liveness. */
  readonly byzantineSafety?: readonly SafetyCheck<WithByzantine<PeerState>>[];
  /** How long the run goes on after faults stop when no liveness predicate is waiting (a safety property that needs a calm tail). */
  readonly tailMs?: number;
}

export interface WholeNetworkProperty {
  /** The requirement id it checks (spec/check.md). */
  readonly id: string;
  readonly subsystem: string;
  readonly title: string;
  readonly kind: 'safety' | 'liveness';
  /** Generated cases in `npm test`'s budget. */
  readonly ciRuns: number;
  /** [GEN-FUNC-CHECK-WORLDS.2] Its worlds have a Byzantine insider (default: every peer honest). */
  readonly byzantine?: boolean;
  checks(ctx: CaseContext): PropertyChecks;
}

const none = { safety: [], liveness: [], watchers: [] };

/** Blocks the orderer cuts per channel in a case (the catch-up bound's H). */
export function cutCount(c: GeneratedCase): number {
  const counts = new Map<string, number>();
  for (const i of c.scenario.items) if (i.action.kind === 'cutBlock') counts.set(i.action.channel, (counts.get(i.action.channel) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** The orgs of each channel's last config (an org removed from a channel is no longer asked about). */
function orgsNow(ctx: CaseContext): (channel: string) => string[] {
  return (channel) => finalOrgs(ctx.testCase.world, channel, ctx.testCase.workload.configChange).map(mspOf);
}

export const PROPERTIES: readonly WholeNetworkProperty[] = [
  {
    id: 'PEER-SAFE-SUBSYSTEM-INVARIANTS.1',
    subsystem: 'peer',
    title: "every subsystem's invariants in every live peer; host and peer agree on leadership",
    kind: 'safety',
    ciRuns: 2,
    checks: () => ({ ...none, safety: [peerInvariantsHold()] }),
  },
  {
    id: 'GEN-SAFE-CHECK-ONE-LEADER.1',
    subsystem: 'election',
    title: 'at most one leader per org, channel and connected component (past a grace)',
    kind: 'safety',
    ciRuns: 6,
    checks(ctx) {
      const graceMs = oneLeaderPerOrgBoundMs(ctx.config, MAX_DELAY_MS);
      // The calm tail outlasts the grace, so that two leaders left by the faults must have met by its end.
      return { ...none, safety: [atMostOneLeaderPerComponent(graceMs)], tailMs: graceMs + 2 * ctx.config.election.leaderAliveThresholdMs };
    },
  },
  {
    id: 'GEN-SAFE-CHECK-LEDGER-PREFIX.1',
    subsystem: 'dissemination',
    title: "every ledger is a prefix of the orderer's chain, committed in order",
    kind: 'safety',
    ciRuns: 6,
    checks: () => ({ ...none, safety: [commitsInOrder(), ledgersArePrefixes()] }),
  },
  {
    id: 'GEN-SAFE-CHECK-ISOLATION.1',
    subsystem: 'channel',
    title: "blocks stay in the org (state responses in the channel's orgs); outsiders never hold a channel",
    kind: 'safety',
    ciRuns: 6,
    checks(ctx) {
      const spec = ctx.testCase.world;
      const outsiders = new Map<string, string[]>();
      for (const channel of channelsOf(spec)) {
        const inside = channelOrgs(spec, channel);
        for (let o = 0; o < spec.orgs; o++) if (!inside.includes(o)) outsiders.set(mspOf(o), [...(outsiders.get(mspOf(o)) ?? []), channel]);
      }
      return { ...none, safety: [channelIsolation(outsiders), monitorProblems(ctx.problems)], watchers: [blockRoutingWatcher(ctx.orgOf, ctx.problems)] };
    },
  },
  {
    id: 'GEN-SAFE-CHECK-DISCLOSURE.1',
    subsystem: 'membership',
    title: 'internal endpoints never reach another org; hidden peers stay hidden',
    kind: 'safety',
    ciRuns: 6,
    checks: (ctx) => ({ ...none, safety: [noEndpointDisclosed(), monitorProblems(ctx.problems)], watchers: [secretWatcher(ctx.orgOf, ctx.problems)] }),
  },
  {
    id: 'GEN-SAFE-CHECK-NOTHING-FORGED.1',
    subsystem: 'security',
    title: 'with a Byzantine insider, no honest peer keeps a forged member, StateInfo, leadership message or block',
    kind: 'safety',
    ciRuns: 3,
    byzantine: true,
    checks(ctx) {
      const facts = ctx.signatures;
      if (facts === undefined) throw new RangeError('GEN-SAFE-CHECK-NOTHING-FORGED.1 needs a world with a Byzantine peer');
      // The insider goes on attacking after faults stop: a calm tail of two election rounds is checked too.
      const tailMs = 2 * (ctx.config.election.leaderAliveThresholdMs + ctx.config.election.leaderElectionDurationMs);
      return { ...none, byzantineSafety: [nothingForgedHeld(facts), monitorProblems<WithByzantine<PeerState>>(ctx.problems)], steps: [acceptedLeadershipWatcher(facts, ctx.problems)], tailMs };
    },
  },
  {
    id: 'GEN-LIVE-CHECK-ONE-LEADER.1',
    subsystem: 'election',
    title: 'after faults stop, one leader per org and channel (the smallest that led)',
    kind: 'liveness',
    ciRuns: 6,
    checks: (ctx) => ({
      ...none,
      // Someone may be yielding when faults stop: a leader that lost the ordering service gives up
      // and yields ([GEN-FUNC-CHECK-WORLDS.2]), and if every peer of its org did so in turn, none
      // leads until the first yield ends ([ELE-LIVE-ONE-LEADER.1]'s max(Y, 2S)).
      liveness: [oneLeaderPerOrg(channelsOf(ctx.testCase.world), orgsNow(ctx), oneLeaderPerOrgBoundMs(ctx.config, MAX_DELAY_MS, true), ctx.testCase.world.leader === 'elect')],
    }),
  },
  {
    id: 'GEN-LIVE-CHECK-LEDGER.1',
    subsystem: 'statetransfer',
    title: "after faults stop, every live peer holds the orderer's chain",
    kind: 'liveness',
    ciRuns: 6,
    checks: (ctx) => ({ ...none, liveness: [ledgersCaughtUp(channelsOf(ctx.testCase.world), orgsNow(ctx), ledgerCatchUpBoundMs(ctx.config, MAX_DELAY_MS, LEDGER_READ_LATENCY_MS, cutCount(ctx.testCase)))] }),
  },
  {
    id: 'GEN-LIVE-CHECK-MEMBERSHIP.1',
    subsystem: 'membership',
    title: "after faults stop, every peer sees exactly its org's live peers",
    kind: 'liveness',
    ciRuns: 6,
    checks: (ctx) => ({ ...none, liveness: [membershipMatchesLife(membershipRecoveryBoundMs(ctx.config))] }),
  },
];

/** Properties chosen by requirement id (a prefix is enough) or subsystem; none chosen: all. */
export function selectProperties(selectors: readonly string[]): WholeNetworkProperty[] {
  if (selectors.length === 0) return [...PROPERTIES];
  const chosen = PROPERTIES.filter((p) => selectors.some((s) => p.id === s || p.id.startsWith(s) || p.subsystem === s));
  const unknown = selectors.filter((s) => !PROPERTIES.some((p) => p.id === s || p.id.startsWith(s) || p.subsystem === s));
  if (unknown.length > 0) throw new RangeError(`no property matches ${unknown.join(', ')}; ids: ${PROPERTIES.map((p) => p.id).join(', ')}`);
  return chosen;
}

export interface RunCaseOptions {
  readonly timing: Timing;
  readonly tracing?: boolean;
  /** A planted bug (tests only): wraps the peers' reducer inside the monitors. */
  readonly plant?: (r: PeerReducer<PeerState>) => PeerReducer<PeerState>;
}

/** [GEN-FUNC-CHECK-RUN.1] One generated case under one property. */
export function runCase(property: WholeNetworkProperty, testCase: GeneratedCase, options: RunCaseOptions): CheckOutcome<WithByzantine<PeerState>> {
  const orgs = new Map<string, string>();
  const config = peerDefinitions(testCase.world)[0]!.config;
  const prepared = testCase.world.byzantine === undefined ? undefined : byzantineCheckWorld(testCase.world, testCase.seed, { tracing: options.tracing ?? false });
  if ((property.byzantine === true) !== (prepared !== undefined)) throw new RangeError(`${property.id}: its cases ${property.byzantine === true ? 'need' : 'must not have'} a Byzantine peer`);
  const ctx: CaseContext = { testCase, config, timing: options.timing, orgOf: (pki) => orgs.get(pki), problems: [], ...(prepared === undefined ? {} : { signatures: prepared.facts }) };
  const checks = property.checks(ctx);
  const wrap = (r: PeerReducer<PeerState>): PeerReducer<PeerState> => {
    const inner = options.plant === undefined ? r : options.plant(r);
    const watched = checks.watchers.reduce((acc, watch) => watchingEffects(acc, watch), inner);
    return (checks.steps ?? []).reduce((acc, watch) => watchingSteps(acc, watch), watched);
  };
  const holdMs = 2 * config.election.leaderAliveThresholdMs;
  const plan = { items: testCase.scenario.items, keepDown: testCase.scenario.keepDown, faultsStopAtMs: options.timing.faultsStopAtMs, holdMs, tailMs: checks.tailMs };
  if (prepared !== undefined) {
    if (checks.safety.length > 0 || checks.liveness.length > 0) throw new RangeError(`${property.id}: a world with a Byzantine peer takes byzantineSafety checks only`);
    const world = prepared.build(wrap);
    for (const s of world.directory.specs) orgs.set(s.pkiId, s.org);
    return checkedRun(world, plan, checks.byzantineSafety ?? [], []);
  }
  const world = buildCheckWorld(testCase.world, testCase.seed, { tracing: options.tracing ?? false, wrapReducer: wrap });
  for (const s of world.directory.specs) orgs.set(s.pkiId, s.org);
  return checkedRun(world, plan, checks.safety, checks.liveness) as CheckOutcome<WithByzantine<PeerState>>;
}
