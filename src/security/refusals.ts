/**
 * Why a handshake was refused, named after Fabric's errors (comm_impl.go, identity.go). A typed
 * set, so a host can act on the reason and a test can check every refusal carries one of them.
 */
import * as t from 'io-ts';

export const HandshakeRefusalReason = t.keyof(
  {
    /** TLS is on and the remote presented no certificate (`authenticateRemotePeer`). */
    'no TLS certificate': null,
    /** the first message is not a ConnEstablish. */
    'wrong type': null,
    /** the ConnEstablish carries an empty PKI-ID. */
    'no PKI-ID': null,
    /** identity mapper Put: an empty identity. */
    'identity is nil': null,
    /** identity mapper Put: ValidateIdentity failed (not issued by a trusted MSP). */
    'identity invalid': null,
    /** identity mapper Put: GetPKIidOfCert(identity) differs from the claimed PKI-ID. */
    "identity doesn't match the computed pkiID": null,
    /** tls_cert_hash differs from the hash of the certificate seen on the connection (Fabric: "Expected %v in remote hash of TLS cert, but got %v"). */
    'remote hash of TLS cert mismatch': null,
    /** the envelope's signature does not verify with the claimed identity (Fabric: "Failed verifying signature"). */
    'signature invalid': null,
    /** no ConnEstablish within connTimeout (`readWithTimeout`). */
    'timed out waiting for connection message': null,
    /** the first message did not decode (`EnvelopeToGossipMessage`). */
    'malformed message': null,
    /** a dialer got a probe ConnEstablish: Fabric's errProbe fails the dial. */
    probe: null,
    /** `createConnection`: the remote is not whom we dialed, and not of the expected peer's org. */
    'authentication failure': null,
    /** `Handshake` (deep probe): the remote is not whom we dialed. */
    "PKI-ID of remote peer doesn't match expected PKI-ID": null,
  },
  'HandshakeRefusalReason',
);
export type HandshakeRefusalReason = t.TypeOf<typeof HandshakeRefusalReason>;
