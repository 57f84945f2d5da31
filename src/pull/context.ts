/** The pull engine's context: the items held, the current round (initiator) and the remembered hellos (responder). */
import { forkPrng, type PkiId, type Prng } from '../core';
import type { PullStart } from './inputs';
import type { PullParams } from './params';

/** A hello this peer sent in the current round (Fabric's outgoingNONCES, nonces2peers, peers2nonces). */
export interface OutgoingHello { readonly peer: PkiId; readonly nonce: bigint }
/** The peers whose digest (with their round nonce) listed an item this peer lacks (Fabric's item2owners). */
export interface ItemOwners { readonly id: string; readonly owners: readonly PkiId[] }
/** A request the round sent: one per owner, with that owner's nonce. */
export interface SentRequest { readonly to: PkiId; readonly nonce: bigint; readonly ids: readonly string[] }

export interface PullRound {
  readonly outgoing: readonly OutgoingHello[];
  readonly owners: readonly ItemOwners[];
  readonly requests: readonly SentRequest[];
}

/** A hello this peer answered; a request with this (from, nonce) is served until expiresAtMs (exclusive). */
export interface IncomingHello { readonly from: PkiId; readonly nonce: bigint; readonly expiresAtMs: number }

export interface PullContext {
  readonly selfId: PkiId;
  readonly params: PullParams;
  readonly prng: Prng;
  /** Ids of the items the host can serve (Fabric's engine `state`), in the order they were added. */
  readonly items: readonly string[];
  readonly peers: readonly PkiId[];
  readonly round: PullRound;
  readonly incoming: readonly IncomingHello[];
  /**
   * A lower bound of the current time when the requestWaitTime timer fires: the time the responder's
   * current requestWaitTime period started. The timer event carries no time, so expiry on it is
   * computed from this; it never expires a nonce early.
   */
  readonly incomingSinceMs: number;
}

export const EMPTY_ROUND: PullRound = { outgoing: [], owners: [], requests: [] };

export const initialPullContext = (input: PullStart): PullContext => ({
  selfId: input.selfId,
  params: input.params,
  prng: forkPrng(input.seed, 'pull'),
  items: [],
  peers: [],
  round: EMPTY_ROUND,
  incoming: [],
  incomingSinceMs: 0,
});

/** The nonce this round sent to `peer`, if any. */
export const nonceSentTo = (round: PullRound, peer: PkiId): bigint | undefined => round.outgoing.find((h) => h.peer === peer)?.nonce;

/** [PUL-FUNC-RESPOND-REQUEST.1] a request with (from, nonce) at nowMs answers a remembered, unexpired hello. */
export const isRemembered = (incoming: readonly IncomingHello[], from: PkiId, nonce: bigint, nowMs: number): boolean =>
  incoming.some((h) => h.from === from && h.nonce === nonce && nowMs < h.expiresAtMs);
