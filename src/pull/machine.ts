/**
 * Fabric's 4-phase pull engine (gossip/gossip/algo/pull.go) as a statechart. See spec/pull.md.
 * Two regions run side by side: the initiator's round (idle → collectingDigests →
 * awaitingResponses → idle, restarted every pullInterval) and the responder's memory of the hellos
 * it answered (their nonces live requestWaitTime). Rounds to every peer converge on the union of
 * the items once the network behaves ([PUL-LIVE-UNION.1], test/pull/properties.test.ts).
 */
import { assign, setup } from 'xstate';
import * as A from './actions';
import { initialPullContext, type PullContext } from './context';
import * as G from './guards';
import type { PullEvent, PullStart } from './inputs';

const sendHellos = { type: 'sendHellos', params: A.hellosParams } as const;
const sendDigest = { type: 'sendDigest', params: A.digestParams } as const;
const sendRequests = { type: 'sendRequests', params: A.requestsParams } as const;
const sendUpdate = { type: 'sendUpdate', params: A.updateParams } as const;

export const pullMachine = setup({
  types: {} as { context: PullContext; events: PullEvent; input: PullStart },
  guards: {
    carriesRoundNonce: G.carriesRoundNonce,
    holdsItems: G.holdsItems,
    isServableRequest: G.isServableRequest,
    allIncomingExpire: G.allIncomingExpire,
  },
  actions: {
    updateItems: assign(A.updateItems),
    updatePeers: assign(A.updatePeers),
    beginRound: assign(A.beginRound),
    recordDigest: assign(A.recordDigest),
    chooseOwners: assign(A.chooseOwners),
    acceptUpdate: assign(A.acceptUpdate),
    endRound: assign(A.endRound),
    rememberHello: assign(A.rememberHello),
    expireHellos: assign(A.expireHellos),
    sendHellos: (_args, _params: A.HellosParams) => undefined,
    sendDigest: (_args, _params: A.DigestParams) => undefined,
    sendRequests: (_args, _params: A.RequestsParams) => undefined,
    sendUpdate: (_args, _params: A.UpdateParams) => undefined,
  },
  delays: {
    pullInterval: ({ context }) => context.params.pullIntervalMs,
    digestWaitTime: ({ context }) => context.params.digestWaitTimeMs,
    responseWaitTime: ({ context }) => context.params.responseWaitTimeMs,
    requestWaitTime: ({ context }) => context.params.requestWaitTimeMs,
  },
}).createMachine({
  id: 'pull',
  description: 'Pulls the items it lacks from random peers in rounds, and answers the rounds of others.',
  context: ({ input }) => initialPullContext(input),
  initial: 'running',
  states: {
    running: {
      type: 'parallel',
      description: 'The initiator and the responder run side by side.',
      on: {
        ITEMS_ADDED: { actions: 'updateItems', meta: { req: ['PUL-FUNC-ITEMS.1'] } },
        ITEMS_REMOVED: { actions: 'updateItems', meta: { req: ['PUL-FUNC-ITEMS.1'] } },
        PEERS_UPDATED: { actions: 'updatePeers', meta: { req: ['PUL-FUNC-PEERS.1'] } },
        STOP: { target: 'stopped', meta: { req: ['PUL-FUNC-STOP.1'] } },
      },
      states: {
        initiator: {
          // The round cycle is one level down so that restarting it re-enters this region only: a
          // transition from a region to its own child, re-entering, has the parallel parent as its
          // domain and would restart the responder too.
          initial: 'rounds',
          states: {
            rounds: {
          description: 'A pull round starts every pullInterval; a new round replaces what is left of the last.',
          initial: 'idle',
          after: {
            pullInterval: {
              target: '.collectingDigests',
              reenter: true,
              actions: ['beginRound', sendHellos],
              meta: { req: ['PUL-FUNC-START-ROUND.1', 'PUL-SAFE-UNIQUE-NONCES.1'] },
            },
          },
          states: {
            idle: {
              description: 'No round: digests and updates are ignored.',
              meta: { req: ['PUL-SAFE-ACCEPT-IN-WINDOW.1'] },
            },
            collectingDigests: {
              description: 'Hellos sent; digests carrying their nonce are recorded for digestWaitTime.',
              meta: { req: ['PUL-FUNC-DIGEST.1', 'PUL-SAFE-ACCEPT-IN-WINDOW.1'] },
              on: {
                DIGEST_RECEIVED: { guard: 'carriesRoundNonce', actions: 'recordDigest', meta: { req: ['PUL-FUNC-DIGEST.1', 'PUL-SAFE-ACCEPT-IN-WINDOW.1'] } },
              },
              after: {
                digestWaitTime: {
                  target: 'awaitingResponses',
                  actions: ['chooseOwners', sendRequests],
                  meta: { req: ['PUL-FUNC-REQUEST.1', 'PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1', 'PUL-SAFE-ONE-REQUEST-PER-OWNER.1'] },
                },
              },
            },
            awaitingResponses: {
              description: 'Requests sent; updates carrying a round nonce are accepted for responseWaitTime.',
              meta: { req: ['PUL-FUNC-UPDATE.1', 'PUL-SAFE-ACCEPT-IN-WINDOW.1'] },
              on: {
                UPDATE_RECEIVED: { guard: 'carriesRoundNonce', actions: 'acceptUpdate', meta: { req: ['PUL-FUNC-UPDATE.1', 'PUL-SAFE-ACCEPT-IN-WINDOW.1'] } },
              },
              after: { responseWaitTime: { target: 'idle', actions: 'endRound', meta: { req: ['PUL-FUNC-END-ROUND.1'] } } },
            },
          },
        },
          },
        },
        responder: {
          description: 'Answers hellos with a digest and remembered hellos\u2019 requests with an update.',
          initial: 'noIncomingNonces',
          on: {
            REQUEST_RECEIVED: { guard: 'isServableRequest', actions: sendUpdate, meta: { req: ['PUL-FUNC-RESPOND-REQUEST.1', 'PUL-SAFE-UPDATE-ONLY-REMEMBERED.1'] } },
          },
          states: {
            noIncomingNonces: {
              description: 'No hello remembered: no timer armed.',
              meta: { req: ['PUL-FUNC-NONCE-LIFETIME.1'] },
              on: {
                HELLO_RECEIVED: [
                  { guard: 'holdsItems', target: 'holdingIncomingNonces', actions: ['rememberHello', sendDigest], meta: { req: ['PUL-FUNC-HELLO.1'] } },
                  { target: 'holdingIncomingNonces', actions: 'rememberHello', meta: { req: ['PUL-FUNC-HELLO.1'] } },
                ],
              },
            },
            holdingIncomingNonces: {
              description: 'Some hellos remembered; every requestWaitTime the expired ones are dropped.',
              meta: { req: ['PUL-FUNC-NONCE-LIFETIME.1'] },
              on: {
                HELLO_RECEIVED: [
                  { guard: 'holdsItems', actions: ['rememberHello', sendDigest], meta: { req: ['PUL-FUNC-HELLO.1'] } },
                  { actions: 'rememberHello', meta: { req: ['PUL-FUNC-HELLO.1'] } },
                ],
              },
              after: {
                requestWaitTime: [
                  { guard: 'allIncomingExpire', target: 'noIncomingNonces', actions: 'expireHellos', meta: { req: ['PUL-FUNC-NONCE-LIFETIME.1'] } },
                  { target: 'holdingIncomingNonces', reenter: true, actions: 'expireHellos', meta: { req: ['PUL-FUNC-NONCE-LIFETIME.1'] } },
                ],
              },
            },
          },
        },
      },
    },
    stopped: {
      description: 'Stopped: no round, no answer, no timer.',
      type: 'final',
      meta: { req: ['PUL-FUNC-STOP.1'] },
    },
  },
});
