/**
 * Push dissemination of blocks inside an org plus the in-order commit pipeline, one instance per
 * channel per peer, as a statechart. See spec/dissemination.md. Fabric spreads this over
 * GossipChannel.HandleMessage (data case, DataUpdate case), GossipBlockHandler.HandleBlock and the
 * state provider's payload buffer (with the blocks its state transfer fetched); here each of their
 * checks is a guarded transition, tried in Fabric's order. A pushed block is admitted in two
 * stages of the `intake` region: `ready` decides whether the block is accepted (channel, store
 * window, VerifyBlock), and the transient `offering` whether the payload buffer takes it (its
 * window). The block store's expirationRoutine is the one timer ([DIS-FUNC-BLOCK-EXPIRATION.1]).
 */
import { assign, setup } from 'xstate';
import * as A from './actions';
import { initialDisseminationContext, type DisseminationContext, type DisseminationEvent } from './context';
import * as G from './guards';
import type { DisseminationStart } from './inputs';
import { blockExpirationCheckIntervalMs } from './params';

const drop = (rule: string, what: string, level: A.LogParams['level'] = 'warn') =>
  ({ type: 'logDropped', params: A.logParams(level, rule, what) }) as const;
const commit = [{ type: 'commitBlocks', params: A.commitParams }, 'popReadyPayloads'] as const;
const forward = { type: 'forward', params: A.forwardParams } as const;
const gossip = { type: 'gossipBlock', params: A.gossipParams } as const;

/** Decisions taken outside this chart, and why: listed in the chart's description, hence on its page. */
const DECIDED_ELSEWHERE =
  'Decided outside this chart (spec/dissemination.md, [DIS-FUNC-CHART-CHECKS.1]): the reducer runs VerifyBlock (crypto is injected) before the chart sees a block, ' +
  'for a pushed block only when the channel and store-window rules pass (Fabric checks the store first), for a pulled update block by block until one fails; ' +
  'and, on request (reportStored, reportBufferSize), it reports what a step changed (stored, pulledTaken, pushedBlockRejected, bufferSize) by comparing the states before and after.';

export const disseminationMachine = setup({
  types: {} as { context: DisseminationContext; events: DisseminationEvent; input: DisseminationStart },
  guards: {
    isForOtherChannel: G.isForOtherChannel,
    isRejectedByStore: G.isRejectedByStore,
    failsVerifySeq: G.failsVerifySeq,
    failsVerifyChannel: G.failsVerifyChannel,
    failsVerifyDataHash: G.failsVerifyDataHash,
    lacksOrdererSignature: G.lacksOrdererSignature,
    isVerified: G.isVerified,
    isVerifiedPulledBlock: G.isVerifiedPulledBlock,
    isBeyondBufferWindow: G.isBeyondBufferWindow,
    isStaleOrBuffered: G.isStaleOrBuffered,
    failsOrdererVerification: G.failsOrdererVerification,
    isBlockGossipEnabled: G.isBlockGossipEnabled,
    isRejectedUpdate: G.isRejectedUpdate,
    isBufferOverfullForFetched: G.isBufferOverfullForFetched,
  },
  actions: {
    storeBlock: assign(A.storeBlock),
    bufferPayload: assign(A.bufferPayload),
    bufferFetched: assign(A.bufferFetched),
    popReadyPayloads: assign(A.popReadyPayloads),
    takePulledUpdate: A.takePulledUpdate,
    commitBlocks: (_args, _params: A.CommitParams) => undefined,
    forward: (_args, _params: A.ForwardParams) => undefined,
    gossipBlock: (_args, _params: A.GossipParams) => undefined,
    logDropped: (_args, _params: A.LogParams) => undefined,
    refuseFetched: (_args, _params: A.FetchedRefusalParams) => undefined,
    rejectOrdererBlock: (_args, _params: A.OrdererRejectionParams) => undefined,
    rejectPulledUpdate: (_args, _params: A.UpdateRejectionParams) => undefined,
    expireBlocks: assign(A.expireBlocks),
  },
  delays: {
    blockExpirationCheckInterval: ({ context }) => blockExpirationCheckIntervalMs(context.params),
  },
}).createMachine({
  id: 'dissemination',
  description: `Accepts pushed, pulled, orderer and fetched blocks of one channel, forwards new pushed ones (never pulled ones), commits them in order. ${DECIDED_ELSEWHERE}`,
  context: ({ input }) => initialDisseminationContext(input),
  initial: 'active',
  states: {
    active: {
      description: 'Blocks are verified, deduplicated, forwarded, buffered and committed in order.',
      meta: { req: ['DIS-FUNC-ACCEPT-FORWARD.1', 'DIS-FUNC-COMMIT-IN-ORDER.1'] },
      type: 'parallel',
      states: {
        expiring: {
          description: "Fabric's expirationRoutine: every blockExpirationInterval / 100 the block store expires and purges what is old.",
          initial: 'waiting',
          states: {
            waiting: {
              description: 'Waits blockExpirationCheckInterval.',
              after: {
                blockExpirationCheckInterval: { target: 'waiting', reenter: true, actions: 'expireBlocks', meta: { req: ['DIS-FUNC-BLOCK-EXPIRATION.1'] } },
              },
            },
          },
        },
        intake: {
          description: 'A pushed block (or one block of a taken pulled update): first admitted, then offered to the payload buffer.',
          initial: 'ready',
          states: {
            ready: {
              description: "Admission: the channel, the block store's window, then VerifyBlock's verdict, in Fabric's order.",
              on: {
                BLOCK_RECEIVED: [
                  { guard: 'isForOtherChannel', actions: drop('DIS-FUNC-CHANNEL.1', 'message of another channel'), meta: { req: ['DIS-FUNC-CHANNEL.1'] } },
                  { guard: 'isRejectedByStore', actions: drop('DIS-FUNC-STORE-WINDOW.1', 'already stored or too old for the block store', 'debug'), meta: { req: ['DIS-FUNC-STORE-WINDOW.1'] } },
                  { guard: 'failsVerifySeq', actions: drop('DIS-FUNC-VERIFY-SEQ.1', 'seq does not match the header'), meta: { req: ['DIS-FUNC-VERIFY-SEQ.1'] } },
                  { guard: 'failsVerifyChannel', actions: drop('DIS-FUNC-VERIFY-CHANNEL.1', 'block of another channel'), meta: { req: ['DIS-FUNC-VERIFY-CHANNEL.1'] } },
                  { guard: 'failsVerifyDataHash', actions: drop('DIS-FUNC-VERIFY-DATA-HASH.1', 'data hash mismatch'), meta: { req: ['DIS-FUNC-VERIFY-DATA-HASH.1'] } },
                  { guard: 'lacksOrdererSignature', actions: drop('DIS-FUNC-VERIFY-SIGNATURE.1', 'no valid orderer signature'), meta: { req: ['DIS-FUNC-VERIFY-SIGNATURE.1'] } },
                  {
                    guard: 'isVerifiedPulledBlock',
                    target: 'offering',
                    actions: 'storeBlock',
                    meta: { req: ['DIS-FUNC-PULLED-NOT-FORWARDED.1', 'DIS-SAFE-VERIFIED-ONLY.1', 'DIS-SAFE-FORWARD-ONCE.2', 'DIS-FUNC-CHART-CHECKS.1'] },
                  },
                  {
                    guard: 'isVerified',
                    target: 'offering',
                    actions: ['storeBlock', forward],
                    meta: { req: ['DIS-FUNC-ACCEPT-FORWARD.1', 'DIS-SAFE-VERIFIED-ONLY.1', 'DIS-SAFE-FORWARD-ONCE.2', 'DIS-FUNC-CHART-CHECKS.1'] },
                  },
                  // [DIS-SAFE-VERIFIED-ONLY.1] unreachable through the reducer, which verifies every block that gets this far.
                  { actions: drop('DIS-FUNC-VERIFY-SIGNATURE.1', 'not verified'), meta: { req: ['DIS-FUNC-VERIFY-SIGNATURE.1'] } },
                ],
              },
            },
            offering: {
              description: 'The accepted block (stored and forwarded) is offered to the payload buffer, which takes it only near the ledger height; then back to ready, in the same step.',
              always: [
                {
                  guard: 'isBeyondBufferWindow',
                  target: 'ready',
                  actions: drop('DIS-FUNC-BUFFER-NONBLOCKING.1', 'too far ahead of the ledger height to buffer', 'info'),
                  meta: { req: ['DIS-FUNC-BUFFER-NONBLOCKING.1'] },
                },
                { guard: 'isStaleOrBuffered', target: 'ready', actions: drop('DIS-FUNC-BUFFER-PUSH.1', 'already committed or buffered', 'debug'), meta: { req: ['DIS-FUNC-BUFFER-PUSH.1'] } },
                { target: 'ready', actions: ['bufferPayload', ...commit], meta: { req: ['DIS-FUNC-BUFFER-NONBLOCKING.1', 'DIS-FUNC-COMMIT-IN-ORDER.1'] } },
              ],
            },
          },
        },
      },
      on: {
        BLOCK_FROM_ORDERER: [
          {
            guard: 'failsOrdererVerification',
            actions: { type: 'rejectOrdererBlock', params: A.ordererRejectionParams },
            meta: { req: ['DIS-FUNC-ORDERER-BLOCK-VERIFIED.1', 'DIS-FUNC-CHART-CHECKS.1'] },
          },
          {
            guard: 'isBlockGossipEnabled',
            actions: ['storeBlock', 'bufferPayload', ...commit, gossip],
            meta: { req: ['DIS-FUNC-ORDERER-BLOCK.1', 'DIS-FUNC-COMMIT-IN-ORDER.1', 'DIS-FUNC-GOSSIP-OWN-BLOCK.1'] },
          },
          { actions: ['storeBlock', 'bufferPayload', ...commit], meta: { req: ['DIS-FUNC-ORDERER-BLOCK.1', 'DIS-FUNC-COMMIT-IN-ORDER.1'] } },
        ],
        BLOCKS_PULLED: [
          {
            guard: 'isRejectedUpdate',
            actions: { type: 'rejectPulledUpdate', params: A.updateRejectionParams },
            meta: { req: ['DIS-FUNC-PULLED-UPDATE-ATOMIC.1', 'DIS-FUNC-CHART-CHECKS.1'] },
          },
          { actions: 'takePulledUpdate', meta: { req: ['DIS-FUNC-PULLED-UPDATE-ATOMIC.1', 'DIS-FUNC-STORE-SERVES-PULL.1'] } },
        ],
        BLOCKS_FETCHED: [
          {
            guard: 'isBufferOverfullForFetched',
            actions: { type: 'refuseFetched', params: A.fetchedRefusalParams },
            meta: { req: ['DIS-FUNC-FETCHED-BLOCKS.1'] },
          },
          { actions: ['bufferFetched', ...commit], meta: { req: ['DIS-FUNC-FETCHED-BLOCKS.1', 'DIS-FUNC-COMMIT-IN-ORDER.1'] } },
        ],
        STOP: { target: 'stopped', meta: { req: ['DIS-FUNC-STOP.1'] } },
      },
    },
    stopped: {
      description: 'Stopped: nothing is accepted, forwarded or committed any more.',
      type: 'final',
      meta: { req: ['DIS-FUNC-STOP.1'] },
    },
  },
});
