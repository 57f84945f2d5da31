/**
 * Fabric's MSP identity validation (msp/mspimplvalidate.go `validateIdentity`) for one root CA per
 * MSP: the certificate is not a CA, chains to the MSP's root (issuer name, CA constraints, the
 * root's signature), both are valid at the leaf's NotBefore + 1 s (Fabric's FAB-3678 workaround,
 * `getValidityOptsForCert`: the MSP never compares against the wall clock), and its serial is not
 * revoked. Every outcome is named, so tests and hosts can tell why an identity was refused.
 */
import { KeyUsageFlags } from '@peculiar/asn1-x509';
import type { ParsedCertificate } from './x509-cert';
import { verifyEcdsaDer } from './x509-ecdsa';

export type X509Verdict =
  | 'valid'
  /** Not `<mspId>\n<canonical PEM>` of a DER certificate with a P-256 key signed ecdsa-with-SHA256. */
  | 'malformed'
  /** The MSP id is not one the suite was configured with. */
  | 'unknown-msp'
  /** basicConstraints cA = true: "cannot be used as an identity" (mspimpl.go). */
  | 'ca-as-identity'
  /** The issuer Name is not the MSP root's subject. */
  | 'wrong-issuer'
  /** The root's key did not sign the tbsCertificate. */
  | 'bad-signature'
  /** The leaf's NotBefore + 1 s falls outside the leaf's or the root's validity period. */
  | 'outside-validity'
  /** The serial is on the MSP's revocation list. */
  | 'revoked';

/** Go's x509.Verify runs at `CurrentTime = cert.NotBefore + 1s` in Fabric's MSP. */
export const MSP_VALIDATION_OFFSET_MS = 1_000;

const within = (atMs: number, cert: ParsedCertificate): boolean => cert.notBeforeMs <= atMs && atMs <= cert.notAfterMs;

/** Why a root certificate cannot anchor an MSP, or undefined when it can. Checked once, at configuration. */
export function rootCaProblem(root: ParsedCertificate): string | undefined {
  if (!root.isCa) return 'not a CA (basicConstraints cA is not true)';
  if (root.keyUsage !== undefined && (root.keyUsage & KeyUsageFlags.keyCertSign) === 0) return 'keyUsage lacks keyCertSign';
  if (root.issuerHex !== root.subjectHex || !verifyEcdsaDer(root.publicKey, root.tbsDer, root.signatureDer, false)) return 'not self-signed';
  return undefined;
}

/**
 * [GEN-FUNC-X509-VALIDATE-IDENTITY.1] The verdict on a parsed leaf against its MSP's root.
 * Certificate signatures are checked as Go's x509 does, so a high S is accepted here (Fabric's
 * `sanitizeCert` normalises it afterwards); gossip signatures are stricter (x509.ts).
 */
export function verdictAgainstRoot(leaf: ParsedCertificate, root: ParsedCertificate, revokedSerials: ReadonlySet<bigint>): X509Verdict {
  if (leaf.isCa) return 'ca-as-identity';
  if (leaf.issuerHex !== root.subjectHex) return 'wrong-issuer';
  const validationAtMs = leaf.notBeforeMs + MSP_VALIDATION_OFFSET_MS;
  if (!within(validationAtMs, leaf) || !within(validationAtMs, root)) return 'outside-validity';
  if (!verifyEcdsaDer(root.publicKey, leaf.tbsDer, leaf.signatureDer, false)) return 'bad-signature';
  if (revokedSerials.has(leaf.serial)) return 'revoked';
  return 'valid';
}
