/**
 * Ports of gossip/identity/identity_test.go, run with the fabric-test suite (Fabric's naive MCS)
 * and the symbolic suite (a real MSP: only enrolled identities are valid, signatures unforgeable).
 *
 * How the mechanism differs from Fabric's test:
 *  - time is virtual: `time.Sleep(d)` is `advanceBy(d)`, which fires the store's timers (expiry,
 *    usage check) in order; nothing sleeps, and the schedules are exact;
 *  - Fabric mutates its mock's `revokedIdentities` and then calls SuspectPeers(all); here a
 *    CONFIG_UPDATED carries the revocation list and suspects all in one input, and "cleaning the
 *    mock" is a config update with an empty list;
 *  - the `deletedIdentities` channel is the store's `purged` outputs, read with `takePurged()`;
 *    Fabric's channel holds one deletion, so "exactly these purges" is asserted;
 *  - errors are typed refusals, so where Fabric asserts `require.Error` the reason is asserted too.
 */
import { createFabricTestSuite, createSymbolicSuite } from '../../src/core';
import { createIdentityStoreReducer, identityInfo, usageCheckIntervalMs } from '../../src/security';
import { createIdentityWorld, HOUR_MS, START_MS, StoreHost, SUITE_KINDS } from './identity-fixture';

for (const kind of SUITE_KINDS) {
  describe(`identity_test.go ports, ${kind} suite`, () => {
    /** identity_test.go's init(): these identities expire in an hour. */
    function setup(usageThresholdMs: number) {
      const w = createIdentityWorld(kind);
      const inAnHour = START_MS + HOUR_MS;
      const dummyID = w.identity('dummyID', inAnHour);
      const host = new StoreHost(w, dummyID, usageThresholdMs);
      return { w, host, dummyID, identity: w.identity('yacovm', inAnHour), identity2: w.identity('not-yacovm', inAnHour), identity3: w.identity('invalidIdentity', inAnHour) };
    }

    it('[SEC-FUNC-IDENTITY-PUT-CHECKS.1] [SEC-FUNC-IDENTITY-FIRST-WRITE-WINS.1] [SEC-FUNC-IDENTITY-REVOCATION.1] TestPut: first write wins; nil PKI-ID, nil identity, mismatches and a revoked identity are refused', () => {
      const { w, host, identity, identity2, identity3 } = setup(HOUR_MS);
      host.configUpdated([w.crypto.pkiIdOf(identity3)]);
      const pkiID = w.crypto.pkiIdOf(identity);
      const pkiID2 = w.crypto.pkiIdOf(identity2);
      const pkiID3 = w.crypto.pkiIdOf(identity3);
      expect(host.put(pkiID, identity)).toBeUndefined();
      expect(host.put(pkiID, identity)).toBeUndefined();
      expect(host.put('', identity)).toEqual({ reason: 'PKIID is nil' });
      expect(host.put(pkiID2, '')).toEqual({ reason: 'identity is nil' });
      expect(host.put(pkiID2, identity)).toEqual({ reason: "identity doesn't match the computed pkiID" });
      expect(host.put(pkiID, identity2)).toEqual({ reason: "identity doesn't match the computed pkiID" });
      expect(host.put(pkiID3, identity3)).toEqual({ reason: 'identity revoked' });
      // The second Put kept the first entry, untouched.
      expect(host.send({ type: 'PUT', pkiId: pkiID, identity })).toEqual([{ kind: 'alreadyStored', pkiId: pkiID }]);
      const invalid = w.invalidIdentity('stranger');
      expect(host.put(w.crypto.pkiIdOf(invalid), invalid)).toEqual({ reason: 'identity invalid' });
    });

    it('[SEC-FUNC-IDENTITY-GET.1] TestGet: a stored identity is returned, an unknown PKI-ID is not found', () => {
      const { w, host, identity, identity2 } = setup(HOUR_MS);
      const pkiID = w.crypto.pkiIdOf(identity);
      const pkiID2 = w.crypto.pkiIdOf(identity2);
      expect(host.put(pkiID, identity)).toBeUndefined();
      expect(host.get(pkiID)).toEqual({ identity });
      expect(host.get(pkiID2)).toEqual({ error: "PKIID wasn't found" });
    });

    it('[SEC-FUNC-IDENTITY-VERIFY.1] TestVerify: a signature verifies under a stored PKI-ID, not under an unknown one', () => {
      const { w, host, identity, identity2 } = setup(HOUR_MS);
      const pkiID = w.crypto.pkiIdOf(identity);
      const pkiID2 = w.crypto.pkiIdOf(identity2);
      host.put(pkiID, identity);
      // Fabric signs with the store's own key; the naive MCS accepts anyone's signature. A real MSP
      // only accepts yacovm's own, so the symbolic run signs as yacovm and also shows ours is refused.
      const signed = w.signAs(kind === 'fabric-test' ? 'dummyID' : 'yacovm', 'bla bla');
      expect(host.verify(pkiID, signed, 'bla bla')).toBeUndefined();
      expect(host.verify(pkiID2, signed, 'bla bla')).toBe("PKIID wasn't found");
      expect(host.verify(pkiID, signed, 'bla bla bla')).toBe('signature invalid');
      if (kind === 'symbolic') expect(host.verify(pkiID, w.signAs('dummyID', 'bla bla'), 'bla bla')).toBe('signature invalid');
    });

    it('[SEC-FUNC-IDENTITY-LIST-INVALID.1] [SEC-FUNC-IDENTITY-SUSPECT.1] [SEC-FUNC-IDENTITY-UNUSED-PURGE.1] [SEC-FUNC-IDENTITY-STOP.1] [SEC-PARAM-IDENTITY-USAGE-THRESHOLD.1] TestListInvalidIdentities: revoked and unused identities are purged, frequently used ones and ours are not, and Stop ends the usage check', () => {
      // set the time-based expiration time limit to something small
      const { w, host, dummyID, identity } = setup(500);
      expect(host.state.context.params.usageThresholdMs).toBe(500);
      expect(usageCheckIntervalMs(host.state.context.params)).toBe(50);
      const selfPKIID = w.crypto.pkiIdOf(dummyID);
      // Test for a revoked identity
      let pkiID = w.crypto.pkiIdOf(identity);
      expect(host.put(pkiID, identity)).toBeUndefined();
      expect(host.get(pkiID)).toEqual({ identity });
      // Revoke the certificate (and suspect everyone, as a config update does)
      host.configUpdated([pkiID]);
      // Make sure it is not found anymore
      expect(host.get(pkiID)).toEqual({ error: "PKIID wasn't found" });
      expect(host.takePurged()).toEqual([{ kind: 'purged', pkiId: pkiID, identity, reason: 'revoked' }]);

      // Clean the revocation list
      host.configUpdated([]);
      // Now, test for a certificate that has not been used for a long time. Add back the identity
      pkiID = w.crypto.pkiIdOf(identity);
      expect(host.put(pkiID, identity)).toBeUndefined();
      // Check it exists in the meantime
      expect(host.get(pkiID)).toEqual({ identity });
      host.advanceBy(3000);
      // Make sure it has expired
      expect(host.get(pkiID)).toEqual({ error: "PKIID wasn't found" });
      expect(host.takePurged()).toEqual([{ kind: 'purged', pkiId: pkiID, identity, reason: 'unused' }]);
      // Make sure our own identity hasn't been expired
      expect(host.get(selfPKIID)).toEqual({ identity: dummyID });

      // Now test that an identity that is frequently used doesn't expire. Add back the identity
      pkiID = w.crypto.pkiIdOf(identity);
      expect(host.put(pkiID, identity)).toBeUndefined();
      for (let elapsedMs = 0; elapsedMs < 3000; elapsedMs += 10) {
        host.advanceBy(10);
        host.get(pkiID);
      }
      // Ensure it hasn't expired even though time has passed
      expect(host.get(pkiID)).toEqual({ identity });
      // Stop the identity store - this would make periodical un-usage expiration stop
      const usageCheck = (ids: string[]) => ids.filter((id) => !id.startsWith('expiry/'));
      expect(usageCheck(host.driver.armedTimers())).toHaveLength(1);
      host.stop();
      expect(usageCheck(host.driver.armedTimers())).toEqual([]);
      host.advanceBy(3000);
      // Ensure it hasn't expired even though time has passed
      expect(host.get(pkiID)).toEqual({ identity });
      expect(host.takePurged()).toEqual([]);
    });

    it('[SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] [SEC-FUNC-IDENTITY-PUT-EXPIRED.1] [SEC-FUNC-IDENTITY-PUT-CHECKS.1] [SEC-MSG-IDENTITY-PURGED.1] TestExpiration: an expiring identity is purged after it expires, an expired one is refused, one without expiry stays until revoked', () => {
      const { w, host } = setup(500 * 1000);
      const x509Identity = w.identity('x509Identity', START_MS + 1000);
      const expiredX509Identity = w.identity('expiredX509Identity', START_MS - 1000);
      const nonX509Identity = w.identity('nonX509Identity', 'never');
      const notSupportedIdentity = w.identity('notSupportedIdentity', new Error('no MSP supports given identity'));
      const [x509PkiID, expiredX509PkiID, nonX509PkiID, notSupportedPkiID] = [x509Identity, expiredX509Identity, nonX509Identity, notSupportedIdentity].map((i): string => w.crypto.pkiIdOf(i)) as [string, string, string, string];
      // Add all identities
      expect(host.put(x509PkiID, x509Identity)).toBeUndefined();
      expect(host.put(expiredX509PkiID, expiredX509Identity)).toEqual({ reason: 'gossipping peer identity expired' });
      expect(host.put(nonX509PkiID, nonX509Identity)).toBeUndefined();
      const refusal = host.put(notSupportedPkiID, notSupportedIdentity);
      expect(refusal?.reason).toBe('failed classifying identity');
      expect(refusal?.detail).toContain('no MSP supports given identity');

      // Make sure the x509 cert and the non x509 cert exist in the store
      expect(host.get(x509PkiID).identity).toBe(x509Identity);
      expect(host.get(nonX509PkiID).identity).toBe(nonX509Identity);

      // Wait for the x509 identity to expire
      host.advanceBy(3000);

      // Ensure only the non x509 identity exists now
      expect(host.get(x509PkiID)).toEqual({ error: "PKIID wasn't found" });
      expect(host.takePurged()).toEqual([{ kind: 'purged', pkiId: x509PkiID, identity: x509Identity, reason: 'expired' }]);
      expect(host.get(nonX509PkiID)).toEqual({ identity: nonX509Identity });

      // Ensure that when it is revoked, an expiration timer isn't cancelled for it (it has none)
      const outputs = host.send({ type: 'CONFIG_UPDATED', revokedPkiIds: [nonX509PkiID] });
      expect(outputs).toEqual([{ kind: 'purged', pkiId: nonX509PkiID, identity: nonX509Identity, reason: 'revoked' }]);
      expect(host.takePurged().map((p) => p.identity)).toEqual([nonX509Identity]);
    });
  });
}

describe('identity_test.go ports that need their own crypto', () => {
  it('[SEC-FUNC-IDENTITY-SELF.1] TestExpirationPanic: a store whose own identity is revoked or invalid cannot be created', () => {
    const fabricTest = createFabricTestSuite();
    const identity3 = 'invalidIdentity:7051';
    fabricTest.revoke(fabricTest.pkiIdOf(identity3));
    const init = { selfIdentity: identity3, nowMs: START_MS, params: { usageThresholdMs: HOUR_MS } };
    expect(() => createIdentityStoreReducer({ crypto: fabricTest }).init(init)).toThrow('Failed putting our own identity into the identity mapper: identity invalid');
    const symbolic = createSymbolicSuite(1);
    const stranger = createSymbolicSuite(2).enroll('Org1MSP', 'invalidIdentity').identity;
    expect(() => createIdentityStoreReducer({ crypto: symbolic }).init({ ...init, selfIdentity: stranger })).toThrow('identity invalid');
    const expired = symbolic.enroll('Org1MSP', 'expired', { expiresAtMs: START_MS - 1 }).identity;
    expect(() => createIdentityStoreReducer({ crypto: symbolic }).init({ ...init, selfIdentity: expired })).toThrow('gossipping peer identity expired');
  });

  it('[SEC-FUNC-IDENTITY-INFO.1] TestIdentityInfo: every stored identity is listed with its PKI-ID and its org', () => {
    for (const crypto of [createSymbolicSuite(3), createFabricTestSuite()]) {
      const identityIn = (org: string, name: string) =>
        'enroll' in crypto ? crypto.enroll(org, name).identity : crypto.keyFor(`${name}:7051`, org).identity;
      const [dummyID, alice, bob] = [identityIn('D', 'dummyID'), identityIn('A', 'alicePeer'), identityIn('B', 'bobPeer')];
      const reducer = createIdentityStoreReducer({ crypto });
      let [state] = reducer.init({ selfIdentity: dummyID, nowMs: START_MS, params: { usageThresholdMs: HOUR_MS } });
      for (const id of [alice, bob]) [state] = reducer.step(state, { type: 'PUT', nowMs: START_MS, pkiId: crypto.pkiIdOf(id), identity: id });
      const byOrg = new Map(identityInfo(state).map((info) => [info.org, info]));
      expect([...byOrg.keys()].sort()).toEqual(['A', 'B', 'D']);
      for (const [org, identity] of [['A', alice], ['B', bob], ['D', dummyID]] as const) {
        expect(byOrg.get(org)).toEqual({ org, identity, pkiId: crypto.pkiIdOf(identity) });
      }
    }
  });
});
