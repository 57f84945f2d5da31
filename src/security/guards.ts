/**
 * One predicate per check of Fabric's authenticateRemotePeer and createConnection (spec/security-handshake.md),
 * in the order Fabric makes them. Crypto checks read the reducer's verdict; without one they fail.
 */
import { receivedConn, type HandshakeContext, type HandshakeEvent } from './context';

type Args = { context: HandshakeContext; event: HandshakeEvent };

/** [SEC-FUNC-NO-TLS-CERT.1] TLS is on here and the remote presented no certificate. */
export const missingTlsCertificate = ({ context, event }: Args): boolean =>
  event.type === 'START' && context.params.tlsEnabled && (event.tlsCertHashSeen ?? '') === '';

/** [SEC-FUNC-WRONG-TYPE.1] the first message is not a ConnEstablish. */
export const isWrongType = ({ event }: Args): boolean => receivedConn(event) === undefined;

/** [SEC-FUNC-NO-PKI-ID.1] the ConnEstablish names no PKI-ID. */
export const lacksPkiId = ({ event }: Args): boolean => receivedConn(event)?.pkiId === '';

/** [SEC-FUNC-IDENTITY-CHECK.1] the ConnEstablish carries no identity. */
export const lacksIdentity = ({ event }: Args): boolean => receivedConn(event)?.identity === '';

/** [SEC-FUNC-IDENTITY-CHECK.1] the identity is not valid (not issued by a trusted MSP). */
export const identityInvalid = ({ event }: Args): boolean => event.type === 'CONN_ESTABLISH_RECEIVED' && event.verdict?.identityValid !== true;

/** [SEC-FUNC-IDENTITY-CHECK.1] the identity does not hash to the claimed PKI-ID. */
export const identityMismatchesPkiId = ({ event }: Args): boolean =>
  event.type === 'CONN_ESTABLISH_RECEIVED' && event.verdict?.identityHashesToPkiId !== true;

/** [SEC-FUNC-TLS-CERT-HASH.1] with TLS on, tls_cert_hash differs from the hash of the certificate seen. */
export const tlsCertHashMismatch = ({ context, event }: Args): boolean =>
  context.params.tlsEnabled && receivedConn(event)?.tlsCertHash !== (context.tlsCertHashSeen ?? '');

/** [SEC-FUNC-SIGNATURE.1] the envelope's signature does not verify with the claimed identity. */
export const signatureInvalid = ({ event }: Args): boolean => event.type === 'CONN_ESTABLISH_RECEIVED' && event.verdict?.signatureValid !== true;

/** [SEC-FUNC-PROBED.1] an acceptor was probed: authenticate, then end without a connection. */
export const probedByRemote = ({ context, event }: Args): boolean => context.role === 'acceptor' && receivedConn(event)?.probe === true;

/** [SEC-FUNC-PROBED.1] a dialer got a probe back: Fabric's errProbe fails the dial. */
export const dialerGotProbe = ({ context, event }: Args): boolean => context.role === 'dialer' && receivedConn(event)?.probe === true;

/** [SEC-FUNC-IDENTITY-SWITCH.1] [SEC-FUNC-DEEP-PROBE.1] we dialed a known PKI-ID and another one answered. */
export const unexpectedPeer = ({ context, event }: Args): boolean => {
  const conn = receivedConn(event);
  return context.role === 'dialer' && context.expectedPkiId !== undefined && conn !== undefined && conn.pkiId !== context.expectedPkiId;
};

/** [SEC-FUNC-DEEP-PROBE.1] this handshake is our deep probe (Fabric's Handshake()). */
export const isDeepProbe = ({ context }: Args): boolean => context.ownProbe;

/** [SEC-FUNC-IDENTITY-SWITCH.1] the remote's org is the org of the identity stored for the PKI-ID we dialed. */
export const sameOrgAsExpected = ({ event }: Args): boolean => event.type === 'CONN_ESTABLISH_RECEIVED' && event.verdict?.sameOrgAsExpected === true;
