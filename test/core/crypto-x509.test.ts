/**
 * The x509-ecdsa suite: Fabric's MSP semantics over certificates issued here from fixed inputs.
 * node:crypto (OpenSSL) is the independent implementation that reads our certificates and checks
 * our signatures.
 */
import { createHash, verify as nodeVerify, X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { p256 } from '@noble/curves/p256';
import {
  createX509Suite,
  derToPem,
  issueCa,
  issuePeerCert,
  makeIdentity,
  parseCertificatePem,
  pemToDer,
  type CertificateTemplate,
  type IssuedCertificate,
} from '../../src/core';

interface ValidityMs { readonly notBeforeMs: number; readonly notAfterMs: number }
const VALIDITY: ValidityMs = { notBeforeMs: 1_700_000_000_000, notAfterMs: 1_800_000_000_000 };
const keyHex = (byte: string): string => byte.repeat(32);

function template(organization: string, commonName: string, privateKeyHex: string, serial: bigint, validity: ValidityMs = VALIDITY): CertificateTemplate {
  return { organization, commonName, privateKeyHex, serial, ...validity };
}

const ca1 = issueCa(template('Org1MSP', 'ca.org1', keyHex('c1'), 1n));
const ca2 = issueCa(template('Org2MSP', 'ca.org2', keyHex('c2'), 1n));
const peer = (ca: IssuedCertificate, org: string, name: string, key: string, serial: bigint, validity: ValidityMs = VALIDITY) => issuePeerCert(ca, template(org, name, keyHex(key), serial, validity));
const org1Peer0 = peer(ca1, 'Org1MSP', 'peer0.org1', 'a1', 2n);
const org1Peer1 = peer(ca1, 'Org1MSP', 'peer1.org1', 'a2', 3n);
const org2Peer0 = peer(ca2, 'Org2MSP', 'peer0.org2', 'b1', 3n);

const suite = createX509Suite({
  msps: [
    { mspId: 'Org1MSP', caCertPem: ca1.certPem, revokedSerials: [3n] },
    { mspId: 'Org2MSP', caCertPem: ca2.certPem },
  ],
});
const id = (mspId: string, cert: IssuedCertificate): string => makeIdentity(mspId, cert.certPem);
const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Fabric's sampleconfig/msp (Apache-2.0): the root CA of org1.example.com and peer0's signing certificate, made by cryptogen. */
const FABRIC_SAMPLE_CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIICYjCCAgigAwIBAgIRAL1fEAnz5zp4moJ8MdSb/lYwCgYIKoZIzj0EAwIwgYEx',
  'CzAJBgNVBAYTAlVTMRMwEQYDVQQIEwpDYWxpZm9ybmlhMRYwFAYDVQQHEw1TYW4g',
  'RnJhbmNpc2NvMRkwFwYDVQQKExBvcmcxLmV4YW1wbGUuY29tMQwwCgYDVQQLEwND',
  'T1AxHDAaBgNVBAMTE2NhLm9yZzEuZXhhbXBsZS5jb20wHhcNMTcxMTEyMTM0MTEx',
  'WhcNMjcxMTEwMTM0MTExWjCBgTELMAkGA1UEBhMCVVMxEzARBgNVBAgTCkNhbGlm',
  'b3JuaWExFjAUBgNVBAcTDVNhbiBGcmFuY2lzY28xGTAXBgNVBAoTEG9yZzEuZXhh',
  'bXBsZS5jb20xDDAKBgNVBAsTA0NPUDEcMBoGA1UEAxMTY2Eub3JnMS5leGFtcGxl',
  'LmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGrsQ6oJpk6hDWf63HU3OSNd',
  'bou9KNw/VIee1IngPDI4YJU7O+Xa/XLJuwnFv7BpR8Ytl3f+njC8i/RZP2/svO+j',
  'XzBdMA4GA1UdDwEB/wQEAwIBpjAPBgNVHSUECDAGBgRVHSUAMA8GA1UdEwEB/wQF',
  'MAMBAf8wKQYDVR0OBCIEIIpzkSIZzxBWVIV5unlgZJuyu2XPEeP8+y1uB6LLA5Qr',
  'MAoGCCqGSM49BAMCA0gAMEUCIQDUh/+CC2dAICnYtACXspwUaaEbiyZxYIx+XDvW',
  'o8VVcgIgGz5S4iC5+xkxgeaISPfxKTTVy6yzTdYGzCw1vPppjzo=',
  '-----END CERTIFICATE-----',
].map((line) => `${line}\n`).join('');
const FABRIC_SAMPLE_PEER_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIICNjCCAd2gAwIBAgIRAMnf9/dmV9RvCCVw9pZQUfUwCgYIKoZIzj0EAwIwgYEx',
  'CzAJBgNVBAYTAlVTMRMwEQYDVQQIEwpDYWxpZm9ybmlhMRYwFAYDVQQHEw1TYW4g',
  'RnJhbmNpc2NvMRkwFwYDVQQKExBvcmcxLmV4YW1wbGUuY29tMQwwCgYDVQQLEwND',
  'T1AxHDAaBgNVBAMTE2NhLm9yZzEuZXhhbXBsZS5jb20wHhcNMTcxMTEyMTM0MTEx',
  'WhcNMjcxMTEwMTM0MTExWjBpMQswCQYDVQQGEwJVUzETMBEGA1UECBMKQ2FsaWZv',
  'cm5pYTEWMBQGA1UEBxMNU2FuIEZyYW5jaXNjbzEMMAoGA1UECxMDQ09QMR8wHQYD',
  'VQQDExZwZWVyMC5vcmcxLmV4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0D',
  'AQcDQgAEZ8S4V71OBJpyMIVZdwYdFXAckItrpvSrCf0HQg40WW9XSoOOO76I+Umf',
  'EkmTlIJXP7/AyRRSRU38oI8Ivtu4M6NNMEswDgYDVR0PAQH/BAQDAgeAMAwGA1Ud',
  'EwEB/wQCMAAwKwYDVR0jBCQwIoAginORIhnPEFZUhXm6eWBkm7K7Zc8R4/z7LW4H',
  'ossDlCswCgYIKoZIzj0EAwIDRwAwRAIgVikIUZzgfuFsGLQHWJUVJCU7pDaETkaz',
  'PzFgsCiLxUACICgzJYlW7nvZxP7b6tbeu3t8mrhMXQs956mD4+BoKuNI',
  '-----END CERTIFICATE-----',
].map((line) => `${line}\n`).join('');

/** The certificate with `from` (ASCII, found in the DER) replaced by `to` of the same length. */
function tamper(cert: IssuedCertificate, from: string, to: string): string {
  const der = pemToDer(cert.certPem) as Uint8Array;
  const at = Buffer.from(der).indexOf(from, 0, 'latin1');
  expect(at).toBeGreaterThan(0);
  const changed = Uint8Array.from(der);
  changed.set(Buffer.from(to, 'latin1'), at);
  return derToPem(changed);
}

describe('issuing', () => {
  it('[GEN-FUNC-X509-ISSUE.1] certificates are pure functions of their inputs, and OpenSSL reads them as cryptogen-shaped CA and peer certificates', () => {
    expect(issueCa(template('Org1MSP', 'ca.org1', keyHex('c1'), 1n)).certPem).toBe(ca1.certPem);
    expect(peer(ca1, 'Org1MSP', 'peer0.org1', 'a1', 2n).certPem).toBe(org1Peer0.certPem);
    expect(peer(ca1, 'Org1MSP', 'peer0.org1', 'a1', 4n).certPem).not.toBe(org1Peer0.certPem);
    const ca = new X509Certificate(ca1.certPem);
    const leaf = new X509Certificate(org1Peer0.certPem);
    expect([ca.ca, leaf.ca]).toEqual([true, false]);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subject).toBe('O=Org1MSP\nCN=peer0.org1');
    expect(leaf.serialNumber).toBe('02');
    expect(new Date(leaf.validFrom).getTime()).toBe(VALIDITY.notBeforeMs);
    expect(new Date(leaf.validTo).getTime()).toBe(VALIDITY.notAfterMs);
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(ca.toLegacyObject().ext_key_usage).toBeUndefined();
  });

  it('[GEN-FUNC-X509-ISSUE.1] a serial with its top bit set stays positive; bad serials and validity bounds are refused', () => {
    const highBit = peer(ca1, 'Org1MSP', 'peer9', 'a3', 0x80n);
    expect(new X509Certificate(highBit.certPem).serialNumber).toBe('80');
    expect(parseCertificatePem(highBit.certPem)?.serial).toBe(0x80n);
    expect(() => peer(ca1, 'Org1MSP', 'p', 'a3', 0n)).toThrow(RangeError);
    expect(() => peer(ca1, 'Org1MSP', 'p', 'a3', 5n, { notBeforeMs: 1_500, notAfterMs: 10_000 })).toThrow(/whole seconds/);
    expect(() => peer(ca1, 'Org1MSP', 'p', 'a3', 5n, { notBeforeMs: 10_000, notAfterMs: 9_000 })).toThrow(/precedes/);
    expect(() => issuePeerCert({ certPem: 'not a certificate', privateKeyHex: keyHex('c1') }, template('O', 'p', keyHex('a3'), 5n))).toThrow(RangeError);
  });
});

describe('configuration', () => {
  it('[GEN-FUNC-X509-SUITE.1] a root must be a self-signed CA and MSP ids must be distinct', () => {
    expect(() => createX509Suite({ msps: [{ mspId: 'Org1MSP', caCertPem: org1Peer0.certPem }] })).toThrow(/not a CA/);
    expect(() => createX509Suite({ msps: [{ mspId: 'Org1MSP', caCertPem: 'garbage' }] })).toThrow(/not a canonical PEM/);
    expect(() => createX509Suite({ msps: [{ mspId: 'Org1MSP', caCertPem: ca1.certPem }, { mspId: 'Org1MSP', caCertPem: ca2.certPem }] })).toThrow(/repeated/);
    expect(createX509Suite({ msps: [] }).name).toBe('x509-ecdsa');
  });

  it('[GEN-FUNC-X509-SUITE.1] hash is SHA-256', () => {
    expect(suite.hash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('identity validation', () => {
  it('[GEN-FUNC-X509-VALIDATE-IDENTITY.1] [GEN-MSG-X509-IDENTITY.1] Fabric\'s own sampleconfig MSP: peer0\'s cryptogen certificate validates under its CA, until its serial is revoked', () => {
    const sample = (revokedSerials: bigint[]) => createX509Suite({ msps: [{ mspId: 'SampleOrg', caCertPem: FABRIC_SAMPLE_CA_PEM, revokedSerials }] });
    const identity = makeIdentity('SampleOrg', FABRIC_SAMPLE_PEER_PEM);
    expect(sample([]).verdict(identity)).toBe('valid');
    expect(sample([]).expiresAtMs(identity)).toBe(Date.UTC(2027, 10, 10, 13, 41, 11)); // notAfter=Nov 10 13:41:11 2027 GMT
    expect(sample([]).orgOf(identity)).toBe('SampleOrg');
    expect(sample([0xc9dff7f76657d46f082570f6965051f5n]).verdict(identity)).toBe('revoked');
  });

  it('[GEN-FUNC-X509-VALIDATE-IDENTITY.1] a certificate from another CA is invalid: another issuer name, or the same name with another key', () => {
    expect(suite.verdict(id('Org1MSP', org1Peer0))).toBe('valid');
    expect(suite.verdict(id('Org1MSP', org2Peer0))).toBe('wrong-issuer');
    const impostorCa = issueCa(template('Org1MSP', 'ca.org1', keyHex('e1'), 1n));
    const impostor = peer(impostorCa, 'Org1MSP', 'peer0.org1', 'a1', 2n);
    expect(suite.verdict(id('Org1MSP', impostor))).toBe('bad-signature');
    expect(suite.validateIdentity(id('Org1MSP', impostor))).toBe(false);
    expect(suite.verdict(id('Org3MSP', org1Peer0))).toBe('unknown-msp');
  });

  it('[GEN-FUNC-X509-VALIDATE-IDENTITY.1] a tampered certificate is invalid: a changed subject, or a changed signature', () => {
    expect(suite.verdict(makeIdentity('Org1MSP', tamper(org1Peer0, 'peer0.org1', 'peer7.org1')))).toBe('bad-signature');
    const der = Uint8Array.from(pemToDer(org1Peer0.certPem) as Uint8Array);
    der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 0x01; // the last byte of S
    expect(suite.verdict(makeIdentity('Org1MSP', derToPem(der)))).toBe('bad-signature');
  });

  it('[GEN-FUNC-X509-VALIDATE-IDENTITY.1] a revoked serial is invalid, in its own MSP only', () => {
    expect(suite.verdict(id('Org1MSP', org1Peer1))).toBe('revoked');
    expect(suite.validateIdentity(id('Org1MSP', org1Peer1))).toBe(false);
    expect(suite.verdict(id('Org2MSP', org2Peer0))).toBe('valid'); // serial 3 too, under another CA
  });

  it('[GEN-FUNC-X509-VALIDATE-IDENTITY.1] a CA certificate cannot be an identity', () => {
    expect(suite.verdict(id('Org1MSP', ca1))).toBe('ca-as-identity');
  });

  it('[GEN-FUNC-X509-VALIDATE-IDENTITY.1] validity is judged at NotBefore + 1 s, never against a clock', () => {
    const justInside = peer(ca1, 'Org1MSP', 'early', 'a4', 9n, { notBeforeMs: VALIDITY.notBeforeMs - 1_000, notAfterMs: VALIDITY.notAfterMs });
    const before = peer(ca1, 'Org1MSP', 'earlier', 'a4', 10n, { notBeforeMs: VALIDITY.notBeforeMs - 2_000, notAfterMs: VALIDITY.notAfterMs });
    const after = peer(ca1, 'Org1MSP', 'late', 'a4', 11n, { notBeforeMs: VALIDITY.notAfterMs, notAfterMs: VALIDITY.notAfterMs + 10_000 });
    const outlivesCa = peer(ca1, 'Org1MSP', 'long', 'a4', 12n, { notBeforeMs: VALIDITY.notBeforeMs, notAfterMs: VALIDITY.notAfterMs + 1_000_000 });
    const instant = peer(ca1, 'Org1MSP', 'instant', 'a4', 13n, { notBeforeMs: VALIDITY.notBeforeMs + 5_000, notAfterMs: VALIDITY.notBeforeMs + 5_000 });
    expect(suite.verdict(id('Org1MSP', justInside))).toBe('valid'); // judged at the CA's own NotBefore
    expect(suite.verdict(id('Org1MSP', before))).toBe('outside-validity');
    expect(suite.verdict(id('Org1MSP', after))).toBe('outside-validity');
    expect(suite.verdict(id('Org1MSP', outlivesCa))).toBe('valid');
    expect(suite.verdict(id('Org1MSP', instant))).toBe('outside-validity');
  });

  it('[GEN-FUNC-X509-VALIDATE-IDENTITY.1] no single-byte change of a valid certificate validates, and none throws', () => {
    const der = pemToDer(org1Peer0.certPem) as Uint8Array;
    const sig = suite.sign(suite.keyFor('Org1MSP', org1Peer0.certPem, org1Peer0.privateKeyHex), 'x');
    fc.assert(fc.property(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 }), (at, delta) => {
      const changed = Uint8Array.from(der);
      changed[at] = ((changed[at] ?? 0) + delta) & 0xff;
      const identity = makeIdentity('Org1MSP', derToPem(changed));
      expect(suite.validateIdentity(identity)).toBe(false);
      expect(suite.expiresAtMs(identity)).toBeUndefined();
      expect(suite.verify(identity, 'x', sig)).toBe(false);
    }), { numRuns: 100 });
  });
});

describe('identity form', () => {
  it('[GEN-MSG-X509-IDENTITY.1] only the canonical PEM of one certificate is well-formed', () => {
    const pem = org1Peer0.certPem;
    const base64 = pem.split('\n').slice(1, -2).join('');
    const variants = [
      pem.replace(/\n/g, '\r\n'),
      pem.slice(0, -1),
      `junk\n${pem}`,
      `${pem}${pem}`,
      pem.replace('CERTIFICATE', 'X509 CERTIFICATE'),
      `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,76}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`,
    ];
    expect(suite.verdict(makeIdentity('Org1MSP', pem))).toBe('valid');
    for (const variant of variants) expect(suite.verdict(makeIdentity('Org1MSP', variant))).toBe('malformed');
    expect(pemToDer(pem)?.length).toBeGreaterThan(300);
    expect(derToPem(pemToDer(pem) as Uint8Array)).toBe(pem);
  });

  it('[GEN-MSG-X509-IDENTITY.1] [GEN-FUNC-X509-ORG.1] garbage identities are refused without throwing and have no org', () => {
    const armoured = fc.uint8Array({ minLength: 1, maxLength: 600 }).map((bytes) => derToPem(bytes));
    const credential = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), armoured);
    const identity = fc.oneof(fc.string(), credential.map((c) => makeIdentity('Org1MSP', c)), fc.tuple(fc.string(), credential).map(([m, c]) => `${m}\n${c}`));
    const sig = suite.sign(suite.keyFor('Org1MSP', org1Peer0.certPem, org1Peer0.privateKeyHex), 'payload');
    fc.assert(fc.property(identity, (garbage) => {
      expect(suite.validateIdentity(garbage)).toBe(false);
      expect(suite.orgOf(garbage)).toBeUndefined();
      expect(suite.expiresAtMs(garbage)).toBeUndefined();
      expect(suite.verify(garbage, 'payload', sig)).toBe(false);
      expect(suite.pkiIdOf(garbage)).toMatch(/^[0-9a-f]{64}$/);
    }), { numRuns: 200 });
  });
});

describe('PKI-IDs, orgs and expiry', () => {
  it('[GEN-FUNC-X509-PKI-ID.1] the PKI-ID is SHA-256 of mspid ‖ PEM, deterministic, and differs across MSPs for the same certificate', () => {
    const identity = id('Org1MSP', org1Peer0);
    expect(suite.pkiIdOf(identity)).toBe(sha256Hex(`Org1MSP${org1Peer0.certPem}`));
    expect(suite.pkiIdOf(id('Org1MSP', peer(ca1, 'Org1MSP', 'peer0.org1', 'a1', 2n)))).toBe(suite.pkiIdOf(identity));
    expect(suite.pkiIdOf(id('Org2MSP', org1Peer0))).not.toBe(suite.pkiIdOf(identity));
    expect(suite.pkiIdOf(id('Org2MSP', org2Peer0))).not.toBe(suite.pkiIdOf(identity));
    expect(suite.pkiIdOf('no separator')).toBe(sha256Hex('no separator'));
  });

  it('[GEN-FUNC-X509-ORG.1] the org is the MSP id of a parsable certificate of a configured MSP, valid or not', () => {
    expect(suite.orgOf(id('Org1MSP', org1Peer0))).toBe('Org1MSP');
    expect(suite.orgOf(id('Org1MSP', org2Peer0))).toBe('Org1MSP'); // wrong issuer: Fabric's OrgByPeerIdentity does not validate
    expect(suite.orgOf(id('Org1MSP', org1Peer1))).toBe('Org1MSP'); // revoked
    expect(suite.orgOf(id('Org3MSP', org1Peer0))).toBeUndefined();
    expect(suite.orgOf(makeIdentity('Org1MSP', 'peer0'))).toBeUndefined();
  });

  it('[GEN-FUNC-X509-EXPIRATION.1] expiresAtMs is the NotAfter issued, UTCTime or GeneralizedTime, for valid identities only', () => {
    expect(suite.expiresAtMs(id('Org1MSP', org1Peer0))).toBe(VALIDITY.notAfterMs);
    const farCa = issueCa(template('FarMSP', 'ca.far', keyHex('c3'), 1n, { notBeforeMs: 0, notAfterMs: 4_000_000_000_000 }));
    const far = peer(farCa, 'FarMSP', 'peer0.far', 'd1', 2n, { notBeforeMs: 0, notAfterMs: 2_600_000_000_000 }); // 2052: GeneralizedTime
    const farSuite = createX509Suite({ msps: [{ mspId: 'FarMSP', caCertPem: farCa.certPem }] });
    expect(farSuite.expiresAtMs(id('FarMSP', far))).toBe(2_600_000_000_000);
    expect(new Date(new X509Certificate(far.certPem).validTo).getTime()).toBe(2_600_000_000_000);
    expect(suite.expiresAtMs(id('Org1MSP', org1Peer1))).toBeUndefined(); // revoked
  });
});

describe('signatures', () => {
  const key = suite.keyFor('Org1MSP', org1Peer0.certPem, org1Peer0.privateKeyHex);
  const leafKey = new X509Certificate(org1Peer0.certPem).publicKey;

  it('[GEN-FUNC-X509-SIGNATURES.1] signatures are DER ECDSA P-256/SHA-256 with a low S, which OpenSSL verifies against the certificate', () => {
    const sig = suite.sign(key, 'block 11');
    const parsed = p256.Signature.fromBytes(Buffer.from(sig, 'hex'), 'der');
    expect(parsed.hasHighS()).toBe(false);
    expect(nodeVerify('sha256', Buffer.from('block 11'), leafKey, Buffer.from(sig, 'hex'))).toBe(true);
    expect(nodeVerify('sha256', Buffer.from('block 12'), leafKey, Buffer.from(sig, 'hex'))).toBe(false);
  });

  it('[GEN-FUNC-X509-SIGNATURES.1] a high-S twin, which OpenSSL accepts, is rejected, as by Fabric\'s bccsp', () => {
    for (const payload of ['a', 'b', 'c', 'alive 7']) {
      const low = p256.Signature.fromBytes(Buffer.from(suite.sign(key, payload), 'hex'), 'der');
      const highHex = Buffer.from(new p256.Signature(low.r, p256.CURVE.n - low.s).toBytes('der')).toString('hex');
      expect(nodeVerify('sha256', Buffer.from(payload), leafKey, Buffer.from(highHex, 'hex'))).toBe(true);
      expect(suite.verify(key.identity, payload, highHex)).toBe(false);
    }
  });

  it('[GEN-FUNC-X509-SIGNATURES.1] compact r‖s, upper-case hex, and signatures by a revoked identity are refused', () => {
    const sig = suite.sign(key, 'x');
    const parsed = p256.Signature.fromBytes(Buffer.from(sig, 'hex'), 'der');
    expect(suite.verify(key.identity, 'x', sig)).toBe(true);
    expect(suite.verify(key.identity, 'x', Buffer.from(parsed.toBytes('compact')).toString('hex'))).toBe(false);
    expect(suite.verify(key.identity, 'x', sig.toUpperCase())).toBe(false);
    const revoked = suite.keyFor('Org1MSP', org1Peer1.certPem, org1Peer1.privateKeyHex);
    expect(suite.verify(revoked.identity, 'x', suite.sign(revoked, 'x'))).toBe(false);
  });
});
