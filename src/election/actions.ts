/** Named actions: context updates (assign) and the params of the three outputs. */
import { comparePkiIds } from '../core';
import type { ElectionContext } from './context';
import type { ElectionEvent } from './inputs';

type Args = { context: ElectionContext; event: ElectionEvent };
type Update = Partial<ElectionContext>;

/** [ELE-FUNC-VIEW.1] */
export function replaceView({ event }: Args): Update {
  return event.type === 'VIEW_UPDATED' ? { view: event.peers } : {};
}

/** [ELE-FUNC-STARTUP-SAMPLE.1] remember this sample's size for the next comparison. */
export function recordSampledViewSize({ context }: Args): Update {
  return { sampledViewSize: context.view.length };
}

/** [ELE-FUNC-STARTUP-GRACE.1] */
export function markGraceExpired(): Update {
  return { graceExpired: true };
}

/** [ELE-FUNC-COLLECT-PROPOSAL.1] */
export function collectProposal({ context, event }: Args): Update {
  if (event.type !== 'LEADERSHIP_RECEIVED') return {};
  const smallest = context.smallestProposer;
  return smallest === undefined || comparePkiIds(event.from, smallest) < 0 ? { smallestProposer: event.from } : {};
}

/** [ELE-FUNC-DECLARATION-SEEN.1] [ELE-FUNC-ELECTION-OUTCOME.1] */
export function markLeaderExists(): Update {
  return { leaderExists: true };
}

/** [ELE-FUNC-FOLLOW.1] the start of a follower window forgets proposals and any known leader. */
export function startFollowerWindow(): Update {
  return { smallestProposer: undefined, leaderExists: false };
}

/** [ELE-FUNC-ELECTION-OUTCOME.1] [ELE-FUNC-STATIC-LEADER.1] Fabric's beLeader() (the callback is its own action). */
export function becomeLeader(): Update {
  return { isLeader: true };
}

/** [ELE-FUNC-STEP-DOWN.1] [ELE-FUNC-YIELD.1] Fabric's stopBeingLeader() (the callback is its own action). */
export function stopBeingLeader(): Update {
  return { isLeader: false };
}

/** [ELE-FUNC-YIELD.1] Yield also clears leaderExists, since the known leader may have been us. */
export function forgetLeader(): Update {
  return { leaderExists: false };
}

/** [ELE-MSG-GOSSIP-LEADERSHIP.1] Fabric's adapter CreateMessage: seqNum = ++counter. */
export function countMessage({ context }: Args): Update {
  return { seqNum: context.seqNum + 1 };
}

export interface SeqNumParams {
  readonly seqNum: number;
}

/** [ELE-MSG-GOSSIP-LEADERSHIP.1] the number countMessage just assigned. */
export const seqNumParams = ({ context }: Args): SeqNumParams => ({ seqNum: context.seqNum });
