/** The membership reducer's state and outputs. */
import type { ChartState } from '../core/xstate-step';
import type { CompiledState } from '../core/compiled';
import type { Effect, OrgId, PeerTime, PkiId, Prng } from '../core';
import type { Envelope } from '../messages';
import type { connectMachine } from './connect-machine';
import type { SelfInfo, TimerEvent } from './inputs';
import type { MemberSnapshot } from './member-step';
import type { MembershipParams } from './params';
import type { PMap } from '../core/pmap';
import type { AliveEnvelope } from './wire';

export type ConnectSnapshot = ChartState<typeof connectMachine>;

/** What never changes after init. */
export interface MembershipConfig {
  readonly params: MembershipParams;
  readonly bootstrap: readonly string[];
  readonly startTimeMs: number;
  /** Start time in nanoseconds: the incNum of every alive message of this incarnation. */
  readonly incNum: bigint;
}

/** An identity table entry (Fabric's identity mapper, reduced to what membership needs). */
export interface KnownIdentity {
  readonly identity: string;
  readonly org: OrgId;
}

/** The alive msg-store holds at most one message per PKI-ID (the alive comparator keeps the newest). */
export interface StoredAlive {
  readonly ts: PeerTime;
  /** When it entered the store: the TTL counts from here. */
  readonly addedAtMs: number;
  /** Older than the TTL: excluded from the store's contents, but still blocks older messages. */
  readonly expired: boolean;
  readonly endpoint: string;
  readonly internalEndpoint: string;
}

/** Why a probe handshake (attempt 0) to an endpoint was made. */
export interface ProbePurposes {
  /** Dead members to send a membership request to when the probe succeeds. */
  readonly reconnect: readonly PkiId[];
}

/**
 * The peer's view: the discovery chart's context (discovery-machine.ts), which its named actions
 * change and its guards read.
 */
export interface MembershipView {
  readonly config: MembershipConfig;
  readonly self: SelfInfo;
  readonly seqNum: bigint;
  /** The last alive message of the heartbeat (Fabric's selfAliveMessage). */
  readonly selfAlive: AliveEnvelope | undefined;
  /** One member chart per known PKI-ID (alive or dead; purged ones are removed). */
  readonly members: PMap<MemberSnapshot>;
  readonly aliveCount: number;
  /**
   * A fresh object whenever what aliveMembers() returns may have changed (a member's status,
   * endpoints or metadata, or a newly known identity), the same object otherwise: queries memoise
   * on it, since an alive message that only refreshes lastSeen changes the members map but not
   * the view ([MEM-FUNC-VIEW-TOKEN.1]).
   */
  readonly viewToken: object;
  readonly identities: PMap<KnownIdentity>;
  readonly store: PMap<StoredAlive>;
  /** Outstanding probe handshakes by endpoint. */
  readonly probes: PMap<ProbePurposes>;
  /** Connect charts by endpoint. */
  readonly connects: PMap<ConnectSnapshot>;
  /** Anchor endpoints by channel (protects them from purge). */
  readonly anchors: Readonly<Record<string, readonly string[]>>;
  readonly prng: Prng;
}

/**
 * Which states of the discovery chart are active: its state without the context (the context is
 * the rest of MembershipState, kept at the top so that queries read `state.members`).
 */
export type DiscoveryControl = Omit<CompiledState, 'context'>;

/** The discovery chart's state, flattened: its context's fields, and its active states under `discovery`. */
export interface MembershipState extends MembershipView {
  readonly discovery: DiscoveryControl;
}

/** "Give this alive envelope to the emitter" (own heartbeat, or a forward excluding its sender). */
export interface GossipOutput {
  readonly kind: 'gossip';
  readonly envelope: AliveEnvelope;
  readonly excludePkiId?: PkiId;
}

/**
 * [GEN-FUNC-BAD-INPUT.1] A pushed message this step dropped whole (an alive message whose signer
 * is unknown or whose signature or identity is invalid; a membership request whose self-information
 * is not the sender's, [MEM-FUNC-MEMREQ-ANTI-SPOOFING.2]): the composition counts it with
 * `reason`. Nothing else changed.
 */
export interface RejectedOutput {
  readonly kind: 'rejected';
  readonly reason: string;
  readonly message: string;
}

/**
 * [MEM-FUNC-IDENTITY-LEARNED.1] An identity the table learned this step (Fabric's discovery puts
 * it into the identity mapper): the composition hands it to the identity store.
 */
export interface IdentityLearnedOutput {
  readonly kind: 'identityLearned';
  readonly pkiId: PkiId;
  readonly identity: string;
}

/**
 * [MEM-FUNC-IDENTITY-LEARNED.1] An alive message of this PKI-ID was verified with its identity
 * (Fabric verifies through the identity mapper, which marks the identity used).
 */
export interface IdentityUsedOutput {
  readonly kind: 'identityUsed';
  readonly pkiId: PkiId;
}

export type MembershipEffect = Effect<Envelope, TimerEvent>;
export type MembershipOutput = MembershipEffect | GossipOutput | RejectedOutput | IdentityLearnedOutput | IdentityUsedOutput;
