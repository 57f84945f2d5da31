/**
 * What the pull engine accepts. Items are opaque string ids (a block's decimal seq, a PKI-ID):
 * the host keeps the items themselves and tells the engine which ids it can serve. Messages come
 * decoded from the wire (GossipHello, DataDigest, DataRequest, DataUpdate) with the sender's
 * PKI-ID from the connection ([PUL-ASM-INPUTS.1]). Types come from the codecs.
 */
import * as t from 'io-ts';
import { PkiId } from '../core';
import { TimeMs } from '../core/numbers';
import { Uint64 } from '../core/peer-time';
import { PullParams } from './params';

const ItemIds = t.readonlyArray(t.string, 'ItemIds');

/** The host can now serve these items (Fabric's PullEngine.Add). */
export const ItemsAdded = t.type({ type: t.literal('ITEMS_ADDED'), ids: ItemIds }, 'ItemsAdded');
/** The host can no longer serve these items (Fabric's PullEngine.Remove). */
export const ItemsRemoved = t.type({ type: t.literal('ITEMS_REMOVED'), ids: ItemIds }, 'ItemsRemoved');
/** Who may be pulled from (for blocks: the same-org peers of the channel); self is never selected. */
export const PeersUpdated = t.type({ type: t.literal('PEERS_UPDATED'), peers: t.readonlyArray(PkiId) }, 'PeersUpdated');

const fromNonce = { nowMs: TimeMs, from: PkiId, nonce: Uint64 };
export const HelloReceived = t.type({ type: t.literal('HELLO_RECEIVED'), ...fromNonce }, 'HelloReceived');
export const DigestReceived = t.type({ type: t.literal('DIGEST_RECEIVED'), ...fromNonce, ids: ItemIds }, 'DigestReceived');
export const RequestReceived = t.type({ type: t.literal('REQUEST_RECEIVED'), ...fromNonce, ids: ItemIds }, 'RequestReceived');
/** A DataUpdate the host has validated; `ids` are the items it accepted from it. */
export const UpdateReceived = t.type({ type: t.literal('UPDATE_RECEIVED'), ...fromNonce, ids: ItemIds }, 'UpdateReceived');
export const PullStop = t.type({ type: t.literal('STOP') }, 'PullStop');

export const PullCommand = t.union(
  [ItemsAdded, ItemsRemoved, PeersUpdated, HelloReceived, DigestReceived, RequestReceived, UpdateReceived, PullStop],
  'PullCommand',
);
export type PullCommand = t.TypeOf<typeof PullCommand>;
export type HelloReceived = t.TypeOf<typeof HelloReceived>;
export type DigestReceived = t.TypeOf<typeof DigestReceived>;
export type RequestReceived = t.TypeOf<typeof RequestReceived>;
export type UpdateReceived = t.TypeOf<typeof UpdateReceived>;

/** The timers' events, as xstate names them for `after: { <delay> }` on each state. */
export const PULL_INTERVAL_EVENT = 'xstate.after.pullInterval.pull.running.initiator.rounds';
export const DIGEST_WAIT_EVENT = 'xstate.after.digestWaitTime.pull.running.initiator.rounds.collectingDigests';
export const RESPONSE_WAIT_EVENT = 'xstate.after.responseWaitTime.pull.running.initiator.rounds.awaitingResponses';
export const REQUEST_WAIT_EVENT = 'xstate.after.requestWaitTime.pull.running.responder.holdingIncomingNonces';
export const PullTimerEvent = t.union(
  [
    t.type({ type: t.literal(PULL_INTERVAL_EVENT) }),
    t.type({ type: t.literal(DIGEST_WAIT_EVENT) }),
    t.type({ type: t.literal(RESPONSE_WAIT_EVENT) }),
    t.type({ type: t.literal(REQUEST_WAIT_EVENT) }),
  ],
  'PullTimerEvent',
);
export type PullTimerEvent = t.TypeOf<typeof PullTimerEvent>;

export type PullEvent = PullCommand | PullTimerEvent;

/** init input: this peer, a seed for the engine's own PRNG stream, the parameters. */
export const PullStart = t.type({ selfId: PkiId, seed: t.number, params: PullParams }, 'PullStart');
export type PullStart = t.TypeOf<typeof PullStart>;
