/** Named actions: context updates and the params of the output actions. */
import { pdelete, pget, pset, type PMap } from '../../core/pmap';
import type { IdentityStoreContext, IdentityStoreEvent, InvalidIdentity, StoredIdentity } from './context';
import type { IdentityRefusalReason, PurgeReason } from './refusals';

type Args = { context: IdentityStoreContext; event: IdentityStoreEvent };

function without(entries: PMap<StoredIdentity>, pkiIds: readonly string[]): PMap<StoredIdentity> {
  let next = entries;
  for (const pkiId of pkiIds) next = pdelete(next, pkiId);
  return next;
}

/** The invalid identities an event carries that are still stored as found (the chart's purge list). */
function invalidStored({ context, event }: Args): readonly InvalidIdentity[] {
  const invalid: readonly InvalidIdentity[] = 'invalid' in event ? (event.invalid ?? []) : [];
  return invalid.filter((i) => pget(context.entries, i.pkiId)?.identity === i.identity);
}

/** [SEC-FUNC-IDENTITY-PUT-CHECKS.1] [SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] a new entry, used now. */
export function storeEntry({ context, event }: Args): Partial<IdentityStoreContext> {
  if (event.type !== 'PUT' || event.verdict?.expiration.known !== true) return {};
  const { expiresAtMs } = event.verdict.expiration;
  const org = event.verdict.org;
  const entry: StoredIdentity = {
    pkiId: event.pkiId,
    identity: event.identity,
    ...(org === undefined ? {} : { org }),
    lastAccessMs: event.nowMs,
    ...(expiresAtMs === undefined ? {} : { expiresAtMs }),
  };
  return { entries: pset(context.entries, event.pkiId, entry) };
}

/** [SEC-FUNC-IDENTITY-GET.1] Fabric's fetchIdentity: the entry was used now. */
export function markUsed({ context, event }: Args): Partial<IdentityStoreContext> {
  if (event.type !== 'GET' && event.type !== 'VERIFY') return {};
  const entry = pget(context.entries, event.pkiId);
  return entry === undefined ? {} : { entries: pset(context.entries, event.pkiId, { ...entry, lastAccessMs: event.nowMs }) };
}

/** [SEC-FUNC-IDENTITY-REVOCATION.1] the config update's revocation list replaces the previous one. */
export const recordRevocations = ({ event }: Args): Partial<IdentityStoreContext> =>
  event.type === 'CONFIG_UPDATED' ? { revokedPkiIds: [...new Set<string>(event.revokedPkiIds)].sort() } : {};

/** [SEC-FUNC-IDENTITY-SUSPECT.1] drop what ListInvalidIdentities found. */
export const removeInvalid = (args: Args): Partial<IdentityStoreContext> =>
  ({ entries: without(args.context.entries, invalidStored(args).map((i) => i.pkiId)) });

/** [SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] drop the entry the event names (it expired). */
export const removeNamedEntry = ({ context, event }: Args): Partial<IdentityStoreContext> =>
  'pkiId' in event ? { entries: without(context.entries, [event.pkiId]) } : {};

export interface StoredParams { readonly pkiId: string; readonly identity: string; readonly org?: string }
export const storedParams = ({ context, event }: Args): StoredParams => {
  const entry = event.type === 'PUT' ? pget(context.entries, event.pkiId) : undefined;
  if (entry === undefined) throw new Error('stored before storeEntry');
  return { pkiId: entry.pkiId, identity: entry.identity, ...(entry.org === undefined ? {} : { org: entry.org }) };
};

export interface PkiIdParams { readonly pkiId: string }
export const pkiIdParams = ({ event }: Args): PkiIdParams => ({ pkiId: 'pkiId' in event ? event.pkiId : '' });

export interface RefusalParams {
  readonly request: 'PUT' | 'GET' | 'VERIFY';
  readonly pkiId: string;
  readonly reason: IdentityRefusalReason;
  /** The suite's own words, when it gave any (Fabric wraps its error). */
  readonly detail?: string;
}
/** The params of a refusal for `reason`, read from the request. */
export const refusalParams = (reason: IdentityRefusalReason) => ({ event }: Args): RefusalParams => {
  if (event.type !== 'PUT' && event.type !== 'GET' && event.type !== 'VERIFY') throw new Error(`refusal on ${event.type}`);
  const expiration = event.type === 'PUT' ? event.verdict?.expiration : undefined;
  const detail = reason === 'failed classifying identity' && expiration?.known === false ? { detail: expiration.detail } : {};
  return { request: event.type, pkiId: event.pkiId, reason, ...detail };
};

export interface IdentityParams { readonly pkiId: string; readonly identity: string }
/** [SEC-FUNC-IDENTITY-GET.1] the stored identity. */
export const identityParams = ({ context, event }: Args): IdentityParams => {
  const entry = 'pkiId' in event ? pget(context.entries, event.pkiId) : undefined;
  if (entry === undefined) throw new Error('answer without an entry');
  return { pkiId: entry.pkiId, identity: entry.identity };
};

export interface ArmExpiryParams { readonly pkiId: string; readonly identity: string; readonly delayMs: number }
/** [SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] fire a millisecond after the expiration, as Fabric's time.AfterFunc. */
export const armExpiryParams = ({ context, event }: Args): ArmExpiryParams => {
  const entry = 'pkiId' in event ? pget(context.entries, event.pkiId) : undefined;
  if (entry?.expiresAtMs === undefined) throw new Error('expiry timer for an entry that never expires');
  return { pkiId: entry.pkiId, identity: entry.identity, delayMs: Math.max(1, entry.expiresAtMs + 1 - event.nowMs) };
};

export interface PurgedEntry {
  readonly pkiId: string;
  readonly identity: string;
  readonly reason: PurgeReason;
  /** the entry's expiry timer is still armed and must be cancelled (Fabric's cancelExpirationTimer). */
  readonly cancelExpiryTimer: boolean;
}
export interface PurgeParams { readonly entries: readonly PurgedEntry[] }

/** [SEC-FUNC-IDENTITY-SUSPECT.1] [SEC-FUNC-IDENTITY-UNUSED-PURGE.1] purge what ListInvalidIdentities found. */
export const purgeInvalidParams = (args: Args): PurgeParams => ({
  entries: invalidStored(args).map((i) => ({
    pkiId: i.pkiId,
    identity: i.identity,
    reason: i.reason,
    cancelExpiryTimer: pget(args.context.entries, i.pkiId)?.expiresAtMs !== undefined,
  })),
});

/**
 * [SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] [SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] purge the named entry as
 * expired; its timer is still armed unless this is its fire.
 */
export const purgeExpiredParams = ({ context, event }: Args): PurgeParams => {
  const entry = 'pkiId' in event ? pget(context.entries, event.pkiId) : undefined;
  if (entry === undefined) return { entries: [] };
  return { entries: [{ pkiId: entry.pkiId, identity: entry.identity, reason: 'expired', cancelExpiryTimer: event.type !== 'EXPIRY_FIRED' }] };
};
