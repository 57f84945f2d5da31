/**
 * Why the identity store refused a request, named after Fabric's errors (identity.go), and why it
 * purged an identity. Typed sets, so a host can act on a reason and a test can check each one.
 */
import * as t from 'io-ts';

export const IdentityRefusalReason = t.keyof(
  {
    /** Put with an empty PKI-ID. */
    'PKIID is nil': null,
    /** Put with an empty identity. */
    'identity is nil': null,
    /** Put: the suite could not say when the identity expires (Fabric's Expiration failed, e.g. "no MSP supports given identity"). */
    'failed classifying identity': null,
    /** Put: ValidateIdentity failed (no trusted MSP issued it). */
    'identity invalid': null,
    /** Put: the identity's PKI-ID is on the revocation list of the latest config update. */
    'identity revoked': null,
    /** Put: GetPKIidOfCert(identity) differs from the PKI-ID given. */
    "identity doesn't match the computed pkiID": null,
    /** Put: the identity's expiration is already past. */
    'gossipping peer identity expired': null,
    /** Get or Verify of a PKI-ID the store does not hold. */
    "PKIID wasn't found": null,
    /** Verify: the signature does not verify with the stored identity. */
    'signature invalid': null,
  },
  'IdentityRefusalReason',
);
export type IdentityRefusalReason = t.TypeOf<typeof IdentityRefusalReason>;

export const PurgeReason = t.keyof(
  {
    /** the identity's expiration passed (its expiry timer fired, or a Get/Verify found it past). */
    expired: null,
    /** a suspected identity failed re-validation: the suite rejects it or it is on the revocation list. */
    revoked: null,
    /** nobody used it (Get, Verify) for usageThreshold. */
    unused: null,
  },
  'PurgeReason',
);
export type PurgeReason = t.TypeOf<typeof PurgeReason>;
