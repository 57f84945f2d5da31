/**
 * An X.509 certificate, parsed with @peculiar/asn1-x509 into the few fields the MSP checks need.
 * Only what Fabric's default MSP issues is accepted: an ECDSA P-256 subject key and an
 * ecdsa-with-SHA256 signature. Parsing is total: any malformed input gives undefined, never throws.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  KeyUsage,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  type Extension,
} from '@peculiar/asn1-x509';
import { bytesToHex } from '@noble/hashes/utils';
import { isUncompressedP256Point } from './x509-ecdsa';
import { pemToDer } from './x509-pem';

/** RFC 5758 §3.2 ecdsa-with-SHA256 (parameters absent). */
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** RFC 5480 §2.1.1 id-ecPublicKey. */
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
/** RFC 5480 §2.1.1.1: the ECParameters of secp256r1, the DER of the namedCurve OID 1.2.840.10045.3.1.7. */
export const P256_NAMED_CURVE_DER_HEX = '06082a8648ce3d030107';

export interface ParsedCertificate {
  /** The bytes the issuer signed, exactly as they appear in the certificate. */
  readonly tbsDer: Uint8Array;
  /** The issuer's DER ECDSA-Sig-Value. */
  readonly signatureDer: Uint8Array;
  readonly serial: bigint;
  /** DER of the issuer and subject Names, for chaining (issuer of a leaf = subject of its CA). */
  readonly issuerHex: string;
  readonly subjectHex: string;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  /** Uncompressed P-256 point. */
  readonly publicKey: Uint8Array;
  /** basicConstraints cA (false when the extension is absent, as Go's IsCA). */
  readonly isCa: boolean;
  /** keyUsage bits (KeyUsageFlags), or undefined when the extension is absent. */
  readonly keyUsage: number | undefined;
}

const toBytes = (buffer: ArrayBuffer): Uint8Array => new Uint8Array(buffer);

/** A positive INTEGER's content bytes as a bigint; undefined for zero-length or negative. */
function serialOf(content: Uint8Array): bigint | undefined {
  if (content.length === 0 || (content[0] ?? 0) >= 0x80) return undefined;
  return BigInt(`0x${bytesToHex(content)}`);
}

function extensionValue(extensions: readonly Extension[], oid: string): ArrayBuffer | undefined {
  return extensions.find((e) => e.extnID === oid)?.extnValue.buffer;
}

/** [GEN-MSG-X509-IDENTITY.1] The accepted certificate form: DER, P-256 key, ecdsa-with-SHA256. */
export function parseCertificateDer(der: Uint8Array): ParsedCertificate | undefined {
  try {
    const cert = AsnConvert.parse(der, Certificate);
    const tbs = cert.tbsCertificate;
    const spki = tbs.subjectPublicKeyInfo;
    const extensions = tbs.extensions ?? [];
    const serial = serialOf(toBytes(tbs.serialNumber));
    const publicKey = toBytes(spki.subjectPublicKey);
    const supported =
      // DER only: re-encoding must give the input back, which rejects trailing bytes and BER
      // variants, so one certificate has one encoding (and one PKI-ID). Fabric's own test
      // certificates (msp/testdata) all pass this round trip.
      bytesToHex(toBytes(AsnConvert.serialize(cert))) === bytesToHex(der) &&
      cert.tbsCertificateRaw !== undefined &&
      serial !== undefined &&
      // RFC 5280 §4.1.1.2: the outer and inner signature algorithms must be the same.
      cert.signatureAlgorithm.algorithm === OID_ECDSA_WITH_SHA256 &&
      tbs.signature.algorithm === OID_ECDSA_WITH_SHA256 &&
      spki.algorithm.algorithm === OID_EC_PUBLIC_KEY &&
      spki.algorithm.parameters != null &&
      bytesToHex(toBytes(spki.algorithm.parameters)) === P256_NAMED_CURVE_DER_HEX &&
      isUncompressedP256Point(publicKey) &&
      // RFC 5280 §4.2: at most one instance of an extension (Go's parser rejects duplicates).
      new Set(extensions.map((e) => e.extnID)).size === extensions.length;
    if (!supported || cert.tbsCertificateRaw === undefined || serial === undefined) return undefined;
    const basicConstraints = extensionValue(extensions, id_ce_basicConstraints);
    const keyUsage = extensionValue(extensions, id_ce_keyUsage);
    return {
      tbsDer: toBytes(cert.tbsCertificateRaw),
      signatureDer: toBytes(cert.signatureValue),
      serial,
      issuerHex: bytesToHex(toBytes(AsnConvert.serialize(tbs.issuer))),
      subjectHex: bytesToHex(toBytes(AsnConvert.serialize(tbs.subject))),
      notBeforeMs: tbs.validity.notBefore.getTime().getTime(),
      notAfterMs: tbs.validity.notAfter.getTime().getTime(),
      publicKey,
      isCa: basicConstraints !== undefined && AsnConvert.parse(basicConstraints, BasicConstraints).cA,
      keyUsage: keyUsage === undefined ? undefined : AsnConvert.parse(keyUsage, KeyUsage).toNumber(),
    };
  } catch {
    // The ASN.1 parser throws on anything that is not a certificate.
    return undefined;
  }
}

export function parseCertificatePem(pem: string): ParsedCertificate | undefined {
  const der = pemToDer(pem);
  return der === undefined ? undefined : parseCertificateDer(der);
}
