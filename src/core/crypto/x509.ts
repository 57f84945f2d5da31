/**
 * Fabric's MSP semantics as a CryptoSuite: an identity is a SerializedIdentity{mspid, id_bytes =
 * PEM X.509 certificate}, written `<mspId>\n<PEM>`; it is valid when its certificate chains to the
 * root CA configured for that MSP and its serial is not revoked; signatures are ECDSA P-256 with
 * SHA-256 by the certificate's key, DER-encoded with a low S, as bccsp marshals them.
 *
 * Validation results are memoised per identity string: the suite's configuration never changes,
 * so a verdict is a function of the string and caching it keeps every call pure while sparing the
 * 2 ms of a P-256 chain check on each message.
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import type { OrgId, PkiId } from '../ids';
import { makeIdentity, signedPayloadBytes, splitIdentity, type CryptoSuite, type SigningKey } from './suite';
import { parseCertificatePem, type ParsedCertificate } from './x509-cert';
import { rootCaProblem, verdictAgainstRoot, type X509Verdict } from './x509-chain';
import { signEcdsaDer, verifyEcdsaDer } from './x509-ecdsa';

export interface X509MspConfig {
  readonly mspId: string;
  /** The MSP's root CA certificate (MSPConfig root_certs), canonical PEM. */
  readonly caCertPem: string;
  /** Serials this MSP's CA revoked (the revoked entries of its CRL, MSPConfig revocation_list). */
  readonly revokedSerials?: readonly bigint[];
}

export interface X509SuiteOptions {
  readonly msps: readonly X509MspConfig[];
}

export interface X509Suite extends CryptoSuite {
  readonly name: 'x509-ecdsa';
  /** The signing key of a certificate issued to `mspId` (x509-issue.ts gives both halves). */
  keyFor(mspId: string, certPem: string, privateKeyHex: string): SigningKey;
  /** Why `validateIdentity` accepts or refuses an identity. */
  verdict(identity: string): X509Verdict;
}

interface Analysis {
  readonly verdict: X509Verdict;
  /** Present when the identity names a configured MSP and its certificate parses. */
  readonly cert?: ParsedCertificate;
}

interface Msp {
  readonly root: ParsedCertificate;
  readonly revokedSerials: ReadonlySet<bigint>;
}

/** Memo bound: beyond it verdicts are recomputed, so hostile input cannot grow memory without limit. */
const MAX_MEMOISED_IDENTITIES = 4096;
const LOWERCASE_HEX_BYTES = /^(?:[0-9a-f]{2})+$/;

const sha256Hex = (data: string): string => bytesToHex(sha256(utf8ToBytes(data)));

/**
 * [GEN-FUNC-X509-SUITE.1] The X.509 suite. Throws RangeError when a configured root is not a
 * self-signed P-256 CA certificate or an MSP id repeats (a configuration error, found at setup).
 */
export function createX509Suite(options: X509SuiteOptions): X509Suite {
  const msps = new Map<string, Msp>();
  for (const config of options.msps) {
    const root = parseCertificatePem(config.caCertPem);
    const problem = root === undefined ? 'not a canonical PEM P-256 certificate' : rootCaProblem(root);
    if (root === undefined || problem !== undefined) throw new RangeError(`MSP ${config.mspId}: root CA certificate rejected: ${problem}`);
    if (msps.has(config.mspId) || config.mspId.includes('\n') || config.mspId === '') throw new RangeError(`MSP id ${JSON.stringify(config.mspId)} is empty, repeated or holds a newline`);
    msps.set(config.mspId, { root, revokedSerials: new Set(config.revokedSerials ?? []) });
  }

  const memo = new Map<string, Analysis>();
  const analyse = (identity: string): Analysis => {
    const known = memo.get(identity);
    if (known !== undefined) return known;
    const parts = splitIdentity(identity);
    const msp = parts === undefined ? undefined : msps.get(parts.mspId);
    const cert = parts === undefined ? undefined : parseCertificatePem(parts.credential);
    const analysis: Analysis =
      parts === undefined || cert === undefined ? { verdict: 'malformed' }
      : msp === undefined ? { verdict: 'unknown-msp' }
      : { verdict: verdictAgainstRoot(cert, msp.root, msp.revokedSerials), cert };
    if (memo.size < MAX_MEMOISED_IDENTITIES) memo.set(identity, analysis);
    return analysis;
  };
  const validCert = (identity: string): ParsedCertificate | undefined => {
    const analysis = analyse(identity);
    return analysis.verdict === 'valid' ? analysis.cert : undefined;
  };

  return {
    name: 'x509-ecdsa',
    keyFor: (mspId, certPem, privateKeyHex) => ({ identity: makeIdentity(mspId, certPem), secret: privateKeyHex }),
    verdict: (identity) => analyse(identity).verdict,
    // [GEN-FUNC-X509-PKI-ID.1] GetPKIidOfCert: SHA-256 over the UTF-8 bytes of mspid ‖ id_bytes,
    // the separator left out. Total: a string that does not split is hashed whole (it is never valid).
    pkiIdOf(identity) {
      const parts = splitIdentity(identity);
      return sha256Hex(parts === undefined ? identity : `${parts.mspId}${parts.credential}`) as PkiId;
    },
    // [GEN-FUNC-X509-ORG.1] OrgByPeerIdentity deserialises without validating: a configured MSP
    // whose certificate parses names the org, even if the chain check would fail.
    orgOf: (identity) => analyse(identity).cert === undefined ? undefined : splitIdentity(identity)?.mspId as OrgId | undefined,
    validateIdentity: (identity) => validCert(identity) !== undefined,
    // [GEN-FUNC-X509-EXPIRATION.1] Expiration = the certificate's NotAfter, of valid identities only
    // (Fabric's Expiration validates first and errors otherwise).
    expiresAtMs: (identity) => validCert(identity)?.notAfterMs,
    // [MSG-FUNC-SUITES-SIGN-BYTES.1] bytes are signed as they are (a marshalled GossipMessage), text as its UTF-8.
    sign: (key, payload) => bytesToHex(signEcdsaDer(key.secret, signedPayloadBytes(payload))),
    // [GEN-FUNC-X509-SIGNATURES.1] MCS.Verify: a valid identity, then bccsp's low-S DER ECDSA check
    // against the certificate's key. Lowercase hex only, so one signature has one string.
    verify(identity, payload, signature) {
      const cert = validCert(identity);
      if (cert === undefined || !LOWERCASE_HEX_BYTES.test(signature)) return false;
      return verifyEcdsaDer(cert.publicKey, signedPayloadBytes(payload), hexToBytes(signature), true);
    },
    hash: sha256Hex,
  };
}
