/**
 * Planted bugs for the explorer to find, wrapped only here: each is the real election chart with
 * one implementation swapped through xstate's `provide`, stepped by the same machineReducer and
 * output table as src/election/step.ts (the table is repeated because step.ts does not export it).
 */
import { comparePkiIds, machineReducer } from '../../src/core';
import { electionMachine, LEADER_METRIC_NAME, type ElectionEffectOutput, type ElectionEvent } from '../../src/election';
import type { ElectionContext } from '../../src/election';
import type { ElectionReducerLike } from '../../src/explore';

const OUTPUTS = {
  gossipProposal: (p: { seqNum: number }): ElectionEffectOutput => ({ kind: 'gossipLeadership', isDeclaration: false, seqNum: p.seqNum }),
  gossipDeclaration: (p: { seqNum: number }): ElectionEffectOutput => ({ kind: 'gossipLeadership', isDeclaration: true, seqNum: p.seqNum }),
  notifyLeadershipGained: (): ElectionEffectOutput => ({ kind: 'leadershipChanged', isLeader: true }),
  notifyLeadershipLost: (): ElectionEffectOutput => ({ kind: 'leadershipChanged', isLeader: false }),
  reportLeaderMetric: (): ElectionEffectOutput => ({ kind: 'metric', name: LEADER_METRIC_NAME, value: 1 }),
  reportFollowerMetric: (): ElectionEffectOutput => ({ kind: 'metric', name: LEADER_METRIC_NAME, value: 0 }),
};

type Args = { context: ElectionContext; event: ElectionEvent };

/**
 * Wrong PKI-ID comparison in the step-down guard (Fabric's `bytes.Compare(sender, id) < 0` written
 * `> 0`): a leader steps down for a larger id and keeps leading against a smaller one.
 */
export const flippedStepDownElection: ElectionReducerLike = machineReducer<typeof electionMachine, ElectionEffectOutput>(
  electionMachine.provide({
    guards: {
      isSmallerDeclarationWhileLeading: ({ context, event }: Args) =>
        event.type === 'LEADERSHIP_RECEIVED' && event.isDeclaration && context.view.includes(event.from) && context.isLeader && comparePkiIds(event.from, context.selfId) > 0,
    },
  }),
  OUTPUTS,
);
