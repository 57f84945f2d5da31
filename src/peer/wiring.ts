/**
 * [PEER-FUNC-WIRING-TABLE.1] THE WIRING TABLE of the composed peer: for every subsystem, what each of its outputs becomes:
 * an input of another instance, an effect for the host, a counted rejection, or a push to route.
 * Read a row as "membership.gossip -> emitter ADD (alive)". Subsystems never import each other;
 * they meet only here. What an inbound message or host input becomes is admission's table
 * (admission/index.ts); what an instance hears before and after each step is step-hooks.ts; how
 * signals are performed is the engine's (engine.ts).
 */
import type { SendOutput, ViewChangedOutput } from '../channel';
import type { Effect, PeerRef, PkiId } from '../core';
import { own, blockSeq } from '../core';
import type { EmitterEvent } from '../emitter';
import { lookup, preferredEndpoint } from '../membership';
import type { PeerEnv } from './acc';
import type { IdentityRefusalReason, IdentityRefusedOutput } from '../security/identity';
import { channelAt, disseminationAt, electionAt, emitterAt, identitiesAt, identityPullAt, membershipAt, pullAt, stateTransferAt, type Address, type OutputOf, type SubsystemName } from './instances';
import { blockPullMessage, connectOrderer, identityPullMessage, leadershipEnvelope, membershipGauge, stateTransferMessage } from './outbound';
import { effect, input, none, refuseInput, reject, route, update, type Signal } from './signals';
import { withChannelPatched, withPeerState, type GossipItem, type PeerState } from './state';
import { namespaced, type TimerOwner } from './timers';
import { sameIds, sameOrgPeersAfter } from './views';

/** What a wire may read: the state as it is when the output is performed, the peer's env and clock. */
export interface WireContext {
  readonly state: PeerState;
  readonly env: PeerEnv;
  readonly nowMs: number;
}

type Wires<N extends SubsystemName> = {
  readonly [K in OutputOf<N>['kind']]: (out: Extract<OutputOf<N>, { kind: K }>, at: Address<N>, ctx: WireContext) => readonly Signal[];
};

/** Fabric's Gossip()/Forward(): hand a message to the emitter, optionally excluding its sender. */
const gossip = (item: GossipItem, excludePkiId?: string): Signal =>
  input(emitterAt, { type: 'ADD', item: excludePkiId === undefined ? { message: item } : { message: item, excludePkiId } } satisfies EmitterEvent);

const toHost = (o: Effect): readonly Signal[] => [effect(o)];
const timer = (o: Extract<Effect, { kind: 'setTimer' | 'cancelTimer' }>, at: TimerOwner): readonly Signal[] => [effect(namespaced(at, o))];

/** The effects a subsystem may hand straight to the host. */
const HOST: { readonly [K in Effect['kind']]: (o: Extract<Effect, { kind: K }>) => readonly Signal[] } = {
  send: toHost, setTimer: toHost, cancelTimer: toHost, handshake: toHost, closeConnection: toHost, persist: toHost, readLedger: toHost, deliverToLedger: toHost,
  leadershipChanged: toHost, connectOrderer: toHost, disconnectOrderer: toHost, log: toHost, metric: toHost,
};

const setIsLeader = (channel: string, isLeader: boolean) => update((s) => withChannelPatched(s, channel, { isLeader }));

/** The counter of an identity the store refused, by the store's reason (family `identity`). */
const REFUSAL_COUNTERS: { readonly [R in IdentityRefusalReason]: string } = {
  'PKIID is nil': 'identity.refused',
  'identity is nil': 'identity.refused',
  'failed classifying identity': 'identity.unclassifiable',
  'identity invalid': 'identity.invalid',
  'identity revoked': 'identity.revoked',
  "identity doesn't match the computed pkiID": 'identity.mismatch',
  'gossipping peer identity expired': 'identity.expired',
  "PKIID wasn't found": 'identity.notFound',
  'signature invalid': 'identity.badSignature',
};
export const refusalCounter = (o: Pick<IdentityRefusedOutput, 'reason'>): string => REFUSAL_COUNTERS[o.reason];
export const refusalMessage = (o: IdentityRefusedOutput): string =>
  `identity of ${o.pkiId} refused by the identity store: ${o.reason}${o.detail === undefined ? '' : `: ${o.detail}`}`;

/**
 * [PEER-FUNC-CHANNEL-VIEW.1] The channel view changed: the election and block pull get its
 * same-org peers (Fabric's adapter.Peers() = PeersOfChannel filtered by IsInMyOrg) when those
 * changed, and the host the membership gauge (Fabric's membershipTracker).
 */
function channelViewChanged({ state }: WireContext, channel: string, o: ViewChangedOutput): readonly Signal[] {
  const ch = own(state.channels, channel);
  const gauge = membershipGauge(channel, o.peers.length);
  if (ch === undefined) return [gauge];
  const view = sameOrgPeersAfter(state, ch.view, o);
  if (sameIds(ch.view, view)) return [gauge];
  return [
    update((s) => withChannelPatched(s, channel, { view })),
    input(electionAt(ch.channel), { type: 'VIEW_UPDATED', peers: view }),
    input(pullAt(ch.channel), { type: 'PEERS_UPDATED', peers: view }),
    gauge,
  ];
}

/**
 * [PEER-FUNC-CHANNEL-INSTANCE.1] A channel's point-to-point message (a StateInfo pull request, a
 * snapshot): each target at its preferred endpoint if membership knows it, else where the channel
 * said (the connection a request came on); a target with no endpoint is dropped.
 */
function channelSend({ state }: WireContext, o: SendOutput): readonly Signal[] {
  const to = o.to.flatMap((r): PeerRef[] => {
    const member = lookup(state.membership, r.pkiId);
    const endpoint = member === undefined ? r.endpoint : preferredEndpoint(member);
    return endpoint === '' ? [] : [{ pkiId: r.pkiId, endpoint }];
  });
  return to.length === 0 ? none : [effect({ kind: 'send', to, message: o.message })];
}

export const WIRING: { readonly [N in SubsystemName]: Wires<N> } = {
  membership: {
    ...HOST,
    gossip: (o) => [gossip({ kind: 'alive', envelope: o.envelope }, o.excludePkiId)],
    rejected: (o) => [reject(o.reason, o.message)],
    // [PEER-FUNC-IDENTITY-STORE.1] every identity membership takes goes into the store (Fabric: idMapper.Put).
    identityLearned: (o, _, { nowMs }) => [input(identitiesAt, { type: 'PUT', nowMs, pkiId: o.pkiId, identity: o.identity })],
    // Fabric's Verify marks the identity used (so it is not purged as unused); GET does that here.
    identityUsed: (o, _, { nowMs }) => [input(identitiesAt, { type: 'GET', nowMs, pkiId: o.pkiId })],
    setTimer: timer,
    cancelTimer: timer,
  },
  emitter: {
    gossipBatch: (o) => [route(o.items.map((i) => ({ item: i.message as GossipItem, exclude: i.excludePkiId })))],
    setTimer: timer,
    cancelTimer: timer,
  },
  identityPull: {
    sendHello: (o, _, { state }) => identityPullMessage(state, o),
    sendDigest: (o, _, { state }) => identityPullMessage(state, o),
    sendRequest: (o, _, { state }) => identityPullMessage(state, o),
    sendUpdate: (o, _, { state }) => identityPullMessage(state, o),
    setTimer: timer,
    cancelTimer: timer,
  },
  identities: {
    // Answers nobody waits for: the store is fed (PUT) and used (GET), never asked.
    stored: () => none,
    alreadyStored: () => none,
    identity: () => none,
    verified: () => none,
    // [PEER-FUNC-IDENTITY-REFUSED-INPUT.1] a refused PUT rejects the input that brought the identity, whole.
    refused: (o) => (o.request === 'PUT' ? [refuseInput(refusalCounter(o), refusalMessage(o))] : none),
    malformedInput: (o) => [reject('identity.malformedInput', `identity store input does not decode: ${o.error}`)],
    // [PEER-FUNC-IDENTITY-PURGE.1] Fabric's onPurge: certPuller.Remove, IdentitySwitch (discovery purge), CloseConn.
    purged: (o, _, { state, nowMs }) => [
      ...(own(state.identityPull.items, o.pkiId) === undefined ? none : [
        update((s) => { const items = { ...s.identityPull.items }; delete items[o.pkiId]; return withPeerState(s, { identityPull: { ...s.identityPull, items } }); }),
        input(identityPullAt, { type: 'ITEMS_REMOVED', ids: [o.pkiId] }),
      ]),
      input(membershipAt, { type: 'IDENTITY_PURGED', nowMs, pkiId: o.pkiId as PkiId }),
      effect({ kind: 'closeConnection', pkiId: o.pkiId as PkiId }),
    ],
    setTimer: timer,
    cancelTimer: timer,
  },
  election: {
    gossipLeadership: (o, at, { state, env }) => {
      const ch = own(state.channels, at.channel);
      return ch === undefined ? none : [gossip({ kind: 'leadership', channel: ch.channel, envelope: leadershipEnvelope(env, state, ch, o.isDeclaration, o.seqNum) })];
    },
    // [ELE-FUNC-ORDERER-CONNECTION.1] leader -> connectOrderer; not leader -> disconnectOrderer (Fabric's onStatusChangeFactory).
    leadershipChanged: (o, at, { state }) => [
      setIsLeader(at.channel, o.isLeader),
      effect({ kind: 'leadershipChanged', channel: at.channel, isLeader: o.isLeader }),
      effect(o.isLeader ? connectOrderer(state, at.channel) : { kind: 'disconnectOrderer', channel: at.channel }),
    ],
    metric: (o, at) => [effect({ kind: 'metric', name: o.name, value: o.value, labels: { channel: at.channel } })],
    setTimer: timer,
    cancelTimer: timer,
  },
  dissemination: {
    forward: (o, at) => [gossip({ kind: 'block', channel: at.channel, envelope: o.envelope }, o.excludePkiId)],
    gossip: (o, at) => [gossip({ kind: 'block', channel: at.channel, envelope: o.envelope })],
    // [PEER-FUNC-CHANNEL-INSTANCE.1] the state provider's UpdateLedgerHeight after each commit: height = seq + 1.
    commit: (o, at, { nowMs }) => [
      effect({ kind: 'deliverToLedger', channel: at.channel, seq: blockSeq(o.seq), block: o.block }),
      input(channelAt(at.channel), { type: 'LEDGER_HEIGHT', nowMs, height: o.seq + 1 }),
      input(stateTransferAt(at.channel), { type: 'LEDGER_HEIGHT', height: o.seq + 1 }),
    ],
    // [PEER-FUNC-PULL-SERVES-STORE.1] the pull engine offers exactly what the block store holds.
    stored: (o, at) => [
      ...(o.added.length > 0 ? [input(pullAt(at.channel), { type: 'ITEMS_ADDED', ids: o.added.map(String) })] : none),
      ...(o.removed.length > 0 ? [input(pullAt(at.channel), { type: 'ITEMS_REMOVED', ids: o.removed.map(String) })] : none),
    ],
    // [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] the engine hears of a taken update only, and of the blocks the store holds.
    pulledTaken: (o, at, { nowMs }) => [
      input(pullAt(at.channel), { type: 'UPDATE_RECEIVED', nowMs, from: o.fromPkiId as never, nonce: o.nonce, ids: o.seqs.map(String) }),
    ],
    ordererBlockRejected: (o, at) => [reject('orderer.badBlock', `orderer block ${o.seq} of ${at.channel} fails VerifyBlock: ${o.detail}`)],
    // [DIS-FUNC-PUSHED-BLOCK-REJECTED.1] a pushed block failing VerifyBlock is counted, not only logged.
    pushedBlockRejected: (o) => [reject('block.badBlock', `pushed block ${o.seq} from ${o.fromPkiId} fails VerifyBlock: ${o.detail}`)],
    updateRejected: (o) => [reject('pull.badBlock', `pulled update from ${o.fromPkiId} dropped whole: block ${o.seq}: ${o.detail}`)],
    log: (o, at) => [effect({ kind: 'log', level: o.level, message: o.message, fields: { channel: at.channel, ...o.fields } })],
    // [PEER-FUNC-STATE-TRANSFER.2] state transfer waits while the payload buffer is full (Fabric's blocking addPayload).
    bufferSize: (o, at) => [input(stateTransferAt(at.channel), { type: 'BUFFER_SIZE', size: o.size })],
    // [PEER-FUNC-STATE-TRANSFER.2] a refused batch is dropped and fetched again by a later round (dissemination logged it).
    fetchedRefused: (o, at) => [effect({ kind: 'metric', name: 'stateTransfer.batchesRefused', value: 1, labels: { channel: at.channel, from: o.fromPkiId } })],
    // [DIS-FUNC-BLOCK-EXPIRATION.1] the block store's expiry check.
    setTimer: timer,
    cancelTimer: timer,
  },
  pull: {
    sendHello: (o, at, { state }) => blockPullMessage(state, at.channel, o),
    sendDigest: (o, at, { state }) => blockPullMessage(state, at.channel, o),
    sendRequest: (o, at, { state }) => blockPullMessage(state, at.channel, o),
    sendUpdate: (o, at, { state }) => blockPullMessage(state, at.channel, o),
    setTimer: timer,
    cancelTimer: timer,
  },
  // [PEER-FUNC-CHANNEL-INSTANCE.1] Fabric's GossipChannel, StateInfo side.
  channel: {
    viewChanged: (o, at, ctx) => channelViewChanged(ctx, at.channel, o),
    // [PEER-FUNC-STATE-INFO-ROUTING.1] our own StateInfo and relayed ones go to the emitter, never back to their sender.
    gossip: (o, at) => [gossip({ kind: 'stateInfo', channel: at.channel, envelope: o.envelope }, o.excludePkiId)],
    send: (o, _, ctx) => channelSend(ctx, o),
    rejected: (o) => [reject(o.reason, o.message)],
    log: (o, at) => [effect({ kind: 'log', level: o.level, message: o.message, fields: { channel: at.channel, ...o.fields } })],
    setTimer: timer,
    cancelTimer: timer,
  },
  // [PEER-FUNC-STATE-TRANSFER.2] Fabric's GossipStateProvider: requests and responses on the wire,
  // reads of the host's ledger, fetched blocks into the channel's commit pipeline.
  stateTransfer: {
    sendStateRequest: (o, at, { state }) => stateTransferMessage(state, at.channel, o),
    sendStateResponse: (o, at, { state }) => stateTransferMessage(state, at.channel, o),
    readLedger: (o, at) => [effect({ kind: 'readLedger', channel: at.channel, startSeq: blockSeq(o.startSeq), endSeq: blockSeq(o.endSeq), correlation: o.correlation })],
    blocksFetched: (o, at, { nowMs }) => [
      input(disseminationAt(at.channel), { type: 'BLOCKS_FETCHED', nowMs, fromPkiId: o.from, blocks: o.payloads.map((p) => ({ seq: blockSeq(p.seqNum), block: p.data })) }),
    ],
    rejected: (o) => [reject(o.reason, o.message)],
    metric: (o, at) => [effect({ kind: 'metric', name: o.name, value: o.value, labels: { channel: at.channel } })],
    setTimer: timer,
    cancelTimer: timer,
  },
};
