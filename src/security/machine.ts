/**
 * One connection's handshake, seen from one side (Fabric gossip/comm/comm_impl.go,
 * `authenticateRemotePeer` and the PKI-ID check of `createConnection` / `Handshake`). See
 * spec/security-handshake.md. The refusals are tried in Fabric's order, so the first failing
 * check names the reason; the chart needs no crypto (the reducer's verdict rides on the event).
 */
import { and, assign, not, setup } from 'xstate';
import * as A from './actions';
import { initialHandshakeContext, type HandshakeContext, type HandshakeEvent } from './context';
import * as G from './guards';
import type { HandshakeParams } from './params';
import type { HandshakeRefusalReason } from './refusals';

/** Refuse: remember why, tell the host, close the stream. */
const refuse = (reason: HandshakeRefusalReason) =>
  [{ type: 'recordRefusal', params: { reason } }, { type: 'refused', params: { reason } }, 'closeConnection'] as const;
/** A refusal transition: when `guard` holds, refuse for `reason` (`meta` names the requirement that defines the check). */
const refuseWhen = <Guard>(guard: Guard, reason: HandshakeRefusalReason, meta: { readonly req: readonly string[] }) =>
  ({ guard, target: 'refused', actions: refuse(reason), meta }) as const;
const authenticated = { type: 'authenticated', params: A.authenticatedParams } as const;

export const handshakeMachine = setup({
  types: {} as { context: HandshakeContext; events: HandshakeEvent; input: HandshakeParams },
  guards: { ...G },
  actions: {
    recordStart: assign(A.recordStart),
    recordRemote: assign(A.recordRemote),
    recordRefusal: assign(A.recordRefusal),
    sendConnEstablish: (_args, _params: A.SendParams) => undefined,
    authenticated: (_args, _params: A.AuthenticatedParams) => undefined,
    refused: (_args, _params: A.RefusalParams) => undefined,
    closeConnection: () => undefined,
  },
  delays: { connTimeout: ({ context }) => context.params.connTimeoutMs },
}).createMachine({
  id: 'handshake',
  description: 'Authenticates the remote end of one gossip connection by its signed ConnEstablish.',
  context: ({ input }) => initialHandshakeContext(input),
  initial: 'idle',
  states: {
    idle: {
      description: 'The stream is open and nothing is sent yet: a TLS peer without a certificate is refused before it learns who we are.',
      on: {
        START: [
          // Fabric refuses before sending its own ConnEstablish: an unauthenticated TLS peer learns nothing.
          { guard: 'missingTlsCertificate', target: 'refused', actions: ['recordStart', ...refuse('no TLS certificate')], meta: { req: ['SEC-FUNC-NO-TLS-CERT.1'] } },
          {
            target: 'awaitingConnEstablish',
            actions: ['recordStart', { type: 'sendConnEstablish', params: A.sendParams }],
            meta: { req: ['SEC-FUNC-HANDSHAKE-START.1', 'SEC-MSG-CONN-ESTABLISH.1'] },
          },
        ],
        CLOSE: { target: 'closed', actions: 'closeConnection', meta: { req: ['SEC-FUNC-CLOSE.1'] } },
      },
    },
    awaitingConnEstablish: {
      description: 'Our ConnEstablish is sent; the remote must send its own within connTimeout, and pass every check.',
      meta: { req: ['SEC-FUNC-HANDSHAKE-START.1', 'SEC-FUNC-CHECK-ORDER.1', 'SEC-SAFE-AUTHENTICATED-SIGNER.1'] },
      after: { connTimeout: { target: 'refused', actions: refuse('timed out waiting for connection message'), meta: { req: ['SEC-FUNC-TIMEOUT.1'] } } },
      on: {
        CONN_ESTABLISH_RECEIVED: [
          refuseWhen('isWrongType', 'wrong type', { req: ['SEC-FUNC-WRONG-TYPE.1'] }),
          refuseWhen('lacksPkiId', 'no PKI-ID', { req: ['SEC-FUNC-NO-PKI-ID.1'] }),
          refuseWhen('lacksIdentity', 'identity is nil', { req: ['SEC-FUNC-IDENTITY-CHECK.1'] }),
          refuseWhen('identityInvalid', 'identity invalid', { req: ['SEC-FUNC-IDENTITY-CHECK.1'] }),
          refuseWhen('identityMismatchesPkiId', "identity doesn't match the computed pkiID", { req: ['SEC-FUNC-IDENTITY-CHECK.1'] }),
          refuseWhen('tlsCertHashMismatch', 'remote hash of TLS cert mismatch', { req: ['SEC-FUNC-TLS-CERT-HASH.1'] }),
          refuseWhen('signatureInvalid', 'signature invalid', { req: ['SEC-FUNC-SIGNATURE.1'] }),
          refuseWhen('dialerGotProbe', 'probe', { req: ['SEC-FUNC-PROBED.1'] }),
          { guard: 'probedByRemote', target: 'probed', actions: ['recordRemote', authenticated, 'closeConnection'], meta: { req: ['SEC-FUNC-PROBED.1'] } },
          refuseWhen(and(['unexpectedPeer', 'isDeepProbe']), "PKI-ID of remote peer doesn't match expected PKI-ID", { req: ['SEC-FUNC-DEEP-PROBE.1'] }),
          refuseWhen(and(['unexpectedPeer', not('sameOrgAsExpected')]), 'authentication failure', { req: ['SEC-FUNC-IDENTITY-SWITCH.1'] }),
          { guard: 'isDeepProbe', target: 'probed', actions: ['recordRemote', authenticated, 'closeConnection'], meta: { req: ['SEC-FUNC-DEEP-PROBE.1'] } },
          { target: 'authenticated', actions: ['recordRemote', authenticated], meta: { req: ['SEC-FUNC-AUTHENTICATED.1', 'SEC-FUNC-IDENTITY-SWITCH.1'] } },
        ],
        MALFORMED_RECEIVED: { target: 'refused', actions: refuse('malformed message'), meta: { req: ['SEC-FUNC-MALFORMED.1'] } },
        CLOSE: { target: 'closed', actions: 'closeConnection', meta: { req: ['SEC-FUNC-CLOSE.1'] } },
      },
    },
    authenticated: {
      description: 'The remote is authenticated and the connection registered; later messages are gossip, not handshake.',
      meta: { req: ['SEC-FUNC-AUTHENTICATED.1', 'SEC-SAFE-ONE-OUTCOME.1'] },
      on: { CLOSE: { target: 'closed', actions: 'closeConnection', meta: { req: ['SEC-FUNC-CLOSE.1'] } } },
    },
    probed: {
      description: 'A probe was answered and authenticated; the stream is closed without registering a connection.',
      type: 'final',
      meta: { req: ['SEC-FUNC-PROBED.1', 'SEC-FUNC-DEEP-PROBE.1', 'SEC-SAFE-ONE-OUTCOME.1'] },
    },
    refused: {
      description: 'A check failed or connTimeout passed: the reason is reported and the stream closed.',
      type: 'final',
      meta: { req: ['SEC-SAFE-ONE-OUTCOME.1'] },
    },
    closed: {
      description: 'Closed by the host; nothing further happens on this connection.',
      type: 'final',
      meta: { req: ['SEC-FUNC-CLOSE.1'] },
    },
  },
});
