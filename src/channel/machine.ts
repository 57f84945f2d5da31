/**
 * Fabric's GossipChannel (gossip/gossip/channel/channel.go) without blocks, as a statechart: one
 * instance per joined channel per peer. See spec/channel.md. Fabric's leftChannel flag is a region
 * (`lifecycle`: joined/left) and its shouldGossipStateInfo flag the context's `dirty`; its three tickers (publish, request,
 * cache sweep) are the `after` timers of their regions; its HandleMessage for StateInfo, snapshots
 * and pull requests are the `running` transitions, checks first. Guards and actions close over the
 * injected crypto (ChannelEnv), so the machine is built per reducer.
 */
import { and, assign, setup, stateIn } from 'xstate';
import type { SigningKey } from '../core';
import * as A from './actions';
import { initialChannelContext, placeholderChannelContext, type ChannelContext, type ChannelEnv } from './context';
import * as G from './guards';
import type { ChannelEvent, ChannelStart } from './inputs';

export function createChannelMachine(env: ChannelEnv) {
  const rejectStateInfo = { type: 'reject', params: (a: A.Args) => A.stateInfoRejectionParams(env, a) } as const;
  const rejectSnapshot = { type: 'reject', params: (a: A.Args) => A.snapshotRejectionParams(env, a) } as const;
  const rejectPullRequest = { type: 'reject', params: (a: A.Args) => A.pullRequestRejectionParams(env, a) } as const;
  const relayStateInfo = { type: 'gossipStateInfo', params: A.relayParams } as const;
  const gossipOwnStateInfo = { type: 'gossipStateInfo', params: A.gossipSelfParams } as const;
  const sendSnapshot = { type: 'sendMessage', params: (a: A.Args) => A.snapshotParams(env, a) } as const;
  const sendPullRequests = { type: 'sendMessage', params: (a: A.Args) => A.pullRequestParams(env, a) } as const;
  const logIgnoredConfig = { type: 'log', params: A.ignoredConfigParams } as const;

  return setup({
    types: {} as { context: ChannelContext; events: ChannelEvent; input: ChannelStart },
    guards: {
      isRejectedStateInfo: (a) => G.isRejectedStateInfo(env, a),
      isDuplicateStateInfo: G.isDuplicateStateInfo,
      isRejectedSnapshot: (a) => G.isRejectedSnapshot(env, a),
      isRejectedPullRequest: (a) => G.isRejectedPullRequest(env, a),
      isIgnoredConfig: G.isIgnoredConfig,
      isSameOrgMap: G.isSameOrgMap,
      hasChannelOrgMember: (a) => G.hasChannelOrgMember(env, a),
      isDirty: ({ context }) => context.dirty,
      isJoined: stateIn({ running: { lifecycle: 'joined' } }),
    },
    actions: {
      applyConfig: assign(A.applyConfig),
      recordSequence: assign(A.recordSequence),
      recordMembership: assign(A.recordMembership),
      updateLedgerHeight: assign((a) => A.updateLedgerHeight(env, a)),
      markLeft: assign((a) => A.markLeft(env, a)),
      signStateInfo: assign((a) => A.signStateInfo(env, a)),
      cacheStateInfo: assign((a) => A.cacheStateInfo(env, a)),
      cacheSnapshot: assign((a) => A.cacheSnapshot(env, a)),
      sweepCache: assign(A.sweepCache),
      chooseRequestTargets: assign((a) => A.chooseRequestTargets(env, a)),
      reject: (_args, _params: A.RejectParams) => undefined,
      gossipStateInfo: (_args, _params: A.GossipParams) => undefined,
      sendMessage: (_args, _params: A.SendParams) => undefined,
      log: (_args, _params: A.LogParams) => undefined,
    },
    delays: {
      publishStateInfoInterval: ({ context }) => context.params.publishStateInfoIntervalMs,
      requestStateInfoInterval: ({ context }) => context.params.requestStateInfoIntervalMs,
      /** pullInterval × 5 */
      stateInfoCacheSweepInterval: ({ context }) => context.params.stateInfoCacheSweepIntervalMs,
    },
  }).createMachine({
    id: 'channel',
    description: "One joined channel of one peer: its orgs, this peer's StateInfo, and the StateInfo of the others.",
    // xstate computes a throw-away initial snapshot without input first (see context.ts).
    context: ({ input }) => (input === undefined ? placeholderChannelContext() : initialChannelContext(env, input)),
    initial: 'running',
    states: {
      running: {
        type: 'parallel',
        description: 'Joined at creation; the four regions run side by side until Stop.',
        on: {
          STOP: { target: 'stopped', meta: { req: ['CHN-FUNC-STOP.1'] } },
          CONFIG_UPDATED: [
            { guard: 'isIgnoredConfig', actions: logIgnoredConfig, meta: { req: ['CHN-FUNC-CONFIG.1'] } },
            { guard: 'isSameOrgMap', actions: 'recordSequence', meta: { req: ['CHN-FUNC-CONFIG.1'] } },
            { actions: 'applyConfig', meta: { req: ['CHN-FUNC-CONFIG.1', 'CHN-FUNC-ORG-REMOVED.1', 'CHN-SAFE-CACHE-IN-CHANNEL.1'] } },
          ],
          MEMBERSHIP_CHANGED: { actions: 'recordMembership', meta: { req: ['CHN-ASM-INPUTS.1', 'CHN-FUNC-CHANNEL-VIEW.1'] } },
          STATE_INFO_RECEIVED: [
            {
              guard: 'isRejectedStateInfo',
              actions: rejectStateInfo,
              meta: { req: ['CHN-FUNC-STATE-INFO-CHECKS.2', 'CHN-SAFE-REJECT-CHANGES-NOTHING.1', 'CHN-SAFE-CACHE-IN-CHANNEL.1'] },
            },
            // Fabric's stateInfoCache.Add returning false at CheckValid: already seen, nothing done, nothing counted.
            { guard: 'isDuplicateStateInfo', meta: { req: ['CHN-FUNC-STATE-INFO-CHECKS.2', 'CHN-FUNC-STATE-INFO-NEWER.1'] } },
            { actions: ['cacheStateInfo', relayStateInfo], meta: { req: ['CHN-FUNC-STATE-INFO-RELAY.1'] } },
          ],
          SNAPSHOT_RECEIVED: [
            { guard: 'isRejectedSnapshot', actions: rejectSnapshot, meta: { req: ['CHN-FUNC-SNAPSHOT.1', 'CHN-SAFE-REJECT-CHANGES-NOTHING.1', 'CHN-SAFE-CACHE-IN-CHANNEL.1'] } },
            { actions: 'cacheSnapshot', meta: { req: ['CHN-FUNC-SNAPSHOT.1', 'CHN-FUNC-STATE-INFO-NEWER.1'] } },
          ],
          PULL_REQUEST_RECEIVED: [
            { guard: 'isRejectedPullRequest', actions: rejectPullRequest, meta: { req: ['CHN-FUNC-SERVE-SNAPSHOT.1', 'CHN-SAFE-REJECT-CHANGES-NOTHING.1'] } },
            { actions: sendSnapshot, meta: { req: ['CHN-FUNC-SERVE-SNAPSHOT.1'] } },
          ],
        },
        states: {
          lifecycle: {
            description: "Fabric's leftChannel flag.",
            initial: 'joined',
            states: {
              joined: {
                description: 'In the channel: the view is the eligible alive members.',
                meta: { req: ['CHN-FUNC-CHANNEL-VIEW.1'] },
                on: { LEAVE: { target: 'left', meta: { req: ['CHN-FUNC-LEAVE.1'] } } },
              },
              left: {
                description: 'Left: the view is empty; our StateInfo says left_channel; a second Leave changes nothing.',
                meta: { req: ['CHN-FUNC-LEAVE.1'] },
                on: { LEAVE: { meta: { req: ['CHN-FUNC-LEAVE.1'] } } },
              },
            },
          },
          publishing: {
            description: "Fabric's publish ticker; its shouldGossipStateInfo flag is the context's `dirty`.",
            initial: 'waiting',
            on: {
              LEDGER_HEIGHT: { actions: 'updateLedgerHeight', meta: { req: ['CHN-FUNC-LEDGER-HEIGHT.1'] } },
              LEAVE: { guard: 'isJoined', actions: 'markLeft', meta: { req: ['CHN-FUNC-LEAVE.1'] } },
            },
            states: {
              waiting: {
                description: 'Waits publishStateInfoInterval; if dirty and an alive member of a channel org exists, signs and gossips our StateInfo.',
                after: {
                  publishStateInfoInterval: [
                    {
                      guard: and(['isDirty', 'hasChannelOrgMember']),
                      target: 'waiting',
                      reenter: true,
                      actions: ['signStateInfo', gossipOwnStateInfo],
                      meta: { req: ['CHN-FUNC-PUBLISH.1', 'CHN-SAFE-SELF-TIME-MONOTONIC.1'] },
                    },
                    { target: 'waiting', reenter: true, meta: { req: ['CHN-FUNC-PUBLISH.1'] } },
                  ],
                },
              },
            },
          },
          requesting: {
            description: "Fabric's requestStateInfo ticker.",
            initial: 'waiting',
            states: {
              waiting: {
                description: 'Waits requestStateInfoInterval, then asks random channel members for their StateInfo snapshot.',
                after: {
                  requestStateInfoInterval: {
                    target: 'waiting',
                    reenter: true,
                    actions: ['chooseRequestTargets', sendPullRequests],
                    meta: { req: ['CHN-FUNC-REQUEST-STATE-INFO.1'] },
                  },
                },
              },
            },
          },
          sweeping: {
            description: "Fabric's stateInfoCache sweep.",
            initial: 'waiting',
            states: {
              waiting: {
                description: 'Waits stateInfoCacheSweepInterval, then drops the StateInfo of peers membership forgot.',
                after: { stateInfoCacheSweepInterval: { target: 'waiting', reenter: true, actions: 'sweepCache', meta: { req: ['CHN-FUNC-CACHE-SWEEP.1'] } } },
              },
            },
          },
        },
      },
      stopped: {
        description: 'Stopped: no output and no timer, ever.',
        type: 'final',
        meta: { req: ['CHN-FUNC-STOP.1'] },
      },
    },
  });
}

export type ChannelMachine = ReturnType<typeof createChannelMachine>;

const documentationOnly = (): never => {
  throw new Error('channelMachine is the chart for the docs; build a reducer with createChannelReducer({ crypto, key })');
};
const DOCS_KEY: SigningKey = { identity: '', secret: '' };

/** The chart for the catalog and the docs (its guards need crypto: step it only through createChannelReducer). */
export const channelMachine = createChannelMachine({
  crypto: {
    name: 'symbolic',
    pkiIdOf: documentationOnly,
    orgOf: documentationOnly,
    validateIdentity: documentationOnly,
    expiresAtMs: documentationOnly,
    sign: documentationOnly,
    verify: documentationOnly,
    hash: documentationOnly,
  },
  key: DOCS_KEY,
});
