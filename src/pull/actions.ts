/** Named actions: context updates and the params of the output actions. */
import { EMPTY_ROUND, type PullContext, type SentRequest } from './context';
import type { PullEvent } from './inputs';
import { addIds, planRequests, recordOwners, removeIds, startRound } from './round';
import type { PkiId } from '../core';

type Args = { context: PullContext; event: PullEvent };

/** [PUL-FUNC-ITEMS.1] the held set follows the host's ITEMS_ADDED / ITEMS_REMOVED. */
export function updateItems({ context, event }: Args): Partial<PullContext> {
  if (event.type === 'ITEMS_ADDED') return { items: addIds(context.items, event.ids) };
  if (event.type === 'ITEMS_REMOVED') return { items: removeIds(context.items, event.ids) };
  return {};
}

/** [PUL-FUNC-PEERS.1] who a round may pick from. */
export const updatePeers = ({ event }: Args): Partial<PullContext> => (event.type === 'PEERS_UPDATED' ? { peers: event.peers } : {});

/** [PUL-FUNC-START-ROUND.1] a new round replaces whatever is left of the previous one. */
export const beginRound = ({ context }: Args): Partial<PullContext> => startRound(context);

/** [PUL-FUNC-DIGEST.1] */
export function recordDigest({ context, event }: Args): Partial<PullContext> {
  if (event.type !== 'DIGEST_RECEIVED') return {};
  return { round: { ...context.round, owners: recordOwners(context, event.from, event.ids) } };
}

/** [PUL-FUNC-REQUEST.1] */
export function chooseOwners({ context }: Args): Partial<PullContext> {
  const { prng, requests } = planRequests(context);
  return { prng, round: { ...context.round, requests } };
}

/** [PUL-FUNC-UPDATE.1] the ids the host accepted from an update of this round become held. */
export const acceptUpdate = ({ context, event }: Args): Partial<PullContext> =>
  event.type === 'UPDATE_RECEIVED' ? { items: addIds(context.items, event.ids) } : {};

/** [PUL-FUNC-END-ROUND.1] forget the round's nonces, owners and requests. */
export const endRound = (): Partial<PullContext> => ({ round: EMPTY_ROUND });

/** [PUL-FUNC-HELLO.1] [PUL-FUNC-NONCE-LIFETIME.1] remember (from, nonce) for requestWaitTime. */
export function rememberHello({ context, event }: Args): Partial<PullContext> {
  if (event.type !== 'HELLO_RECEIVED') return {};
  const entry = { from: event.from, nonce: event.nonce, expiresAtMs: event.nowMs + context.params.requestWaitTimeMs };
  const since = context.incoming.length === 0 ? { incomingSinceMs: event.nowMs } : {};
  return { incoming: [...context.incoming, entry], ...since };
}

/** [PUL-FUNC-NONCE-LIFETIME.1] requestWaitTime passed since incomingSinceMs: drop what has expired by then. */
export function expireHellos({ context }: Args): Partial<PullContext> {
  const nowMs = context.incomingSinceMs + context.params.requestWaitTimeMs;
  return { incoming: context.incoming.filter((h) => h.expiresAtMs > nowMs), incomingSinceMs: nowMs };
}

export interface HellosParams { readonly hellos: readonly { readonly to: PkiId; readonly nonce: bigint }[] }
export const hellosParams = ({ context }: Args): HellosParams => ({ hellos: context.round.outgoing.map((h) => ({ to: h.peer, nonce: h.nonce })) });

export interface DigestParams { readonly to: PkiId; readonly nonce: bigint; readonly ids: readonly string[] }
export function digestParams({ context, event }: Args): DigestParams {
  const e = event as Extract<PullEvent, { type: 'HELLO_RECEIVED' }>;
  return { to: e.from, nonce: e.nonce, ids: context.items };
}

export interface RequestsParams { readonly requests: readonly SentRequest[] }
export const requestsParams = ({ context }: Args): RequestsParams => ({ requests: context.round.requests });

export interface UpdateParams { readonly to: PkiId; readonly nonce: bigint; readonly ids: readonly string[] }
/** [PUL-FUNC-RESPOND-REQUEST.1] the requested ids this peer holds (each once). */
export function updateParams({ context, event }: Args): UpdateParams {
  const e = event as Extract<PullEvent, { type: 'REQUEST_RECEIVED' }>;
  return { to: e.from, nonce: e.nonce, ids: addIds([], e.ids.filter((id) => context.items.includes(id))) };
}
