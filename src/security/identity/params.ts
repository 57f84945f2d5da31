/** The identity store's parameter, with Fabric's name (identity.go `usageThreshold`), units last. */
import * as t from 'io-ts';
import { PositiveInt } from '../../core/numbers';

export const IdentityStoreParams = t.type(
  {
    /**
     * [SEC-PARAM-IDENTITY-USAGE-THRESHOLD.1] an identity not used (Get, Verify) for this long is
     * purged (Fabric's identityUsageThreshold, SetIdentityUsageThreshold). Default 1h.
     */
    usageThresholdMs: PositiveInt,
  },
  'IdentityStoreParams',
);
export type IdentityStoreParams = t.TypeOf<typeof IdentityStoreParams>;

export const DEFAULT_IDENTITY_STORE_PARAMS: IdentityStoreParams = { usageThresholdMs: 60 * 60 * 1000 };

/**
 * [SEC-PARAM-IDENTITY-USAGE-THRESHOLD.1] how often unused identities are looked for: a tenth of
 * the threshold, as Fabric's periodicalPurgeUnusedIdentities; at least 1ms so a tiny threshold
 * cannot make the timer fire in a loop at one instant.
 */
export const usageCheckIntervalMs = (params: IdentityStoreParams): number => Math.max(1, Math.floor(params.usageThresholdMs / 10));
