/**
 * The identity store's rules beyond Fabric's tests: expiry timers that fire early, late or for an
 * entry that is gone, the request-time expiry check, and SuspectPeers over a subset when the suite
 * itself revokes (fabric-test's revoke, as gossip_test.go's). Virtual time, as in the ports.
 */
import { createFabricTestSuite } from '../../src/core';
import { pget } from '../../src/core/pmap';
import { expiryTimerId } from '../../src/security';
import { createIdentityWorld, START_MS, StoreHost, type IdentityWorld } from './identity-fixture';

function hostWith(w: IdentityWorld) {
  return new StoreHost(w, w.identity('self', 'never'), 3_600_000);
}

describe('identity store: expiry timers', () => {
  it('[SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] the timer is armed for a millisecond after the expiration; an early fire re-arms it for the rest, a stale one is ignored', () => {
    const w = createIdentityWorld('symbolic');
    const host = hostWith(w);
    const a = w.identity('a', START_MS + 1000);
    const pkiId = w.crypto.pkiIdOf(a);
    const outputs = host.send({ type: 'PUT', pkiId, identity: a });
    expect(outputs).toEqual([{ kind: 'stored', pkiId, identity: a, org: 'Org1MSP' }]);
    expect(host.driver.armedTimers()).toContain(expiryTimerId(pkiId));
    host.advanceBy(400);
    // A host clock that ran ahead fires it at 400ms: the store waits out the remaining 601ms.
    expect(host.send({ type: 'EXPIRY_FIRED', pkiId, identity: a })).toEqual([]);
    expect(host.get(pkiId)).toEqual({ identity: a });
    // A fire naming another identity under this PKI-ID is stale: nothing happens.
    expect(host.send({ type: 'EXPIRY_FIRED', pkiId, identity: `${a}x` })).toEqual([]);
    host.advanceBy(600);
    expect(host.takePurged()).toEqual([]);
    host.advanceBy(1);
    expect(host.takePurged()).toEqual([{ kind: 'purged', pkiId, identity: a, reason: 'expired' }]);
    expect(host.send({ type: 'EXPIRY_FIRED', pkiId, identity: a })).toEqual([]);
  });

  it('[SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] a Get or Verify after the expiration purges the entry and cancels its timer, even before the timer fires', () => {
    const w = createIdentityWorld('fabric-test');
    const host = hostWith(w);
    const a = w.identity('a', START_MS + 1000);
    const pkiId = w.crypto.pkiIdOf(a);
    host.put(pkiId, a);
    // The store sees a request at 1001ms before the host delivered the timer due then.
    const [state, outputs] = host.reducer.step(host.state, { type: 'VERIFY', nowMs: START_MS + 1001, pkiId, payload: 'm', signature: 'm' });
    expect(outputs).toEqual([
      { kind: 'cancelTimer', timerId: expiryTimerId(pkiId) },
      { kind: 'purged', pkiId, identity: a, reason: 'expired' },
      { kind: 'refused', request: 'VERIFY', pkiId, reason: "PKIID wasn't found" },
    ]);
    expect(pget(state.context.entries, pkiId)).toBeUndefined();
    // At the expiration itself it is still good (Fabric: expired means After(expiration)).
    expect(host.reducer.step(host.state, { type: 'GET', nowMs: START_MS + 1000, pkiId })[1]).toEqual([{ kind: 'identity', pkiId, identity: a }]);
  });

  it('[SEC-FUNC-IDENTITY-PUT-EXPIRED.1] an identity expiring exactly now is stored; one that expired a millisecond ago is refused', () => {
    const w = createIdentityWorld('symbolic');
    const host = hostWith(w);
    const now = w.identity('now', START_MS);
    const past = w.identity('past', START_MS - 1);
    expect(host.put(w.crypto.pkiIdOf(now), now)).toBeUndefined();
    expect(host.put(w.crypto.pkiIdOf(past), past)).toEqual({ reason: 'gossipping peer identity expired' });
  });
});

describe('identity store: verify', () => {
  it('[SEC-FUNC-IDENTITY-VERIFY.1] the message is a byte string: its bytes are verified, and one with a code unit above 0xFF verifies for no one', () => {
    const w = createIdentityWorld('symbolic');
    const host = hostWith(w);
    const a = w.identity('a', 'never');
    const pkiId = w.crypto.pkiIdOf(a);
    host.put(pkiId, a);
    // High bytes (0xe9 0xff): verified as those bytes.
    expect(host.verify(pkiId, w.signAs('a', '\u00e9\u00ff'), '\u00e9\u00ff')).toBeUndefined();
    // A wide code unit is no byte: refused even with the signature the suite gives for that text.
    expect(host.verify(pkiId, w.signAs('a', 'm\u0100'), 'm\u0100')).toBe('signature invalid');
  });
});

describe('identity store: suspicion', () => {
  it('[SEC-FUNC-IDENTITY-SUSPECT.1] [SEC-FUNC-IDENTITY-LIST-INVALID.1] only suspected identities are re-validated; a suite-revoked one is purged only once suspected', () => {
    const suite = createFabricTestSuite();
    const w: IdentityWorld = { ...createIdentityWorld('fabric-test'), crypto: suite };
    const host = new StoreHost(w, 'self:7051', 3_600_000);
    for (const id of ['a:7051', 'b:7051']) host.put(id, id);
    suite.revoke(suite.pkiIdOf('a:7051'));
    suite.revoke(suite.pkiIdOf('b:7051'));
    expect(host.reducer.listInvalidIdentities(host.state, START_MS, (id) => id === 'a:7051')).toEqual([{ pkiId: 'a:7051', identity: 'a:7051', reason: 'revoked' }]);
    host.suspectPeers(['a:7051']);
    expect(host.takePurged()).toEqual([{ kind: 'purged', pkiId: 'a:7051', identity: 'a:7051', reason: 'revoked' }]);
    expect(host.get('b:7051')).toEqual({ identity: 'b:7051' });
    host.suspectPeers('all');
    expect(host.takePurged().map((p) => p.pkiId)).toEqual(['b:7051']);
  });

  it('[SEC-FUNC-IDENTITY-UNUSED-PURGE.1] [SEC-FUNC-IDENTITY-LIST-INVALID.1] an unused identity is listed unused even when suspected and revoked, and never our own', () => {
    const w = createIdentityWorld('symbolic');
    const self = w.identity('self', 'never');
    const host = new StoreHost(w, self, 1000);
    const a = w.identity('a', 'never');
    host.put(w.crypto.pkiIdOf(a), a);
    host.stop();
    const invalid = host.reducer.listInvalidIdentities(host.state, START_MS + 1001, () => true);
    expect(invalid).toEqual([{ pkiId: w.crypto.pkiIdOf(a), identity: a, reason: 'unused' }]);
    // Exactly at the threshold it is still in use (Fabric: lastAccess + threshold Before now).
    expect(host.reducer.listInvalidIdentities(host.state, START_MS + 1000, () => false)).toEqual([]);
  });
});
