/**
 * What the discovery chart handles. The reducer (step.ts) turns each MembershipEvent into one of
 * these, adding what needs crypto: the sender's identity checked, and an alive message's
 * signature checked ([MEM-FUNC-CHART-CHECKS.1]), so that the chart's guards are cheap predicates.
 */
import type { ConnectionInfo, PkiId } from '../core';
import type { AliveCheck, IdentityCheck } from './checks';
import type { AnchorPeers, HandshakeResultEvent, MembershipEvent } from './inputs';
import type { AliveEnvelope } from './wire';

/** A pushed alive message (`check`: computed only when not about ourselves and newer than the msg-store's). */
export interface AliveReceived {
  readonly type: 'ALIVE';
  readonly nowMs: number;
  readonly from: ConnectionInfo;
  readonly envelope: AliveEnvelope;
  readonly sender: IdentityCheck;
  readonly check: AliveCheck | undefined;
}

/** A membership request; `envelope` is its self-information (`check`: unless from ourselves or spoofed). */
export interface MembershipRequestReceived {
  readonly type: 'MEMBERSHIP_REQUEST';
  readonly nowMs: number;
  readonly from: ConnectionInfo;
  readonly envelope: AliveEnvelope;
  readonly nonce: bigint;
  readonly sender: IdentityCheck;
  readonly check: AliveCheck | undefined;
}

/** A membership response, before its entries (fed one by one after it, each checked against the view the previous one left). */
export interface MembershipResponseReceived {
  readonly type: 'MEMBERSHIP_RESPONSE';
  readonly nowMs: number;
  readonly from: ConnectionInfo;
  readonly nonce: bigint;
  readonly sender: IdentityCheck;
}

/** One alive (or dead) entry of a membership response (`check`: only when the rules before the signature passed). */
export interface ResponseEntry {
  readonly type: 'RESPONSE_ALIVE' | 'RESPONSE_DEAD';
  readonly nowMs: number;
  readonly envelope: AliveEnvelope;
  readonly check: AliveCheck | undefined;
}

/** A message of another kind (the composition hands membership only its own; Fabric's TestBadInput). */
export interface OtherMessageReceived {
  readonly type: 'OTHER_MESSAGE';
  readonly nowMs: number;
  readonly from: ConnectionInfo;
  readonly content: string;
  readonly sender: IdentityCheck;
}

/** A handshake result (`remote`: the answering identity, checked when the result is ok, not ours, and awaited). */
export type HandshakeAnswered = HandshakeResultEvent & { readonly remote: IdentityCheck | undefined };

/** A Connect's timer fired. */
export interface ConnectTimerFired {
  readonly type: 'CONNECT_TIMER';
  readonly nowMs: number;
  readonly endpoint: string;
  readonly afterEvent: string;
}

/** One of the chart's own `after` timers fired (the host adds the time). */
export interface LoopTimerFired {
  readonly type: `xstate.after.${string}`;
  readonly nowMs: number;
}

/** Raised by a membership request handled so far: the answer is decided on the view as it is now. */
export interface AnswerRequest {
  readonly type: 'ANSWER_REQUEST';
  readonly nowMs: number;
  readonly from: ConnectionInfo;
  readonly requesterEndpoint: string;
  readonly nonce: bigint;
}

/** Raised by the msg-store pass for each entry it marked expired. */
export interface StoreEntryExpired {
  readonly type: 'STORE_ENTRY_EXPIRED';
  readonly nowMs: number;
  readonly pkiId: PkiId;
  readonly endpoint: string;
  readonly internalEndpoint: string;
}

/** Raised by the msg-store pass after its last STORE_ENTRY_EXPIRED: the pass is over. */
export interface StoreSwept {
  readonly type: 'STORE_SWEPT';
  readonly nowMs: number;
}

export type DiscoveryInternalEvent = AnswerRequest | StoreEntryExpired | StoreSwept;

type Command<T extends MembershipEvent['type']> = Extract<MembershipEvent, { type: T }>;

export type DiscoveryEvent =
  | AliveReceived
  | MembershipRequestReceived
  | MembershipResponseReceived
  | ResponseEntry
  | OtherMessageReceived
  | HandshakeAnswered
  | Command<'IDENTITY_LEARNED' | 'IDENTITY_PURGED' | 'PRESUMED_DEAD' | 'UPDATE_METADATA' | 'UPDATE_ENDPOINT' | 'STOP'>
  | AnchorPeers
  | ConnectTimerFired
  | LoopTimerFired
  | DiscoveryInternalEvent;
