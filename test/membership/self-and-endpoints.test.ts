/**
 * What membership takes as its own: the init refuses a self that its key, PKI-ID, org or internal
 * endpoint contradict (each problem named, all of them at once), and Fabric's isMyOwnEndpoint
 * decides which endpoints are ours. Written after mutation run 1 (docs/mutation.md), which found
 * neither compared case by case in the unit tests.
 */
import { createSymbolicSuite, orgId, type PkiId } from '../../src/core';
import { aliveMembers, createMembershipReducer, isOwnEndpoint } from '../../src/membership';
import { aliveFrom, driverFor, initFor, peer, pki, received } from './fixtures';

const suite = createSymbolicSuite(11);
const A = peer('A', 7601);
const B = peer('B', 7602, 'Org2MSP');

function initError(overrides: Parameters<typeof initFor>[1], key = A.key): unknown {
  try {
    createMembershipReducer({ crypto: suite, key }).init(initFor(A, overrides));
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('membership init checks its self', () => {
  it('a consistent self starts', () => {
    expect(initError({})).toBeUndefined();
  });

  it.each<[string, Parameters<typeof initFor>[1], string]>([
    ['another identity', { self: { ...A.self, identity: B.self.identity } }, 'the signing key is not the identity of self; self.pkiId is not the PKI-ID of self.identity; self.org is not the org of self.identity'],
    ['another PKI-ID', { self: { ...A.self, pkiId: B.self.pkiId } }, 'self.pkiId is not the PKI-ID of self.identity'],
    ['another org', { self: { ...A.self, org: orgId('Org2MSP') } }, 'self.org is not the org of self.identity'],
    ['an internal endpoint without port', { self: { ...A.self, internalEndpoint: 'localhost' } }, 'internal endpoint "localhost" is not host:port'],
  ])('refuses %s, naming the problem', (_what, overrides, problems) => {
    const e = initError(overrides);
    expect(e).toBeInstanceOf(RangeError);
    expect((e as RangeError).message).toBe(`membership init: ${problems}`);
  });

  it('refuses a key that is not the identity of self', () => {
    expect((initError({}, B.key) as RangeError).message).toBe('membership init: the signing key is not the identity of self');
  });
});

describe("[MEM-FUNC-CONNECT-SKIP-SELF.1] Fabric's isMyOwnEndpoint", () => {
  const self = { ...A.self, internalEndpoint: 'peer0.org1:7601', externalEndpoint: 'ext.org1:9601' };

  it.each<[string, boolean]>([
    ['peer0.org1:7601', true],
    ['ext.org1:9601', true],
    ['localhost:7601', true],
    ['127.0.0.1:7601', true],
    ['localhost:9601', false],
    ['127.0.0.1:7602', false],
    ['peer0.org1:7602', false],
    ['', false],
  ])('%j is ours: %s', (endpoint, ours) => {
    expect(isOwnEndpoint(self, endpoint)).toBe(ours);
  });

  it('an empty endpoint is never ours, even when self has no external endpoint', () => {
    expect(isOwnEndpoint({ ...self, externalEndpoint: '' }, '')).toBe(false);
    expect(isOwnEndpoint({ ...self, pkiId: 'x' as PkiId, externalEndpoint: '' }, 'ext.org1:9601')).toBe(false);
  });
});

describe('[MEM-FUNC-VIEW-TOKEN.1] which changes of a known member renew the alive view', () => {
  const C = peer('C', 7603);
  const viewOf = (d: ReturnType<typeof driverFor>) => aliveMembers(d.state).map((m) => [m.pkiId, m.endpoint, m.metadata]);

  it('a newer alive message with the same fields keeps the view; a new endpoint or metadata renews it (the driver checks the memo after every step)', () => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    const first = d.state.viewToken;
    d.send(received(C, aliveFrom(C, 2)));
    expect(d.state.viewToken).toBe(first);
    d.send(received(C, aliveFrom(C, 3, { metadata: 'v2' })));
    const second = d.state.viewToken;
    expect(second).not.toBe(first);
    expect(viewOf(d)).toEqual([[pki(C), C.self.externalEndpoint, 'v2']]);
    d.send(received(C, aliveFrom(C, 4, { metadata: 'v2', endpoint: 'moved.org1:7603' })));
    expect(d.state.viewToken).not.toBe(second);
    expect(viewOf(d)).toEqual([[pki(C), 'moved.org1:7603', 'v2']]);
  });
});
