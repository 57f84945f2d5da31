/**
 * The leader election's parameters, with Fabric's names (core.yaml peer.gossip.election.*), units
 * last, and the machine's start input (who am I, which mode). See spec/election.md.
 */
import * as t from 'io-ts';
import { PositiveInt } from '../core/numbers';
import { PkiId } from '../core';


export const ElectionParams = t.type(
  {
    /** [ELE-PARAM-DEFAULTS.1] longest wait for the view to stabilise at startup. Default 15s. */
    startupGracePeriodMs: PositiveInt,
    /** how often the view size is sampled during startup. Default 1s. */
    membershipSampleIntervalMs: PositiveInt,
    /** a follower's window without a declaration before it elects; also sets the declaration interval. Default 10s. */
    leaderAliveThresholdMs: PositiveInt,
    /** how long an election round collects proposals. Default 5s. */
    leaderElectionDurationMs: PositiveInt,
  },
  'ElectionParams',
);
export type ElectionParams = t.TypeOf<typeof ElectionParams>;

export const DEFAULT_ELECTION_PARAMS: ElectionParams = {
  startupGracePeriodMs: 15_000,
  membershipSampleIntervalMs: 1_000,
  leaderAliveThresholdMs: 10_000,
  leaderElectionDurationMs: 5_000,
};

/** [ELE-PARAM-DERIVED-INTERVALS.1] a leader declares every leaderAliveThreshold / 2 (Fabric's getLeadershipDeclarationInterval). */
export const declarationIntervalMs = (p: ElectionParams): number => p.leaderAliveThresholdMs / 2;

/** [ELE-PARAM-DERIVED-INTERVALS.1] a yield lasts at most 6 × leaderAliveThreshold (Fabric's yieldTimer). */
export const yieldDurationMs = (p: ElectionParams): number => 6 * p.leaderAliveThresholdMs;

/**
 * [ELE-FUNC-MODE.1] dynamic = peer.gossip.useLeaderElection; staticLeader = peer.gossip.orgLeader;
 * staticFollower = neither. Both true is rejected by configuration ([ELE-ASM-CONFIG-EXCLUSIVE.1]).
 */
export const ElectionMode = t.keyof({ dynamic: null, staticLeader: null, staticFollower: null }, 'ElectionMode');
export type ElectionMode = t.TypeOf<typeof ElectionMode>;

/**
 * What one election instance (one channel of one peer) starts from. `peers` is the channel view at
 * creation (Fabric's first adapter.Peers() sample); it defaults to empty.
 */
export const ElectionStart = t.intersection(
  [
    t.type({ selfId: PkiId, params: ElectionParams, mode: ElectionMode }),
    t.partial({ peers: t.readonlyArray(PkiId) }),
  ],
  'ElectionStart',
);
export type ElectionStart = t.TypeOf<typeof ElectionStart>;
