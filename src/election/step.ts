/** The election as a pure reducer: xstate transition() plus the action-to-output table. */

import { machineReducer, type ChartState, type TimerOutput } from '../core/xstate-step';
import type { SeqNumParams } from './actions';
import type { ElectionEvent } from './inputs';
import { electionMachine } from './machine';

/**
 * [ELE-MSG-GOSSIP-LEADERSHIP.1] Send a LeadershipMessage to the same-org peers of the channel. The
 * composition signs it with PeerTime { incNum: this instance's creation time, seqNum }.
 */
export interface GossipLeadershipOutput {
  readonly kind: 'gossipLeadership';
  readonly isDeclaration: boolean;
  readonly seqNum: number;
}

/** Fabric's leadership callback: true -> connectOrderer, false -> disconnectOrderer (the composition's job). */
export interface LeadershipChangedOutput {
  readonly kind: 'leadershipChanged';
  readonly isLeader: boolean;
}

/** [ELE-FUNC-METRIC.1] Fabric's gauge gossip_leader_election_leader (the composition adds the channel label). */
export const LEADER_METRIC_NAME = 'gossip_leader_election_leader';
export interface LeaderMetricOutput {
  readonly kind: 'metric';
  readonly name: typeof LEADER_METRIC_NAME;
  readonly value: 0 | 1;
}

/** What the election asks of its host, timers aside. */
export type ElectionEffectOutput = GossipLeadershipOutput | LeadershipChangedOutput | LeaderMetricOutput;
export type ElectionOutput = ElectionEffectOutput | TimerOutput<ElectionEvent>;
export type ElectionState = ChartState<typeof electionMachine>;

/** [ELE-MSG-GOSSIP-LEADERSHIP.1] The chart's effect actions and the outputs they become (exported so a mutant chart, e.g. the explorer's planted bugs, steps with the same table). */
export const ELECTION_OUTPUTS = {
  gossipProposal: (p: SeqNumParams): GossipLeadershipOutput => ({ kind: 'gossipLeadership', isDeclaration: false, seqNum: p.seqNum }),
  gossipDeclaration: (p: SeqNumParams): GossipLeadershipOutput => ({ kind: 'gossipLeadership', isDeclaration: true, seqNum: p.seqNum }),
  notifyLeadershipGained: (): LeadershipChangedOutput => ({ kind: 'leadershipChanged', isLeader: true }),
  notifyLeadershipLost: (): LeadershipChangedOutput => ({ kind: 'leadershipChanged', isLeader: false }),
  reportLeaderMetric: (): LeaderMetricOutput => ({ kind: 'metric', name: LEADER_METRIC_NAME, value: 1 }),
  reportFollowerMetric: (): LeaderMetricOutput => ({ kind: 'metric', name: LEADER_METRIC_NAME, value: 0 }),
};

export const electionReducer = machineReducer<typeof electionMachine, ElectionEffectOutput>(electionMachine, ELECTION_OUTPUTS);

/** Fabric's IsLeader(). After Stop it keeps answering the last value, as Fabric does. */
export function isLeader(state: ElectionState): boolean {
  return state.context.isLeader;
}

/** Fabric's isYielding(). */
export function isYielding(state: ElectionState): boolean {
  const dynamic = typeof state.value === 'object' ? state.value['dynamic'] : undefined;
  return typeof dynamic === 'object' && dynamic['yield'] === 'yielding';
}

export function isStopped(state: ElectionState): boolean {
  return state.status === 'done';
}

/** The main loop's phase, for tests and traces: 'startup' | 'deciding' | 'electing' | 'declaring' | 'following', or the mode's state. */
export function loopPhase(state: ElectionState): string {
  const v = state.value;
  if (typeof v === 'string') return v;
  const dyn = (v as { dynamic?: { loop?: unknown } }).dynamic;
  const loop = dyn?.loop;
  return typeof loop === 'string' ? loop : 'startup';
}
