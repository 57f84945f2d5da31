/**
 * Admitting identity-pull messages (Fabric's certstore handleMessage): hellos, digests and requests
 * go to the engine; an update is taken only whole: every item must be a PeerIdentity whose PKI-ID
 * is the hash of its certificate, whose certificate is valid, and which is signed by that
 * certificate. Accepted identities enter the membership identity table and the engine's items.
 */
import { own, type ConnectionInfo, type PkiId } from '../../core';
import { verifyEnvelope, type Envelope } from '../../messages';
import { storedIdentityOf, type IdentityRefusedOutput } from '../../security/identity';
import { identityPullAt, membershipAt } from '../instances';
import { input, none, reject, update, type Signal } from '../signals';
import { withPeerState, type IdentityEnvelope } from '../state';
import { refusalCounter, refusalMessage, type WireContext } from '../wiring';

/**
 * [PEER-FUNC-IDENTITY-REFUSED-INPUT.1] Would the identity store refuse this identity now? A stored
 * entry of the same identity, not past its expiration, is accepted without asking (the common
 * case); otherwise the store's own Put is run on a copy and its verdict read (the copy is dropped).
 */
export function identityStoreRefusal({ state, env, nowMs }: WireContext, pkiId: string, identity: string): IdentityRefusedOutput | undefined {
  const entry = storedIdentityOf(state.identities, pkiId);
  if (entry !== undefined && entry.identity === identity) {
    if (entry.expiresAtMs === undefined || entry.expiresAtMs >= nowMs) return undefined;
    // Stored but past its expiration, its timer not yet fired: Put would answer alreadyStored.
    return { kind: 'refused', request: 'PUT', pkiId, reason: 'gossipping peer identity expired' };
  }
  const [, outs] = env.identities.step(state.identities, { type: 'PUT', nowMs, pkiId, identity });
  return outs.find((o): o is IdentityRefusedOutput => o.kind === 'refused');
}

/**
 * [PEER-FUNC-IDENTITY-REFUSED-INPUT.1] A message arrives over a connection whose remote identity
 * the store must accept (Fabric's comm handshake Puts it and refuses the connection otherwise):
 * a sender whose identity has expired or been revoked is rejected, changing nothing.
 */
export function senderRefusal(ctx: WireContext, from: ConnectionInfo): readonly Signal[] | undefined {
  const refusal = identityStoreRefusal(ctx, from.pkiId, from.identity);
  // The host authenticated the connection (its handshake validates the identity and its PKI-ID);
  // what only this peer's store knows is whether it has since expired or been revoked.
  if (refusal === undefined || (refusal.reason !== 'identity revoked' && refusal.reason !== 'gossipping peer identity expired')) return undefined;
  return [reject(refusalCounter(refusal), `message from ${from.pkiId} dropped: ${refusalMessage(refusal)}`)];
}

type IdentityCheck = { ok: true; pkiId: PkiId; identity: string; env: IdentityEnvelope } | { ok: false; why: string };

/** [PEER-FUNC-IDENTITY-UPDATE-CHECKS.1] TestCertStoreBadSignature, TestCertStoreMismatchedIdentity. */
function checkIdentityItem({ env: peerEnv }: WireContext, env: Envelope): IdentityCheck {
  const content = env.payload.content;
  if (content.$case !== 'peerIdentity') return { ok: false, why: `an item is a ${content.$case}, not a PeerIdentity` };
  const { pkiId, cert } = content.peerIdentity;
  const crypto = peerEnv.crypto;
  if (!crypto.validateIdentity(cert)) return { ok: false, why: `the certificate of ${pkiId} is not valid` };
  if (crypto.pkiIdOf(cert) !== pkiId) return { ok: false, why: `the certificate does not hash to the PKI-ID ${pkiId}` };
  if (!verifyEnvelope(crypto, cert, env)) return { ok: false, why: `the identity message of ${pkiId} is not signed by its certificate` };
  return { ok: true, pkiId: pkiId as PkiId, identity: cert, env: { ...env, payload: { ...env.payload, content } } };
}

function admitUpdate(ctx: WireContext, from: ConnectionInfo, nonce: bigint, data: readonly Envelope[]): readonly Signal[] {
  const checked: { pkiId: PkiId; identity: string; env: IdentityEnvelope }[] = [];
  for (const env of data) {
    const c = checkIdentityItem(ctx, env);
    if (!c.ok) return [reject('identity.badUpdate', `identity update from ${from.pkiId} dropped whole: ${c.why}`)];
    checked.push(c);
  }
  const { state, nowMs } = ctx;
  const fresh = checked.filter((c) => c.pkiId !== state.self.pkiId && own(state.identityPull.items, c.pkiId) === undefined);
  const learned: readonly Signal[] = fresh.length === 0 ? none : [
    update((s) => withPeerState(s, { identityPull: { ...s.identityPull, items: { ...s.identityPull.items, ...Object.fromEntries(fresh.map((c) => [c.pkiId, c.env])) } } })),
    ...fresh.map((c) => input(membershipAt, { type: 'IDENTITY_LEARNED', nowMs, pkiId: c.pkiId, identity: c.identity })),
    input(identityPullAt, { type: 'ITEMS_ADDED', ids: fresh.map((c) => c.pkiId) }),
  ];
  return [...learned, input(identityPullAt, { type: 'UPDATE_RECEIVED', nowMs, from: from.pkiId, nonce, ids: checked.map((c) => c.pkiId) })];
}

/** [PEER-FUNC-IDENTITY-PULL.1] IDENTITY_MSG pull messages travel with tag EMPTY and no channel. */
export function admitIdentityPull(ctx: WireContext, from: ConnectionInfo, env: Envelope): readonly Signal[] {
  const content = env.payload.content;
  const base = { nowMs: ctx.nowMs, from: from.pkiId };
  switch (content.$case) {
    case 'hello':
      return [input(identityPullAt, { type: 'HELLO_RECEIVED', ...base, nonce: content.hello.nonce })];
    case 'dataDig':
      return [input(identityPullAt, { type: 'DIGEST_RECEIVED', ...base, nonce: content.dataDig.nonce, ids: content.dataDig.digests })];
    case 'dataReq':
      return [input(identityPullAt, { type: 'REQUEST_RECEIVED', ...base, nonce: content.dataReq.nonce, ids: content.dataReq.digests })];
    case 'dataUpdate':
      return admitUpdate(ctx, from, content.dataUpdate.nonce, content.dataUpdate.data as readonly Envelope[]);
    default:
      return [reject('pull.notModelled', `${content.$case} is not a pull message`)];
  }
}
