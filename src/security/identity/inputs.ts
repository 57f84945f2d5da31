/**
 * What the identity store accepts, as io-ts codecs (types come from t.TypeOf). Every input carries
 * `nowMs`: entries remember when they were last used, and expiry is judged against it. Fabric's
 * Mapper calls become commands; a timer's event is fed back by the host with `nowMs` added.
 */
import * as t from 'io-ts';
import { PkiId } from '../../core/ids';
import { TimeMs } from '../../core/numbers';
import { IdentityStoreParams } from './params';

/** Put(pkiID, identity). Empty values decode, so that they are refused with Fabric's reason rather than dropped. */
export const PutIdentity = t.type({ type: t.literal('PUT'), nowMs: TimeMs, pkiId: t.string, identity: t.string }, 'PutIdentity');
/** Get(pkiID): answer the identity and mark it used. */
export const GetIdentity = t.type({ type: t.literal('GET'), nowMs: TimeMs, pkiId: t.string }, 'GetIdentity');
/** Verify(vkID, signature, message): Get, then verify with the identity found. */
export const VerifySignature = t.type(
  { type: t.literal('VERIFY'), nowMs: TimeMs, pkiId: t.string, payload: t.string, signature: t.string },
  'VerifySignature',
);
/** Fabric's PeerSuspector as data: every identity, or the identities of these PKI-IDs. */
export const Suspects = t.union([t.literal('all'), t.readonlyArray(t.string)], 'Suspects');
export type Suspects = t.TypeOf<typeof Suspects>;
/** SuspectPeers(isSuspected): re-validate the suspected identities, purge those that fail. */
export const SuspectPeers = t.type({ type: t.literal('SUSPECT_PEERS'), nowMs: TimeMs, suspects: Suspects }, 'SuspectPeers');
/**
 * A channel config update: `revokedPkiIds` is the revocation list it carries (the MSPs' CRLs, as
 * PKI-IDs), replacing the previous one; then every identity is suspected, as Fabric does on each
 * config update.
 */
export const ConfigUpdated = t.type({ type: t.literal('CONFIG_UPDATED'), nowMs: TimeMs, revokedPkiIds: t.readonlyArray(PkiId) }, 'ConfigUpdated');
/** Stop(): the periodic unused-identity check ends; everything else goes on. */
export const StopStore = t.type({ type: t.literal('STOP'), nowMs: TimeMs }, 'StopStore');

export const IdentityStoreCommand = t.union([PutIdentity, GetIdentity, VerifySignature, SuspectPeers, ConfigUpdated, StopStore], 'IdentityStoreCommand');
export type IdentityStoreCommand = t.TypeOf<typeof IdentityStoreCommand>;
export type PutIdentity = t.TypeOf<typeof PutIdentity>;
export type GetIdentity = t.TypeOf<typeof GetIdentity>;
export type VerifySignature = t.TypeOf<typeof VerifySignature>;
export type SuspectPeers = t.TypeOf<typeof SuspectPeers>;
export type ConfigUpdated = t.TypeOf<typeof ConfigUpdated>;
export type StopStore = t.TypeOf<typeof StopStore>;

/** The periodic unused-identity check's event, as xstate names it for `after: { usageCheckInterval }`. */
export const USAGE_CHECK_EVENT = 'xstate.after.usageCheckInterval.identityStore.running';
/** The expiry timer's event: the entry it was armed for (identity included, so a stale fire cannot hit a newer entry). */
export const EXPIRY_FIRED = 'EXPIRY_FIRED';
export const ExpiryTimerEvent = t.type({ type: t.literal(EXPIRY_FIRED), pkiId: PkiId, identity: t.string }, 'ExpiryTimerEvent');
export type ExpiryTimerEvent = t.TypeOf<typeof ExpiryTimerEvent>;
export const UsageCheckTimerEvent = t.type({ type: t.literal(USAGE_CHECK_EVENT) }, 'UsageCheckTimerEvent');
export type UsageCheckTimerEvent = t.TypeOf<typeof UsageCheckTimerEvent>;
/** What a setTimer output carries; the host feeds it back with `nowMs` when it fires. */
export type IdentityStoreTimerEvent = ExpiryTimerEvent | UsageCheckTimerEvent;

const At = t.type({ nowMs: TimeMs });
export const IdentityStoreTimerFired = t.union(
  [t.intersection([ExpiryTimerEvent, At]), t.intersection([UsageCheckTimerEvent, At])],
  'IdentityStoreTimerFired',
);
export type IdentityStoreTimerFired = t.TypeOf<typeof IdentityStoreTimerFired>;

export const IdentityStoreInput = t.union([IdentityStoreCommand, IdentityStoreTimerFired], 'IdentityStoreInput');
export type IdentityStoreInput = t.TypeOf<typeof IdentityStoreInput>;

/** NewIdentityMapper(mcs, selfIdentity, ...): our own identity goes in first, at `nowMs`. */
export const IdentityStoreInit = t.type({ selfIdentity: t.string, nowMs: TimeMs, params: IdentityStoreParams }, 'IdentityStoreInit');
export type IdentityStoreInit = t.TypeOf<typeof IdentityStoreInit>;
