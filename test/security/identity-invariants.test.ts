/**
 * The identity store's invariants (src/security/identity/invariants.ts) on forged states and
 * steps: each check flags what it names, with its message, and passes its legal neighbour. The
 * states come from a real store holding `a` (expiring at 1,000 ms) and `b` (never expiring); a
 * forged one changes only what the check reads.
 */
import { violations } from '../../src/core/invariants';
import { pdelete, pget, pset } from '../../src/core/pmap';
import { identityStoreStateInvariants, identityStoreStepInvariants, identityStoreViolations, type IdentityStoreOutput, type IdentityStoreState } from '../../src/security';
import { createIdentityWorld, START_MS, StoreHost } from './identity-fixture';

const w = createIdentityWorld('symbolic');
const host = new StoreHost(w, w.identity('self', 'never'), 3_600_000);
const a = w.identity('a', START_MS + 1_000);
const b = w.identity('b', 'never');
const A = w.crypto.pkiIdOf(a);
const B = w.crypto.pkiIdOf(b);
host.send({ type: 'PUT', pkiId: A, identity: a });
host.send({ type: 'PUT', pkiId: B, identity: b });
const held = host.state;

type Entries = IdentityStoreState['context']['entries'];
const withEntries = (entries: Entries, s: IdentityStoreState = held): IdentityStoreState => ({ ...s, context: { ...s.context, entries } });
const entryOf = (pkiId: string) => {
  const e = pget(held.context.entries, pkiId);
  if (e === undefined) throw new Error(`${pkiId} is not held`);
  return e;
};
const withoutA = withEntries(pdelete(held.context.entries, A));
const stateOnly = (s: IdentityStoreState): string[] => violations(identityStoreStateInvariants(w.crypto), s);
const stepOnly = (input: unknown, outputs: readonly IdentityStoreOutput[], after: IdentityStoreState = held, before: IdentityStoreState = held): string[] =>
  violations(identityStoreStepInvariants(w.crypto), { before, input, outputs, after });
const purged = (pkiId: string, identity: string, reason = 'expired') => ({ kind: 'purged', pkiId, identity, reason }) as IdentityStoreOutput;

describe('[SEC-SAFE-IDENTITY-MATCHES-PKIID.1] entries under their PKI-IDs', () => {
  it('[SEC-SAFE-IDENTITY-MATCHES-PKIID.1] the real store passes; an entry under another key, or holding another identity, is flagged', () => {
    expect(stateOnly(held)).toEqual([]);
    expect(stateOnly(withEntries(pset(held.context.entries, B, entryOf(A))))).toEqual([`SEC-SAFE-IDENTITY-MATCHES-PKIID.1: ${B} holds the identity of ${A}`]);
    expect(stateOnly(withEntries(pset(held.context.entries, A, { ...entryOf(A), identity: b })))).toEqual([`SEC-SAFE-IDENTITY-MATCHES-PKIID.1: ${A} holds the identity of ${B}`]);
  });
});

describe('[SEC-SAFE-IDENTITY-PURGE-ONCE.1] purges', () => {
  const fired = { type: 'EXPIRY_FIRED', pkiId: A, identity: a, nowMs: 1_001 };

  it('[SEC-SAFE-IDENTITY-PURGE-ONCE.1] an entry removed with one typed purge naming it passes', () => {
    expect(stepOnly(fired, [purged(A, a)], withoutA)).toEqual([]);
  });

  it('[SEC-SAFE-IDENTITY-PURGE-ONCE.1] two purges of one entry, an untyped reason, a silent removal, or a purge of what stays are flagged', () => {
    expect(stepOnly(fired, [purged(A, a), purged(A, a)], withoutA)).toEqual([`SEC-SAFE-IDENTITY-PURGE-ONCE.1: purged twice in one step: ${A}, ${A}`]);
    expect(stepOnly(fired, [purged(A, a, 'tired')], withoutA)).toEqual([`SEC-SAFE-IDENTITY-PURGE-ONCE.1: ${A} purged without a typed reason`]);
    expect(stepOnly(fired, [], withoutA)).toEqual([`SEC-SAFE-IDENTITY-PURGE-ONCE.1: removed without a purge output: ${A}`]);
    // An identity replaced under its PKI-ID left the store too.
    const replaced = withEntries(pset(held.context.entries, A, { ...entryOf(A), identity: `${a}x` }));
    expect(stepOnly({ type: 'GET', pkiId: B, nowMs: 5 }, [], replaced)).toEqual([`SEC-SAFE-IDENTITY-PURGE-ONCE.1: removed without a purge output: ${A}`]);
    expect(stepOnly({ type: 'GET', pkiId: B, nowMs: 5 }, [purged(A, a)], held)).toEqual([`SEC-SAFE-IDENTITY-PURGE-ONCE.1: purge output for an entry not removed: ${A}`]);
    // A purge naming an identity the store did not hold under that PKI-ID.
    expect(stepOnly(fired, [purged(A, b)], withoutA)).toEqual([`SEC-SAFE-IDENTITY-PURGE-ONCE.1: purge output for an entry not removed: ${A}`]);
  });
});

describe('[SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1] refusals', () => {
  const put = { type: 'PUT', pkiId: A, identity: a, nowMs: 10 };
  const refusedPut = { kind: 'refused', request: 'PUT', pkiId: A, reason: 'identity invalid' } as IdentityStoreOutput;

  it('[SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1] a refused Put alone, changing nothing, passes; an untyped refusal is flagged', () => {
    expect(stepOnly(put, [refusedPut])).toEqual([]);
    expect(stepOnly(put, [{ ...refusedPut, reason: 'no reason' } as unknown as IdentityStoreOutput])).toEqual(['SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1: a refusal without a typed reason']);
  });

  it('[SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1] a refused Put or a malformed input that changes the store or its state, or says more, is flagged', () => {
    const message = (kinds: string) => `SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1: a refused input changed the store or said more (${kinds})`;
    const changed = withEntries(pset(held.context.entries, A, { ...entryOf(A), lastAccessMs: 10 }));
    expect(stepOnly(put, [refusedPut], changed)).toEqual([message('refused')]);
    expect(stepOnly(put, [refusedPut], { ...held, value: 'stopped' } as IdentityStoreState)).toEqual([message('refused')]);
    expect(stepOnly(put, [refusedPut, { kind: 'alreadyStored', pkiId: A }])).toEqual([message('refused, alreadyStored')]);
    expect(stepOnly(5, [{ kind: 'malformedInput', error: 'x' }], changed)).toEqual([message('malformedInput')]);
    expect(stepOnly(5, [{ kind: 'malformedInput', error: 'x' }])).toEqual([]);
  });

  it('[SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1] a refused Get may change the store (it purges what it finds expired)', () => {
    const refusedGet = { kind: 'refused', request: 'GET', pkiId: A, reason: 'gossipping peer identity expired' } as IdentityStoreOutput;
    expect(stepOnly({ type: 'GET', pkiId: A, nowMs: 2_000 }, [refusedGet, purged(A, a)], withoutA)).toEqual([]);
  });
});

describe('[SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] expired identities', () => {
  it('[SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] an answer with an identity after its expiration is flagged; at the expiration it is not', () => {
    const found = { kind: 'identity', pkiId: A, identity: a } as IdentityStoreOutput;
    expect(stepOnly({ type: 'GET', pkiId: A, nowMs: 1_000 }, [found])).toEqual([]);
    expect(stepOnly({ type: 'GET', pkiId: A, nowMs: 1_001 }, [found])).toEqual([`SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1: ${A} used at 1001, expired at 1000`]);
    expect(stepOnly({ type: 'VERIFY', pkiId: A, nowMs: 1_001 }, [{ kind: 'verified', pkiId: A }])).toEqual([`SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1: ${A} used at 1001, expired at 1000`]);
    // An entry that never expires may be used at any time; an input without a time is not judged.
    expect(stepOnly({ type: 'GET', pkiId: B, nowMs: 10_000_000 }, [{ kind: 'identity', pkiId: B, identity: b }])).toEqual([]);
    expect(stepOnly({ type: 'GET', pkiId: A }, [found])).toEqual([]);
  });

  it('[SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] an expired entry still held after its expiry timer fired is flagged', () => {
    expect(stepOnly({ type: 'EXPIRY_FIRED', pkiId: A, identity: a, nowMs: 1_001 }, [])).toEqual([`SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1: ${A} held at 1001 after its expiry timer fired`]);
    expect(stepOnly({ type: 'EXPIRY_FIRED', pkiId: A, identity: a, nowMs: 1_000 }, [])).toEqual([]);
    expect(stepOnly({ type: 'EXPIRY_FIRED', pkiId: B, identity: b, nowMs: 1_001 }, [])).toEqual([]);
  });
});

describe('[SEC-SAFE-IDENTITY-NO-REVOKED-AFTER-UPDATE.1] config updates', () => {
  const revokedA = { ...held, context: { ...held.context, revokedPkiIds: [A] } };

  it('[SEC-SAFE-IDENTITY-NO-REVOKED-AFTER-UPDATE.1] a revoked identity still held after a config update is flagged; not after another input or a malformed update', () => {
    expect(stepOnly({ type: 'CONFIG_UPDATED', revokedPkiIds: [A], nowMs: 5 }, [], revokedA)).toEqual([`SEC-SAFE-IDENTITY-NO-REVOKED-AFTER-UPDATE.1: still holds invalid identities: ${A}`]);
    expect(stepOnly({ type: 'CONFIG_UPDATED', revokedPkiIds: [A], nowMs: 5 }, [purged(A, a, 'revoked')], withEntries(pdelete(held.context.entries, A), revokedA))).toEqual([]);
    expect(stepOnly({ type: 'GET', pkiId: B, nowMs: 5 }, [], revokedA)).toEqual([]);
    expect(stepOnly({ type: 'CONFIG_UPDATED', revokedPkiIds: 7 }, [{ kind: 'malformedInput', error: 'x' }], revokedA, revokedA)).toEqual([]);
  });
});

describe('identityStoreViolations', () => {
  it('[SEC-SAFE-IDENTITY-MATCHES-PKIID.1] [SEC-SAFE-IDENTITY-PURGE-ONCE.1] checks the after-state and the step together', () => {
    // B's entry overwritten with A's: held under the wrong key, and B's identity gone without a purge.
    const after = withEntries(pset(held.context.entries, B, entryOf(A)));
    expect(identityStoreViolations(w.crypto, { before: held, input: { type: 'GET', pkiId: B, nowMs: 5 }, outputs: [], after })).toEqual([
      `SEC-SAFE-IDENTITY-MATCHES-PKIID.1: ${B} holds the identity of ${A}`,
      `SEC-SAFE-IDENTITY-PURGE-ONCE.1: removed without a purge output: ${B}`,
    ]);
  });
});
