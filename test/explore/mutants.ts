/**
 * Planted bugs for the explorer to find, wrapped only here: each is the real election chart with
 * one implementation swapped through xstate's `provide`, stepped by the same machineReducer and
 * output table as src/election/step.ts (ELECTION_OUTPUTS).
 */
import { comparePkiIds, machineReducer } from '../../src/core';
import { ELECTION_OUTPUTS, electionMachine, type ElectionEffectOutput, type ElectionEvent } from '../../src/election';
import type { ElectionContext } from '../../src/election';
import type { ElectionReducerLike } from '../../src/explore';

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
  ELECTION_OUTPUTS,
);
