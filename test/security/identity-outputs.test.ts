/**
 * Every output of the identity store, compared whole. One reducer is stepped by hand rather than
 * through StoreHost, whose TimerDriver performs `setTimer`/`cancelTimer` and keeps them out of
 * sight: here the timers a step arms and cancels are checked with the rest, in order. Outputs,
 * stored entries and IdentityInfo are compared with toStrictEqual, because an optional field the
 * store has no value for (an org, an expiration, a refusal's detail) is absent, not present as
 * undefined. Every step is still checked against the SEC-SAFE invariants, as StoreHost does.
 *
 * Expected values come from the code and from Fabric's identity.go: the usage threshold is an hour
 * (`var usageThreshold = time.Hour`) and the check runs every tenth of it; an expiry timer fires
 * `time.Until(expirationDate.Add(time.Millisecond))` after the Put; `SuspectPeers` cancels the
 * timer of what it purges (`cancelExpirationTimer`, a no-op without one); the periodic check
 * suspects no one (`func(_ api.PeerIdentityType) bool { return false }`); only Expiration's error
 * is wrapped ("failed classifying identity: ..."); NewIdentityMapper panics with
 * "Failed putting our own identity into the identity mapper: <Put's error>".
 */
import { createEcdsaSuite, createFabricTestSuite, createSymbolicSuite, type CryptoSuite } from '../../src/core';
import {
  createIdentityStoreReducer,
  DEFAULT_IDENTITY_STORE_PARAMS,
  EXPIRY_FIRED,
  expiryTimerId,
  identityInfo,
  identityStoreViolations,
  isIdentityStoreStopped,
  storedIdentityOf,
  USAGE_CHECK_EVENT,
  type IdentityStoreOutput,
  type IdentityStoreReducer,
  type IdentityStoreState,
} from '../../src/security';
import { createIdentityWorld, HOUR_MS, START_MS } from './identity-fixture';

type Input = { readonly type: string; readonly nowMs: number; readonly [field: string]: unknown };

/** One store, stepped by hand; `reducerCrypto` (default: `crypto`) is what the reducer is built with, `crypto` what the invariants use. */
class Store {
  readonly reducer: IdentityStoreReducer;
  readonly initOutputs: readonly IdentityStoreOutput[];
  state: IdentityStoreState;

  constructor(
    private readonly crypto: CryptoSuite,
    selfIdentity: string,
    usageThresholdMs: number = HOUR_MS,
    reducerCrypto: CryptoSuite = crypto,
  ) {
    this.reducer = createIdentityStoreReducer({ crypto: reducerCrypto });
    [this.state, this.initOutputs] = this.reducer.init({ selfIdentity, nowMs: START_MS, params: { usageThresholdMs } });
  }

  /** The outputs of one input, after checking the step against every SEC-SAFE invariant. */
  step(input: Input): readonly IdentityStoreOutput[] {
    const [after, outputs] = this.reducer.step(this.state, input);
    expect(identityStoreViolations(this.crypto, { before: this.state, input, outputs, after })).toEqual([]);
    this.state = after;
    return outputs;
  }

  entry(pkiId: string) {
    return storedIdentityOf(this.state, pkiId);
  }
}

const usageTimer = (delayMs: number): IdentityStoreOutput => ({ kind: 'setTimer', timerId: USAGE_CHECK_EVENT, delayMs, event: { type: USAGE_CHECK_EVENT } });
const cancelUsage: IdentityStoreOutput = { kind: 'cancelTimer', timerId: USAGE_CHECK_EVENT };
const expiryTimer = (pkiId: string, identity: string, delayMs: number): IdentityStoreOutput => ({
  kind: 'setTimer',
  timerId: expiryTimerId(pkiId),
  delayMs,
  event: { type: EXPIRY_FIRED, pkiId: pkiId as never, identity },
});
const cancelExpiry = (pkiId: string): IdentityStoreOutput => ({ kind: 'cancelTimer', timerId: expiryTimerId(pkiId) });

/** The suite with every identity-reading call recorded (name and argument), to see what a step asks it. */
function spied(suite: CryptoSuite): { readonly crypto: CryptoSuite; readonly calls: string[] } {
  const calls: string[] = [];
  const recorded =
    <R>(name: string, f: (identity: string) => R) =>
    (identity: string): R => {
      calls.push(`${name} ${identity}`);
      return f(identity);
    };
  const crypto: CryptoSuite = {
    ...suite,
    pkiIdOf: recorded('pkiIdOf', (i) => suite.pkiIdOf(i)),
    orgOf: recorded('orgOf', (i) => suite.orgOf(i)),
    validateIdentity: recorded('validateIdentity', (i) => suite.validateIdentity(i)),
    expiresAtMs: recorded('expiresAtMs', (i) => suite.expiresAtMs(i)),
  };
  return { crypto, calls };
}

const FAILED_SELF = 'Failed putting our own identity into the identity mapper: ';
function initError(crypto: CryptoSuite, selfIdentity: string): string {
  try {
    createIdentityStoreReducer({ crypto }).init({ selfIdentity, nowMs: START_MS, params: { usageThresholdMs: HOUR_MS } });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('init stored our own identity');
}

describe('identity store outputs: init', () => {
  it('[SEC-FUNC-IDENTITY-SELF.1] [SEC-PARAM-IDENTITY-USAGE-THRESHOLD.1] [SEC-FUNC-IDENTITY-INFO.1] init arms the usage check, stores our own identity with its org and no expiration, and starts running with an empty revocation list', () => {
    const w = createIdentityWorld('symbolic');
    const self = w.identity('self', 'never');
    const SELF = w.crypto.pkiIdOf(self);
    const store = new Store(w.crypto, self);
    expect(store.initOutputs).toStrictEqual([usageTimer(HOUR_MS / 10), { kind: 'stored', pkiId: SELF, identity: self, org: 'Org1MSP' }]);
    expect(store.state.value).toBe('running');
    expect(isIdentityStoreStopped(store.state)).toBe(false);
    expect(store.state.context.revokedPkiIds).toEqual([]);
    expect(store.state.context.selfPkiId).toBe(SELF);
    expect(store.entry(SELF)).toStrictEqual({ pkiId: SELF, identity: self, org: 'Org1MSP', lastAccessMs: START_MS });
    expect(store.entry('Org1MSP/nobody')).toBeUndefined();
    expect(identityInfo(store.state)).toStrictEqual([{ pkiId: SELF, identity: self, org: 'Org1MSP' }]);
  });

  it("[SEC-PARAM-IDENTITY-USAGE-THRESHOLD.1] the default usage threshold is Fabric's hour, so the usage check is armed every 6 minutes", () => {
    expect(DEFAULT_IDENTITY_STORE_PARAMS).toEqual({ usageThresholdMs: 3_600_000 });
    const crypto = createSymbolicSuite(6);
    const self = crypto.enroll('Org1MSP', 'self').identity;
    const [, outputs] = createIdentityStoreReducer({ crypto }).init({ selfIdentity: self, nowMs: START_MS, params: DEFAULT_IDENTITY_STORE_PARAMS });
    expect(outputs).toStrictEqual([usageTimer(360_000), { kind: 'stored', pkiId: crypto.pkiIdOf(self), identity: self, org: 'Org1MSP' }]);
  });

  it('[SEC-FUNC-IDENTITY-SELF.1] [SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] our own identity, when it expires, gets its expiry timer at init', () => {
    const w = createIdentityWorld('symbolic');
    const self = w.identity('self', START_MS + 5000);
    const SELF = w.crypto.pkiIdOf(self);
    const store = new Store(w.crypto, self);
    expect(store.initOutputs).toStrictEqual([usageTimer(HOUR_MS / 10), expiryTimer(SELF, self, 5001), { kind: 'stored', pkiId: SELF, identity: self, org: 'Org1MSP' }]);
    expect(store.entry(SELF)).toStrictEqual({ pkiId: SELF, identity: self, org: 'Org1MSP', lastAccessMs: START_MS, expiresAtMs: START_MS + 5000 });
  });

  it('[SEC-FUNC-IDENTITY-SELF.1] init fails with the refusal of our own identity, its detail appended only when the suite gave one', () => {
    // An empty identity has no PKI-ID (Fabric's MCS GetPKIidOfCert returns nil for it), even with a
    // suite whose pkiIdOf would hash "" into a non-empty PKI-ID, as ECDSA's does.
    const ecdsa = createEcdsaSuite(['Org1MSP']);
    expect(ecdsa.pkiIdOf('')).not.toBe('');
    expect(initError(ecdsa, '')).toBe(`${FAILED_SELF}PKIID is nil`);
    expect(initError(createFabricTestSuite(), '')).toBe(`${FAILED_SELF}PKIID is nil`);
    const w = createIdentityWorld('symbolic');
    expect(initError(w.crypto, w.invalidIdentity('stranger'))).toBe(`${FAILED_SELF}identity invalid`);
    expect(initError(w.crypto, w.identity('unsupported', new Error('no MSP supports given identity')))).toBe(`${FAILED_SELF}failed classifying identity: no MSP supports given identity`);
    expect(initError(w.crypto, w.identity('forever', Infinity))).toBe(`${FAILED_SELF}failed classifying identity: expiration Infinity is not a time`);
  });
});

describe('identity store outputs: Put', () => {
  it('[SEC-FUNC-IDENTITY-PUT-CHECKS.1] [SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] an expiring identity: its timer is armed for expiration + 1 - now before `stored`, and its entry holds its org and expiration', () => {
    const w = createIdentityWorld('symbolic');
    const store = new Store(w.crypto, w.identity('self', 'never'));
    const a = w.identity('a', START_MS + 1000);
    const A = w.crypto.pkiIdOf(a);
    expect(store.step({ type: 'PUT', nowMs: START_MS + 100, pkiId: A, identity: a })).toStrictEqual([expiryTimer(A, a, 901), { kind: 'stored', pkiId: A, identity: a, org: 'Org1MSP' }]);
    expect(store.entry(A)).toStrictEqual({ pkiId: A, identity: a, org: 'Org1MSP', lastAccessMs: START_MS + 100, expiresAtMs: START_MS + 1000 });
    // Expiring exactly now: stored (not After its expiration), the timer a millisecond away.
    const b = w.identity('b', START_MS + 2000);
    const B = w.crypto.pkiIdOf(b);
    expect(store.step({ type: 'PUT', nowMs: START_MS + 2000, pkiId: B, identity: b })).toStrictEqual([expiryTimer(B, b, 1), { kind: 'stored', pkiId: B, identity: b, org: 'Org1MSP' }]);
    // A second Put of a stored PKI-ID answers alreadyStored and arms nothing.
    expect(store.step({ type: 'PUT', nowMs: START_MS + 2000, pkiId: A, identity: a })).toStrictEqual([{ kind: 'alreadyStored', pkiId: A }]);
  });

  it('[SEC-FUNC-IDENTITY-PUT-CHECKS.1] [SEC-FUNC-IDENTITY-INFO.1] an identity with no org and no expiration: no timer, and no org or expiration in the output, the entry or IdentityInfo', () => {
    // fabric-test's bare endpoints have no org (gossip_test.go's naive OrgByPeerIdentity returns nil).
    const w = createIdentityWorld('fabric-test');
    const self = w.identity('self', 'never');
    const store = new Store(w.crypto, self);
    expect(store.initOutputs).toStrictEqual([usageTimer(HOUR_MS / 10), { kind: 'stored', pkiId: self, identity: self }]);
    const a = w.identity('a', 'never');
    expect(store.step({ type: 'PUT', nowMs: START_MS + 7, pkiId: a, identity: a })).toStrictEqual([{ kind: 'stored', pkiId: a, identity: a }]);
    expect(store.entry(a)).toStrictEqual({ pkiId: a, identity: a, lastAccessMs: START_MS + 7 });
    expect(identityInfo(store.state)).toStrictEqual([
      { pkiId: a, identity: a },
      { pkiId: self, identity: self },
    ]);
  });

  it("[SEC-FUNC-IDENTITY-PUT-CHECKS.1] a refusal names the request, the PKI-ID given and the reason; only 'failed classifying identity' carries the suite's words", () => {
    const w = createIdentityWorld('symbolic');
    const store = new Store(w.crypto, w.identity('self', 'never'));
    const odd = w.identity('odd', new Error('no MSP supports given identity'));
    const ODD = w.crypto.pkiIdOf(odd);
    const refused = (pkiId: string, reason: string, detail?: string) => [{ kind: 'refused', request: 'PUT', pkiId, reason, ...(detail === undefined ? {} : { detail }) }];
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: ODD, identity: odd })).toStrictEqual(refused(ODD, 'failed classifying identity', 'no MSP supports given identity'));
    // Fabric's Put returns "PKIID is nil" before it asks for the expiration: no detail, though the suite has one.
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: '', identity: odd })).toStrictEqual(refused('', 'PKIID is nil'));
    const forever = w.identity('forever', Infinity);
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: w.crypto.pkiIdOf(forever), identity: forever })).toStrictEqual(
      refused(w.crypto.pkiIdOf(forever), 'failed classifying identity', 'expiration Infinity is not a time'),
    );
    const undated = w.identity('undated', NaN);
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: w.crypto.pkiIdOf(undated), identity: undated })).toStrictEqual(
      refused(w.crypto.pkiIdOf(undated), 'failed classifying identity', 'expiration NaN is not a time'),
    );
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: ODD, identity: '' })).toStrictEqual(refused(ODD, 'identity is nil'));
    const stranger = w.invalidIdentity('stranger');
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: w.crypto.pkiIdOf(stranger), identity: stranger })).toStrictEqual(refused(w.crypto.pkiIdOf(stranger), 'identity invalid'));
    const a = w.identity('a', 'never');
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: ODD, identity: a })).toStrictEqual(refused(ODD, "identity doesn't match the computed pkiID"));
    const past = w.identity('past', 0);
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: w.crypto.pkiIdOf(past), identity: past })).toStrictEqual(refused(w.crypto.pkiIdOf(past), 'gossipping peer identity expired'));
  });

  it('[SEC-FUNC-IDENTITY-PUT-CHECKS.1] an empty identity is refused without showing it to the suite (Fabric checks `identity == nil` before mcs.Expiration)', () => {
    const suite = createFabricTestSuite();
    const { crypto, calls } = spied(suite);
    const store = new Store(suite, 'self:7051', HOUR_MS, crypto);
    calls.length = 0;
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: 'a:7051', identity: '' })).toStrictEqual([{ kind: 'refused', request: 'PUT', pkiId: 'a:7051', reason: 'identity is nil' }]);
    expect(calls).toEqual([]);
    // A non-empty one is classified, validated, and (once valid) its org and PKI-ID computed.
    expect(store.step({ type: 'PUT', nowMs: 1, pkiId: 'a:7051', identity: 'a:7051' })).toStrictEqual([{ kind: 'stored', pkiId: 'a:7051', identity: 'a:7051' }]);
    expect([...calls].sort()).toEqual(['expiresAtMs a:7051', 'orgOf a:7051', 'pkiIdOf a:7051', 'validateIdentity a:7051']);
  });
});

describe('identity store outputs: Get and Verify', () => {
  it('[SEC-FUNC-IDENTITY-GET.1] [SEC-FUNC-IDENTITY-VERIFY.1] answers carry the PKI-ID (Get also the identity, never the org); Get, Verify and a refused signature each mark the entry used at their nowMs', () => {
    const w = createIdentityWorld('symbolic');
    const store = new Store(w.crypto, w.identity('self', 'never'));
    const a = w.identity('a', 'never');
    const A = w.crypto.pkiIdOf(a);
    store.step({ type: 'PUT', nowMs: START_MS, pkiId: A, identity: a });
    expect(store.step({ type: 'GET', nowMs: 10, pkiId: A })).toStrictEqual([{ kind: 'identity', pkiId: A, identity: a }]);
    expect(store.entry(A)).toStrictEqual({ pkiId: A, identity: a, org: 'Org1MSP', lastAccessMs: 10 });
    expect(store.step({ type: 'VERIFY', nowMs: 20, pkiId: A, payload: 'm', signature: w.signAs('a', 'm') })).toStrictEqual([{ kind: 'verified', pkiId: A }]);
    expect(store.entry(A)).toStrictEqual({ pkiId: A, identity: a, org: 'Org1MSP', lastAccessMs: 20 });
    expect(store.step({ type: 'VERIFY', nowMs: 30, pkiId: A, payload: 'm', signature: w.signAs('self', 'm') })).toStrictEqual([
      { kind: 'refused', request: 'VERIFY', pkiId: A, reason: 'signature invalid' },
    ]);
    expect(store.entry(A)).toStrictEqual({ pkiId: A, identity: a, org: 'Org1MSP', lastAccessMs: 30 });
    const B = w.crypto.pkiIdOf(w.identity('b', 'never'));
    expect(store.step({ type: 'GET', nowMs: 40, pkiId: B })).toStrictEqual([{ kind: 'refused', request: 'GET', pkiId: B, reason: "PKIID wasn't found" }]);
    expect(store.step({ type: 'VERIFY', nowMs: 40, pkiId: B, payload: 'm', signature: w.signAs('b', 'm') })).toStrictEqual([
      { kind: 'refused', request: 'VERIFY', pkiId: B, reason: "PKIID wasn't found" },
    ]);
    expect(store.entry(A)?.lastAccessMs).toBe(30);
  });
});

describe('identity store outputs: purges', () => {
  it('[SEC-FUNC-IDENTITY-REVOCATION.1] [SEC-FUNC-IDENTITY-SUSPECT.1] [SEC-MSG-IDENTITY-PURGED.1] a config update records its revocation list sorted and without repeats, and purges in PKI-ID order, cancelling the timer only of an entry that has one', () => {
    const w = createIdentityWorld('fabric-test');
    const store = new Store(w.crypto, w.identity('self', 'never'));
    const a = w.identity('a', 'never');
    const b = w.identity('b', START_MS + 5000);
    expect(store.step({ type: 'PUT', nowMs: START_MS, pkiId: a, identity: a })).toStrictEqual([{ kind: 'stored', pkiId: a, identity: a }]);
    expect(store.step({ type: 'PUT', nowMs: START_MS, pkiId: b, identity: b })).toStrictEqual([expiryTimer(b, b, 5001), { kind: 'stored', pkiId: b, identity: b }]);
    expect(store.step({ type: 'CONFIG_UPDATED', nowMs: 10, revokedPkiIds: ['z:7051', b, a, b] })).toStrictEqual([
      { kind: 'purged', pkiId: a, identity: a, reason: 'revoked' },
      cancelExpiry(b),
      { kind: 'purged', pkiId: b, identity: b, reason: 'revoked' },
    ]);
    expect(store.state.context.revokedPkiIds).toEqual([a, b, 'z:7051']);
    expect(identityInfo(store.state).map((i) => i.pkiId)).toEqual(['self:7051']);
    // The next update replaces the list: a is welcome again.
    expect(store.step({ type: 'CONFIG_UPDATED', nowMs: 20, revokedPkiIds: ['z:7051'] })).toStrictEqual([]);
    expect(store.state.context.revokedPkiIds).toEqual(['z:7051']);
    expect(store.step({ type: 'PUT', nowMs: 30, pkiId: a, identity: a })).toStrictEqual([{ kind: 'stored', pkiId: a, identity: a }]);
  });

  it('[SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] [SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] [SEC-MSG-IDENTITY-PURGED.1] an early fire re-arms for the rest; the fire after the expiration purges without cancelling (it has fired); a Get after the expiration cancels the timer', () => {
    const w = createIdentityWorld('symbolic');
    const store = new Store(w.crypto, w.identity('self', 'never'));
    const a = w.identity('a', START_MS + 1000);
    const A = w.crypto.pkiIdOf(a);
    store.step({ type: 'PUT', nowMs: START_MS + 100, pkiId: A, identity: a });
    const fire = (nowMs: number) => store.step({ type: EXPIRY_FIRED, nowMs, pkiId: A, identity: a });
    expect(fire(START_MS + 400)).toStrictEqual([expiryTimer(A, a, 601)]);
    // At the expiration itself the identity is still good: one more millisecond.
    expect(fire(START_MS + 1000)).toStrictEqual([expiryTimer(A, a, 1)]);
    expect(store.entry(A)).toStrictEqual({ pkiId: A, identity: a, org: 'Org1MSP', lastAccessMs: START_MS + 100, expiresAtMs: START_MS + 1000 });
    expect(fire(START_MS + 1001)).toStrictEqual([{ kind: 'purged', pkiId: A, identity: a, reason: 'expired' }]);
    expect(store.entry(A)).toBeUndefined();
    expect(fire(START_MS + 1002)).toStrictEqual([]);

    const b = w.identity('b', START_MS + 2000);
    const B = w.crypto.pkiIdOf(b);
    store.step({ type: 'PUT', nowMs: START_MS + 1500, pkiId: B, identity: b });
    expect(store.step({ type: 'GET', nowMs: START_MS + 2001, pkiId: B })).toStrictEqual([
      cancelExpiry(B),
      { kind: 'purged', pkiId: B, identity: b, reason: 'expired' },
      { kind: 'refused', request: 'GET', pkiId: B, reason: "PKIID wasn't found" },
    ]);
  });

  it('[SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] a fire left over from an earlier identity of the same PKI-ID neither purges nor re-arms anything for the identity stored now', () => {
    // A PKI-ID is a hash of the identity (Fabric's GetPKIidOfCert): two identities may share one.
    // The symbolic suite's readable PKI-IDs never collide, so this suite makes `a` and `a2` collide.
    const suite = createSymbolicSuite(9);
    const first = suite.enroll('Org1MSP', 'a', { expiresAtMs: START_MS + 1000 }).identity;
    const second = suite.enroll('Org1MSP', 'a2', { expiresAtMs: START_MS + 2000 }).identity;
    const P = suite.pkiIdOf(first);
    const crypto: CryptoSuite = { ...suite, pkiIdOf: (identity) => (identity === second ? P : suite.pkiIdOf(identity)) };
    expect(crypto.pkiIdOf(second)).toBe(P);
    expect(second).not.toBe(first);
    const store = new Store(crypto, suite.enroll('Org1MSP', 'self').identity);
    expect(store.step({ type: 'PUT', nowMs: START_MS, pkiId: P, identity: first })).toStrictEqual([expiryTimer(P, first, 1001), { kind: 'stored', pkiId: P, identity: first, org: 'Org1MSP' }]);
    expect(store.step({ type: 'CONFIG_UPDATED', nowMs: START_MS + 10, revokedPkiIds: [P] })).toStrictEqual([cancelExpiry(P), { kind: 'purged', pkiId: P, identity: first, reason: 'revoked' }]);
    expect(store.step({ type: 'CONFIG_UPDATED', nowMs: START_MS + 20, revokedPkiIds: [] })).toStrictEqual([]);
    expect(store.step({ type: 'PUT', nowMs: START_MS + 30, pkiId: P, identity: second })).toStrictEqual([expiryTimer(P, second, 1971), { kind: 'stored', pkiId: P, identity: second, org: 'Org1MSP' }]);
    // The host could not take the first timer back in time: its fire names the first identity.
    expect(store.step({ type: EXPIRY_FIRED, nowMs: START_MS + 1001, pkiId: P, identity: first })).toStrictEqual([]);
    expect(store.entry(P)).toStrictEqual({ pkiId: P, identity: second, org: 'Org1MSP', lastAccessMs: START_MS + 30, expiresAtMs: START_MS + 2000 });
    expect(store.step({ type: EXPIRY_FIRED, nowMs: START_MS + 2001, pkiId: P, identity: second })).toStrictEqual([{ kind: 'purged', pkiId: P, identity: second, reason: 'expired' }]);
  });

  it('[SEC-FUNC-IDENTITY-UNUSED-PURGE.1] [SEC-FUNC-IDENTITY-LIST-INVALID.1] the usage check re-arms itself and purges only the unused: it suspects no one, so it asks the suite nothing and keeps a revoked identity still in use', () => {
    const suite = createFabricTestSuite();
    const { crypto, calls } = spied(suite);
    const store = new Store(suite, 'self:7051', 1000, crypto);
    expect(store.initOutputs).toStrictEqual([usageTimer(100), { kind: 'stored', pkiId: 'self:7051', identity: 'self:7051' }]);
    for (const id of ['a:7051', 'b:7051']) store.step({ type: 'PUT', nowMs: START_MS, pkiId: id, identity: id });
    store.step({ type: 'GET', nowMs: START_MS + 500, pkiId: 'b:7051' });
    // gossip_test.go's revoke: from now on the suite rejects a; only a suspicion would find out.
    suite.revoke(suite.pkiIdOf('a:7051'));
    calls.length = 0;
    expect(store.step({ type: USAGE_CHECK_EVENT, nowMs: START_MS + 600 })).toStrictEqual([cancelUsage, usageTimer(100)]);
    expect(calls).toEqual([]);
    expect(identityInfo(store.state).map((i) => i.pkiId)).toEqual(['a:7051', 'b:7051', 'self:7051']);
    // a was last used at 0: unused after 1000ms (strictly), whatever the suite says of it.
    expect(store.step({ type: USAGE_CHECK_EVENT, nowMs: START_MS + 1001 })).toStrictEqual([cancelUsage, { kind: 'purged', pkiId: 'a:7051', identity: 'a:7051', reason: 'unused' }, usageTimer(100)]);
    expect(calls).toEqual([]);
    expect(identityInfo(store.state).map((i) => i.pkiId)).toEqual(['b:7051', 'self:7051']);
  });
});

describe('identity store outputs: Stop', () => {
  it('[SEC-FUNC-IDENTITY-STOP.1] STOP cancels the usage check for good and the store is stopped; Put, Get, Verify, suspicion (unused identities included), config updates and expiry go on, and a late usage check does nothing', () => {
    const w = createIdentityWorld('symbolic');
    const store = new Store(w.crypto, w.identity('self', 'never'), 1000);
    const a = w.identity('a', 'never');
    const A = w.crypto.pkiIdOf(a);
    store.step({ type: 'PUT', nowMs: START_MS, pkiId: A, identity: a });
    expect(store.step({ type: 'STOP', nowMs: START_MS + 10 })).toStrictEqual([cancelUsage]);
    expect(store.state.value).toBe('stopped');
    expect(isIdentityStoreStopped(store.state)).toBe(true);
    expect(store.step({ type: 'STOP', nowMs: START_MS + 20 })).toStrictEqual([]);
    expect(isIdentityStoreStopped(store.state)).toBe(true);

    const b = w.identity('b', START_MS + 5000);
    const B = w.crypto.pkiIdOf(b);
    expect(store.step({ type: 'PUT', nowMs: START_MS + 20, pkiId: B, identity: b })).toStrictEqual([expiryTimer(B, b, 4981), { kind: 'stored', pkiId: B, identity: b, org: 'Org1MSP' }]);
    // Unused for far longer than the threshold, yet still answered: no check runs any more.
    expect(store.step({ type: 'GET', nowMs: START_MS + 3000, pkiId: A })).toStrictEqual([{ kind: 'identity', pkiId: A, identity: a }]);
    // A usage-check fire the host had already queued before STOP: b (unused since 20) stays.
    expect(store.step({ type: USAGE_CHECK_EVENT, nowMs: START_MS + 3000 })).toStrictEqual([]);
    expect(store.entry(B)).toStrictEqual({ pkiId: B, identity: b, org: 'Org1MSP', lastAccessMs: START_MS + 20, expiresAtMs: START_MS + 5000 });
    expect(store.step({ type: 'VERIFY', nowMs: START_MS + 3000, pkiId: B, payload: 'm', signature: w.signAs('b', 'm') })).toStrictEqual([{ kind: 'verified', pkiId: B }]);
    expect(store.step({ type: 'SUSPECT_PEERS', nowMs: START_MS + 3000, suspects: 'all' })).toStrictEqual([]);

    const c = w.identity('c', START_MS + 4000);
    const C = w.crypto.pkiIdOf(c);
    expect(store.step({ type: 'PUT', nowMs: START_MS + 3000, pkiId: C, identity: c })).toStrictEqual([expiryTimer(C, c, 1001), { kind: 'stored', pkiId: C, identity: c, org: 'Org1MSP' }]);
    expect(store.step({ type: 'CONFIG_UPDATED', nowMs: START_MS + 3500, revokedPkiIds: [B] })).toStrictEqual([cancelExpiry(B), { kind: 'purged', pkiId: B, identity: b, reason: 'revoked' }]);
    expect(store.step({ type: EXPIRY_FIRED, nowMs: START_MS + 4001, pkiId: C, identity: c })).toStrictEqual([{ kind: 'purged', pkiId: C, identity: c, reason: 'expired' }]);
    // A suspicion still lists the unused, stopped or not (Fabric's validateIdentities): a, last used at 3000.
    expect(store.step({ type: 'SUSPECT_PEERS', nowMs: START_MS + 4001, suspects: [] })).toStrictEqual([{ kind: 'purged', pkiId: A, identity: a, reason: 'unused' }]);
    expect(store.state.value).toBe('stopped');
  });
});
