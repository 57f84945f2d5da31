/**
 * The checks that need crypto, as pure functions: the reducer computes them before the discovery
 * chart sees an event ([MEM-FUNC-CHART-CHECKS.1]), and the chart's guards decide on them.
 */
import type { CryptoSuite, OrgId, PkiId } from '../core';
// Straight from their modules: the barrels' re-exports are getters, and these run at every message.
import { verifyEnvelope } from '../messages/signing';
import { identityOfPeer, type IdentityView } from './identity-view';
import { aliveOf, alivePkiId, type AliveEnvelope } from './wire';

/** An identity offered for a PKI-ID, checked (the crypto half of recording it). */
export type IdentityCheck =
  | { readonly ok: true; readonly pkiId: PkiId; readonly identity: string; readonly org: OrgId }
  | { readonly ok: false; readonly pkiId: PkiId };

/**
 * [MEM-FUNC-IDENTITY-TABLE.2] As Fabric's Put, an identity is valid for a PKI-ID when it has an
 * org, validates, and hashes to the PKI-ID; checked every time it is offered.
 */
export function checkIdentity(crypto: CryptoSuite, pkiId: PkiId, identity: string): IdentityCheck {
  const org = crypto.orgOf(identity);
  if (org === undefined || !crypto.validateIdentity(identity) || crypto.pkiIdOf(identity) !== pkiId) return { ok: false, pkiId };
  return { ok: true, pkiId, identity, org };
}

export type AliveVerdict = 'valid' | 'invalid' | 'identityUnknown';

/** What validating an alive message found; the chart's guards decide on it. */
export interface AliveCheck {
  readonly verdict: AliveVerdict;
  /** The identity the message carried, checked (undefined: it carried none, or was not looked at). */
  readonly carried: IdentityCheck | undefined;
}

/**
 * [MEM-FUNC-ALIVE-VALIDATION.2] Fabric's ValidateAliveMsg, without its side effects: a PKI-ID; the
 * identity from the message (checked every time) or from the table; then the envelope's and the
 * SecretEnvelope's signatures by that identity. A carried identity that fails makes the message
 * invalid even when the PKI-ID is known. The table is read as the step will leave it before the
 * signature counts: with the sender's identity (`sender`, learned from the connection first) and
 * then the carried one added if new, the first accepted entry winning. Rejection is decided on
 * this, before anything is learned, because a rejected message teaches nothing.
 */
export function checkAlive(crypto: CryptoSuite, view: IdentityView, env: AliveEnvelope, sender?: IdentityCheck): AliveCheck {
  const pkiId = alivePkiId(env);
  if (pkiId === '') return { verdict: 'invalid', carried: undefined };
  const offered = aliveOf(env).identity;
  const carried = offered !== undefined && offered !== '' ? checkIdentity(crypto, pkiId, offered) : undefined;
  if (carried !== undefined && !carried.ok) return { verdict: 'invalid', carried };
  const identity =
    identityOfPeer(view, pkiId) ??
    (sender !== undefined && sender.ok && sender.pkiId === pkiId ? sender.identity : undefined) ??
    (carried?.ok === true ? carried.identity : undefined);
  if (identity === undefined) return { verdict: 'identityUnknown', carried };
  return { verdict: verifyEnvelope(crypto, identity, env) ? 'valid' : 'invalid', carried };
}

/** [MEM-FUNC-ALIVE-SELF-IGNORED.1] An alive message about ourselves. */
export function isAboutSelf(view: IdentityView, env: AliveEnvelope): boolean {
  return alivePkiId(env) === view.self.pkiId;
}
