/**
 * One predicate per check of Fabric's identity mapper (identity.go), in the order Put makes them.
 * Crypto checks read the reducer's verdict; without one they fail.
 */
import { pget } from '../../core/pmap';
import type { IdentityStoreContext, IdentityStoreEvent, StoredIdentity } from './context';

type Args = { context: IdentityStoreContext; event: IdentityStoreEvent };

const putOf = (event: IdentityStoreEvent) => (event.type === 'PUT' ? event : undefined);
/** The entry a GET, VERIFY or expiry fire names, if the store holds it. */
const entryOf = ({ context, event }: Args): StoredIdentity | undefined =>
  event.type === 'GET' || event.type === 'VERIFY' || event.type === 'EXPIRY_FIRED' ? pget(context.entries, event.pkiId) : undefined;
const putExpiresAtMs = (event: IdentityStoreEvent): number | undefined => {
  const expiration = putOf(event)?.verdict?.expiration;
  return expiration?.known === true ? expiration.expiresAtMs : undefined;
};

/** [SEC-FUNC-IDENTITY-PUT-CHECKS.1] Put with an empty PKI-ID. */
export const lacksPkiId = ({ event }: Args): boolean => putOf(event)?.pkiId === '';
/** [SEC-FUNC-IDENTITY-PUT-CHECKS.1] Put with an empty identity. */
export const lacksIdentity = ({ event }: Args): boolean => putOf(event)?.identity === '';
/** [SEC-FUNC-IDENTITY-PUT-CHECKS.1] the suite could not classify the identity's expiration. */
export const expirationUnknown = ({ event }: Args): boolean => putOf(event)?.verdict?.expiration.known !== true;
/** [SEC-FUNC-IDENTITY-PUT-CHECKS.1] ValidateIdentity failed. */
export const identityInvalid = ({ event }: Args): boolean => putOf(event)?.verdict?.identityValid !== true;
/** [SEC-FUNC-IDENTITY-REVOCATION.1] the identity's PKI-ID is on the latest revocation list. */
export const identityRevoked = ({ context, event }: Args): boolean => {
  const computed = putOf(event)?.verdict?.computedPkiId;
  return computed === undefined || context.revokedPkiIds.includes(computed);
};
/** [SEC-FUNC-IDENTITY-PUT-CHECKS.1] GetPKIidOfCert(identity) differs from the PKI-ID given. */
export const identityMismatchesPkiId = ({ event }: Args): boolean => {
  const put = putOf(event);
  return put?.verdict?.computedPkiId !== put?.pkiId;
};
/** [SEC-FUNC-IDENTITY-FIRST-WRITE-WINS.1] the PKI-ID is stored already. */
export const alreadyStored = ({ context, event }: Args): boolean => {
  const put = putOf(event);
  return put !== undefined && pget(context.entries, put.pkiId) !== undefined;
};
/** [SEC-FUNC-IDENTITY-PUT-EXPIRED.1] the identity's expiration is before now (Fabric: time.Now().After(expirationDate)). */
export const alreadyExpired = ({ event }: Args): boolean => {
  const expiresAtMs = putExpiresAtMs(event);
  return expiresAtMs !== undefined && event.nowMs > expiresAtMs;
};
/** [SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] the identity expires some day: arm its timer. */
export const expires = ({ event }: Args): boolean => putExpiresAtMs(event) !== undefined;

/** [SEC-FUNC-IDENTITY-GET.1] [SEC-FUNC-IDENTITY-VERIFY.1] the PKI-ID is not stored. */
export const unknownPkiId = (args: Args): boolean => entryOf(args) === undefined;
/** [SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] the stored identity's expiration is past, though its timer has not fired yet. */
export const entryExpired = (args: Args): boolean => {
  const expiresAtMs = entryOf(args)?.expiresAtMs;
  return expiresAtMs !== undefined && args.event.nowMs > expiresAtMs;
};
/** [SEC-FUNC-IDENTITY-VERIFY.1] the signature does not verify with the stored identity. */
export const signatureInvalid = ({ event }: Args): boolean => event.type === 'VERIFY' && event.signatureValid !== true;

/** [SEC-FUNC-IDENTITY-EXPIRY-TIMER.1] the fire is for the stored entry (same identity), which expires. */
export const expiryTimerOfEntry = (args: Args): boolean => {
  const entry = entryOf(args);
  return args.event.type === 'EXPIRY_FIRED' && entry !== undefined && entry.identity === args.event.identity && entry.expiresAtMs !== undefined;
};
