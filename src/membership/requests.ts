/** Membership requests and responses (Fabric's handleMsgFromComm memReq/memRes branches, sendMemResponse). */
import type { ConnectionInfo } from '../core';
import { disclosurePolicy, selfDisclosedTo } from './disclosure';
import type { Draft } from './draft';
import type { IdentityView } from './identity-view';
import { memberStatus } from './member-step';
import { pvalues } from '../core/pmap';
import { createAliveEnvelope } from './self-alive';
import { aliveOf, alivePkiId, membershipResponse, type AliveEnvelope } from './wire';

/**
 * [MEM-FUNC-MEMREQ-ANTI-SPOOFING.2] The self-information must be about the connection's PKI-ID
 * (Fabric's Node.handleMessage).
 */
export function isSpoofedRequest(from: ConnectionInfo, selfInformation: AliveEnvelope): boolean {
  return alivePkiId(selfInformation) !== from.pkiId;
}

/** A spoofed request is dropped without reply and reported as a rejection. */
export function rejectSpoofedRequest(d: Draft, from: ConnectionInfo, selfInformation: AliveEnvelope): void {
  d.emit({
    kind: 'rejected',
    reason: 'alive.spoofedMemReq',
    message: `Got membership request with selfInfo that doesn't match the handshake: from ${from.pkiId}, selfInfo of ${alivePkiId(selfInformation)}; dropped`,
  });
}

/** The endpoint our response would advertise: the last heartbeat's, else the one a fresh alive message would carry. */
function ownAliveEndpoint(view: IdentityView & { readonly selfAlive: AliveEnvelope | undefined }): string {
  return view.selfAlive === undefined ? view.self.externalEndpoint : aliveOf(view.selfAlive).membership.endpoint;
}

/**
 * [MEM-FUNC-MEMRES-REFUSE.1] The requester may not see us: the disclosure sieve for it rejects our
 * own alive message.
 */
export function requesterMayNotSeeUs(view: IdentityView & { readonly selfAlive: AliveEnvelope | undefined }, from: ConnectionInfo, requesterEndpoint: string): boolean {
  return !selfDisclosedTo(view, { pkiId: from.pkiId, endpoint: requesterEndpoint }, ownAliveEndpoint(view));
}

/** Our alive message for a response: the last heartbeat, or a freshly signed one (as Fabric signs one per response). */
function ownAlive(d: Draft): AliveEnvelope {
  return d.selfAlive ?? createAliveEnvelope(d, true);
}

/**
 * [MEM-FUNC-MEMRES-REFUSE.1] Nothing is sent and the connection is closed. Our alive message was
 * made before the sieve looked at it, so a fresh one is signed (a seqNum spent) all the same.
 */
export function refuseRequester(d: Draft, from: ConnectionInfo): void {
  ownAlive(d);
  d.log('warn', "Got a membership request from a peer that shouldn't have sent one, closing connection", { from: from.pkiId });
  d.emit({ kind: 'closeConnection', pkiId: from.pkiId });
}

/**
 * [MEM-FUNC-MEMRES-BUILD.1] The response, on the request's connection, echoing its nonce: every
 * alive and dead member the requester may see (sieve), each through the envelope filter, our own
 * alive message last.
 */
export function sendMembershipResponse(d: Draft, from: ConnectionInfo, requesterEndpoint: string, nonce: bigint): void {
  const own = ownAlive(d);
  const policy = disclosurePolicy(d, { pkiId: from.pkiId, endpoint: requesterEndpoint });
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
