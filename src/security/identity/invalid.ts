/**
 * Fabric's validateIdentities (ListInvalidIdentities in older releases): which stored identities
 * to purge, and why. Pure given the suite; the reducer runs it and hands the result to the chart.
 */
import type { CryptoSuite } from '../../core/crypto/suite';
import { pentriesByKey } from '../../core/pmap';
import type { IdentityStoreContext, InvalidIdentity, StoredIdentity } from './context';
import type { Suspects } from './inputs';

/** Fabric's PeerSuspector over identities, from its data form. */
export function suspectPredicate(suspects: Suspects | 'none', crypto: CryptoSuite): (identity: string) => boolean {
  if (suspects === 'all') return () => true;
  if (suspects === 'none') return () => false;
  const pkiIds = new Set(suspects);
  return (identity) => pkiIds.has(crypto.pkiIdOf(identity));
}

/** [SEC-FUNC-IDENTITY-REVOCATION.1] validation = the suite accepts it and the latest config update did not revoke it. */
export const isValidIdentity = (crypto: CryptoSuite, revokedPkiIds: readonly string[], identity: string): boolean =>
  crypto.validateIdentity(identity) && !revokedPkiIds.includes(crypto.pkiIdOf(identity));

/** [SEC-FUNC-IDENTITY-UNUSED-PURGE.1] not used for longer than usageThreshold, and not ours. */
export const isUnused = (ctx: IdentityStoreContext, entry: StoredIdentity, nowMs: number): boolean =>
  entry.pkiId !== ctx.selfPkiId && entry.lastAccessMs + ctx.params.usageThresholdMs < nowMs;

/**
 * [SEC-FUNC-IDENTITY-LIST-INVALID.1] every stored identity that is unused (whether suspected or
 * not), or suspected and no longer valid; in PKI-ID order so that purges come out deterministically.
 */
export function listInvalidIdentities(
  crypto: CryptoSuite,
  ctx: IdentityStoreContext,
  nowMs: number,
  isSuspected: (identity: string) => boolean,
): InvalidIdentity[] {
  const out: InvalidIdentity[] = [];
  for (const [pkiId, entry] of pentriesByKey(ctx.entries)) {
    if (isUnused(ctx, entry, nowMs)) out.push({ pkiId, identity: entry.identity, reason: 'unused' });
    else if (isSuspected(entry.identity) && !isValidIdentity(crypto, ctx.revokedPkiIds, entry.identity)) out.push({ pkiId, identity: entry.identity, reason: 'revoked' });
  }
  return out;
}
