/**
 * Inbound identity-pull messages (Fabric's certstore handleMessage): hellos, digests and requests go
 * to the engine; an update is taken only whole: every item must be a PeerIdentity whose PKI-ID is
 * the hash of its certificate, whose certificate is valid, and which is signed by that certificate.
 * Accepted identities enter the membership identity table and the engine's items.
 */
import type { ConnectionInfo, PkiId } from '../core';
import { own } from '../core';
import { verifyEnvelope, type Envelope } from '../messages';
import { reject, type Acc } from './acc';
import { stepIdentityPull } from './identity-pull';
import type { IdentityEnvelope } from './state';
import { stepMembership } from './membership-glue';

type IdentityCheck = { ok: true; pkiId: PkiId; identity: string; env: IdentityEnvelope } | { ok: false; why: string };

/** [PEER-FUNC-IDENTITY-UPDATE-CHECKS.1] TestCertStoreBadSignature, TestCertStoreMismatchedIdentity. */
function checkIdentityItem(acc: Acc, env: Envelope): IdentityCheck {
  const content = env.payload.content;
  if (content.$case !== 'peerIdentity') return { ok: false, why: `an item is a ${content.$case}, not a PeerIdentity` };
  const { pkiId, cert } = content.peerIdentity;
  const crypto = acc.env.crypto;
  if (!crypto.validateIdentity(cert)) return { ok: false, why: `the certificate of ${pkiId} is not valid` };
  if (crypto.pkiIdOf(cert) !== pkiId) return { ok: false, why: `the certificate does not hash to the PKI-ID ${pkiId}` };
  if (!verifyEnvelope(crypto, cert, env)) return { ok: false, why: `the identity message of ${pkiId} is not signed by its certificate` };
  return { ok: true, pkiId: pkiId as PkiId, identity: cert, env: { ...env, payload: { ...env.payload, content } } };
}

function receiveUpdate(acc: Acc, from: ConnectionInfo, nonce: bigint, data: readonly Envelope[]): void {
  const checked: { pkiId: PkiId; identity: string; env: IdentityEnvelope }[] = [];
  for (const env of data) {
    const c = checkIdentityItem(acc, env);
    if (!c.ok) return reject(acc, 'identity.badUpdate', `identity update from ${from.pkiId} dropped whole: ${c.why}`);
    checked.push(c);
  }
  const fresh = checked.filter((c) => c.pkiId !== acc.state.self.pkiId && own(acc.state.identityPull.items, c.pkiId) === undefined);
  if (fresh.length > 0) {
    const items = { ...acc.state.identityPull.items };
    for (const c of fresh) items[c.pkiId] = c.env;
    acc.state = { ...acc.state, identityPull: { ...acc.state.identityPull, items } };
    for (const c of fresh) stepMembership(acc, { type: 'IDENTITY_LEARNED', nowMs: acc.nowMs, pkiId: c.pkiId, identity: c.identity });
    stepIdentityPull(acc, { type: 'ITEMS_ADDED', ids: fresh.map((c) => c.pkiId) });
  }
  stepIdentityPull(acc, { type: 'UPDATE_RECEIVED', nowMs: acc.nowMs, from: from.pkiId, nonce, ids: checked.map((c) => c.pkiId) });
}

/** [PEER-FUNC-IDENTITY-PULL.1] IDENTITY_MSG pull messages travel with tag EMPTY and no channel. */
export function receiveIdentityPull(acc: Acc, from: ConnectionInfo, env: Envelope): void {
  const content = env.payload.content;
  const base = { nowMs: acc.nowMs, from: from.pkiId };
  if (content.$case === 'hello') return stepIdentityPull(acc, { type: 'HELLO_RECEIVED', ...base, nonce: content.hello.nonce });
  if (content.$case === 'dataDig') return stepIdentityPull(acc, { type: 'DIGEST_RECEIVED', ...base, nonce: content.dataDig.nonce, ids: content.dataDig.digests });
  if (content.$case === 'dataReq') return stepIdentityPull(acc, { type: 'REQUEST_RECEIVED', ...base, nonce: content.dataReq.nonce, ids: content.dataReq.digests });
  if (content.$case === 'dataUpdate') return receiveUpdate(acc, from, content.dataUpdate.nonce, content.dataUpdate.data as readonly Envelope[]);
}
