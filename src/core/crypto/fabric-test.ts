/**
 * Fabric's own test crypto, so that ports of Fabric tests can run under the assumptions Fabric's
 * tests make. It follows the "naive" MessageCryptoService of gossip/gossip/gossip_test.go and
 * gossip/identity/identity_test.go: the identity is the peer's endpoint, the PKI-ID is the identity
 * itself, a signature is a copy of the signed bytes (verify = signature equals payload, whoever the
 * identity), ValidateIdentity accepts everything not revoked. Fabric's tests attach orgs from the
 * side (orgs_test.go's configurableCryptoService maps endpoint -> org; orgCryptoService answers one
 * org for all); here the org rides in the identity, `<org>|<host:port>`, so `orgOf` stays a pure
 * function of its argument, as in the other suites.
 *
 * FORGEABLE BY DESIGN: anyone can "sign" as anyone, because the signature carries no secret and
 * verify never looks at the identity. Never use this suite for a claim about what a Byzantine peer
 * can or cannot forge; the symbolic suite is the model of unforgeable signatures.
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { OrgId, PkiId } from '../ids';
import { signedPayloadText, type CryptoSuite, type SigningKey } from './suite';

export const FABRIC_TEST_ORG_SEPARATOR = '|';

export interface FabricTestOptions {
  /**
   * The org of a bare-endpoint identity: undefined as gossip_test.go's naiveCryptoService (whose
   * OrgByPeerIdentity returns nil), or one org for all, as its orgCryptoService ("ORG1").
   */
  readonly bareEndpointOrg?: string;
  /** PKI-IDs revoked from the start (identity_test.go seeds its revokedIdentities map). */
  readonly revoked?: Iterable<string>;
}

export interface FabricTestSuite extends CryptoSuite {
  readonly name: 'fabric-test';
  /** The key of `<org>|<endpoint>` (or of the bare endpoint); throws on a malformed identity. */
  keyFor(endpoint: string, org?: string): SigningKey;
  /**
   * gossip_test.go's `revoke(pkiID)`: from now on `validateIdentity` rejects it. Like enrolment in
   * the symbolic suite this changes the suite, so a host must do it between steps, never inside one.
   */
  revoke(pki: PkiId): void;
}

// An org has no whitespace and no separator; an endpoint is host:port with one colon, as Fabric's
// discovery splits it, and a TCP port.
const ORG = /^[^\s|]+$/;
const ENDPOINT = /^[^\s|:]+:([0-9]{1,5})$/;

/** The parts of a well-formed identity, or undefined. */
export function parseFabricTestIdentity(identity: string): { org?: string; endpoint: string } | undefined {
  const at = identity.indexOf(FABRIC_TEST_ORG_SEPARATOR);
  const org = at < 0 ? undefined : identity.slice(0, at);
  const endpoint = at < 0 ? identity : identity.slice(at + 1);
  if (org !== undefined && !ORG.test(org)) return undefined;
  const port = ENDPOINT.exec(endpoint)?.[1];
  if (port === undefined || Number(port) < 1 || Number(port) > 65535) return undefined;
  return org === undefined ? { endpoint } : { org, endpoint };
}

/**
 * [GEN-FUNC-CRYPTO-FABRIC-TEST-SUITE.1] PKI-ID = identity, org = the prefix before `|`, a signature
 * is the payload itself, and an identity is valid when well-formed and not revoked.
 */
export function createFabricTestSuite(options: FabricTestOptions = {}): FabricTestSuite {
  const revoked = new Set<string>(options.revoked ?? []);
  const { bareEndpointOrg } = options;
  return {
    name: 'fabric-test',
    keyFor(endpoint, org) {
      const identity = org === undefined ? endpoint : `${org}${FABRIC_TEST_ORG_SEPARATOR}${endpoint}`;
      if (parseFabricTestIdentity(identity) === undefined) throw new Error(`malformed fabric-test identity: ${JSON.stringify(identity)}`);
      // There is no secret: the naive service signs without one, which is what makes it forgeable.
      return { identity, secret: '' };
    },
    revoke(pki) {
      revoked.add(pki);
    },
    pkiIdOf: (identity) => identity as PkiId,
    orgOf(identity) {
      const parts = parseFabricTestIdentity(identity);
      return (parts === undefined ? undefined : parts.org ?? bareEndpointOrg) as OrgId | undefined;
    },
    // [GEN-FUNC-CRYPTO-FABRIC-TEST-REVOCATION.1] the PKI-ID is the identity, so revocation is keyed by it.
    validateIdentity: (identity) => parseFabricTestIdentity(identity) !== undefined && !revoked.has(identity),
    expiresAtMs: () => undefined,
    // A copy of the payload, made by anyone with any key: Fabric's naive Sign. [MSG-FUNC-SUITES-SIGN-BYTES.1]
    // Bytes are copied as a Latin-1 byte string, so on the wire the signature is the signed bytes.
    sign: (_key, payload) => signedPayloadText(payload),
    // Fabric's naive Verify compares bytes and ignores the identity.
    verify: (_identity, payload, signature) => signature === signedPayloadText(payload),
    // Channel MACs and block digests are plain SHA-256 in Fabric's tests too (they bypass the MCS).
    hash: (data) => bytesToHex(sha256(utf8ToBytes(data))),
  };
}
