/**
 * Symbolic crypto for simulation (Dolev–Yao style): the suite is an oracle that enrolled every
 * identity and knows each one's secret. A signature is a digest of (secret, payload), so a peer
 * that does not hold a key cannot produce a signature that verifies for it: Byzantine peers can
 * replay envelopes but not forge them. Digests are FNV-1a 64-bit: cheap, deterministic, and
 * collision-resistant enough for a model in which nobody searches for collisions.
 */
import type { OrgId, PkiId } from '../ids';
import { makeIdentity, signedPayloadText, splitIdentity, type CryptoSuite, type SigningKey } from './suite';

/** [GEN-FUNC-SYMBOLIC-DIGEST.1] FNV-1a 64 over UTF-16 code units, as 16 lowercase hex digits. */
export function fnv1a64Hex(data: string): string {
  // Two 32-bit lanes emulate the 64-bit FNV-1a multiply (prime 0x100000001b3).
  let h0 = 0x2325; let h1 = 0x8422; let h2 = 0x9ce4; let h3 = 0xcbf2;
  for (let i = 0; i < data.length; i++) {
    h0 ^= data.charCodeAt(i);
    const t0 = h0 * 0x1b3; const t1 = h1 * 0x1b3; const t2 = h2 * 0x1b3 + (h0 << 8); const t3 = h3 * 0x1b3 + (h1 << 8);
    const c1 = t1 + (t0 >>> 16); const c2 = t2 + (c1 >>> 16);
    h0 = t0 & 0xffff; h1 = c1 & 0xffff; h2 = c2 & 0xffff; h3 = (t3 + (c2 >>> 16)) & 0xffff;
  }
  return [h3, h2, h1, h0].map((x) => x.toString(16).padStart(4, '0')).join('');
}

export interface SymbolicSuite extends CryptoSuite {
  /**
   * Issue an identity for `name` in `mspId` and return its key. Deterministic per (seed, msp, name).
   * `expiresAtMs` models a certificate's NotAfter; without it the identity never expires.
   */
  enroll(mspId: string, name: string, options?: { readonly expiresAtMs?: number }): SigningKey;
}

export function createSymbolicSuite(seed = 0): SymbolicSuite {
  // What the suite computes of an enrolled identity, computed once at enrolment: every message a
  // peer takes in has its sender's identity classified (org, validity, PKI-ID), and the one string
  // per identity lets PKI-IDs compare by reference. Bounded by enrolment, not by input.
  const enrolled = new Map<string, { readonly secret: string; readonly pkiId: PkiId; readonly org: OrgId | undefined }>();
  const expiries = new Map<string, number>();
  const pkiIdFrom = (identity: string): PkiId => identity.replace('\n', '/') as PkiId;
  const orgFrom = (identity: string): OrgId | undefined => splitIdentity(identity)?.mspId as OrgId | undefined;
  const secretFor = (identity: string): string => `s${seed}:${fnv1a64Hex(`${seed}|${identity}`)}`;
  return {
    name: 'symbolic',
    // [GEN-FUNC-SYMBOLIC-ENROLMENT.1] the secret is a function of (seed, identity); only enrolled identities are valid.
    enroll(mspId, name, options) {
      // The readable PKI-ID "<msp>/<name>" names one identity only if the MSP id holds no '/' or newline.
      if (mspId === '' || /[/\n]/.test(mspId)) throw new RangeError(`MSP id ${JSON.stringify(mspId)}: must be non-empty, without '/' or a newline`);
      const identity = makeIdentity(mspId, name);
      const secret = secretFor(identity);
      enrolled.set(identity, { secret, pkiId: pkiIdFrom(identity), org: orgFrom(identity) });
      if (options?.expiresAtMs !== undefined) expiries.set(identity, options.expiresAtMs);
      return { identity, secret };
    },
    // Readable PKI-IDs ("Org1MSP/peer0") keep traces legible and election order predictable.
    pkiIdOf: (identity) => enrolled.get(identity)?.pkiId ?? pkiIdFrom(identity),
    orgOf: (identity) => { const e = enrolled.get(identity); return e === undefined ? orgFrom(identity) : e.org; },
    validateIdentity: (identity) => enrolled.has(identity),
    expiresAtMs: (identity) => expiries.get(identity),
    // [GEN-FUNC-SYMBOLIC-NO-FORGERY.1] [GEN-FUNC-CRYPTO-SIGN-VERIFY.1] a signature depends on the key's secret,
    // never on the identity the key claims, and verify recomputes it from the secret enrolled for the identity.
    // [MSG-FUNC-SUITES-SIGN-BYTES.1] bytes are digested as their Latin-1 string.
    sign: (key, payload) => `sym:${fnv1a64Hex(`${key.secret}|${signedPayloadText(payload)}`)}`,
    verify(identity, payload, signature) {
      const secret = enrolled.get(identity)?.secret;
      return secret !== undefined && signature === `sym:${fnv1a64Hex(`${secret}|${signedPayloadText(payload)}`)}`;
    },
    hash: fnv1a64Hex,
  };
}
