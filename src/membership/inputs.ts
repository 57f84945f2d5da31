/**
 * What the membership reducer accepts, as io-ts codecs (types come from t.TypeOf). Every event
 * carries `nowMs`: lastSeen, expiration and the msg-store clock read it.
 *
 * Timers: a `setTimer` effect of this subsystem carries a TimerEvent (below, without `nowMs`); the
 * host feeds it back when it fires with `nowMs` added, which makes it a TIMER_FIRED input.
 */
import * as t from 'io-ts';
import { TimeMs } from '../core/numbers';
import { ChannelId, OrgId, PkiId } from '../core';
import { Envelope } from '../messages';
import { MembershipParams } from './params';


/** `host:port` with a port in 1..65535 (Fabric's validateSelfConfig panics otherwise). */
export const HostPort = t.refinement(t.string, (s) => parseHostPort(s) !== undefined, 'HostPort');

export function parseHostPort(endpoint: string): { host: string; port: number } | undefined {
  const at = endpoint.lastIndexOf(':');
  if (at <= 0) return undefined;
  const portText = endpoint.slice(at + 1);
  if (!/^[0-9]{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  return port > 0 && port <= 65535 ? { host: endpoint.slice(0, at), port } : undefined;
}

export const SelfInfo = t.type(
  {
    pkiId: PkiId,
    identity: t.string,
    org: OrgId,
    /** peer.gossip.endpoint: used inside the org, carried only in the SecretEnvelope. */
    internalEndpoint: HostPort,
    /** peer.gossip.externalEndpoint; '' = not accessible outside the org. */
    externalEndpoint: t.string,
    metadata: t.string,
  },
  'SelfInfo',
);
export type SelfInfo = t.TypeOf<typeof SelfInfo>;

export const MembershipInit = t.type(
  {
    self: SelfInfo,
    /** incNum = this start time in nanoseconds. */
    startTimeMs: TimeMs,
    params: MembershipParams,
    /** peer.gossip.bootstrap: same-org peers to connect to at start. */
    bootstrap: t.readonlyArray(t.string),
    /** Seed of this subsystem's PRNG stream (sync targets, nonces). */
    seed: t.number,
  },
  'MembershipInit',
);
export type MembershipInit = t.TypeOf<typeof MembershipInit>;

export const ConnectionInfoCodec = t.type({ pkiId: PkiId, identity: t.string, endpoint: t.string }, 'ConnectionInfo');
export const HandshakeResultCodec = t.union(
  [
    // [MEM-FUNC-IDENTITY-SWITCH.1] identitySwitchFrom: the PKI-ID the dial expected, when a peer of its org answered instead.
    t.intersection([t.type({ ok: t.literal(true), pkiId: PkiId, identity: t.string }), t.partial({ identitySwitchFrom: PkiId })]),
    t.type({ ok: t.literal(false), reason: t.string }),
  ],
  'HandshakeResult',
);

/** A gossip message the composition decoded and tag-checked; content is aliveMsg, memReq or memRes. */
export const MessageReceived = t.type(
  { type: t.literal('MESSAGE_RECEIVED'), nowMs: TimeMs, from: ConnectionInfoCodec, envelope: Envelope },
  'MessageReceived',
);
/** The answer to a `handshake` effect (attempt 0 = a probe; >= 1 = a Connect attempt). */
export const HandshakeResultEvent = t.type(
  { type: t.literal('HANDSHAKE_RESULT'), nowMs: TimeMs, endpoint: t.string, attempt: t.number, result: HandshakeResultCodec },
  'HandshakeResultEvent',
);
/** The anchor peers of every org of a channel, from a channel join or config update. */
export const AnchorPeers = t.type(
  {
    type: t.literal('ANCHOR_PEERS'),
    nowMs: TimeMs,
    channel: ChannelId,
    anchors: t.readonlyArray(t.type({ org: OrgId, endpoint: t.string })),
  },
  'AnchorPeers',
);

/** An identity the composition obtained and verified elsewhere (Fabric's certstore, identity pull). */
export const IdentityLearned = t.type(
  { type: t.literal('IDENTITY_LEARNED'), nowMs: TimeMs, pkiId: PkiId, identity: t.string },
  'IdentityLearned',
);

/** The identity store purged this PKI-ID's identity (Fabric's IdentitySwitch to discovery). */
export const IdentityPurged = t.type({ type: t.literal('IDENTITY_PURGED'), nowMs: TimeMs, pkiId: PkiId }, 'IdentityPurged');

/** [MEM-FUNC-PRESUMED-DEAD.1] comm's PresumedDead(): a send to this PKI-ID failed. */
export const PresumedDead = t.type({ type: t.literal('PRESUMED_DEAD'), nowMs: TimeMs, pkiId: PkiId }, 'PresumedDead');

export const TimerEvent = t.intersection(
  [
    t.type({
      type: t.literal('TIMER_FIRED'),
      timerId: t.string,
      machine: t.keyof({ discovery: null, connect: null }),
      /** The xstate `after` event to feed the machine. */
      afterEvent: t.string,
    }),
    t.partial({ endpoint: t.string }),
  ],
  'TimerEvent',
);
export type TimerEvent = t.TypeOf<typeof TimerEvent>;
export const TimerFired = t.intersection([TimerEvent, t.type({ nowMs: TimeMs })], 'TimerFired');

export const StopMembership = t.type({ type: t.literal('STOP'), nowMs: TimeMs }, 'StopMembership');
/** Fabric's UpdateMetadata / UpdateEndpoint: carried by the next alive message. */
export const UpdateMetadata = t.type({ type: t.literal('UPDATE_METADATA'), nowMs: TimeMs, metadata: t.string }, 'UpdateMetadata');
export const UpdateEndpoint = t.type({ type: t.literal('UPDATE_ENDPOINT'), nowMs: TimeMs, endpoint: t.string }, 'UpdateEndpoint');

export const MembershipEvent = t.union(
  [MessageReceived, HandshakeResultEvent, IdentityLearned, IdentityPurged, PresumedDead, AnchorPeers, TimerFired, StopMembership, UpdateMetadata, UpdateEndpoint],
  'MembershipEvent',
);
export type MembershipEvent = t.TypeOf<typeof MembershipEvent>;
export type MessageReceived = t.TypeOf<typeof MessageReceived>;
export type HandshakeResultEvent = t.TypeOf<typeof HandshakeResultEvent>;
export type AnchorPeers = t.TypeOf<typeof AnchorPeers>;
export type TimerFired = t.TypeOf<typeof TimerFired>;
