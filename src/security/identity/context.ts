/** The identity store's context, and the events as the chart sees them (with the reducer's crypto results). */
import * as t from 'io-ts';
import { emptyPMap, type PMap } from '../../core/pmap';
import type { ConfigUpdated, GetIdentity, IdentityStoreTimerFired, PutIdentity, StopStore, SuspectPeers, VerifySignature } from './inputs';
import type { IdentityStoreParams } from './params';
import type { PurgeReason } from './refusals';

/** One entry of Fabric's pkiID2Cert. */
export interface StoredIdentity {
  readonly pkiId: string;
  readonly identity: string;
  /** OrgByPeerIdentity at Put (Fabric's IdentityInfo reports it); absent when the suite names none. */
  readonly org?: string;
  /** The last Put, Get or Verify of it (Fabric's lastAccessTime). */
  readonly lastAccessMs: number;
  /** Fabric's Expiration; absent when the identity never expires (no timer armed). */
  readonly expiresAtMs?: number;
}

export interface IdentityStoreContext {
  readonly params: IdentityStoreParams;
  /** Our own PKI-ID: never purged for being unused. */
  readonly selfPkiId: string;
  /**
   * Keyed by PKI-ID. A persistent map: every Get and Verify marks its entry used, so a plain record
   * copied per step cost O(n) per message (28% of the CPU at 1,000 peers, docs/benchmarks.md).
   */
  readonly entries: PMap<StoredIdentity>;
  /** The revocation list of the latest config update. */
  readonly revokedPkiIds: readonly string[];
}

export interface IdentityStoreChartInput {
  readonly params: IdentityStoreParams;
  readonly selfPkiId: string;
}

export const initialIdentityStoreContext = (input: IdentityStoreChartInput): IdentityStoreContext => ({
  params: input.params,
  selfPkiId: input.selfPkiId,
  entries: emptyPMap(),
  revokedPkiIds: [],
});

/** What only the crypto suite can tell about a Put; guards read one field each. */
export interface PutVerdict {
  /** Fabric's Expiration: known (a time, or none) or not (`detail` is the suite's error). */
  readonly expiration: { readonly known: true; readonly expiresAtMs?: number } | { readonly known: false; readonly detail: string };
  readonly identityValid: boolean;
  /** GetPKIidOfCert(identity). */
  readonly computedPkiId: string;
  readonly org?: string;
}

/** An identity ListInvalidIdentities found, and why. */
export const InvalidIdentity = t.type({ pkiId: t.string, identity: t.string, reason: t.keyof({ revoked: null, unused: null }) }, 'InvalidIdentity');
export type InvalidIdentity = t.TypeOf<typeof InvalidIdentity>;
/** The reasons a re-validation finds; expiry is the timer's. */
export type InvalidReason = Extract<PurgeReason, InvalidIdentity['reason']>;

/** PUT with the reducer's verdict; a missing verdict fails every crypto check. */
export type CheckedPut = PutIdentity & { readonly verdict?: PutVerdict };
/** VERIFY with the reducer's verdict on the signature (computed with the stored identity). */
export type CheckedVerify = VerifySignature & { readonly signatureValid?: boolean };
/** Events that re-validate, with what the reducer's ListInvalidIdentities found (missing: nothing). */
export type CheckedSuspect = SuspectPeers & { readonly invalid?: readonly InvalidIdentity[] };
export type CheckedConfigUpdate = ConfigUpdated & { readonly invalid?: readonly InvalidIdentity[] };
export type CheckedTimerFired = IdentityStoreTimerFired & { readonly invalid?: readonly InvalidIdentity[] };

export type IdentityStoreEvent = CheckedPut | GetIdentity | CheckedVerify | CheckedSuspect | CheckedConfigUpdate | StopStore | CheckedTimerFired;
