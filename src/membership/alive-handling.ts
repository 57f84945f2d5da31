/**
 * Alive messages in (Fabric's handleMsgFromComm alive/memRes branches and handleAliveMessage):
 * validation against the identity table, the msg-store check, the member chart, forwarding,
 * and the pending-identity fallback.
 */
import { isNewer, type PkiId } from '../core';
import { verifyEnvelope } from '../messages';
import { storeAdd, storeCheckValid } from './alive-store';
import type { Draft } from './draft';
import { identityOfPeer, recordIdentity } from './identities';
import { applyMemberEvent } from './members';
import { pdelete, pget, phas, pset } from './pmap';
import { probe } from './probes';
import type { PendingSource } from './state';
import { aliveOf, alivePkiId, aliveTs, internalEndpointOf, preferredEndpointOf, type AliveEnvelope } from './wire';

type Validation = 'valid' | 'invalid' | 'identityUnknown';

/**
 * [MEM-FUNC-ALIVE-VALIDATION.1] Fabric's ValidateAliveMsg: a PKI-ID; the identity from the
 * message (recorded if it checks out, else invalid) or from the table; then the envelope's and
 * the SecretEnvelope's signatures by that identity.
 */
export function validateAlive(d: Draft, env: AliveEnvelope): Validation {
  const pkiId = alivePkiId(env);
  if (pkiId === '') return 'invalid';
  const carried = aliveOf(env).identity;
  if (carried !== undefined && carried !== '' && learnIdentityAndReplay(d, pkiId, carried) === 'rejected') return 'invalid';
  const identity = identityOfPeer(d, pkiId);
  if (identity === undefined) return 'identityUnknown';
  return verifyEnvelope(d.env.crypto, identity, env) ? 'valid' : 'invalid';
}

/** Record an identity; an alive message that was waiting for it is processed now. */
export function learnIdentityAndReplay(d: Draft, pkiId: PkiId, identity: string): 'known' | 'learned' | 'rejected' {
  const result = recordIdentity(d, pkiId, identity);
  if (result === 'learned') replayPending(d, pkiId);
  return result;
}

/**
 * [MEM-FUNC-IDENTITY-HANDSHAKE-FALLBACK.1] Keep the newest unverifiable alive message per PKI-ID
 * and probe its preferred endpoint; the handshake's identity releases it.
 */
function holdPending(d: Draft, env: AliveEnvelope, source: PendingSource, senderPkiId: PkiId | undefined): void {
  const pkiId = alivePkiId(env);
  const existing = pget(d.pending, pkiId);
  if (existing !== undefined && !isNewer(aliveTs(env), aliveTs(existing.envelope))) return;
  const endpoint = preferredEndpointOf({ endpoint: aliveOf(env).membership.endpoint, internalEndpoint: internalEndpointOf(env) });
  if (endpoint === '') return;
  d.pending = pset(d.pending, pkiId, { envelope: env, source, senderPkiId, receivedAtMs: d.nowMs });
  probe(d, endpoint, { identityFor: pkiId });
}

/** Process the pending alive message of a PKI-ID whose identity is now known. */
export function replayPending(d: Draft, pkiId: PkiId): void {
  if (identityOfPeer(d, pkiId) === undefined) return;
  const p = pget(d.pending, pkiId);
  if (p === undefined) return;
  d.pending = pdelete(d.pending, pkiId);
  if (p.source === 'push') processPushedAlive(d, p.envelope, p.senderPkiId);
  else if (p.source === 'responseAlive') processResponseAlive(d, p.envelope);
  else processResponseDead(d, p.envelope);
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
  if (v === 'identityUnknown') return holdPending(d, env, 'push', senderPkiId);
  if (v === 'invalid') return d.log('warn', 'invalid alive message dropped', { pkiId: alivePkiId(env) });
  // Validation may have released a pending message of the same PKI-ID: check the store again.
  if (!storeCheckValid(d.store, alivePkiId(env), aliveTs(env))) return;
  storeAdd(d, env);
  handleAliveMessage(d, env);
  d.emit(senderPkiId === undefined ? { kind: 'gossip', envelope: env } : { kind: 'gossip', envelope: env, excludePkiId: senderPkiId });
}

/** [MEM-FUNC-MEMRES-HANDLE.1] An alive entry of a membership response: handled, not stored. */
export function processResponseAlive(d: Draft, env: AliveEnvelope): void {
  if (alivePkiId(env) === d.self.pkiId) return;
  if (!storeCheckValid(d.store, alivePkiId(env), aliveTs(env))) return;
  const v = validateAlive(d, env);
  if (v === 'identityUnknown') return holdPending(d, env, 'responseAlive', undefined);
  if (v === 'valid') handleAliveMessage(d, env);
}

/** [MEM-FUNC-MEMRES-HANDLE.1] A dead entry of a membership response: learned only if unknown. */
export function processResponseDead(d: Draft, env: AliveEnvelope): void {
  const pkiId = alivePkiId(env);
  if (pkiId === d.self.pkiId || phas(d.members, pkiId)) return;
  if (!storeCheckValid(d.store, pkiId, aliveTs(env))) return;
  const v = validateAlive(d, env);
  if (v === 'identityUnknown') return holdPending(d, env, 'responseDead', undefined);
  if (v === 'valid' && !phas(d.members, pkiId)) applyMemberEvent(d, pkiId, { type: 'LEARN_DEAD', nowMs: d.nowMs, envelope: env });
}
