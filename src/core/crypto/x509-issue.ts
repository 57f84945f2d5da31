/**
 * Certificate issuing for tests, simulations and scenarios: a self-signed root CA per MSP and
 * peer (or orderer) certificates under it, shaped like cryptogen's (internal/cryptogen/ca/ca.go):
 * v3, ECDSA P-256, ecdsa-with-SHA256, critical basicConstraints and keyUsage, the root's
 * SubjectKeyIdentifier = SHA-256 of its public point and the leaf's AuthorityKeyIdentifier = that.
 * Everything is an input (keys as private-key hex, serials, validity), and signatures use RFC 6979
 * nonces, so the same inputs give byte-identical certificates: no binary fixtures are checked in.
 * Built with @peculiar/asn1-x509's schema classes and serialised by AsnConvert; no DER by hand.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Time,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { sha256 } from '@noble/hashes/sha256';
import { hexToBytes } from '@noble/hashes/utils';
import { OID_EC_PUBLIC_KEY, OID_ECDSA_WITH_SHA256, P256_NAMED_CURVE_DER_HEX } from './x509-cert';
import { publicKeyOfPrivateHex, signEcdsaDer } from './x509-ecdsa';
import { derToPem, pemToDer } from './x509-pem';

const OID_ORGANIZATION = '2.5.4.10';
const OID_COMMON_NAME = '2.5.4.3';
/** Exclusive upper bound of GeneralizedTime's four-digit year: 10000-01-01T00:00:00Z. */
const YEAR_10000_MS = 253_402_300_800_000;

export interface CertificateTemplate {
  /** Subject O: the organisation (cryptogen uses the org's domain). */
  readonly organization: string;
  /** Subject CN: `ca.org1.example.com`, `peer0.org1.example.com`. */
  readonly commonName: string;
  /** The subject's P-256 private key, 64 hex digits (callers bring their own entropy). */
  readonly privateKeyHex: string;
  /** A positive serial, unique per issuing CA. */
  readonly serial: bigint;
  /** Validity period, whole seconds (X.509 times have no milliseconds). */
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
}

/** A certificate and the private key of its subject. */
export interface IssuedCertificate {
  readonly certPem: string;
  readonly privateKeyHex: string;
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

function nameOf(template: CertificateTemplate): Name {
  const rdn = (type: string, value: string) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })]);
  return new Name([rdn(OID_ORGANIZATION, template.organization), rdn(OID_COMMON_NAME, template.commonName)]);
}

/** DER INTEGER content of a positive serial: big-endian, a leading 00 when the top bit is set. */
function serialContent(serial: bigint): Uint8Array {
  const hex = serial.toString(16);
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return hexToBytes(/^[0-7]/.test(even) ? even : `00${even}`);
}

function checkTemplate(template: CertificateTemplate): void {
  const { serial, notBeforeMs, notAfterMs } = template;
  if (serial <= 0n) throw new RangeError(`serial must be positive: ${serial}`);
  for (const ms of [notBeforeMs, notAfterMs]) {
    if (!Number.isSafeInteger(ms) || ms % 1000 !== 0 || ms < 0 || ms >= YEAR_10000_MS) throw new RangeError(`validity bounds must be whole seconds in years 1970..9999: ${ms}`);
  }
  if (notAfterMs < notBeforeMs) throw new RangeError(`NotAfter ${notAfterMs} precedes NotBefore ${notBeforeMs}`);
}

/** X.509 Time at `ms`. The library's constructor ignores a falsy argument, so the epoch goes in as text. */
const timeAt = (ms: number): Time => new Time(ms === 0 ? '1970-01-01T00:00:00Z' : ms);

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** cryptogen's computeSKI: SHA-256 of the uncompressed public point. */
const subjectKeyIdOf = (privateKeyHex: string): Uint8Array => sha256(publicKeyOfPrivateHex(privateKeyHex));

function signCertificate(template: CertificateTemplate, issuerName: Name, issuerPrivateKeyHex: string, extensions: Extension[]): IssuedCertificate {
  checkTemplate(template);
  const algorithm = new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 });
  const validity = new Validity();
  validity.notBefore = timeAt(template.notBeforeMs);
  validity.notAfter = timeAt(template.notAfterMs);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(serialContent(template.serial)),
    signature: algorithm,
    issuer: issuerName,
    validity,
    subject: nameOf(template),
    subjectPublicKeyInfo: new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: OID_EC_PUBLIC_KEY, parameters: toArrayBuffer(hexToBytes(P256_NAMED_CURVE_DER_HEX)) }),
      subjectPublicKey: toArrayBuffer(publicKeyOfPrivateHex(template.privateKeyHex)),
    }),
    extensions: new Extensions(extensions),
  });
  const signature = signEcdsaDer(issuerPrivateKeyHex, new Uint8Array(AsnConvert.serialize(tbs)));
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: toArrayBuffer(signature) });
  return { certPem: derToPem(new Uint8Array(AsnConvert.serialize(cert))), privateKeyHex: template.privateKeyHex };
}

/**
 * [GEN-FUNC-X509-ISSUE.1] A self-signed root CA certificate, as cryptogen's `NewCA`. Throws
 * RangeError on a bad template.
 */
export function issueCa(template: CertificateTemplate): IssuedCertificate {
  return signCertificate(template, nameOf(template), template.privateKeyHex, [
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })),
    extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)),
    extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyIdOf(template.privateKeyHex))),
  ]);
}

/**
 * [GEN-FUNC-X509-ISSUE.1] A peer (or orderer) signing certificate issued by `ca`, as cryptogen's
 * `SignCertificate`: not a CA, keyUsage digitalSignature. Throws RangeError on a bad template or
 * CA certificate.
 */
export function issuePeerCert(ca: IssuedCertificate, template: CertificateTemplate): IssuedCertificate {
  const caDer = pemToDer(ca.certPem);
  if (caDer === undefined) throw new RangeError('the CA certificate is not a canonical PEM certificate');
  const caSubject = AsnConvert.parse(caDer, Certificate).tbsCertificate.subject;
  return signCertificate(template, caSubject, ca.privateKeyHex, [
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
    extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)),
    extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(subjectKeyIdOf(ca.privateKeyHex)) })),
  ]);
}
