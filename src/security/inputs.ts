/**
 * What one connection's handshake accepts. The host owns the transport: it opens the stream (after
 * Fabric's dial and Ping for a dialer), reports which TLS certificate hash it saw on it
 * ([SEC-ASM-TLS-HASH-SEEN.1]), decodes the first message with the Envelope codec and feeds it here.
 * Types come from the codecs.
 */
import * as t from 'io-ts';
import { Envelope } from '../messages';

/** Hashes of TLS certificates, as the host computed them; absent when TLS is off or no certificate was presented. */
const TlsHashes = t.partial({
  /** the hash of the certificate the remote presented on this connection */
  tlsCertHashSeen: t.string,
  /** the hash of our own certificate on this connection (client cert when dialing, server cert when accepting) */
  tlsCertHashOwn: t.string,
});

/**
 * We dialed. `expectedPkiId` is whom we meant to reach (absent: unknown, as for a bootstrap peer);
 * `expectedIdentity` is the identity stored for it, whose org decides an identity switch.
 * `probe` is Fabric's Handshake() (the deep probe): authenticate, then close without a connection.
 */
export const DialerStart = t.intersection(
  [
    t.type({ type: t.literal('START'), role: t.literal('dialer'), probe: t.boolean }),
    t.partial({ expectedPkiId: t.string, expectedIdentity: t.string }),
    TlsHashes,
  ],
  'DialerStart',
);
/** A remote dialed us (Fabric's GossipStream server side); an acceptor never probes. */
export const AcceptorStart = t.intersection([t.type({ type: t.literal('START'), role: t.literal('acceptor') }), TlsHashes], 'AcceptorStart');
export const HandshakeStart = t.union([DialerStart, AcceptorStart], 'HandshakeStart');
export type HandshakeStart = t.TypeOf<typeof HandshakeStart>;

/** The remote's first message, decoded as an Envelope of any content (a wrong content is refused, not undecodable). */
export const ConnEstablishReceived = t.type({ type: t.literal('CONN_ESTABLISH_RECEIVED'), envelope: Envelope }, 'ConnEstablishReceived');
export type ConnEstablishReceived = t.TypeOf<typeof ConnEstablishReceived>;

/** The remote's first message did not decode (Fabric: EnvelopeToGossipMessage failed); `error` is the decoder's report. */
export const MalformedReceived = t.type({ type: t.literal('MALFORMED_RECEIVED'), error: t.string }, 'MalformedReceived');
/** The host abandons the connection (stopping, or the stream broke): end without a verdict. */
export const HandshakeClose = t.type({ type: t.literal('CLOSE') }, 'HandshakeClose');

export const HandshakeCommand = t.union([HandshakeStart, ConnEstablishReceived, MalformedReceived, HandshakeClose], 'HandshakeCommand');
export type HandshakeCommand = t.TypeOf<typeof HandshakeCommand>;

/** The connTimeout timer's event, as xstate names it for `after: { connTimeout }`. */
export const CONN_TIMEOUT_EVENT = 'xstate.after.connTimeout.handshake.awaitingConnEstablish';
export const HandshakeTimerEvent = t.type({ type: t.literal(CONN_TIMEOUT_EVENT) }, 'HandshakeTimerEvent');
export type HandshakeTimerEvent = t.TypeOf<typeof HandshakeTimerEvent>;
