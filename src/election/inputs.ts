/**
 * What the election accepts. It knows no crypto and no wire format: the peer composition verifies
 * leadership messages and their org, and feeds only those from same-org peers of the channel
 * ([ELE-ASM-INPUTS.1]). Types come from the codecs.
 */
import * as t from 'io-ts';
import { PkiId } from '../core';

/** The current channel view of same-org peers, self excluded (Fabric's adapter.Peers()). */
export const ViewUpdated = t.type({ type: t.literal('VIEW_UPDATED'), peers: t.readonlyArray(PkiId) }, 'ViewUpdated');
/** A verified leadership message: a proposal (isDeclaration false) or a declaration. */
export const LeadershipReceived = t.type(
  { type: t.literal('LEADERSHIP_RECEIVED'), from: PkiId, isDeclaration: t.boolean },
  'LeadershipReceived',
);
/** Fabric's Yield(): the deliver client gave up; hand leadership to someone else for a while. */
export const YieldCommand = t.type({ type: t.literal('YIELD') }, 'YieldCommand');
/** Fabric's Stop(): the channel is closed or the peer shuts down. */
export const StopCommand = t.type({ type: t.literal('STOP') }, 'StopCommand');

export const ElectionCommand = t.union([ViewUpdated, LeadershipReceived, YieldCommand, StopCommand], 'ElectionCommand');
export type ElectionCommand = t.TypeOf<typeof ElectionCommand>;
export type ViewUpdated = t.TypeOf<typeof ViewUpdated>;
export type LeadershipReceived = t.TypeOf<typeof LeadershipReceived>;

/**
 * The timers' events, as xstate names them for `after: { <delay>: ... }` on each state: the delay
 * keeps Fabric's parameter name, the suffix is the state that arms it. A host feeds them back
 * unchanged from the setTimer effect.
 */
export const ELECTION_TIMER_EVENTS = {
  startupGracePeriod: 'xstate.after.startupGracePeriod.election.dynamic.loop.startup',
  membershipSampleInterval: 'xstate.after.membershipSampleInterval.election.dynamic.loop.startup.sampling',
  leaderElectionDuration: 'xstate.after.leaderElectionDuration.election.dynamic.loop.electing',
  declarationInterval: 'xstate.after.declarationInterval.election.dynamic.loop.declaring',
  leaderAliveThreshold: 'xstate.after.leaderAliveThreshold.election.dynamic.loop.following',
  yieldDuration: 'xstate.after.yieldDuration.election.dynamic.yield.yielding',
} as const;

export const ElectionTimerEvent = t.type(
  {
    type: t.keyof(
      Object.fromEntries(Object.values(ELECTION_TIMER_EVENTS).map((v) => [v, null])) as Record<
        (typeof ELECTION_TIMER_EVENTS)[keyof typeof ELECTION_TIMER_EVENTS],
        null
      >,
    ),
  },
  'ElectionTimerEvent',
);
export type ElectionTimerEvent = t.TypeOf<typeof ElectionTimerEvent>;

export const ElectionEvent = t.union([ElectionCommand, ElectionTimerEvent], 'ElectionEvent');
export type ElectionEvent = t.TypeOf<typeof ElectionEvent>;
