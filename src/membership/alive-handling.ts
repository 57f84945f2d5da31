/**
 * Alive messages (Fabric's handleMsgFromComm alive/memRes branches and handleAliveMessage): what
 * the discovery chart's actions do with one once its guards have decided (the checks they decide
 * on are checks.ts').
 */
import type { PkiId } from '../core';
import type { Draft } from './draft';
import { applyMemberEvent } from './members';
import { aliveOf, alivePkiId, internalEndpointOf, type AliveEnvelope } from './wire';

/** [MEM-FUNC-ALIVE-SELF-IGNORED.1] ... is dropped, with a warning when its endpoints are not ours. */
export function warnIfImpersonated(d: Draft, env: AliveEnvelope): void {
  const alive = aliveOf(env);
  const internal = internalEndpointOf(env);
  if (alive.membership.endpoint !== d.self.externalEndpoint || (internal !== '' && internal !== d.self.internalEndpoint)) {
    d.log('warn', 'Bad configuration detected: Received AliveMessage from a peer with the same PKI-ID as myself');
  }
}

/**
 * [MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1] [MEM-FUNC-ALIVE-VALIDATION.2] A pushed alive message that
 * fails validation is dropped and reported; nothing is kept and its endpoint is never dialled (the
 * identity comes later from identity pull, and the signer's next heartbeat is then accepted).
 */
export function rejectPushedAlive(d: Draft, env: AliveEnvelope, verdict: 'invalid' | 'identityUnknown'): void {
  const pkiId = alivePkiId(env);
  if (verdict === 'identityUnknown') d.emit({ kind: 'rejected', reason: 'alive.unknownSigner', message: `alive message of ${pkiId}, whose identity we do not have, dropped` });
  else d.emit({ kind: 'rejected', reason: 'alive.invalid', message: `invalid alive message of ${pkiId} dropped (signature or identity)` });
}

/** [MEM-FUNC-IDENTITY-LEARNED.1] Its identity verified this message: used now. */
export function reportIdentityUsed(d: Draft, env: AliveEnvelope): void {
  d.emit({ kind: 'identityUsed', pkiId: alivePkiId(env) });
}

/**
 * Fabric's handleAliveMessage: the member's chart (member-machine.ts) learns it, updates it or
 * resurrects it ([MEM-FUNC-ALIVE-LEARN.1], [MEM-FUNC-ALIVE-UPDATE.1], [MEM-FUNC-ALIVE-RESURRECT.1]).
 */
export function handleAlive(d: Draft, env: AliveEnvelope): void {
  applyMemberEvent(d, alivePkiId(env), { type: 'ALIVE', nowMs: d.nowMs, envelope: env });
}

/** [MEM-FUNC-ALIVE-FORWARD.1] Handed back to the emitter, excluding its sender. */
export function forwardAlive(d: Draft, env: AliveEnvelope, senderPkiId: PkiId | undefined): void {
  d.emit(senderPkiId === undefined ? { kind: 'gossip', envelope: env } : { kind: 'gossip', envelope: env, excludePkiId: senderPkiId });
}

/** [MEM-FUNC-MEMRES-HANDLE.1] A dead entry of a membership response about an unknown PKI-ID: learned dead. */
export function learnDeadMember(d: Draft, env: AliveEnvelope): void {
  applyMemberEvent(d, alivePkiId(env), { type: 'LEARN_DEAD', nowMs: d.nowMs, envelope: env });
}
