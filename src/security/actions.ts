/** Named actions: context updates and the params of the output actions. */
import type { EnvelopeOf } from '../messages';
import { receivedConn, type AuthenticatedRemote, type HandshakeContext, type HandshakeEvent } from './context';
import type { HandshakeRefusalReason } from './refusals';

type Args = { context: HandshakeContext; event: HandshakeEvent };

/** [SEC-FUNC-HANDSHAKE-START.1] remember what the checks of the remote's message need. */
export function recordStart({ event }: Args): Partial<HandshakeContext> {
  if (event.type !== 'START') return {};
  const dialer = event.role === 'dialer' ? event : undefined;
  return {
    role: event.role,
    ownProbe: dialer?.probe ?? false,
    expectedPkiId: dialer?.expectedPkiId,
    expectedIdentity: dialer?.expectedIdentity,
    tlsCertHashSeen: event.tlsCertHashSeen,
  };
}

/** [SEC-FUNC-AUTHENTICATED.1] [SEC-FUNC-IDENTITY-SWITCH.1] the remote is who its ConnEstablish says. */
export function recordRemote({ context, event }: Args): Partial<HandshakeContext> {
  const conn = receivedConn(event);
  if (conn === undefined || event.type !== 'CONN_ESTABLISH_RECEIVED') return {};
  const switched = context.expectedPkiId !== undefined && context.expectedPkiId !== conn.pkiId;
  const remote: AuthenticatedRemote = {
    pkiId: conn.pkiId,
    identity: conn.identity,
    ...(switched ? { identitySwitchFrom: context.expectedPkiId } : {}),
    auth: { signedData: event.verdict?.signedData ?? '', signature: event.envelope.signature },
  };
  return { remote };
}

export interface RefusalParams { readonly reason: HandshakeRefusalReason }
export const recordRefusal = (_args: Args, params: RefusalParams): Partial<HandshakeContext> => ({ refusal: params.reason });

export interface SendParams { readonly envelope: EnvelopeOf<'conn'> }
/** [SEC-MSG-CONN-ESTABLISH.1] the envelope the reducer signed into START. */
export function sendParams({ event }: Args): SendParams {
  if (event.type !== 'START') throw new Error('sendConnEstablish outside START');
  return { envelope: event.ownEnvelope };
}

export interface AuthenticatedParams extends AuthenticatedRemote {
  /** false for probes (ours or the remote's): the host must not register a connection. */
  readonly register: boolean;
}
export function authenticatedParams({ context, event }: Args): AuthenticatedParams {
  const remote = context.remote;
  if (remote === undefined) throw new Error('authenticated before recordRemote');
  return { ...remote, register: !context.ownProbe && receivedConn(event)?.probe !== true };
}
