/**
 * Push dissemination of blocks inside an org plus the in-order commit pipeline, one instance per
 * channel per peer, as a statechart. See spec/dissemination.md. Fabric spreads this over
 * GossipChannel.HandleMessage (data case), GossipBlockHandler.HandleBlock and the state provider's
 * payload buffer (with the blocks its state transfer fetched); here each of their checks is a
 * guarded transition, tried in Fabric's order. The block store's expirationRoutine is the one
 * timer ([DIS-FUNC-BLOCK-EXPIRATION.1]).
 */
import { and, assign, setup } from 'xstate';
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
    isBeyondBufferWindow: G.isBeyondBufferWindow,
    isStaleOrBuffered: G.isStaleOrBuffered,
    isBlockGossipEnabled: G.isBlockGossipEnabled,
    isBufferOverfullForFetched: G.isBufferOverfullForFetched,
  },
  actions: {
    storeBlock: assign(A.storeBlock),
    bufferPayload: assign(A.bufferPayload),
    bufferFetched: assign(A.bufferFetched),
    popReadyPayloads: assign(A.popReadyPayloads),
    commitBlocks: (_args, _params: A.CommitParams) => undefined,
    forward: (_args, _params: A.ForwardParams) => undefined,
    gossipBlock: (_args, _params: A.GossipParams) => undefined,
    logDropped: (_args, _params: A.LogParams) => undefined,
    refuseFetched: (_args, _params: A.FetchedRefusalParams) => undefined,
    expireBlocks: assign(A.expireBlocks),
  },
  delays: {
    blockExpirationCheckInterval: ({ context }) => blockExpirationCheckIntervalMs(context.params),
  },
}).createMachine({
  id: 'dissemination',
  description: 'Accepts pushed, orderer and fetched blocks of one channel, forwards new pushed ones, commits them in order.',
  context: ({ input }) => initialDisseminationContext(input),
  initial: 'active',
  states: {
    active: {
      description: 'Blocks are verified, deduplicated, forwarded, buffered and committed in order.',
      meta: { req: ['DIS-FUNC-ACCEPT-FORWARD.1', 'DIS-FUNC-COMMIT-IN-ORDER.1'] },
      initial: 'expiring',
      states: {
        expiring: {
          description: "Fabric's expirationRoutine: every blockExpirationInterval / 100 the block store expires and purges what is old.",
          after: {
            blockExpirationCheckInterval: { target: 'expiring', reenter: true, actions: 'expireBlocks', meta: { req: ['DIS-FUNC-BLOCK-EXPIRATION.1'] } },
          },
        },
      },
      on: {
        BLOCK_RECEIVED: [
          { guard: 'isForOtherChannel', actions: drop('DIS-FUNC-CHANNEL.1', 'message of another channel'), meta: { req: ['DIS-FUNC-CHANNEL.1'] } },
          { guard: 'isRejectedByStore', actions: drop('DIS-FUNC-STORE-WINDOW.1', 'already stored or too old for the block store', 'debug'), meta: { req: ['DIS-FUNC-STORE-WINDOW.1'] } },
          { guard: 'failsVerifySeq', actions: drop('DIS-FUNC-VERIFY-SEQ.1', 'seq does not match the header'), meta: { req: ['DIS-FUNC-VERIFY-SEQ.1'] } },
          { guard: 'failsVerifyChannel', actions: drop('DIS-FUNC-VERIFY-CHANNEL.1', 'block of another channel'), meta: { req: ['DIS-FUNC-VERIFY-CHANNEL.1'] } },
          { guard: 'failsVerifyDataHash', actions: drop('DIS-FUNC-VERIFY-DATA-HASH.1', 'data hash mismatch'), meta: { req: ['DIS-FUNC-VERIFY-DATA-HASH.1'] } },
          { guard: 'lacksOrdererSignature', actions: drop('DIS-FUNC-VERIFY-SIGNATURE.1', 'no valid orderer signature'), meta: { req: ['DIS-FUNC-VERIFY-SIGNATURE.1'] } },
          {
            guard: and(['isVerified', 'isBeyondBufferWindow']),
            actions: ['storeBlock', forward, drop('DIS-FUNC-BUFFER-NONBLOCKING.1', 'too far ahead of the ledger height to buffer', 'info')],
            meta: { req: ['DIS-FUNC-ACCEPT-FORWARD.1', 'DIS-SAFE-VERIFIED-ONLY.1', 'DIS-FUNC-BUFFER-NONBLOCKING.1'] },
          },
          {
            guard: and(['isVerified', 'isStaleOrBuffered']),
            actions: ['storeBlock', forward, drop('DIS-FUNC-BUFFER-PUSH.1', 'already committed or buffered', 'debug')],
            meta: { req: ['DIS-FUNC-ACCEPT-FORWARD.1', 'DIS-SAFE-VERIFIED-ONLY.1', 'DIS-FUNC-BUFFER-PUSH.1'] },
          },
          {
            guard: 'isVerified',
            actions: ['storeBlock', forward, 'bufferPayload', ...commit],
            meta: { req: ['DIS-FUNC-ACCEPT-FORWARD.1', 'DIS-SAFE-VERIFIED-ONLY.1', 'DIS-FUNC-BUFFER-NONBLOCKING.1', 'DIS-FUNC-COMMIT-IN-ORDER.1'] },
          },
          // [DIS-SAFE-VERIFIED-ONLY.1] unreachable through the reducer, which verifies every block that gets this far.
          { actions: drop('DIS-FUNC-VERIFY-SIGNATURE.1', 'not verified'), meta: { req: ['DIS-FUNC-VERIFY-SIGNATURE.1'] } },
        ],
        BLOCK_FROM_ORDERER: [
          {
            guard: 'isBlockGossipEnabled',
            actions: ['storeBlock', 'bufferPayload', ...commit, gossip],
            meta: { req: ['DIS-FUNC-ORDERER-BLOCK.1', 'DIS-FUNC-COMMIT-IN-ORDER.1', 'DIS-FUNC-GOSSIP-OWN-BLOCK.1'] },
          },
          { actions: ['storeBlock', 'bufferPayload', ...commit], meta: { req: ['DIS-FUNC-ORDERER-BLOCK.1', 'DIS-FUNC-COMMIT-IN-ORDER.1'] } },
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
