/** The composed peer's state: one value holding every subsystem's state plus the peer's own. */
import type { ChannelId, OrgId, PeerTime, PkiId, Prng, TimerTable } from '../core';
import { own } from '../core/records';
import type { ChannelState as GossipChannelState } from '../channel';
import type { GossipConfig } from '../config';
import type { DisseminationState } from '../dissemination';
import type { ElectionState } from '../election';
import type { PullState } from '../pull';
import type { EmitterState } from '../emitter';
import type { MembershipState } from '../membership';
import type { Envelope, EnvelopeOf } from '../messages';
import type { IdentityStoreState } from '../security/identity';
import type { StateTransferState } from '../statetransfer';

export interface PeerSelf {
  readonly pkiId: PkiId;
  readonly identity: string;
  readonly org: OrgId;
  readonly internalEndpoint: string;
  readonly externalEndpoint: string;
}

/** What the emitter buffers for this peer: the envelope and how routing must treat it. */
export type GossipItem =
  | { readonly kind: 'alive'; readonly envelope: Envelope }
  | { readonly kind: 'leadership'; readonly channel: ChannelId; readonly envelope: Envelope }
  | { readonly kind: 'block'; readonly channel: ChannelId; readonly envelope: Envelope }
  /** A StateInfo of `channel` (its own or a relayed one): routed by [PEER-FUNC-STATE-INFO-ROUTING.1]. */
  | { readonly kind: 'stateInfo'; readonly channel: ChannelId; readonly envelope: Envelope };

export interface ChannelState {
  readonly channel: ChannelId;
  /** Config sequence of the last join message applied; lower ones are ignored. */
  readonly sequence: number;
  readonly orgs: readonly OrgId[];
  /** The PKI-IDs the last applied config revokes ([PEER-FUNC-IDENTITY-REVOCATION.1]). */
  readonly revokedPkiIds: readonly PkiId[];
  readonly election: ElectionState;
  /** PeerTime.incNum of this channel's leadership messages: the election's creation time. */
  readonly leadershipIncNum: bigint;
  /**
   * Fabric's leaderMsgStore: the newest accepted PeerTime per creator (dedup, replay defence) and
   * when it was accepted; forgotten 2 × leaderAliveThreshold × 10 later ([PEER-FUNC-LEADERSHIP-STORE-EXPIRY.1]).
   */
  readonly lastLeadership: Readonly<Record<string, { readonly ts: PeerTime; readonly addedAtMs: number }>>;
  /**
   * The view last given to the election and block pull: the channel peers (from StateInfo) of my
   * org, sorted (Fabric's adapter.Peers(), [PEER-FUNC-CHANNEL-VIEW.1]).
   */
  readonly view: readonly PkiId[];
  /**
   * The channel subsystem's instance (Fabric's GossipChannel, StateInfo side): this peer's
   * StateInfo, the others' StateInfo, the channel view ([PEER-FUNC-CHANNEL-INSTANCE.1]).
   */
  readonly gossipChannel: GossipChannelState;
  readonly isLeader: boolean;
  /** Block push and the in-order commit pipeline of this channel. */
  readonly dissemination: DisseminationState;
  /** The channel's block pull engine (BLOCK_MSG), serving what dissemination's store holds. */
  readonly pull: PullState;
  /** Anti-entropy state transfer, present only with state.enabled ([PEER-FUNC-STATE-TRANSFER.2]). */
  readonly stateTransfer?: StateTransferState;
}

/** A signed PeerIdentity message ([PEER-MSG-PEER-IDENTITY.1]). */
export type IdentityEnvelope = EnvelopeOf<'peerIdentity'>;

export interface IdentityPullState {
  readonly engine: PullState;
  /** Signed PeerIdentity envelopes by PKI-ID: our own and those identity pull brought. */
  readonly items: Readonly<Record<string, IdentityEnvelope>>;
  /** The alive members the engine last heard of (it pulls from them). */
  readonly peers: readonly PkiId[];
}

export interface PeerState {
  readonly self: PeerSelf;
  readonly config: GossipConfig;
  readonly seed: number;
  readonly membership: MembershipState;
  readonly emitter: EmitterState;
  /** Identity pull (Fabric's certstore): signed identities, pulled from every alive member. */
  readonly identityPull: IdentityPullState;
  /**
   * The identity store (Fabric's identity mapper, [PEER-FUNC-IDENTITY-STORE.1]): every identity
   * membership takes, purged when it expires, is revoked, or goes unused.
   */
  readonly identities: IdentityStoreState;
  readonly channels: Readonly<Record<string, ChannelState>>;
  /** Ledger heights that survive a restart (from the host at init), per channel. */
  readonly initialHeights: Readonly<Record<string, number>>;
  /** The routing stream: which peers each push goes to (SelectPeers). */
  readonly routing: Prng;
  /** The timers armed now, with their generations ([GEN-FUNC-TIMER-GENERATIONS.1]). */
  readonly timers: TimerTable;
  /** Inputs rejected at the edge, by reason ([GEN-FUNC-BAD-INPUT.1]). */
  readonly rejected: Readonly<Record<string, number>>;
  readonly stopped: boolean;
}

/*
 * Copies with some fields replaced, written out field by field rather than spread: a peer's state
 * is copied at nearly every input, and on Node 20 spreading these 13-field records cost about
 * 400 ns where the literal costs about 15 (#14, docs/benchmarks.md). Every field of PeerState is
 * required and none may be undefined, so `??` keeps exactly the fields the patch leaves out, and a
 * field added to the interface without a line here does not compile.
 */

/** [PEER-FUNC-STATE-COPY.1] `{ ...s, ...patch }`, written out. */
export function withPeerState(s: PeerState, patch: Partial<PeerState>): PeerState {
  return {
    self: patch.self ?? s.self,
    config: patch.config ?? s.config,
    seed: patch.seed ?? s.seed,
    membership: patch.membership ?? s.membership,
    emitter: patch.emitter ?? s.emitter,
    identities: patch.identities ?? s.identities,
    channels: patch.channels ?? s.channels,
    initialHeights: patch.initialHeights ?? s.initialHeights,
    routing: patch.routing ?? s.routing,
    timers: patch.timers ?? s.timers,
    rejected: patch.rejected ?? s.rejected,
    stopped: patch.stopped ?? s.stopped,
    identityPull: patch.identityPull ?? s.identityPull,
  };
}

/**
 * [PEER-FUNC-STATE-COPY.1] `{ ...ch, ...patch }`, written out; `stateTransfer` is the one optional
 * field, present in the copy exactly when it is in `ch` or the patch.
 */
export function withChannelState(ch: ChannelState, patch: Partial<ChannelState>): ChannelState {
  const copy: { -readonly [K in keyof ChannelState]: ChannelState[K] } = {
    channel: patch.channel ?? ch.channel,
    sequence: patch.sequence ?? ch.sequence,
    orgs: patch.orgs ?? ch.orgs,
    revokedPkiIds: patch.revokedPkiIds ?? ch.revokedPkiIds,
    election: patch.election ?? ch.election,
    leadershipIncNum: patch.leadershipIncNum ?? ch.leadershipIncNum,
    lastLeadership: patch.lastLeadership ?? ch.lastLeadership,
    view: patch.view ?? ch.view,
    gossipChannel: patch.gossipChannel ?? ch.gossipChannel,
    isLeader: patch.isLeader ?? ch.isLeader,
    dissemination: patch.dissemination ?? ch.dissemination,
    pull: patch.pull ?? ch.pull,
  };
  const stateTransfer = patch.stateTransfer ?? ch.stateTransfer;
  if (stateTransfer !== undefined) copy.stateTransfer = stateTransfer;
  return copy;
}

/**
 * [PEER-FUNC-STATE-COPY.1] The peer's state with the record of channel `channel` patched; the same
 * state when the peer has not joined it (a channel name from the wire may name none, or a key of
 * Object.prototype, hence `own`).
 */
export function withChannelPatched(s: PeerState, channel: string, patch: Partial<ChannelState>): PeerState {
  const ch = own(s.channels, channel);
  if (ch === undefined) return s;
  return withPeerState(s, { channels: { ...s.channels, [channel]: withChannelState(ch, patch) } });
}
