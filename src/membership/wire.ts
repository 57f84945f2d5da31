/** Alive envelopes and the membership messages built from them. */
import type { PeerTime, PkiId } from '../core';
import { noopSign, type ContentOf, type Envelope } from '../messages';

/** A signed envelope whose content is an AliveMessage (what memReq/memRes carry). */
export type AliveEnvelope = ContentOf<'memReq'>['memReq']['selfInformation'];
export type AliveMessage = ContentOf<'aliveMsg'>['aliveMsg'];

export function aliveOf(env: AliveEnvelope): AliveMessage {
  return env.payload.content.aliveMsg;
}

export function alivePkiId(env: AliveEnvelope): PkiId {
  return env.payload.content.aliveMsg.membership.pkiId as PkiId;
}

export function aliveTs(env: AliveEnvelope): PeerTime {
  return env.payload.content.aliveMsg.timestamp;
}

/** The internal endpoint in the SecretEnvelope, or '' (Fabric's protoext.InternalEndpoint). */
export function internalEndpointOf(env: AliveEnvelope): string {
  return env.secretEnvelope?.payload.internalEndpoint ?? '';
}

/** Fabric's PreferredEndpoint: the internal endpoint if known, else the external one. */
export function preferredEndpointOf(m: { readonly endpoint: string; readonly internalEndpoint?: string }): string {
  return m.internalEndpoint !== undefined && m.internalEndpoint !== '' ? m.internalEndpoint : m.endpoint;
}

export function membershipRequest(selfInformation: AliveEnvelope, nonce: bigint): Envelope {
  return noopSign({ nonce, channel: '', tag: 'EMPTY', content: { $case: 'memReq', memReq: { selfInformation, known: [] } } });
}

export function membershipResponse(alive: readonly AliveEnvelope[], dead: readonly AliveEnvelope[], nonce: bigint): Envelope {
  return noopSign({ nonce, channel: '', tag: 'EMPTY', content: { $case: 'memRes', memRes: { alive, dead } } });
}
