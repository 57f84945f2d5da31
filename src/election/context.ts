import type { PkiId } from '../core';
import type { ElectionMode, ElectionParams, ElectionStart } from './params';

/**
 * The election's data. Fabric's flags `isLeader` and `leaderExists` live here; its main loop's
 * position is the chart's `loop` region and its `yield` flag is the `yield` region (see
 * spec/election.md, "Shape of the chart").
 */
export interface ElectionContext {
  readonly selfId: PkiId;
  readonly params: ElectionParams;
  readonly mode: ElectionMode;
  /** Same-org channel peers, self excluded (Fabric's adapter.Peers()). */
  readonly view: readonly PkiId[];
  /** The view size at the previous startup sample (Fabric's viewSize in waitForMembershipStabilization). */
  readonly sampledViewSize: number;
  /** startupGracePeriod has passed since creation (Fabric's time.Now().After(endTime)). */
  readonly graceExpired: boolean;
  /** Fabric's isLeader; what IsLeader() answers and what the callback reported last. */
  readonly isLeader: boolean;
  /** Fabric's leaderExists: a declaration was seen (or we won) since the last follower window began. */
  readonly leaderExists: boolean;
  /**
   * The smallest sender among proposals collected since the last follower window began. Fabric
   * keeps the whole set, but only ever asks "is any of them smaller than me?", which this answers.
   */
  readonly smallestProposer: PkiId | undefined;
  /** Leadership messages created so far; the next one carries seqNum + 1 (Fabric's adapter counter). */
  readonly seqNum: number;
}

export const initialElectionContext = (start: ElectionStart): ElectionContext => {
  const view = start.peers ?? [];
  return {
    selfId: start.selfId,
    params: start.params,
    mode: start.mode,
    view,
    sampledViewSize: view.length,
    graceExpired: false,
    isLeader: false,
    leaderExists: false,
    smallestProposer: undefined,
    seqNum: 0,
  };
};
