/**
 * The simulated world as a value: peers (reducer state, liveness, timers, ledgers, leader flags),
 * in-flight envelopes, scheduled host events, the ordering service, the network settings, a PRNG
 * and a virtual clock. Every operation (step.ts, commands.ts) returns a new World and leaves its
 * argument untouched; untouched parts are shared between the two (pvec.ts, treap.ts, and
 * copy-on-write maps), so a step costs O(log n), not O(size of the world).
 */
import type { ConnectionInfo, Effect, HandshakeResult, OrgId, PeerReducer, PkiId, Prng } from '../core';
import type { PMap } from '../core/pmap';
import type { Counters } from './counters';
import type { PVec } from './pvec';
import type { Treap } from './treap';
import type { FailureKind, LedgerAnomaly, TraceList } from './trace-types';
import type { ConnectionRecord, Transport } from './transport/types';

/** Who a peer is; fixed for the life of the world (a restart keeps it). */
export interface PeerSpec {
  readonly name: string;
  readonly pkiId: PkiId;
  /** Serialized identity (`<mspId>\n<credential>`), as the handshake reveals it. */
  readonly identity: string;
  readonly org: OrgId;
  readonly internalEndpoint: string;
  readonly externalEndpoint: string;
}

/** What a peer (re)starts with besides its spec: the ledger survives a restart, as a disk would. */
export interface PeerInitContext {
  /** 0 at world creation, then +1 per restart. */
  readonly incarnation: number;
  readonly ledgerHeights: Readonly<Record<string, number>>;
  /** The peer's stable storage as its `persist` effects left it. */
  readonly durable: Readonly<Record<string, unknown>>;
}

export type InitPeer<S> = (spec: PeerSpec, nowMs: number, context: PeerInitContext) => readonly [S, readonly Effect[]];

export interface NetworkSettings {
  /** Per-envelope latency is uniform in [min, max] (integers), times the slow factor. */
  readonly minLatencyMs: number;
  readonly maxLatencyMs: number;
  /** Latency factor (>= 1) for every envelope to or from the named peer (the larger one wins). */
  readonly slowPeers: Readonly<Record<string, number>>;
  readonly lossProbability: number;
  readonly duplicationProbability: number;
  /** How long a dial to an unreachable endpoint takes to fail (Fabric's peer.gossip.dialTimeout). */
  readonly dialTimeoutMs: number;
  /** Latency of every block on an orderer stream (fixed, so the stream stays FIFO). */
  readonly ordererLatencyMs: number;
}

export const DEFAULT_NETWORK: NetworkSettings = {
  minLatencyMs: 1,
  maxLatencyMs: 10,
  slowPeers: {},
  lossProbability: 0,
  duplicationProbability: 0,
  dialTimeoutMs: 3000,
  ordererLatencyMs: 1,
};

export interface WorldConfig<S> {
  readonly reducer: PeerReducer<S>;
  readonly initPeer: InitPeer<S>;
  /** The ordering service's block for (channel, seq); "signing" it is the caller's business. */
  readonly makeBlock: (channel: string, seq: number, previousHash: string) => unknown;
  readonly hashBlock: (block: unknown) => string;
  /** Keep the ndjson trace in the world (tests, replays); off for long runs (counters stay on). */
  readonly tracing: boolean;
  /** More events than this at one virtual instant means time has stopped (a zero-delay loop). */
  readonly maxStepsPerInstant: number;
}

/** Static lookups shared by every world of one run. */
export interface Directory {
  readonly specs: readonly PeerSpec[];
  readonly byName: ReadonlyMap<string, number>;
  readonly byPkiId: ReadonlyMap<string, number>;
  readonly byEndpoint: ReadonlyMap<string, number>;
  /** What a recipient sees of each peer's connection (built once, shared by every delivery). */
  readonly connections: readonly ConnectionInfo[];
  /** The same as seen by a peer of another org (external endpoint). */
  readonly foreignConnections: readonly ConnectionInfo[];
}

export interface LedgerEntry {
  readonly seq: number;
  readonly block: unknown;
  readonly hash: string;
  readonly atMs: number;
}

export interface ArmedTimer {
  readonly atMs: number;
  readonly seq: number;
}

export interface PeerSlot<S> {
  readonly spec: PeerSpec;
  /** The last state; a crashed peer keeps it for post-mortems but is never stepped. */
  readonly state: S;
  readonly alive: boolean;
  readonly incarnation: number;
  readonly timers: ReadonlyMap<string, ArmedTimer>;
  /** Committed blocks per channel, in commit order (deliverToLedger effects). */
  readonly ledgers: ReadonlyMap<string, PVec<LedgerEntry>>;
  /** Stable storage (`persist` effects); survives crash and restart, like the ledgers. */
  readonly durable: Readonly<Record<string, unknown>>;
  /** The last leadershipChanged per channel; cleared by a crash. */
  readonly leaderOf: ReadonlyMap<string, boolean>;
  /**
   * [SIM-FUNC-CONNECTION-HANDSHAKE.1] With a transport: connections opened or refused, by the other
   * end's index (as a string key); a record is valid only while both ends keep the incarnations it
   * names. A persistent map: a peer of N opens up to N connections, and copying the table on each
   * was O(N^2) per peer.
   */
  readonly connections?: PMap<ConnectionRecord>;
}

export interface Envelope {
  /** The message id of the send (a duplicate shares it). */
  readonly id: number;
  readonly from: number;
  readonly to: number;
  /** A restart of the recipient in between resets the connection: the envelope is dropped. */
  readonly toIncarnation: number;
  /** The sender's incarnation when it sent ([SIM-FUNC-PRESUMED-DEAD.2]: a failure is reported to it only). */
  readonly fromIncarnation: number;
  readonly payload: unknown;
  readonly sentAtMs: number;
}

export type HostEvent =
  | { readonly kind: 'timer'; readonly peer: number; readonly timerId: string; readonly event: unknown }
  | {
      readonly kind: 'handshakeResult';
      readonly peer: number;
      readonly incarnation: number;
      readonly endpoint: string;
      readonly attempt: number;
      readonly result: HandshakeResult;
    }
  | { readonly kind: 'ordererStream'; readonly peer: number; readonly channel: string; readonly streamId: number }
  /** [SIM-FUNC-ORDERER-OUTAGE.1] The stream has been unable to deliver for its giveUpAfterMs. */
  | { readonly kind: 'ordererGiveUp'; readonly peer: number; readonly channel: string; readonly streamId: number }
  /** [SIM-FUNC-PRESUMED-DEAD.2] A send of this incarnation of `peer` to `pkiId` failed: comm's PresumedDead(). */
  | { readonly kind: 'presumedDead'; readonly peer: number; readonly incarnation: number; readonly pkiId: string }
  /** [SIM-FUNC-LEDGER-READ.1] The answer to a `readLedger`, read when the effect was performed, for that incarnation. */
  | {
      readonly kind: 'ledgerRead';
      readonly peer: number;
      readonly incarnation: number;
      readonly channel: string;
      readonly correlation: number;
      readonly blocks: readonly { readonly seq: number; readonly block: unknown }[];
    };

export interface OrdererBlock {
  readonly seq: number;
  readonly block: unknown;
  readonly hash: string;
}

/** One connection of a peer to the ordering service for one channel (a FIFO cursor). */
export interface OrdererStream {
  readonly streamId: number;
  readonly nextSeq: number;
  /** Whether a stream event is queued (at most one per stream keeps blocks in order). */
  readonly scheduled: boolean;
  /** How long the deliverer bears an unreachable ordering service; undefined = forever (a static leader). */
  readonly giveUpAfterMs: number | undefined;
  /** The queued give-up event, while the service is unreachable by this peer (outage or partition) and the stream has a giveUpAfterMs. */
  readonly giveUpAt: ArmedTimer | undefined;
}

export interface OrdererChannel {
  readonly blocks: PVec<OrdererBlock>;
  readonly streams: ReadonlyMap<number, OrdererStream>;
  /**
   * False during an outage ([SIM-FUNC-ORDERER-OUTAGE.1]): streams deliver nothing, blocks wait. A
   * partition may also put some peers out of its reach ([SIM-FUNC-ORDERER-PARTITION.1], orderer.ts `reaches`).
   */
  readonly reachable: boolean;
}

export interface OrdererState {
  readonly channels: ReadonlyMap<string, OrdererChannel>;
  readonly nextStreamId: number;
}

export interface Partition {
  readonly groups: readonly (readonly string[])[];
  /** Group number by peer index; peers named in no group share group `groups.length`. */
  readonly groupOf: readonly number[];
  /**
   * [SIM-FUNC-ORDERER-PARTITION.1] The group the ordering service is in (`groups.length`: with the
   * peers named in no group); only that group's peers reach it. Undefined: every peer reaches it.
   */
  readonly ordererGroup: number | undefined;
}

/** Why a run stopped; carries everything needed to reproduce it (seed, step, time). */
export interface SimFailure {
  readonly kind: FailureKind;
  readonly seed: number;
  readonly step: number;
  readonly nowMs: number;
  readonly message: string;
  readonly peer?: string;
  readonly input?: unknown;
}

export interface LedgerAnomalyRecord {
  readonly peer: string;
  readonly channel: string;
  readonly seq: number;
  readonly anomaly: LedgerAnomaly;
}

export interface World<S> {
  readonly config: WorldConfig<S>;
  readonly directory: Directory;
  readonly seed: number;
  readonly nowMs: number;
  /** Transitions so far (events and commands); trace lines carry it. */
  readonly step: number;
  readonly nextSeq: number;
  readonly stepsAtThisInstant: number;
  readonly prng: Prng;
  readonly network: NetworkSettings;
  readonly partition: Partition | undefined;
  readonly peers: PVec<PeerSlot<S>>;
  readonly envelopes: Treap<Envelope>;
  readonly events: Treap<HostEvent>;
  readonly orderer: OrdererState;
  /** Counters by kind and drop reason, kept even when tracing is off ([SIM-FUNC-COUNTERS.1]). */
  readonly stats: Counters;
  readonly trace: TraceList;
  /** The first commit that broke in-order commit or differs from the orderer's block. */
  readonly firstLedgerAnomaly: LedgerAnomalyRecord | undefined;
  /** Set when the world halted (a reducer threw, ...); a halted world steps to itself. */
  readonly failure: SimFailure | undefined;
  /**
   * [SIM-FUNC-TRANSPORT.1] The crypto material that makes dials and connections run the comm
   * handshake chart; absent: dials are answered from the directory ([SIM-FUNC-HANDSHAKE.2]).
   */
  readonly transport?: Transport;
}
