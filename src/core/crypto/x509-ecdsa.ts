/**
 * ECDSA P-256 with SHA-256 over bytes, signatures DER-encoded (ECDSA-Sig-Value, RFC 3279 §2.2.3),
 * as Fabric's bccsp marshals them and as certificates carry them. Signing uses RFC 6979 nonces
 * (deterministic, so a step that signs stays a pure function) and normalises S to the low half,
 * as bccsp/sw `signECDSA` does with `ToLowS`. Verification never throws.
 */
import { p256 } from '@noble/curves/p256';
import { sha256 } from '@noble/hashes/sha256';
import { hexToBytes } from '@noble/hashes/utils';

/** DER ECDSA-Sig-Value over SHA-256(message), low S. */
export function signEcdsaDer(privateKeyHex: string, message: Uint8Array): Uint8Array {
  return p256.sign(sha256(message), hexToBytes(privateKeyHex), { lowS: true }).toBytes('der');
}

/**
 * Whether `signatureDer` is a strict-DER ECDSA-Sig-Value by `publicKey` over SHA-256(message).
 * `requireLowS`: bccsp/sw `verifyECDSA` rejects a high S (gossip messages, blocks); Go's x509
 * signature check on certificates does not.
 */
export function verifyEcdsaDer(publicKey: Uint8Array, message: Uint8Array, signatureDer: Uint8Array, requireLowS: boolean): boolean {
  try {
    return p256.verify(signatureDer, sha256(message), publicKey, { lowS: requireLowS, format: 'der' });
  } catch {
    // noble throws on malformed DER (non-minimal integers, trailing bytes) and bad points.
    return false;
  }
}

/** The uncompressed SEC 1 point (65 bytes) of a 32-byte hex private key, as certificates carry it. */
export function publicKeyOfPrivateHex(privateKeyHex: string): Uint8Array {
  return p256.getPublicKey(hexToBytes(privateKeyHex), false);
}

/** Whether `bytes` is an uncompressed point on P-256 (what a certificate's subjectPublicKey must be). */
export function isUncompressedP256Point(bytes: Uint8Array): boolean {
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    p256.ProjectivePoint.fromHex(bytes).assertValidity();
    return true;
  } catch {
    return false;
  }
}
