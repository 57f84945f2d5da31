/**
 * Leader election (Fabric gossip/election/election.go), one instance per channel per peer, as a
 * statechart. See spec/election.md. Fabric runs two goroutines (the main loop and the message
 * handler) around shared flags; here the main loop's position is the `loop` region, the yield flag
 * with its timer is the `yield` region, the flags are context, and the message handler is the
 * LEADERSHIP_RECEIVED transitions of whichever loop state is active (interruptible waits leave
 * their state, the others stay).
 */
import { assign, setup } from 'xstate';
import * as A from './actions';
import { initialElectionContext, type ElectionContext } from './context';
import * as G from './guards';
import type { ElectionEvent } from './inputs';
import { declarationIntervalMs, yieldDurationMs, type ElectionStart } from './params';

const DECIDING = '#election.dynamic.loop.deciding';
// Output actions carry the values in their names so that the generated chart reads as the spec;
// step.ts maps each to its output (gossipLeadership, leadershipChanged, metric).
const gossipProposal = { type: 'gossipProposal', params: A.seqNumParams } as const;
const gossipDeclaration = { type: 'gossipDeclaration', params: A.seqNumParams } as const;

/** Message handling where the main loop is not in an interruptible wait: record, stay. */
const recordLeadership = [
  { guard: 'isDeclarationFromView', actions: 'markLeaderExists', meta: { req: ['ELE-FUNC-DECLARATION-SEEN.1'] } },
  { guard: 'isProposalFromView', actions: 'collectProposal', meta: { req: ['ELE-FUNC-COLLECT-PROPOSAL.1'] } },
  { meta: { req: ['ELE-FUNC-IGNORE-OUTSIDE-VIEW.1'] } },
] as const;

export const electionMachine = setup({
  types: {} as { context: ElectionContext; events: ElectionEvent; input: ElectionStart },
  guards: {
    isStaticLeader: G.isStaticLeader,
    isStaticFollower: G.isStaticFollower,
    isProposalFromView: G.isProposalFromView,
    isDeclarationFromView: G.isDeclarationFromView,
    isSmallerDeclarationWhileLeading: G.isSmallerDeclarationWhileLeading,
    isStartupOver: G.isStartupOver,
    isLeadingKnownLeader: G.isLeadingKnownLeader,
    isLeaderKnown: G.isLeaderKnown,
    sawSmallerProposal: G.sawSmallerProposal,
    isLeader: G.isLeader,
    isYielding: G.isYielding,
  },
  actions: {
    replaceView: assign(A.replaceView),
    recordSampledViewSize: assign(A.recordSampledViewSize),
    markGraceExpired: assign(A.markGraceExpired),
    collectProposal: assign(A.collectProposal),
    markLeaderExists: assign(A.markLeaderExists),
    startFollowerWindow: assign(A.startFollowerWindow),
    becomeLeader: assign(A.becomeLeader),
    stopBeingLeader: assign(A.stopBeingLeader),
    forgetLeader: assign(A.forgetLeader),
    countMessage: assign(A.countMessage),
    gossipProposal: (_args, _params: A.SeqNumParams) => undefined,
    gossipDeclaration: (_args, _params: A.SeqNumParams) => undefined,
    notifyLeadershipGained: () => undefined,
    notifyLeadershipLost: () => undefined,
    reportLeaderMetric: () => undefined,
    reportFollowerMetric: () => undefined,
  },
  delays: {
    startupGracePeriod: ({ context }) => context.params.startupGracePeriodMs,
    membershipSampleInterval: ({ context }) => context.params.membershipSampleIntervalMs,
    leaderElectionDuration: ({ context }) => context.params.leaderElectionDurationMs,
    /** leaderAliveThreshold / 2 */
    declarationInterval: ({ context }) => declarationIntervalMs(context.params),
    leaderAliveThreshold: ({ context }) => context.params.leaderAliveThresholdMs,
    /** 6 × leaderAliveThreshold */
    yieldDuration: ({ context }) => yieldDurationMs(context.params),
  },
}).createMachine({
  id: 'election',
  description: 'Leader election of one channel on one peer: who connects to the ordering service.',
  context: ({ input }) => initialElectionContext(input),
  initial: 'starting',
  on: { STOP: { target: '.stopped', meta: { req: ['ELE-FUNC-STOP.1'] } } },
  states: {
    starting: {
      description: 'Chooses the mode from configuration.',
      always: [
        { guard: 'isStaticLeader', target: 'staticLeader', meta: { req: ['ELE-FUNC-MODE.1'] } },
        { guard: 'isStaticFollower', target: 'staticFollower', meta: { req: ['ELE-FUNC-MODE.1'] } },
        { target: 'dynamic', meta: { req: ['ELE-FUNC-MODE.1'] } },
      ],
    },
    staticLeader: {
      description: 'peer.gossip.orgLeader: leader from the start, never declares, ignores the others.',
      meta: { req: ['ELE-FUNC-STATIC-LEADER.1'] },
      entry: ['becomeLeader', 'notifyLeadershipGained'],
    },
    staticFollower: {
      description: 'Neither orgLeader nor useLeaderElection: never leads.',
      meta: { req: ['ELE-FUNC-STATIC-FOLLOWER.1', 'ELE-SAFE-STATIC-FOLLOWER.1'] },
    },
    dynamic: {
      description: 'peer.gossip.useLeaderElection: Fabric main loop and yield flag, side by side.',
      type: 'parallel',
      on: { VIEW_UPDATED: { actions: 'replaceView', meta: { req: ['ELE-FUNC-VIEW.1'] } } },
      states: {
        loop: {
          description: "Fabric's main goroutine: startup, then elect / lead / follow forever.",
          initial: 'startup',
          states: {
            startup: {
              description: 'waitForMembershipStabilization; messages are recorded but interrupt nothing.',
              meta: { req: ['ELE-FUNC-STARTUP-SAMPLE.1', 'ELE-FUNC-STARTUP-GRACE.1'] },
              initial: 'sampling',
              after: { startupGracePeriod: { actions: 'markGraceExpired', meta: { req: ['ELE-FUNC-STARTUP-GRACE.1'] } } },
              on: { LEADERSHIP_RECEIVED: [...recordLeadership] },
              states: {
                sampling: {
                  description: 'Sleeps membershipSampleInterval, then compares the view size with the previous sample.',
                  after: {
                    membershipSampleInterval: [
                      { guard: 'isStartupOver', target: DECIDING, meta: { req: ['ELE-FUNC-STARTUP-SAMPLE.1'] } },
                      { target: 'sampling', reenter: true, actions: 'recordSampledViewSize', meta: { req: ['ELE-FUNC-STARTUP-SAMPLE.1'] } },
                    ],
                  },
                },
              },
            },
            deciding: {
              description: "Top of Fabric's run() loop: elect if no leader is known, then lead or follow.",
              meta: { req: ['ELE-FUNC-LOOP.1'] },
              always: [
                { guard: 'isLeadingKnownLeader', target: 'declaring', meta: { req: ['ELE-FUNC-LOOP.1'] } },
                { guard: 'isLeaderKnown', target: 'following', meta: { req: ['ELE-FUNC-LOOP.1'] } },
                { guard: 'isYielding', target: 'following', meta: { req: ['ELE-FUNC-LOOP.1', 'ELE-FUNC-YIELD.1'] } },
                { target: 'electing', meta: { req: ['ELE-FUNC-LOOP.1'] } },
              ],
            },
            electing: {
              description: 'Proposed; collects proposals for leaderElectionDuration, interruptible by a declaration.',
              meta: { req: ['ELE-FUNC-ELECTION-PROPOSE.1'] },
              entry: ['countMessage', gossipProposal],
              after: {
                leaderElectionDuration: [
                  { guard: 'isLeaderKnown', target: 'following', meta: { req: ['ELE-FUNC-ELECTION-OUTCOME.1'] } },
                  { guard: 'isYielding', target: 'following', meta: { req: ['ELE-FUNC-ELECTION-OUTCOME.1', 'ELE-FUNC-YIELD.1'] } },
                  { guard: 'sawSmallerProposal', target: 'following', meta: { req: ['ELE-FUNC-ELECTION-OUTCOME.1'] } },
                  {
                    target: 'declaring',
                    actions: ['becomeLeader', 'notifyLeadershipGained', 'markLeaderExists'],
                    meta: { req: ['ELE-FUNC-ELECTION-OUTCOME.1'] },
                  },
                ],
              },
              on: {
                LEADERSHIP_RECEIVED: [
                  {
                    guard: 'isDeclarationFromView',
                    target: 'following',
                    actions: 'markLeaderExists',
                    meta: { req: ['ELE-FUNC-DECLARATION-SEEN.1', 'ELE-FUNC-ELECTION-INTERRUPT.1', 'ELE-LIVE-NO-TAKEOVER.1'] },
                  },
                  ...recordLeadership.slice(1),
                ],
              },
            },
            declaring: {
              description: 'Leader phase: declared; waits declarationInterval, interruptible by a declaration.',
              meta: { req: ['ELE-FUNC-DECLARE.1', 'ELE-FUNC-METRIC.1'] },
              entry: ['countMessage', gossipDeclaration, 'reportLeaderMetric'],
              after: { declarationInterval: { target: DECIDING, meta: { req: ['ELE-FUNC-DECLARE.1'] } } },
              on: {
                LEADERSHIP_RECEIVED: [
                  {
                    guard: 'isSmallerDeclarationWhileLeading',
                    target: DECIDING,
                    actions: ['markLeaderExists', 'stopBeingLeader', 'notifyLeadershipLost'],
                    meta: { req: ['ELE-FUNC-STEP-DOWN.1', 'ELE-FUNC-DECLARE-INTERRUPT.1', 'ELE-LIVE-LEADER-STAYS.1'] },
                  },
                  {
                    guard: 'isDeclarationFromView',
                    target: DECIDING,
                    actions: 'markLeaderExists',
                    meta: { req: ['ELE-FUNC-DECLARATION-SEEN.1', 'ELE-FUNC-DECLARE-INTERRUPT.1'] },
                  },
                  ...recordLeadership.slice(1),
                ],
              },
            },
            following: {
              description: 'Follower phase: forgets proposals and the leader, sleeps leaderAliveThreshold (not interruptible).',
              meta: { req: ['ELE-FUNC-FOLLOW.1', 'ELE-FUNC-METRIC.1'] },
              entry: ['startFollowerWindow', 'reportFollowerMetric'],
              after: { leaderAliveThreshold: { target: DECIDING, meta: { req: ['ELE-FUNC-FOLLOW.1'] } } },
              on: { LEADERSHIP_RECEIVED: [...recordLeadership] },
            },
          },
        },
        yield: {
          description: "Fabric's yield flag and yieldTimer.",
          initial: 'notYielding',
          states: {
            notYielding: {
              on: {
                YIELD: [
                  {
                    guard: 'isLeader',
                    target: 'yielding',
                    actions: ['stopBeingLeader', 'notifyLeadershipLost', 'forgetLeader'],
                    meta: { req: ['ELE-FUNC-YIELD.1'] },
                  },
                  { meta: { req: ['ELE-FUNC-YIELD.1'] } },
                ],
              },
            },
            yielding: {
              description: 'Never proposes; ends after yieldDuration or at the first declaration seen.',
              meta: { req: ['ELE-FUNC-YIELD.1', 'ELE-FUNC-YIELD-END.1'] },
              after: { yieldDuration: { target: 'notYielding', meta: { req: ['ELE-FUNC-YIELD-END.1'] } } },
              on: {
                YIELD: { meta: { req: ['ELE-FUNC-YIELD.1'] } },
                LEADERSHIP_RECEIVED: { guard: 'isDeclarationFromView', target: 'notYielding', meta: { req: ['ELE-FUNC-YIELD-END.1'] } },
              },
            },
          },
        },
      },
    },
    stopped: {
      description: 'Stopped: no output and no timer, ever.',
      type: 'final',
      meta: { req: ['ELE-FUNC-STOP.1'] },
    },
  },
});
