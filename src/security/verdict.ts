/**
 * The crypto the handshake needs, done outside the chart so the chart stays plain data: the
 * reducer signs our ConnEstablish into START and adds a verdict to CONN_ESTABLISH_RECEIVED.
 */
import type { CryptoSuite, SigningKey } from '../core';
import { latin1Text, signedBytesOf, signMessage, verifyEnvelope, type Envelope, type EnvelopeOf } from '../messages';
import type { HandshakeParams } from './params';
import type { HandshakeStart } from './inputs';

/** What only crypto can tell about a received ConnEstablish; guards read one field each. */
export interface CryptoVerdict {
  /** [SEC-FUNC-IDENTITY-CHECK.1] ValidateIdentity. */
  readonly identityValid: boolean;
  /** [SEC-FUNC-IDENTITY-CHECK.1] GetPKIidOfCert(identity) equals the claimed PKI-ID. */
  readonly identityHashesToPkiId: boolean;
  /** [SEC-FUNC-SIGNATURE.1] the envelope verifies with the claimed identity. */
  readonly signatureValid: boolean;
  /** [SEC-FUNC-IDENTITY-SWITCH.1] org(identity) equals the org of the identity stored for the expected PKI-ID. */
  readonly sameOrgAsExpected: boolean;
  /**
   * [SEC-FUNC-AUTHENTICATED.1] Fabric's ConnectionInfo.Auth.SignedData: the bytes the remote's
   * signature covers (the received payload bytes, [MSG-FUNC-SIGNED-BYTES.1]) as a byte string.
   */
  readonly signedData?: string;
}

/** What of our ConnEstablish varies from one connection to the next. */
export interface ConnVariant {
  readonly tlsCertHash: string;
  readonly probe: boolean;
}

/** [SEC-MSG-CONN-ESTABLISH.1] What our ConnEstablish carries for this connection besides our PKI-ID and identity. */
export function connVariant(params: HandshakeParams, start: HandshakeStart): ConnVariant {
  return {
    // Without TLS Fabric sends a nil hash; the receiver only compares it when its TLS is on.
    tlsCertHash: params.tlsEnabled ? (start.tlsCertHashOwn ?? '') : '',
    probe: start.role === 'dialer' && start.probe,
  };
}

/** [SEC-MSG-CONN-ESTABLISH.1] our first message: tag EMPTY, nonce 0, signed with our key. */
export function signedConnEstablish(crypto: CryptoSuite, key: SigningKey, variant: ConnVariant): EnvelopeOf<'conn'> {
  const conn = { pkiId: crypto.pkiIdOf(key.identity), identity: key.identity, ...variant };
  return signMessage(crypto, key, { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'conn', conn } });
}

/** The verdict on a received envelope; undefined when it is not a ConnEstablish (nothing to verify). */
export function cryptoVerdict(crypto: CryptoSuite, envelope: Envelope, expectedIdentity: string | undefined): CryptoVerdict | undefined {
  const content = envelope.payload.content;
  if (content.$case !== 'conn') return undefined;
  const { pkiId, identity } = content.conn;
  const identityValid = identity !== '' && crypto.validateIdentity(identity);
  const org = identityValid ? crypto.orgOf(identity) : undefined;
  // Fabric compares with OrgByPeerIdentity(nil) when the expected identity is unknown: never equal.
  const expectedOrg = expectedIdentity === undefined ? undefined : crypto.orgOf(expectedIdentity);
  const signed = signedBytesOf(crypto, envelope);
  return {
    identityValid,
    identityHashesToPkiId: identityValid && crypto.pkiIdOf(identity) === pkiId,
    signatureValid: identityValid && verifyEnvelope(crypto, identity, envelope),
    sameOrgAsExpected: org !== undefined && expectedOrg !== undefined && org === expectedOrg,
    ...(signed === undefined ? {} : { signedData: latin1Text(signed) }),
  };
}
