/**
 * Safety predicates of the identity store, keyed by requirement id; each returns a violation
 * message or undefined. They re-check with the crypto suite itself, so a wrong guard or a wrong
 * verdict is caught rather than trusted.
 */
import type { CryptoSuite } from '../../core/crypto/suite';
import { canonicalEncode } from '../../core/encoding';
import { violations, type Check } from '../../core/invariants';
import { pentries, pget, pvalues } from '../../core/pmap';
import { isValidIdentity } from './invalid';
import { IdentityRefusalReason, PurgeReason } from './refusals';
import type { IdentityStoreOutput, IdentityStoreState } from './step';

export interface IdentityStoreStepRecord {
  readonly before: IdentityStoreState;
  /** The input as fed to the reducer (undecoded). */
  readonly input: unknown;
  readonly outputs: readonly IdentityStoreOutput[];
  readonly after: IdentityStoreState;
}

const fieldOf = (input: unknown, key: string): unknown => (typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined);

export function identityStoreStateInvariants(crypto: CryptoSuite): Readonly<Record<string, Check<IdentityStoreState>>> {
  return {
    /** [SEC-SAFE-IDENTITY-MATCHES-PKIID.1] every entry is stored under its identity's PKI-ID. */
    'SEC-SAFE-IDENTITY-MATCHES-PKIID.1': (s) => {
      for (const [key, entry] of pentries(s.context.entries)) {
        if (entry.pkiId !== key || crypto.pkiIdOf(entry.identity) !== key) return `${key} holds the identity of ${crypto.pkiIdOf(entry.identity)}`;
      }
      return undefined;
    },
  };
}

export function identityStoreStepInvariants(crypto: CryptoSuite): Readonly<Record<string, Check<IdentityStoreStepRecord>>> {
  return {
    /** [SEC-SAFE-IDENTITY-PURGE-ONCE.1] an entry leaves the store exactly when one `purged` names it, with a typed reason. */
    'SEC-SAFE-IDENTITY-PURGE-ONCE.1': (r) => {
      const purged = r.outputs.flatMap((o) => (o.kind === 'purged' ? [o] : []));
      const names = purged.map((o) => o.pkiId);
      if (new Set(names).size !== names.length) return `purged twice in one step: ${names.join(', ')}`;
      const bad = purged.find((o) => !PurgeReason.is(o.reason));
      if (bad !== undefined) return `${bad.pkiId} purged without a typed reason`;
      const gone = [...pentries(r.before.context.entries)].filter(([k, e]) => pget(r.after.context.entries, k)?.identity !== e.identity).map(([k]) => k);
      const unreported = gone.filter((k) => !names.includes(k));
      if (unreported.length > 0) return `removed without a purge output: ${unreported.join(', ')}`;
      const stillThere = purged.filter((o) => pget(r.before.context.entries, o.pkiId)?.identity !== o.identity || pget(r.after.context.entries, o.pkiId) !== undefined);
      return stillThere.length > 0 ? `purge output for an entry not removed: ${stillThere.map((o) => o.pkiId).join(', ')}` : undefined;
    },
    /** [SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1] a refused Put or an undecodable input changes nothing; every refusal is typed. */
    'SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1': (r) => {
      const untyped = r.outputs.find((o) => o.kind === 'refused' && !IdentityRefusalReason.is(o.reason));
      if (untyped !== undefined) return 'a refusal without a typed reason';
      const unchanging = r.outputs.some((o) => (o.kind === 'refused' && o.request === 'PUT') || o.kind === 'malformedInput');
      if (!unchanging) return undefined;
      const same = r.before.value === r.after.value && canonicalEncode(r.before.context) === canonicalEncode(r.after.context);
      return same && r.outputs.length === 1 ? undefined : `a refused input changed the store or said more (${r.outputs.map((o) => o.kind).join(', ')})`;
    },
    /** [SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] no answer with an identity expired at the request's time; no expired entry outlives its timer's fire. */
    'SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1': (r) => {
      const nowMs = fieldOf(r.input, 'nowMs');
      if (typeof nowMs !== 'number') return undefined;
      for (const o of r.outputs) {
        if (o.kind !== 'identity' && o.kind !== 'verified') continue;
        const expiresAtMs = pget(r.before.context.entries, o.pkiId)?.expiresAtMs;
        if (expiresAtMs !== undefined && nowMs > expiresAtMs) return `${o.pkiId} used at ${nowMs}, expired at ${expiresAtMs}`;
      }
      if (fieldOf(r.input, 'type') !== 'EXPIRY_FIRED') return undefined;
      const entry = pget(r.after.context.entries, String(fieldOf(r.input, 'pkiId')));
      return entry?.expiresAtMs !== undefined && nowMs > entry.expiresAtMs ? `${entry.pkiId} held at ${nowMs} after its expiry timer fired` : undefined;
    },
    /** [SEC-SAFE-IDENTITY-NO-REVOKED-AFTER-UPDATE.1] after a config update every stored identity is valid and not on its revocation list. */
    'SEC-SAFE-IDENTITY-NO-REVOKED-AFTER-UPDATE.1': (r) => {
      if (fieldOf(r.input, 'type') !== 'CONFIG_UPDATED' || r.outputs.some((o) => o.kind === 'malformedInput')) return undefined;
      const revoked = r.after.context.revokedPkiIds;
      const kept = pvalues(r.after.context.entries).filter((e) => !isValidIdentity(crypto, revoked, e.identity));
      return kept.length > 0 ? `still holds invalid identities: ${kept.map((e) => e.pkiId).join(', ')}` : undefined;
    },
  };
}

/** Every violated invariant of one step, as `ID: message`. */
export function identityStoreViolations(crypto: CryptoSuite, r: IdentityStoreStepRecord): string[] {
  return [...violations(identityStoreStateInvariants(crypto), r.after), ...violations(identityStoreStepInvariants(crypto), r)];
}
