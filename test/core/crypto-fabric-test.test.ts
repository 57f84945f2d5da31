import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { createFabricTestSuite, parseFabricTestIdentity, pkiId } from '../../src/core';

/** Orgs and hosts as Fabric's tests spell them, plus odd but legal characters. */
const org = fc.stringMatching(/^[A-Za-z0-9_.\-/\\]{1,12}$/);
const host = fc.stringMatching(/^[A-Za-z0-9_.\-[\]]{1,15}$/);
const port = fc.integer({ min: 1, max: 65535 });

/** Strings that look like identities but are not (each breaks one rule of the format). */
const MALFORMED = [
  '', 'p0', '127.0.0.1', '127.0.0.1:', ':7051', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:123456',
  'host:70:51', '127.0.0.1:7051 ', 'Org1MSP|', '|127.0.0.1:7051', 'Org1MSP|127.0.0.1', 'Org 1|127.0.0.1:7051',
  'A|B|127.0.0.1:7051', 'Org1MSP\npeer0', 'Org1MSP\n127.0.0.1:7051', '127.0.0.1:7o51',
];

describe('fabric-test suite: identities', () => {
  it('[GEN-MSG-FABRIC-TEST-IDENTITY.1] an identity is "<org>|<host:port>" or the bare endpoint, and its org is the prefix', () => {
    const suite = createFabricTestSuite();
    expect(suite.keyFor('127.0.0.1:7051', 'Org1MSP').identity).toBe('Org1MSP|127.0.0.1:7051');
    expect(suite.keyFor('127.0.0.1:7051').identity).toBe('127.0.0.1:7051');
    expect(suite.orgOf('Org2MSP|localhost:65535')).toBe('Org2MSP');
    expect(parseFabricTestIdentity('Org2MSP|localhost:1')).toEqual({ org: 'Org2MSP', endpoint: 'localhost:1' });
    expect(parseFabricTestIdentity('localhost:1')).toEqual({ endpoint: 'localhost:1' });
  });

  it('[GEN-MSG-FABRIC-TEST-IDENTITY.1] a bare endpoint has no org (naiveCryptoService) unless bareEndpointOrg says one (orgCryptoService)', () => {
    const naive = createFabricTestSuite();
    const oneOrg = createFabricTestSuite({ bareEndpointOrg: 'ORG1' });
    expect(naive.orgOf('127.0.0.1:7051')).toBeUndefined();
    expect(naive.validateIdentity('127.0.0.1:7051')).toBe(true);
    expect(oneOrg.orgOf('127.0.0.1:7051')).toBe('ORG1');
    expect(oneOrg.orgOf('Org1MSP|127.0.0.1:7051')).toBe('Org1MSP');
  });

  it('[GEN-MSG-FABRIC-TEST-IDENTITY.1] malformed identities have no org, are invalid, and cannot be keyed', () => {
    const suite = createFabricTestSuite({ bareEndpointOrg: 'ORG1' });
    for (const bad of MALFORMED) {
      expect([bad, parseFabricTestIdentity(bad), suite.orgOf(bad), suite.validateIdentity(bad)]).toEqual([bad, undefined, undefined, false]);
    }
    expect(() => suite.keyFor('127.0.0.1')).toThrow(/malformed/);
    expect(() => suite.keyFor('127.0.0.1:7051', 'Org|1')).toThrow(/malformed/);
  });

  it('[GEN-MSG-FABRIC-TEST-IDENTITY.1] [GEN-FUNC-CRYPTO-FABRIC-TEST-SUITE.1] any well-formed identity is valid, is its own PKI-ID and has its prefix as org', () => {
    const suite = createFabricTestSuite();
    fc.assert(fc.property(org, host, port, (o, h, p) => {
      const key = suite.keyFor(`${h}:${p}`, o);
      expect(key.identity).toBe(`${o}|${h}:${p}`);
      expect(suite.validateIdentity(key.identity)).toBe(true);
      expect(suite.pkiIdOf(key.identity)).toBe(key.identity);
      expect(suite.orgOf(key.identity)).toBe(o);
    }), { numRuns: 300 });
  });
});

describe('fabric-test suite: signatures (forgeable by design)', () => {
  const suite = createFabricTestSuite();
  const alice = suite.keyFor('127.0.0.1:7051', 'Org1MSP');
  const mallory = suite.keyFor('127.0.0.1:9999', 'EvilMSP');

  it('[GEN-FUNC-CRYPTO-FABRIC-TEST-SUITE.1] a signature is a copy of the payload, whoever signs', () => {
    fc.assert(fc.property(fc.string(), (payload) => {
      expect(suite.sign(alice, payload)).toBe(payload);
      expect(suite.sign(mallory, payload)).toBe(payload);
      expect(suite.sign({ identity: 'not an identity', secret: 'x' }, payload)).toBe(payload);
    }), { numRuns: 300 });
  });

  it('[GEN-FUNC-CRYPTO-FABRIC-TEST-SUITE.1] verify holds exactly when signature equals payload, and ignores the identity', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.constantFrom(alice.identity, mallory.identity, '127.0.0.1:1', 'garbage', ''), (payload, sig, identity) => {
      expect(suite.verify(identity, payload, sig)).toBe(sig === payload);
      expect(suite.verify(identity, payload, payload)).toBe(true);
    }), { numRuns: 300 });
    // The forgery the symbolic suite forbids: mallory's signature verifies as alice's.
    expect(suite.verify(alice.identity, 'block 7', suite.sign(mallory, 'block 7'))).toBe(true);
    expect(suite.verify(alice.identity, '', '')).toBe(true);
  });

  it('[GEN-FUNC-CRYPTO-FABRIC-TEST-SUITE.1] hash is SHA-256 in hex, as Fabric computes channel MACs', () => {
    expect(suite.hash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(suite.hash(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }), { numRuns: 200 });
  });
});

describe('fabric-test suite: revocation', () => {
  const alice = 'Org1MSP|127.0.0.1:7051';
  const bob = 'Org1MSP|127.0.0.1:7052';
  const carol = '127.0.0.1:7053';

  it('[GEN-FUNC-CRYPTO-FABRIC-TEST-REVOCATION.1] revoke(pki) invalidates exactly that identity and leaves verify, org and PKI-ID alone', () => {
    const suite = createFabricTestSuite({ bareEndpointOrg: 'ORG1' });
    suite.revoke(pkiId(alice));
    expect([alice, bob, carol].map((id) => suite.validateIdentity(id))).toEqual([false, true, true]);
    expect([suite.orgOf(alice), suite.pkiIdOf(alice), suite.verify(alice, 'm', 'm')]).toEqual(['Org1MSP', alice, true]);
    suite.revoke(pkiId(carol));
    expect([alice, bob, carol].map((id) => suite.validateIdentity(id))).toEqual([false, true, false]);
  });

  it('[GEN-FUNC-CRYPTO-FABRIC-TEST-REVOCATION.1] the revoked option revokes from the start, and suites do not share revocations', () => {
    const suite = createFabricTestSuite({ revoked: [bob] });
    const other = createFabricTestSuite();
    expect([suite.validateIdentity(alice), suite.validateIdentity(bob)]).toEqual([true, false]);
    suite.revoke(pkiId(alice));
    expect([other.validateIdentity(alice), other.validateIdentity(bob)]).toEqual([true, true]);
  });
});
