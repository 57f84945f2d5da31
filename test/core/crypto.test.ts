import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { createEcdsaSuite, createFabricTestSuite, createSymbolicSuite, createX509Suite, fnv1a64Hex, issueCa, issuePeerCert, makeIdentity, parseCertificatePem, splitIdentity, type CryptoSuite, type SigningKey } from '../../src/core';

const MASK_64 = (1n << 64n) - 1n;

/** FNV-1a 64 written the obvious way with BigInt, one UTF-16 code unit per step. */
function fnv1a64Reference(data: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < data.length; i++) h = ((h ^ BigInt(data.charCodeAt(i))) * 0x100000001b3n) & MASK_64;
  return h.toString(16).padStart(16, '0');
}

/** Any UTF-16 code units, lone surrogates included. */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((us) => String.fromCharCode(...us));

describe('symbolic digest', () => {
  it('[GEN-FUNC-SYMBOLIC-DIGEST.1] fnv1a64Hex matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  it('[GEN-FUNC-SYMBOLIC-DIGEST.1] fnv1a64Hex agrees with a BigInt FNV-1a 64 on any string', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), codeUnits), (s) => {
      expect(fnv1a64Hex(s)).toBe(fnv1a64Reference(s));
    }), { numRuns: 1000 });
  });
});

describe('identities', () => {
  it('[GEN-MSG-IDENTITY.1] an identity is "<mspId>\\n<credential>"; anything else has no org', () => {
    expect(makeIdentity('Org1MSP', 'peer0')).toBe('Org1MSP\npeer0');
    expect(splitIdentity('Org1MSP\npeer0')).toEqual({ mspId: 'Org1MSP', credential: 'peer0' });
    expect(splitIdentity('Org1MSP\na\nb')).toEqual({ mspId: 'Org1MSP', credential: 'a\nb' });
    for (const bad of ['', 'Org1MSP', '\npeer0', 'Org1MSP\n']) expect(splitIdentity(bad)).toBeUndefined();
    const suite = createSymbolicSuite();
    expect(suite.orgOf('Org2MSP\npeer3')).toBe('Org2MSP');
    expect(suite.orgOf('peer3')).toBeUndefined();
  });
});

interface SuiteFixture { suite: CryptoSuite; a: SigningKey; b: SigningKey; numRuns: number }
const symbolicFixture = (): SuiteFixture => {
  const suite = createSymbolicSuite(1);
  return { suite, a: suite.enroll('Org1MSP', 'peer0'), b: suite.enroll('Org2MSP', 'peer0'), numRuns: 300 };
};
const ecdsaFixture = (): SuiteFixture => {
  const suite = createEcdsaSuite(['Org1MSP', 'Org2MSP']);
  return { suite, a: suite.keyFromPrivateHex('Org1MSP', 'a1'.repeat(32)), b: suite.keyFromPrivateHex('Org2MSP', 'b2'.repeat(32)), numRuns: 25 };
};

const fabricTestFixture = (): SuiteFixture => {
  const suite = createFabricTestSuite();
  return { suite, a: suite.keyFor('127.0.0.1:7051', 'Org1MSP'), b: suite.keyFor('127.0.0.1:9051', 'Org2MSP'), numRuns: 300 };
};

/** A root CA per MSP and one peer certificate under each (validity and serials are fixed inputs). */
const x509Fixture = (): SuiteFixture => {
  const validity = { notBeforeMs: 1_700_000_000_000, notAfterMs: 1_800_000_000_000 };
  const peerOf = (mspId: string, caKeyHex: string, peerKeyHex: string) => {
    const ca = issueCa({ organization: mspId, commonName: `ca.${mspId}`, privateKeyHex: caKeyHex, serial: 1n, ...validity });
    return { ca, peer: issuePeerCert(ca, { organization: mspId, commonName: `peer0.${mspId}`, privateKeyHex: peerKeyHex, serial: 2n, ...validity }) };
  };
  const org1 = peerOf('Org1MSP', 'c1'.repeat(32), 'a1'.repeat(32));
  const org2 = peerOf('Org2MSP', 'c2'.repeat(32), 'b2'.repeat(32));
  const suite = createX509Suite({ msps: [{ mspId: 'Org1MSP', caCertPem: org1.ca.certPem }, { mspId: 'Org2MSP', caCertPem: org2.ca.certPem }] });
  return { suite, a: suite.keyFor('Org1MSP', org1.peer.certPem, org1.peer.privateKeyHex), b: suite.keyFor('Org2MSP', org2.peer.certPem, org2.peer.privateKeyHex), numRuns: 25 };
};

const ALL_SUITES = [['symbolic', symbolicFixture], ['ecdsa-p256', ecdsaFixture], ['fabric-test', fabricTestFixture], ['x509-ecdsa', x509Fixture]] as const;
/** The suites whose signatures bind an identity; fabric-test's do not (they are the payload). */
const BINDING_SUITES = [['symbolic', symbolicFixture], ['ecdsa-p256', ecdsaFixture], ['x509-ecdsa', x509Fixture]] as const;

describe.each(ALL_SUITES)('%s suite', (name, make) => {
  const { suite, a, b, numRuns } = make();

  it('[GEN-FUNC-CRYPTO-SUITE-LAWS.1] carries its own name', () => {
    expect(suite.name).toBe(name);
  });

  it('[GEN-FUNC-CRYPTO-SUITE-LAWS.1] a signature is deterministic and verifies over its payload only', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (payload, other) => {
      const sig = suite.sign(a, payload);
      expect(suite.sign(a, payload)).toBe(sig);
      expect(suite.verify(a.identity, payload, sig)).toBe(true);
      if (other !== payload) expect(suite.verify(a.identity, other, sig)).toBe(false);
    }), { numRuns });
  });

  it('[GEN-FUNC-CRYPTO-SUITE-LAWS.1] validates its own identities and gives each its own PKI-ID and org', () => {
    expect([suite.validateIdentity(a.identity), suite.validateIdentity(b.identity)]).toEqual([true, true]);
    expect(suite.pkiIdOf(a.identity)).toBe(suite.pkiIdOf(a.identity));
    expect(suite.pkiIdOf(a.identity)).not.toBe(suite.pkiIdOf(b.identity));
    expect([suite.orgOf(a.identity), suite.orgOf(b.identity)]).toEqual(['Org1MSP', 'Org2MSP']);
  });

  it('[GEN-FUNC-CRYPTO-SUITE-LAWS.1] hash is deterministic and tells inputs apart', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (x, y) => {
      expect(suite.hash(x)).toBe(suite.hash(x));
      if (x !== y) expect(suite.hash(x)).not.toBe(suite.hash(y));
    }), { numRuns: 300 });
  });
});

describe.each(BINDING_SUITES)('%s suite binds signatures to identities', (_name, make) => {
  const { suite, a, b, numRuns } = make();

  it('[GEN-FUNC-CRYPTO-SIGN-VERIFY.1] a signature verifies for its signer\'s identity only, and the empty signature never', () => {
    fc.assert(fc.property(fc.string(), (payload) => {
      const sig = suite.sign(a, payload);
      expect(suite.verify(a.identity, payload, sig)).toBe(true);
      expect(suite.verify(b.identity, payload, sig)).toBe(false);
      expect(suite.verify(a.identity, payload, '')).toBe(false);
    }), { numRuns });
  });
});

describe('symbolic suite specifics', () => {
  it('[GEN-FUNC-SYMBOLIC-ENROLMENT.1] only enrolled identities are valid; PKI-IDs are readable', () => {
    const suite = createSymbolicSuite(1);
    const key = suite.enroll('Org1MSP', 'peer0');
    expect(suite.pkiIdOf(key.identity)).toBe('Org1MSP/peer0');
    expect(suite.validateIdentity('Org1MSP\npeer9')).toBe(false);
    expect(suite.verify('Org1MSP\npeer9', 'x', suite.sign({ identity: 'Org1MSP\npeer9', secret: 'guess' }, 'x'))).toBe(false);
  });

  it('[GEN-FUNC-SYMBOLIC-ENROLMENT.1] an MSP id that would make two identities share a readable PKI-ID is refused', () => {
    const suite = createSymbolicSuite(1);
    // 'Org1MSP/a' + 'b' would read as 'Org1MSP/a/b', the PKI-ID of 'Org1MSP' + 'a/b'.
    expect(suite.pkiIdOf(suite.enroll('Org1MSP', 'a/b').identity)).toBe('Org1MSP/a/b');
    expect(() => suite.enroll('Org1MSP/a', 'b')).toThrow(`MSP id "Org1MSP/a": must be non-empty, without '/' or a newline`);
    expect(() => suite.enroll('Org1\nMSP', 'b')).toThrow(RangeError);
    expect(() => suite.enroll('', 'b')).toThrow(RangeError);
    expect(suite.validateIdentity('Org1MSP/a\nb')).toBe(false);
  });

  it('[GEN-FUNC-SYMBOLIC-ENROLMENT.1] enrolment is deterministic per (seed, msp, name); another seed gives other secrets', () => {
    const one = createSymbolicSuite(1).enroll('Org1MSP', 'peer0');
    const again = createSymbolicSuite(1);
    again.enroll('Org1MSP', 'peer0');
    const otherWorld = createSymbolicSuite(2);
    otherWorld.enroll('Org1MSP', 'peer0');
    const sig = createSymbolicSuite(1).sign(one, 'payload');
    expect(again.verify(one.identity, 'payload', sig)).toBe(true);
    expect(otherWorld.verify(one.identity, 'payload', sig)).toBe(false);
  });
});

describe('ECDSA suite specifics', () => {
  const suite = createEcdsaSuite(['Org1MSP']);
  const key = suite.keyFromPrivateHex('Org1MSP', 'c3'.repeat(32));
  const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

  it('[GEN-FUNC-ECDSA-SUITE.1] PKI-ID is SHA-256 of the identity, as Fabric\'s GetPKIidOfCert', () => {
    expect(suite.pkiIdOf(key.identity)).toBe(sha256Hex(key.identity));
    expect(suite.hash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('[GEN-FUNC-ECDSA-SUITE.1] signatures are P-256/SHA-256 ECDSA that an independent implementation (node:crypto) accepts', () => {
    const credential = splitIdentity(key.identity)?.credential ?? '';
    // SubjectPublicKeyInfo header for a compressed P-256 point (id-ecPublicKey, prime256v1).
    const spki = Buffer.from(`3039301306072a8648ce3d020106082a8648ce3d030107032200${credential}`, 'hex');
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const sig = suite.sign(key, 'block 11');
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(nodeVerify('sha256', Buffer.from('block 11'), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'hex'))).toBe(true);
    expect(nodeVerify('sha256', Buffer.from('block 12'), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'hex'))).toBe(false);
  });

  it('[GEN-FUNC-ECDSA-SUITE.1] identities outside the trusted MSPs, or with a credential that is not a curve point, are rejected', () => {
    const stranger = createEcdsaSuite(['EvilMSP']).keyFromPrivateHex('EvilMSP', 'c3'.repeat(32));
    expect(suite.validateIdentity(stranger.identity)).toBe(false);
    expect(suite.verify(stranger.identity, 'x', suite.sign(stranger, 'x'))).toBe(false);
    for (const bad of ['Org1MSP\npeer0', `Org1MSP\n${'00'.repeat(33)}`, 'Org1MSP']) expect(suite.validateIdentity(bad)).toBe(false);
    expect(suite.verify(key.identity, 'x', 'zz'.repeat(64))).toBe(false);
  });
});

/** Byte strings, high bytes included (where UTF-8 and Latin-1 readings of a string part ways). */
const byteArrays = fc.uint8Array({ maxLength: 48 });
const latin1Of = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

describe.each(ALL_SUITES)('%s suite signs bytes', (name, make) => {
  const { suite, a, numRuns } = make();

  it('[MSG-FUNC-SUITES-SIGN-BYTES.1] a signature over bytes is deterministic and verifies over those bytes only', () => {
    fc.assert(fc.property(byteArrays, byteArrays, (payload, other) => {
      const sig = suite.sign(a, payload);
      expect(suite.sign(a, Uint8Array.from(payload))).toBe(sig);
      expect(suite.verify(a.identity, payload, sig)).toBe(true);
      if (Buffer.compare(Buffer.from(payload), Buffer.from(other)) !== 0) expect(suite.verify(a.identity, other, sig)).toBe(false);
    }), { numRuns });
  });

  it('[MSG-FUNC-SUITES-SIGN-BYTES.1] text and bytes: UTF-8 in the ECDSA suites, Latin-1 in the string-based ones', () => {
    const text = 'caf\u00e9';
    const utf8 = Uint8Array.from(Buffer.from(text, 'utf8'));
    const latin1 = Uint8Array.from(Buffer.from(text, 'latin1'));
    // The two readings differ on é: 0xc3 0xa9 in UTF-8, 0xe9 in Latin-1.
    expect(utf8).not.toEqual(latin1);
    const sig = suite.sign(a, text);
    const stringBased = name === 'symbolic' || name === 'fabric-test';
    expect(suite.verify(a.identity, utf8, sig)).toBe(!stringBased);
    expect(suite.verify(a.identity, latin1, sig)).toBe(stringBased);
  });
});

describe('signatures over bytes, checked independently', () => {
  it('[MSG-FUNC-SUITES-SIGN-BYTES.1] fabric-test: the signature over bytes is those bytes, as a Latin-1 string (Fabric\'s naive Sign copies the message)', () => {
    const { suite, a, b } = fabricTestFixture();
    fc.assert(fc.property(byteArrays, (payload) => {
      expect(suite.sign(a, payload)).toBe(latin1Of(payload));
      expect(suite.verify(b.identity, payload, latin1Of(payload))).toBe(true);
    }), { numRuns: 200 });
  });

  it('[MSG-FUNC-SUITES-SIGN-BYTES.1] X.509: node:crypto verifies the DER signature over exactly the signed bytes', () => {
    const { suite, a } = x509Fixture();
    const cert = parseCertificatePem(splitIdentity(a.identity)?.credential ?? '');
    if (cert === undefined) throw new Error('the fixture certificate does not parse');
    // SubjectPublicKeyInfo header for an uncompressed P-256 point (id-ecPublicKey, prime256v1).
    const spki = Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), Buffer.from(cert.publicKey)]);
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const payload = Uint8Array.from([0x0a, 0x80, 0xff, 0x00, 0xe9, 0x12]);
    const sig = Buffer.from(suite.sign(a, payload), 'hex');
    expect(nodeVerify('sha256', payload, { key: publicKey, dsaEncoding: 'der' }, sig)).toBe(true);
    // The same bytes read as text and signed as UTF-8 are another message.
    expect(nodeVerify('sha256', Buffer.from(latin1Of(payload), 'utf8'), { key: publicKey, dsaEncoding: 'der' }, sig)).toBe(false);
  });
});
