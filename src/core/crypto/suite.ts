/**
 * The crypto interface a reducer is built with. Synchronous and injected, so that steps stay pure:
 * every suite here is deterministic (the symbolic one by construction, ECDSA and X.509 by RFC 6979
 * nonces, fabric-test because a signature is the payload), so the same inputs give the same trace.
 *
 * Identities are Fabric's SerializedIdentity reduced to a string: `<mspId>\n<credential>`, where
 * the credential is a name (symbolic), a hex public key (ECDSA) or a PEM X.509 certificate issued
 * by the MSP's root CA (x509-ecdsa, Fabric's own MSP semantics). The fabric-test suite instead
 * uses Fabric's test identities, `<org>|<host:port>`, and its signatures are forgeable by design.
 */
import type { OrgId, PkiId } from '../ids';

/**
 * What a signature covers: bytes (a marshalled GossipMessage, a block's signed parts) or text. The
 * ECDSA and X.509 suites sign text as its UTF-8 bytes; the symbolic and fabric-test suites, which
 * work on strings, take bytes as their Latin-1 string ([MSG-FUNC-SUITES-SIGN-BYTES.1]).
 */
export type SignedPayload = Uint8Array | string;

/** What a peer holds to sign with. `secret` never leaves the peer's own reducer. */
export interface SigningKey {
  readonly identity: string;
  readonly secret: string;
}

export interface CryptoSuite {
  readonly name: 'symbolic' | 'ecdsa-p256' | 'fabric-test' | 'x509-ecdsa';
  /** Fabric's GetPKIidOfCert. */
  pkiIdOf(identity: string): PkiId;
  /** Fabric's OrgByPeerIdentity: the MSP id, or undefined for a malformed identity (or one with no org). */
  orgOf(identity: string): OrgId | undefined;
  /** Fabric's ValidateIdentity: well-formed and issued by this suite's trust root. */
  validateIdentity(identity: string): boolean;
  /**
   * Fabric's Expiration(identity): when the identity stops being valid, in ms of the same clock as
   * the peers' `nowMs` (an X.509 certificate's NotAfter), or undefined when it never expires.
   */
  expiresAtMs(identity: string): number | undefined;
  /**
   * [GEN-FUNC-CRYPTO-SUITE-LAWS.1] In every suite `sign` is deterministic and `verify` accepts a
   * signature over this payload and rejects it over any other payload.
   * [GEN-FUNC-CRYPTO-SIGN-VERIFY.1] In the symbolic and ECDSA suites `verify` also rejects another
   * identity's signature and ""; fabric-test, whose signature is the payload, ignores the identity.
   * [MSG-FUNC-SUITES-SIGN-BYTES.1] A Uint8Array payload is signed as those bytes.
   */
  sign(key: SigningKey, payload: SignedPayload): string;
  verify(identity: string, payload: SignedPayload, signature: string): boolean;
  /** A collision-resistant digest (SHA-256 hex) in the ECDSA and fabric-test suites; a symbolic digest in the other. */
  hash(data: string): string;
}

const utf8 = new TextEncoder();

/** [MSG-FUNC-SUITES-SIGN-BYTES.1] A payload's bytes: text as its UTF-8, bytes as they are. */
export function signedPayloadBytes(payload: SignedPayload): Uint8Array {
  return typeof payload === 'string' ? utf8.encode(payload) : payload;
}

/** [MSG-FUNC-SUITES-SIGN-BYTES.1] A payload as one string: text as it is, bytes as Latin-1 (code unit i = byte i). */
export function signedPayloadText(payload: SignedPayload): string {
  if (typeof payload === 'string') return payload;
  let out = '';
  // Chunked: String.fromCharCode's argument list is bounded by the engine's stack.
  for (let i = 0; i < payload.length; i += 8192) out += String.fromCharCode.apply(null, payload.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

export const IDENTITY_SEPARATOR = '\n';

export function makeIdentity(mspId: string, credential: string): string {
  return `${mspId}${IDENTITY_SEPARATOR}${credential}`;
}

export function splitIdentity(identity: string): { mspId: string; credential: string } | undefined {
  const at = identity.indexOf(IDENTITY_SEPARATOR);
  if (at <= 0 || at === identity.length - 1) return undefined;
  return { mspId: identity.slice(0, at), credential: identity.slice(at + 1) };
}

/**
 * MACs computed so far, by suite, channel and PKI-ID. A MAC is a pure function of the three, and
 * every StateInfo a peer takes in is checked against one (and matched against each joined channel
 * first): hashing afresh was 6% of a StateInfo delivery's CPU, and StateInfo deliveries are the
 * largest share (a third) of a 300-peer network's cost. Bounded, since channels and PKI-IDs come from input.
 */
const macsBySuite = new WeakMap<CryptoSuite, Map<string, Map<string, string>>>();
const MAC_CHANNELS_LIMIT = 256;
const MACS_PER_CHANNEL_LIMIT = 16_384;

/** [CHN-FUNC-CHANNEL-MAC.1] Fabric's channel MAC: hash(pkiId || channel). Proves knowledge of the name without revealing it. */
export function channelMac(suite: CryptoSuite, pki: PkiId, channel: string): string {
  let byChannel = macsBySuite.get(suite);
  if (byChannel === undefined) macsBySuite.set(suite, (byChannel = new Map<string, Map<string, string>>()));
  let byPki = byChannel.get(channel);
  if (byPki === undefined && byChannel.size < MAC_CHANNELS_LIMIT) byChannel.set(channel, (byPki = new Map<string, string>()));
  const known = byPki?.get(pki);
  if (known !== undefined) return known;
  const mac = suite.hash(`${pki}${channel}`);
  if (byPki !== undefined && byPki.size < MACS_PER_CHANNEL_LIMIT) byPki.set(pki, mac);
  return mac;
}
