/**
 * Real crypto: ECDSA over P-256 with SHA-256, Fabric's default MSP scheme. Uses the audited,
 * pure-JS noble libraries (no node:crypto), and RFC 6979 deterministic nonces, so a step that
 * signs is still a pure function of its inputs. PKI-ID = SHA-256 of the identity string
 * `<mspId>\n<credential>` (Fabric's GetPKIidOfCert hashes mspID || idBytes, without the separator).
 * The "trust root" is the set of MSP ids this suite accepts.
 */
import { p256 } from '@noble/curves/p256';
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import type { OrgId, PkiId } from '../ids';
import { makeIdentity, signedPayloadBytes, splitIdentity, type CryptoSuite, type SigningKey } from './suite';

const sha256Hex = (data: string): string => bytesToHex(sha256(utf8ToBytes(data)));

export interface EcdsaSuite extends CryptoSuite {
  /** Derive a key pair from a 32-byte hex private key (callers bring their own entropy). */
  keyFromPrivateHex(mspId: string, privateKeyHex: string): SigningKey;
}

/**
 * [GEN-FUNC-ECDSA-SUITE.1] [GEN-FUNC-CRYPTO-SIGN-VERIFY.1] P-256/SHA-256, RFC 6979, compact r||s with
 * low S; an identity is valid only for a trusted MSP id with a P-256 public key as its credential.
 */
export function createEcdsaSuite(trustedMspIds: readonly string[]): EcdsaSuite {
  const trusted = new Set(trustedMspIds);
  const publicKeyOf = (identity: string): Uint8Array | undefined => {
    const parts = splitIdentity(identity);
    if (!parts || !trusted.has(parts.mspId) || !/^[0-9a-f]+$/.test(parts.credential)) return undefined;
    try {
      p256.ProjectivePoint.fromHex(parts.credential);
      return hexToBytes(parts.credential);
    } catch {
      return undefined;
    }
  };
  return {
    name: 'ecdsa-p256',
    keyFromPrivateHex(mspId, privateKeyHex) {
      const publicKey = bytesToHex(p256.getPublicKey(hexToBytes(privateKeyHex), true));
      return { identity: makeIdentity(mspId, publicKey), secret: privateKeyHex };
    },
    pkiIdOf: (identity) => sha256Hex(identity) as PkiId,
    orgOf: (identity) => splitIdentity(identity)?.mspId as OrgId | undefined,
    validateIdentity: (identity) => publicKeyOf(identity) !== undefined,
    // A bare public key carries no validity period (the X.509 suite's certificates do).
    expiresAtMs: () => undefined,
    // lowS: Fabric's signer normalises S to the low half and its verifier rejects high-S signatures.
    // [MSG-FUNC-SUITES-SIGN-BYTES.1] bytes are signed as they are, text as its UTF-8.
    sign: (key, payload) => p256.sign(sha256(signedPayloadBytes(payload)), hexToBytes(key.secret), { lowS: true }).toCompactHex(),
    verify(identity, payload, signature) {
      const publicKey = publicKeyOf(identity);
      if (!publicKey || !/^[0-9a-f]{128}$/.test(signature)) return false;
      return p256.verify(hexToBytes(signature), sha256(signedPayloadBytes(payload)), publicKey, { lowS: true });
    },
    hash: sha256Hex,
  };
}
