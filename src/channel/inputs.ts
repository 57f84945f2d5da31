/**
 * What the channel accepts ([CHN-ASM-INPUTS.1]). Inbound envelopes come decoded and tag-checked by
 * the composition, which also supplies what it knows and the channel must not look up itself: the
 * identities of the PKI-IDs a message involves, and membership's alive and dead members. Types
 * come from the codecs.
 */
import * as t from 'io-ts';
import { ChannelId, OrgId, PkiId } from '../core/ids';
import { NonNegativeInt, TimeMs } from '../core/numbers';
import { envelopeOf, StateInfoContent, StateInfoPullRequest, StateInfoSnapshot } from '../messages';
import { ChannelParams } from './params';

export const AnchorPeer = t.type({ host: t.string, port: t.number }, 'AnchorPeer');

/** A channel config: Fabric's JoinChannelMessage (sequence, and per org its anchor peers). */
export const ChannelConfig = t.type(
  {
    channel: ChannelId,
    sequence: NonNegativeInt,
    orgs: t.readonlyArray(t.type({ mspId: OrgId, anchorPeers: t.readonlyArray(AnchorPeer) }), 'Orgs'),
  },
  'ChannelConfig',
);
export type ChannelConfig = t.TypeOf<typeof ChannelConfig>;

/**
 * What membership knows of a peer (Fabric's NetworkMember plus the identity mapper's entry):
 * `endpoint` is the external endpoint ("" when the peer has none), `identity` is absent when the
 * identity store holds none (never learned, expired or revoked).
 */
export const ChannelMember = t.intersection(
  [t.type({ pkiId: PkiId, endpoint: t.string }), t.partial({ internalEndpoint: t.string, identity: t.string })],
  'ChannelMember',
);
export type ChannelMember = t.TypeOf<typeof ChannelMember>;

/** Identities the composition knows, by PKI-ID (at least the sender's and each subject's, when known). */
export const KnownIdentities = t.record(t.string, t.string, 'KnownIdentities');
export type KnownIdentities = t.TypeOf<typeof KnownIdentities>;

const StateInfoEnvelope = envelopeOf(StateInfoContent, 'StateInfoEnvelope');
export type StateInfoEnvelope = t.TypeOf<typeof StateInfoEnvelope>;
const SnapshotEnvelope = envelopeOf(t.type({ $case: t.literal('stateSnapshot'), stateSnapshot: StateInfoSnapshot }), 'StateInfoSnapshotEnvelope');
export type SnapshotEnvelope = t.TypeOf<typeof SnapshotEnvelope>;
const PullRequestEnvelope = envelopeOf(t.type({ $case: t.literal('stateInfoPullReq'), stateInfoPullReq: StateInfoPullRequest }), 'StateInfoPullRequestEnvelope');
export type PullRequestEnvelope = t.TypeOf<typeof PullRequestEnvelope>;

/** Fabric's ConfigureChannel (from the config eventer). */
export const ConfigUpdated = t.type({ type: t.literal('CONFIG_UPDATED'), config: ChannelConfig }, 'ConfigUpdated');
/** Fabric's UpdateLedgerHeight: the state provider committed up to height - 1. */
export const LedgerHeight = t.type({ type: t.literal('LEDGER_HEIGHT'), nowMs: TimeMs, height: NonNegativeInt }, 'LedgerHeight');
/** Fabric's LeaveChannel. */
export const LeaveChannel = t.type({ type: t.literal('LEAVE'), nowMs: TimeMs }, 'LeaveChannel');
/** Membership's view changed: its alive members (Fabric's GetMembership) and its dead ones (Lookup also finds those). */
export const MembershipChanged = t.type(
  { type: t.literal('MEMBERSHIP_CHANGED'), alive: t.readonlyArray(ChannelMember), dead: t.readonlyArray(ChannelMember) },
  'MembershipChanged',
);
/** A pushed StateInfo message; `from` is the PKI-ID of the connection it came on. */
export const StateInfoReceived = t.type(
  { type: t.literal('STATE_INFO_RECEIVED'), from: PkiId, envelope: StateInfoEnvelope, identities: KnownIdentities },
  'StateInfoReceived',
);
/** A StateInfoSnapshot answering our pull request. */
export const SnapshotReceived = t.type(
  { type: t.literal('SNAPSHOT_RECEIVED'), from: PkiId, envelope: SnapshotEnvelope, identities: KnownIdentities },
  'SnapshotReceived',
);
/** A StateInfoPullRequest; the snapshot goes back to `from` at `endpoint`. */
export const PullRequestReceived = t.type(
  { type: t.literal('PULL_REQUEST_RECEIVED'), from: PkiId, endpoint: t.string, envelope: PullRequestEnvelope, identities: KnownIdentities },
  'PullRequestReceived',
);
/** Fabric's Stop. */
export const StopChannel = t.type({ type: t.literal('STOP') }, 'StopChannel');

export const ChannelCommand = t.union(
  [ConfigUpdated, LedgerHeight, LeaveChannel, MembershipChanged, StateInfoReceived, SnapshotReceived, PullRequestReceived, StopChannel],
  'ChannelCommand',
);
export type ChannelCommand = t.TypeOf<typeof ChannelCommand>;
export type ConfigUpdated = t.TypeOf<typeof ConfigUpdated>;
export type StateInfoReceived = t.TypeOf<typeof StateInfoReceived>;
export type SnapshotReceived = t.TypeOf<typeof SnapshotReceived>;
export type PullRequestReceived = t.TypeOf<typeof PullRequestReceived>;
export type MembershipChanged = t.TypeOf<typeof MembershipChanged>;

/** The timers' events, as xstate names them for `after: { <delay> }` on each region. */
export const CHANNEL_TIMER_EVENTS = {
  publishStateInfoInterval: 'xstate.after.publishStateInfoInterval.channel.running.publishing.waiting',
  requestStateInfoInterval: 'xstate.after.requestStateInfoInterval.channel.running.requesting.waiting',
  stateInfoCacheSweepInterval: 'xstate.after.stateInfoCacheSweepInterval.channel.running.sweeping.waiting',
} as const;
export const ChannelTimerEvent = t.type(
  {
    type: t.keyof({
      [CHANNEL_TIMER_EVENTS.publishStateInfoInterval]: null,
      [CHANNEL_TIMER_EVENTS.requestStateInfoInterval]: null,
      [CHANNEL_TIMER_EVENTS.stateInfoCacheSweepInterval]: null,
    } as Record<(typeof CHANNEL_TIMER_EVENTS)[keyof typeof CHANNEL_TIMER_EVENTS], null>),
  },
  'ChannelTimerEvent',
);
export type ChannelTimerEvent = t.TypeOf<typeof ChannelTimerEvent>;

export const ChannelEvent = t.union([ChannelCommand, ChannelTimerEvent], 'ChannelEvent');
export type ChannelEvent = t.TypeOf<typeof ChannelEvent>;

/** Who this peer is in the channel: its PKI-ID, org, identity and external endpoint ("" for none). */
export const ChannelSelf = t.type({ pkiId: PkiId, org: OrgId, identity: t.string, endpoint: t.string }, 'ChannelSelf');
export type ChannelSelf = t.TypeOf<typeof ChannelSelf>;

/**
 * What one channel instance starts from: Fabric's NewGossipChannel. `startTimeMs` sets the
 * StateInfo incarnation (incTime); `seed` the instance's own PRNG stream.
 */
export const ChannelStart = t.type(
  { self: ChannelSelf, config: ChannelConfig, startTimeMs: TimeMs, seed: t.number, params: ChannelParams },
  'ChannelStart',
);
export type ChannelStart = t.TypeOf<typeof ChannelStart>;

