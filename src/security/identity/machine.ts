/**
 * Fabric's identity mapper (gossip/identity/identity.go) as one chart: the store runs its periodic
 * unused-identity check until STOP; every other request is handled the same in both states, so it
 * sits on the root. An entry's lifecycle is absent -> stored (PUT) -> purged (expired, revoked or
 * unused) -> absent, and every purge is an output. See spec/security-identity.md. The chart needs
 * no crypto: the reducer's verdicts and ListInvalidIdentities' findings ride on the events.
 */
import { and, assign, setup } from 'xstate';
import * as A from './actions';
import { initialIdentityStoreContext, type IdentityStoreChartInput, type IdentityStoreContext, type IdentityStoreEvent } from './context';
import * as G from './guards';
import { usageCheckIntervalMs } from './params';
import type { IdentityRefusalReason } from './refusals';

/** A refusal transition: when `guard` holds, refuse for `reason` (`meta` names the requirement that defines it) and change nothing. */
const refuseWhen = <Guard>(guard: Guard, reason: IdentityRefusalReason, meta: { readonly req: readonly string[] }) =>
  ({ guard, actions: { type: 'refused', params: A.refusalParams(reason) }, meta }) as const;
const notFound = { type: 'refused', params: A.refusalParams("PKIID wasn't found") } as const;
/** Purge the named entry as expired (the output reads it before it is removed). */
const purgeExpired = [{ type: 'purged', params: A.purgeExpiredParams }, 'removeNamedEntry'] as const;
/** Purge what the event's ListInvalidIdentities found. */
const purgeInvalid = [{ type: 'purged', params: A.purgeInvalidParams }, 'removeInvalid'] as const;
/** Get or Verify of an entry whose expiration passed before its timer fired: purge it, answer not found. */
const expiredOnUse = { guard: 'entryExpired', actions: [...purgeExpired, notFound], meta: { req: ['SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1'] } } as const;

export const identityStoreMachine = setup({
  types: {} as { context: IdentityStoreContext; events: IdentityStoreEvent; input: IdentityStoreChartInput },
  guards: { ...G },
  actions: {
    storeEntry: assign(A.storeEntry),
    markUsed: assign(A.markUsed),
    recordRevocations: assign(A.recordRevocations),
    removeInvalid: assign(A.removeInvalid),
    removeNamedEntry: assign(A.removeNamedEntry),
    stored: (_args, _params: A.StoredParams) => undefined,
    alreadyStored: (_args, _params: A.PkiIdParams) => undefined,
    refused: (_args, _params: A.RefusalParams) => undefined,
    answerIdentity: (_args, _params: A.IdentityParams) => undefined,
    verified: (_args, _params: A.PkiIdParams) => undefined,
    armExpiryTimer: (_args, _params: A.ArmExpiryParams) => undefined,
    purged: (_args, _params: A.PurgeParams) => undefined,
  },
  delays: { usageCheckInterval: ({ context }) => usageCheckIntervalMs(context.params) },
}).createMachine({
  id: 'identityStore',
  description: "Holds the identities of peers by PKI-ID (Fabric's identity mapper) and purges the expired, revoked and unused.",
  context: ({ input }) => initialIdentityStoreContext(input),
  initial: 'running',
  meta: { req: ['SEC-SAFE-IDENTITY-MATCHES-PKIID.1', 'SEC-SAFE-IDENTITY-PURGE-ONCE.1', 'SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1'] },
  on: {
    PUT: [
      refuseWhen('lacksPkiId', 'PKIID is nil', { req: ['SEC-FUNC-IDENTITY-PUT-CHECKS.1'] }),
      refuseWhen('lacksIdentity', 'identity is nil', { req: ['SEC-FUNC-IDENTITY-PUT-CHECKS.1'] }),
      refuseWhen('expirationUnknown', 'failed classifying identity', { req: ['SEC-FUNC-IDENTITY-PUT-CHECKS.1'] }),
      refuseWhen('identityInvalid', 'identity invalid', { req: ['SEC-FUNC-IDENTITY-PUT-CHECKS.1'] }),
      refuseWhen('identityRevoked', 'identity revoked', { req: ['SEC-FUNC-IDENTITY-REVOCATION.1'] }),
      refuseWhen('identityMismatchesPkiId', "identity doesn't match the computed pkiID", { req: ['SEC-FUNC-IDENTITY-PUT-CHECKS.1'] }),
      { guard: 'alreadyStored', actions: { type: 'alreadyStored', params: A.pkiIdParams }, meta: { req: ['SEC-FUNC-IDENTITY-FIRST-WRITE-WINS.1'] } },
      refuseWhen('alreadyExpired', 'gossipping peer identity expired', { req: ['SEC-FUNC-IDENTITY-PUT-EXPIRED.1'] }),
      {
        guard: 'expires',
        actions: ['storeEntry', { type: 'armExpiryTimer', params: A.armExpiryParams }, { type: 'stored', params: A.storedParams }],
        meta: { req: ['SEC-FUNC-IDENTITY-PUT-CHECKS.1', 'SEC-FUNC-IDENTITY-EXPIRY-TIMER.1'] },
      },
      { actions: ['storeEntry', { type: 'stored', params: A.storedParams }], meta: { req: ['SEC-FUNC-IDENTITY-PUT-CHECKS.1'] } },
    ],
    GET: [
      { guard: 'unknownPkiId', actions: notFound, meta: { req: ['SEC-FUNC-IDENTITY-GET.1'] } },
      expiredOnUse,
      { actions: ['markUsed', { type: 'answerIdentity', params: A.identityParams }], meta: { req: ['SEC-FUNC-IDENTITY-GET.1'] } },
    ],
    VERIFY: [
      { guard: 'unknownPkiId', actions: notFound, meta: { req: ['SEC-FUNC-IDENTITY-VERIFY.1'] } },
      expiredOnUse,
      // Fabric's Verify fetches the identity (marking it used) before the signature is checked.
      { guard: 'signatureInvalid', actions: ['markUsed', { type: 'refused', params: A.refusalParams('signature invalid') }], meta: { req: ['SEC-FUNC-IDENTITY-VERIFY.1'] } },
      { actions: ['markUsed', { type: 'verified', params: A.pkiIdParams }], meta: { req: ['SEC-FUNC-IDENTITY-VERIFY.1'] } },
    ],
    SUSPECT_PEERS: { actions: purgeInvalid, meta: { req: ['SEC-FUNC-IDENTITY-SUSPECT.1', 'SEC-FUNC-IDENTITY-LIST-INVALID.1'] } },
    CONFIG_UPDATED: { actions: ['recordRevocations', ...purgeInvalid], meta: { req: ['SEC-FUNC-IDENTITY-REVOCATION.1', 'SEC-SAFE-IDENTITY-NO-REVOKED-AFTER-UPDATE.1'] } },
    EXPIRY_FIRED: [
      { guard: and(['expiryTimerOfEntry', 'entryExpired']), actions: purgeExpired, meta: { req: ['SEC-FUNC-IDENTITY-EXPIRY-TIMER.1'] } },
      // Fired before the expiration (a host's clock ran ahead of ours): wait out the rest rather than lose the timer.
      { guard: 'expiryTimerOfEntry', actions: { type: 'armExpiryTimer', params: A.armExpiryParams }, meta: { req: ['SEC-FUNC-IDENTITY-EXPIRY-TIMER.1'] } },
    ],
  },
  states: {
    running: {
      description: 'Every usageThreshold/10, identities unused for usageThreshold are purged (never our own).',
      meta: { req: ['SEC-FUNC-IDENTITY-UNUSED-PURGE.1'] },
      after: { usageCheckInterval: { target: 'running', reenter: true, actions: purgeInvalid, meta: { req: ['SEC-FUNC-IDENTITY-UNUSED-PURGE.1'] } } },
      on: { STOP: { target: 'stopped', meta: { req: ['SEC-FUNC-IDENTITY-STOP.1'] } } },
    },
    stopped: {
      description: 'Stop(): no more periodic checks; Put, Get, Verify, suspicion and expiry go on as before.',
      meta: { req: ['SEC-FUNC-IDENTITY-STOP.1'] },
    },
  },
});
