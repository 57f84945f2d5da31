/** Membership requests and responses (Fabric's handleMsgFromComm memReq/memRes branches). */
import type { ConnectionInfo } from '../core';
import type { ContentOf, GossipMessage } from '../messages';
import { processResponseAlive, processResponseDead, validateAlive, handleAliveMessage } from './alive-handling';
import { storeCheckValid } from './alive-store';
import { notifyConnectResponse } from './connects';
import { disclosurePolicy } from './disclosure';
import type { Draft } from './draft';
import { memberStatus } from './member-step';
import { pvalues } from './pmap';
import { createAliveEnvelope } from './self-alive';
import { aliveOf, alivePkiId, aliveTs, membershipResponse, type AliveEnvelope } from './wire';

type MemReqMessage = Omit<GossipMessage, 'content'> & { content: ContentOf<'memReq'> };
type MemResMessage = Omit<GossipMessage, 'content'> & { content: ContentOf<'memRes'> };

/**
 * [MEM-FUNC-MEMREQ-ANTI-SPOOFING.2] the self-information must be about the connection's PKI-ID
 * (Fabric's Node.handleMessage); a spoofed request is dropped without reply and reported as a
 * rejection (`alive.spoofedMemReq`), and the caller undoes what the step learned of the sender;
 * [MEM-FUNC-MEMREQ-HANDLE.1] it must validate; it is learned if newer than the store; then the
 * requester gets a response echoing the nonce.
 */
export function receiveMembershipRequest(d: Draft, from: ConnectionInfo, msg: MemReqMessage): void {
  const selfInfo = msg.content.memReq.selfInformation;
  if (from.pkiId === d.self.pkiId) return;
  if (alivePkiId(selfInfo) !== from.pkiId) {
    d.emit({
      kind: 'rejected',
      reason: 'alive.spoofedMemReq',
      message: `Got membership request with selfInfo that doesn't match the handshake: from ${from.pkiId}, selfInfo of ${alivePkiId(selfInfo)}; dropped`,
    });
    return;
  }
  if (validateAlive(d, selfInfo) !== 'valid') return;
  if (storeCheckValid(d.store, from.pkiId, aliveTs(selfInfo))) handleAliveMessage(d, selfInfo);
  respond(d, from, aliveOf(selfInfo).membership.endpoint, msg.nonce);
}

/**
 * [MEM-FUNC-MEMRES-BUILD.1] The response: every alive and dead member the requester may see
 * (sieve), each through the envelope filter, our own alive message last.
 * [MEM-FUNC-MEMRES-REFUSE.1] A requester that may not see us gets nothing and its connection closed.
 */
function respond(d: Draft, from: ConnectionInfo, requesterEndpoint: string, nonce: bigint): void {
  const own = d.selfAlive ?? createAliveEnvelope(d, true);
  const policy = disclosurePolicy(d, { pkiId: from.pkiId, endpoint: requesterEndpoint });
  if (!policy.sieve(own)) {
    d.log('warn', "Got a membership request from a peer that shouldn't have sent one, closing connection", { from: from.pkiId });
    d.emit({ kind: 'closeConnection', pkiId: from.pkiId });
    return;
  }
  const alive: AliveEnvelope[] = [];
  const dead: AliveEnvelope[] = [];
  for (const m of pvalues(d.members)) {
    const env = m.context.envelope;
    if (env === undefined || !policy.sieve(env)) continue;
    (memberStatus(m) === 'alive' ? alive : dead).push(policy.filter(env));
  }
  alive.push(policy.filter(own));
  d.emit({ kind: 'send', to: [{ pkiId: from.pkiId, endpoint: from.endpoint }], message: membershipResponse(alive, dead, nonce) });
}

/** A response: it answers a Connect with the same nonce; its alive and dead entries are learned. */
export function receiveMembershipResponse(d: Draft, msg: MemResMessage): void {
  notifyConnectResponse(d, msg.nonce);
  for (const env of msg.content.memRes.alive) processResponseAlive(d, env);
  for (const env of msg.content.memRes.dead) processResponseDead(d, env);
}
