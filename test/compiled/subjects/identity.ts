/**
 * The identity store's chart: Put with every verdict (valid, invalid, mismatched PKI-ID, revoked,
 * unclassifiable, expiring, already expired), Get, Verify, suspicion and config updates carrying
 * what ListInvalidIdentities found, expiry fires, the unused-identity check, stop. Built from the
 * io-ts inputs (src/security/identity/inputs.ts) over small pools; the crypto verdicts and the
 * invalid lists ride on the events as the reducer adds them, picked from the stored entries so
 * that purges happen. Every event, and every timer's, gets `nowMs` as the host adds it: some time
 * after the latest use of a stored entry.
 */
import fc from 'fast-check';
import { identityStoreMachine, type IdentityStoreChartInput, type IdentityStoreContext, type PutVerdict } from '../../../src/security';
import { pget, pvalues } from '../../../src/core/pmap';
import { subject, type AnyEvent } from '../harness';

const PKI_IDS = ['p0', 'p1', 'p2', 'p3'];
const pkiId = fc.constantFrom(...PKI_IDS);
const identityOf = (p: string): string => `id-${p}`;

const input = fc.record({
  params: fc.record({ usageThresholdMs: fc.integer({ min: 10, max: 100 }) }),
  selfPkiId: pkiId,
}) as unknown as fc.Arbitrary<IdentityStoreChartInput>;

type Kind =
  | { readonly type: 'PUT'; readonly pkiId: string; readonly hasIdentity: boolean; readonly verdict: { readonly expiresIn: number | 'never' | 'unknown'; readonly identityValid: boolean; readonly matches: boolean; readonly org: string | undefined } | undefined }
  | { readonly type: 'GET'; readonly pkiId: string }
  | { readonly type: 'VERIFY'; readonly pkiId: string; readonly signatureValid: boolean | undefined }
  | { readonly type: 'SUSPECT_PEERS'; readonly suspects: 'all' | readonly string[] }
  | { readonly type: 'CONFIG_UPDATED'; readonly revokedPkiIds: readonly string[] }
  | { readonly type: 'EXPIRY_FIRED'; readonly pkiId: string; readonly stale: boolean }
  | { readonly type: 'STOP' };

interface Raw {
  readonly kind: Kind;
  /** How long after the latest use of a stored entry this event comes (a host's clock moves on). */
  readonly afterMs: number;
  /** Which stored entries ListInvalidIdentities reports (bit i: the i-th entry), and why. */
  readonly invalidMask: number;
  readonly invalidReason: 'revoked' | 'unused';
}

const putVerdict = fc.record({
  expiresIn: fc.oneof(
    { arbitrary: fc.integer({ min: -20, max: 60 }), weight: 4 },
    { arbitrary: fc.constant('never' as const), weight: 4 },
    { arbitrary: fc.constant('unknown' as const), weight: 1 },
  ),
  identityValid: fc.constantFrom(true, true, true, false),
  matches: fc.constantFrom(true, true, true, false),
  org: fc.constantFrom(undefined, 'Org1MSP'),
});

const kind: fc.Arbitrary<Kind> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant('PUT' as const),
      pkiId: fc.constantFrom(...PKI_IDS, ''),
      hasIdentity: fc.constantFrom(true, true, true, true, false),
      verdict: fc.option(putVerdict, { nil: undefined, freq: 8 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ type: fc.constant('GET' as const), pkiId }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('VERIFY' as const), pkiId, signatureValid: fc.constantFrom(true, true, true, false, undefined) }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('SUSPECT_PEERS' as const), suspects: fc.oneof(fc.constant('all' as const), fc.subarray(PKI_IDS)) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('CONFIG_UPDATED' as const), revokedPkiIds: fc.oneof(fc.constant([]), fc.subarray(PKI_IDS)) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('EXPIRY_FIRED' as const), pkiId, stale: fc.constantFrom(false, false, false, true) }), weight: 3 },
  { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
);

function invalidOf(raw: Raw, context: IdentityStoreContext) {
  return pvalues(context.entries)
    .filter((_, i) => (raw.invalidMask >> i) & 1)
    .map((e) => ({ pkiId: e.pkiId, identity: e.identity, reason: raw.invalidReason }));
}

function resolve(raw: Raw, context: IdentityStoreContext, timer: AnyEvent | undefined): AnyEvent {
  const nowMs = Math.max(0, ...pvalues(context.entries).map((e) => e.lastAccessMs)) + raw.afterMs;
  if (timer !== undefined) return { ...timer, nowMs, invalid: invalidOf(raw, context) } as AnyEvent;
  const k = raw.kind;
  switch (k.type) {
    case 'PUT': {
      const identity = k.hasIdentity ? identityOf(k.pkiId === '' ? 'p0' : k.pkiId) : '';
      if (k.verdict === undefined) return { type: k.type, nowMs, pkiId: k.pkiId, identity };
      const { expiresIn, identityValid, matches, org } = k.verdict;
      const expiration: PutVerdict['expiration'] =
        expiresIn === 'unknown' ? { known: false, detail: 'no MSP supports given identity' } : expiresIn === 'never' ? { known: true } : { known: true, expiresAtMs: nowMs + expiresIn };
      const verdict: PutVerdict = { expiration, identityValid, computedPkiId: matches ? k.pkiId : 'other', ...(org === undefined ? {} : { org }) };
      return { type: k.type, nowMs, pkiId: k.pkiId, identity, verdict } as AnyEvent;
    }
    case 'VERIFY': {
      const { signatureValid, ...rest } = k;
      return { ...rest, nowMs, payload: 'm', signature: 's', ...(signatureValid === undefined ? {} : { signatureValid }) } as AnyEvent;
    }
    case 'SUSPECT_PEERS':
    case 'CONFIG_UPDATED':
      return { ...k, nowMs, invalid: invalidOf(raw, context) } as AnyEvent;
    case 'EXPIRY_FIRED': {
      const entry = pget(context.entries, k.pkiId);
      const identity = entry === undefined || k.stale ? 'id-stale' : entry.identity;
      return { type: k.type, pkiId: k.pkiId, identity, nowMs } as AnyEvent;
    }
    default:
      return { ...k, nowMs } as AnyEvent;
  }
}

export const identitySubject = subject<IdentityStoreChartInput, Raw>({
  machine: identityStoreMachine,
  input,
  event: fc.record({
    kind,
    afterMs: fc.integer({ min: 0, max: 30 }),
    invalidMask: fc.oneof({ arbitrary: fc.constant(0), weight: 7 }, { arbitrary: fc.nat(15), weight: 1 }),
    invalidReason: fc.constantFrom('revoked' as const, 'unused' as const),
  }),
  resolve,
  maxSteps: 40,
  numRuns: 200,
  timerShare: 1 / 5,
});
