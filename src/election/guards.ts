/** One predicate per spec condition (spec/election.md), each citing its requirement. */
import { comparePkiIds } from '../core';
import { stateIn } from 'xstate';
import type { ElectionContext } from './context';
import type { ElectionEvent } from './inputs';

type Args = { context: ElectionContext; event: ElectionEvent };

/** [ELE-FUNC-MODE.1] */
export const isStaticLeader = ({ context }: Args): boolean => context.mode === 'staticLeader';
/** [ELE-FUNC-MODE.1] */
export const isStaticFollower = ({ context }: Args): boolean => context.mode === 'staticFollower';

/** [ELE-FUNC-IGNORE-OUTSIDE-VIEW.1] Fabric's isAlive(sender): only senders in the current view count. */
function fromViewPeer(context: ElectionContext, event: ElectionEvent): event is Extract<ElectionEvent, { type: 'LEADERSHIP_RECEIVED' }> {
  return event.type === 'LEADERSHIP_RECEIVED' && context.view.includes(event.from);
}

/** [ELE-FUNC-COLLECT-PROPOSAL.1] a proposal from a peer in the view. */
export const isProposalFromView = ({ context, event }: Args): boolean => fromViewPeer(context, event) && !event.isDeclaration;

/** [ELE-FUNC-DECLARATION-SEEN.1] a declaration from a peer in the view. */
export const isDeclarationFromView = ({ context, event }: Args): boolean => fromViewPeer(context, event) && event.isDeclaration;

/**
 * [ELE-FUNC-STEP-DOWN.1] a declaration from a smaller id in the view while we lead. Only a smaller
 * id demotes a leader, which is why the smallest leader stays ([ELE-LIVE-LEADER-STAYS.1]).
 */
export const isSmallerDeclarationWhileLeading = ({ context, event }: Args): boolean =>
  fromViewPeer(context, event) && event.isDeclaration && context.isLeader && comparePkiIds(event.from, context.selfId) < 0;

/**
 * [ELE-FUNC-STARTUP-SAMPLE.1] a sample ends startup when the view size is unchanged since the
 * previous sample, the grace period has passed, or a declaration was seen.
 */
export const isStartupOver = ({ context }: Args): boolean =>
  context.view.length === context.sampledViewSize || context.graceExpired || context.leaderExists;

/** [ELE-FUNC-LOOP.1] leaderExists and we are the leader. */
export const isLeadingKnownLeader = ({ context }: Args): boolean => context.leaderExists && context.isLeader;

/** [ELE-FUNC-LOOP.1] [ELE-FUNC-ELECTION-OUTCOME.1] Fabric's isLeaderExists(). */
export const isLeaderKnown = ({ context }: Args): boolean => context.leaderExists;

/** [ELE-FUNC-ELECTION-OUTCOME.1] a collected proposal came from an id smaller than ours. */
export const sawSmallerProposal = ({ context }: Args): boolean =>
  context.smallestProposer !== undefined && comparePkiIds(context.smallestProposer, context.selfId) < 0;

/** [ELE-FUNC-YIELD.1] Yield() acts only on a leader (the yield region checks "not yielding" by being in notYielding). */
export const isLeader = ({ context }: Args): boolean => context.isLeader;

/** [ELE-FUNC-YIELD.1] [ELE-FUNC-LOOP.1] Fabric's isYielding(): the yield region is in `yielding`. */
export const isYielding = stateIn({ dynamic: { yield: 'yielding' } });
