/**
 * Alive messages in (Fabric's handleMsgFromComm alive/memRes branches and handleAliveMessage):
 * validation against the identity table, the msg-store check, the member chart, forwarding.
 */
import type { PkiId } from '../core';
import { verifyEnvelope } from '../messages';
import { storeAdd, storeCheckValid } from './alive-store';
import type { Draft } from './draft';
import { identityOfPeer, recordIdentity } from './identities';
import { applyMemberEvent } from './members';
import { phas } from './pmap';
import { aliveOf, alivePkiId, aliveTs, internalEndpointOf, type AliveEnvelope } from './wire';

type Validation = 'valid' | 'invalid' | 'identityUnknown';

/**
 * [MEM-FUNC-ALIVE-VALIDATION.2] Fabric's ValidateAliveMsg: a PKI-ID; the identity from the
 * message (validated every time, recorded if new) or from the table; then the envelope's and the
 * SecretEnvelope's signatures by that identity. A carried identity that fails validation makes the
 * message invalid even when the PKI-ID is known.
 */
export function validateAlive(d: Draft, env: AliveEnvelope): Validation {
  const pkiId = alivePkiId(env);
  if (pkiId === '') return 'invalid';
  const carried = aliveOf(env).identity;
  if (carried !== undefined && carried !== '' && recordIdentity(d, pkiId, carried) === 'rejected') return 'invalid';
  const identity = identityOfPeer(d, pkiId);
  if (identity === undefined) return 'identityUnknown';
  return verifyEnvelope(d.env.crypto, identity, env) ? 'valid' : 'invalid';
}

/**
 * [MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1] An alive message whose signer cannot be verified is dropped,
 * as Fabric drops it: nothing is kept and its endpoint is never dialled (the identity comes later
 * from identity pull, and the signer's next heartbeat is then accepted).
 */
function rejectPushed(d: Draft, env: AliveEnvelope, v: 'invalid' | 'identityUnknown'): void {
  const pkiId = alivePkiId(env);
  if (v === 'identityUnknown') d.emit({ kind: 'rejected', reason: 'alive.unknownSigner', message: `alive message of ${pkiId}, whose identity we do not have, dropped` });
  else d.emit({ kind: 'rejected', reason: 'alive.invalid', message: `invalid alive message of ${pkiId} dropped (signature or identity)` });
}

/** [MEM-FUNC-ALIVE-SELF-IGNORED.1] Alive messages about ourselves are dropped (and never forwarded). */
function isAboutSelf(d: Draft, env: AliveEnvelope): boolean {
  if (alivePkiId(env) !== d.self.pkiId) return false;
  const alive = aliveOf(env);
  const internal = internalEndpointOf(env);
  if (alive.membership.endpoint !== d.self.externalEndpoint || (internal !== '' && internal !== d.self.internalEndpoint)) {
    d.log('warn', 'Bad configuration detected: Received AliveMessage from a peer with the same PKI-ID as myself');
  }
  return true;
}

/** Fabric's handleAliveMessage: learn, update or resurrect through the member chart. */
export function handleAliveMessage(d: Draft, env: AliveEnvelope): void {
  if (alivePkiId(env) === d.self.pkiId) return;
  // [MEM-FUNC-IDENTITY-LEARNED.1] its identity verified this message: used now.
  d.emit({ kind: 'identityUsed', pkiId: alivePkiId(env) });
  applyMemberEvent(d, alivePkiId(env), { type: 'ALIVE', nowMs: d.nowMs, envelope: env });
}

/**
 * [MEM-FUNC-ALIVE-FORWARD.1] A pushed alive message: if newer than the store and valid, it enters
 * the store, is handled, and is forwarded to the emitter excluding its sender.
 */
export function processPushedAlive(d: Draft, env: AliveEnvelope, senderPkiId: PkiId | undefined): void {
  if (isAboutSelf(d, env)) return;
  if (!storeCheckValid(d.store, alivePkiId(env), aliveTs(env))) return;
  const v = validateAlive(d, env);
  if (v !== 'valid') return rejectPushed(d, env, v);
  storeAdd(d, env);
  handleAliveMessage(d, env);
  d.emit(senderPkiId === undefined ? { kind: 'gossip', envelope: env } : { kind: 'gossip', envelope: env, excludePkiId: senderPkiId });
}

/** [MEM-FUNC-MEMRES-HANDLE.1] An alive entry of a membership response: handled, not stored. */
export function processResponseAlive(d: Draft, env: AliveEnvelope): void {
  if (alivePkiId(env) === d.self.pkiId) return;
  if (!storeCheckValid(d.store, alivePkiId(env), aliveTs(env))) return;
  // [MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1] an entry we cannot verify is skipped; the response is not.
  if (validateAlive(d, env) === 'valid') handleAliveMessage(d, env);
}

/** [MEM-FUNC-MEMRES-HANDLE.1] A dead entry of a membership response: learned only if unknown. */
export function processResponseDead(d: Draft, env: AliveEnvelope): void {
  const pkiId = alivePkiId(env);
  if (pkiId === d.self.pkiId || phas(d.members, pkiId)) return;
  if (!storeCheckValid(d.store, pkiId, aliveTs(env))) return;
  if (validateAlive(d, env) === 'valid' && !phas(d.members, pkiId)) applyMemberEvent(d, pkiId, { type: 'LEARN_DEAD', nowMs: d.nowMs, envelope: env });
}
