/**
 * One Connect (Fabric's Discovery.Connect with its identifier and sendUntilAcked) to a bootstrap or
 * anchor endpoint: up to maxConnectionAttempts handshakes, reconnectInterval apart; then a
 * membership request with a random nonce, re-sent until a response echoing the nonce arrives
 * (connectResponseTimeout, then reconnectInterval) up to maxConnectionAttempts times.
 * One chart per endpoint, because several run at once and start at different times.
 */
import { assign, setup } from 'xstate';
import type { PkiId } from '../core';
import { CONNECT_RESPONSE_TIMEOUT_MS } from './params';

export type ConnectKind = 'bootstrap' | 'anchor';

export interface ConnectInput {
  readonly endpoint: string;
  readonly kind: ConnectKind;
  /** Anchors only: the channel config says this anchor is in my org. */
  readonly claimedInMyOrg: boolean;
  readonly maxConnectionAttempts: number;
  readonly reconnectIntervalMs: number;
}

export interface ConnectContext extends ConnectInput {
  /** Handshakes made so far (the current one's number while handshaking). */
  readonly attempt: number;
  /** Membership requests sent so far. */
  readonly sends: number;
  readonly remotePkiId: PkiId | undefined;
  readonly remoteInMyOrg: boolean;
  readonly nonce: bigint;
}

export type ConnectEvent =
  | { readonly type: 'HANDSHAKE_OK'; readonly attempt: number; readonly pkiId: PkiId; readonly inMyOrg: boolean; readonly nonce: bigint }
  | { readonly type: 'HANDSHAKE_FAILED'; readonly attempt: number }
  | { readonly type: 'RESPONSE'; readonly nonce: bigint }
  | { readonly type: 'STOP' };

export interface HandshakeParams {
  readonly endpoint: string;
  readonly attempt: number;
}

export interface ConnectRequestParams {
  readonly endpoint: string;
  readonly pkiId: PkiId;
  readonly includeInternalEndpoint: boolean;
  readonly nonce: bigint;
}

type Args = { context: ConnectContext; event: ConnectEvent };

const answersThisAttempt = ({ context, event }: Args): boolean =>
  (event.type === 'HANDSHAKE_OK' || event.type === 'HANDSHAKE_FAILED') && event.attempt === context.attempt;

/**
 * [MEM-FUNC-BOOTSTRAP-SAME-ORG.1] a bootstrap peer must be in my org; [MEM-FUNC-ANCHOR-PEERS.1] an
 * anchor the config places in my org must really be in it.
 */
const acceptableRemote = (args: Args): boolean => {
  const { context, event } = args;
  if (event.type !== 'HANDSHAKE_OK' || !answersThisAttempt(args)) return false;
  return context.kind === 'bootstrap' ? event.inMyOrg : !context.claimedInMyOrg || event.inMyOrg;
};

const attemptsLeft = ({ context }: Args): boolean => context.attempt < context.maxConnectionAttempts;
const rejectedWithAttemptsLeft = (args: Args): boolean => answersThisAttempt(args) && attemptsLeft(args);
const rejectedOnLastAttempt = (args: Args): boolean => answersThisAttempt(args);
const sendsLeft = ({ context }: Args): boolean => context.sends < context.maxConnectionAttempts;
const echoesNonce = ({ context, event }: Args): boolean => event.type === 'RESPONSE' && event.nonce === context.nonce;

function recordRemote({ event }: Args): Partial<ConnectContext> {
  if (event.type !== 'HANDSHAKE_OK') return {};
  return { remotePkiId: event.pkiId, remoteInMyOrg: event.inMyOrg, nonce: event.nonce };
}

export const connectMachine = setup({
  types: {} as { context: ConnectContext; events: ConnectEvent; input: ConnectInput },
  guards: { acceptableRemote, rejectedWithAttemptsLeft, rejectedOnLastAttempt, sendsLeft, echoesNonce },
  actions: {
    countAttempt: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    countSend: assign(({ context }) => ({ sends: context.sends + 1 })),
    recordRemote: assign(recordRemote),
    handshake: (_args, _params: HandshakeParams) => undefined,
    sendConnectRequest: (_args, _params: ConnectRequestParams) => undefined,
  },
  delays: {
    reconnectInterval: ({ context }) => context.reconnectIntervalMs,
    connectResponseTimeout: CONNECT_RESPONSE_TIMEOUT_MS,
  },
}).createMachine({
  id: 'connect',
  description: 'Connect to one bootstrap or anchor endpoint: handshake, then a membership request until answered.',
  context: ({ input }) => ({ ...input, attempt: 0, sends: 0, remotePkiId: undefined, remoteInMyOrg: false, nonce: 0n }),
  initial: 'handshaking',
  on: { STOP: { target: '.stopped', meta: { req: ['MEM-FUNC-STOP.1'] } } },
  states: {
    handshaking: {
      description: 'A deep handshake learns the remote PKI-ID and org.',
      entry: ['countAttempt', { type: 'handshake', params: ({ context }) => ({ endpoint: context.endpoint, attempt: context.attempt }) }],
      on: {
        HANDSHAKE_OK: [
          { guard: 'acceptableRemote', target: 'requesting', actions: 'recordRemote', meta: { req: ['MEM-FUNC-CONNECT.1', 'MEM-FUNC-ANCHOR-PEERS.1'] } },
          { guard: 'rejectedWithAttemptsLeft', target: 'waitingToRetry', meta: { req: ['MEM-FUNC-BOOTSTRAP-SAME-ORG.1', 'MEM-SAFE-BOOTSTRAP-SANITY.1'] } },
          { guard: 'rejectedOnLastAttempt', target: 'gaveUp', meta: { req: ['MEM-FUNC-BOOTSTRAP-SAME-ORG.1'] } },
        ],
        HANDSHAKE_FAILED: [
          { guard: 'rejectedWithAttemptsLeft', target: 'waitingToRetry', meta: { req: ['MEM-FUNC-CONNECT.1'] } },
          { guard: 'rejectedOnLastAttempt', target: 'gaveUp', meta: { req: ['MEM-FUNC-CONNECT.1'] } },
        ],
      },
    },
    waitingToRetry: {
      description: 'The handshake failed or the remote is not acceptable; retry after reconnectInterval.',
      after: { reconnectInterval: { target: 'handshaking', meta: { req: ['MEM-FUNC-CONNECT.1'] } } },
    },
    requesting: {
      description: 'A membership request (internal endpoint only for my org) awaits a response with its nonce.',
      entry: [
        'countSend',
        {
          type: 'sendConnectRequest',
          params: ({ context }) => ({
            endpoint: context.endpoint,
            pkiId: context.remotePkiId as PkiId,
            includeInternalEndpoint: context.remoteInMyOrg,
            nonce: context.nonce,
          }),
        },
      ],
      meta: { req: ['MEM-FUNC-CONNECT-INTERNAL-ENDPOINT.1', 'MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1'] },
      on: { RESPONSE: { guard: 'echoesNonce', target: 'connected', meta: { req: ['MEM-FUNC-CONNECT.1'] } } },
      after: {
        connectResponseTimeout: [
          { guard: 'sendsLeft', target: 'waitingToResend', meta: { req: ['MEM-FUNC-CONNECT.1'] } },
          { target: 'gaveUp', meta: { req: ['MEM-FUNC-CONNECT.1'] } },
        ],
      },
    },
    waitingToResend: {
      description: 'No response within connectResponseTimeout; send again after reconnectInterval.',
      after: { reconnectInterval: { target: 'requesting', meta: { req: ['MEM-FUNC-CONNECT.1'] } } },
    },
    connected: { description: 'A response arrived; membership takes over.', type: 'final' },
    gaveUp: { description: 'maxConnectionAttempts exhausted.', type: 'final' },
    stopped: { description: 'Discovery stopped.', type: 'final', meta: { req: ['MEM-FUNC-STOP.1'] } },
  },
});
