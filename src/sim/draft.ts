/**
 * A Draft is the working copy of one world transition. It starts from a World, reassigns fields
 * with new persistent values (never mutating anything the World shares), and `close()` builds the
 * next World. This is the one place where the simulator mutates: a fresh local object, never a
 * value someone else holds, so `stepWorld` stays value-like (the input world is unchanged):
 * [SIM-FUNC-VALUE-SEMANTICS.1].
 */
import { nextFloat, nextInt, type HostInput, type Prng } from '../core';
import { CounterDraft } from './counters';
import { vecGet, vecSet } from './pvec';
import type { FailureKind, TraceBody, TraceEvent, TraceList } from './trace-types';
import { treapInsert, treapRemove, type Treap } from './treap';
import type {
  ArmedTimer,
  Directory,
  Envelope,
  HostEvent,
  LedgerAnomalyRecord,
  NetworkSettings,
  OrdererState,
  Partition,
  PeerSlot,
  SimFailure,
  World,
  WorldConfig,
} from './world';
import type { PVec } from './pvec';
import type { Transport } from './transport/types';

export class Draft<S> {
  readonly config: WorldConfig<S>;
  readonly directory: Directory;
  readonly seed: number;
  nowMs: number;
  step: number;
  nextSeq: number;
  stepsAtThisInstant: number;
  prng: Prng;
  network: NetworkSettings;
  partition: Partition | undefined;
  envelopes: Treap<Envelope>;
  events: Treap<HostEvent>;
  orderer: OrdererState;
  trace: TraceList;
  firstLedgerAnomaly: LedgerAnomalyRecord | undefined;
  failure: SimFailure | undefined;
  transport: Transport | undefined;
  private peers: PVec<PeerSlot<S>>;
  private readonly stats: CounterDraft;
  /** Peer slots changed in this transition, written back once at close(). */
  private readonly dirty = new Map<number, PeerSlot<S>>();
  /** Timer tables created in this transition: no World holds them yet, so they may still change. */
  private readonly ownTimers = new WeakSet<ReadonlyMap<string, ArmedTimer>>();

  constructor(world: World<S>) {
    this.config = world.config;
    this.directory = world.directory;
    this.seed = world.seed;
    this.nowMs = world.nowMs;
    this.step = world.step;
    this.nextSeq = world.nextSeq;
    this.stepsAtThisInstant = world.stepsAtThisInstant;
    this.prng = world.prng;
    this.network = world.network;
    this.partition = world.partition;
    this.peers = world.peers;
    this.envelopes = world.envelopes;
    this.events = world.events;
    this.orderer = world.orderer;
    this.stats = new CounterDraft(world.stats);
    this.trace = world.trace;
    this.firstLedgerAnomaly = world.firstLedgerAnomaly;
    this.failure = world.failure;
    this.transport = world.transport;
  }

  /** A fresh sequence number: message ids and the tie-break of events at one instant. */
  takeSeq(): number {
    return this.nextSeq++;
  }

  nameOf(index: number): string {
    return (this.directory.specs[index] as { name: string }).name;
  }

  slot(index: number): PeerSlot<S> {
    const changed = this.dirty.get(index);
    if (changed !== undefined) return changed;
    return vecGet(this.peers, index) as PeerSlot<S>;
  }

  setSlot(index: number, slot: PeerSlot<S>): void {
    this.dirty.set(index, slot);
  }

  /**
   * [SIM-FUNC-VALUE-SEMANTICS.1] The peer's slot with some fields replaced: `{ ...slot, ...patch }`
   * written out, since a slot changes at nearly every step and a spread of it cost several times
   * the literal on Node 20 (#14). Every field but `connections` is required and never undefined.
   */
  patchSlot(index: number, patch: Partial<PeerSlot<S>>): void {
    const slot = this.slot(index);
    const next: { -readonly [K in keyof PeerSlot<S>]: PeerSlot<S>[K] } = {
      spec: patch.spec ?? slot.spec,
      state: 'state' in patch ? (patch.state as S) : slot.state,
      alive: patch.alive ?? slot.alive,
      incarnation: patch.incarnation ?? slot.incarnation,
      timers: patch.timers ?? slot.timers,
      ledgers: patch.ledgers ?? slot.ledgers,
      durable: patch.durable ?? slot.durable,
      leaderOf: patch.leaderOf ?? slot.leaderOf,
    };
    const connections = patch.connections ?? slot.connections;
    if (connections !== undefined) next.connections = connections;
    this.dirty.set(index, next);
  }

  /**
   * The peer's timer table, to change in place: a copy the first time in this transition, the same
   * copy afterwards (a timer fired and re-armed, or several armed by one step, copy the table once).
   */
  timersToChange(index: number): Map<string, ArmedTimer> {
    const slot = this.slot(index);
    if (this.ownTimers.has(slot.timers)) return slot.timers as Map<string, ArmedTimer>;
    const timers = new Map(slot.timers);
    this.ownTimers.add(timers);
    this.patchSlot(index, { timers });
    return timers;
  }

  count(key: string, by = 1): void {
    this.stats.add(key, by);
  }

  /** Whether trace lines are kept: hot paths build a line only then, and otherwise only count its kind. */
  get tracing(): boolean {
    return this.config.tracing;
  }

  /** [SIM-FUNC-TRACE.1] Count a trace line by kind (drops also by reason) and keep it when tracing. */
  emit(body: TraceBody): void {
    this.count(body.k);
    if (body.k === 'drop' || body.k === 'ignored') this.count(`${body.k}:${body.reason}`);
    if (!this.config.tracing) return;
    const line = Object.assign({ s: this.step, t: this.nowMs }, body) as TraceEvent;
    this.trace = { head: line, tail: this.trace };
  }

  /** [SIM-FUNC-REDUCER-FAILURE.1] Halt the world with kind, seed, step, time, peer and input: the first failure wins. */
  fail(kind: FailureKind, message: string, peer?: string, input?: HostInput): void {
    if (this.failure !== undefined) return;
    const base = { kind, seed: this.seed, step: this.step, nowMs: this.nowMs, message };
    this.failure = peer === undefined ? base : input === undefined ? { ...base, peer } : { ...base, peer, input };
    this.emit({ k: 'failure', kind, message, peer: peer ?? null });
  }

  /** True with probability p; 0 and 1 draw nothing, so a calm network leaves the PRNG alone ([SIM-FUNC-LOSS.1]). */
  chance(probability: number): boolean {
    if (probability <= 0) return false;
    if (probability >= 1) return true;
    const [value, next] = nextFloat(this.prng);
    this.prng = next;
    return value < probability;
  }

  drawInt(from: number, to: number): number {
    if (from >= to) return from;
    const [value, next] = nextInt(this.prng, from, to);
    this.prng = next;
    return value;
  }

  scheduleEvent(atMs: number, event: HostEvent): ArmedTimer {
    const seq = this.takeSeq();
    this.events = treapInsert(this.events, atMs, seq, event);
    return { atMs, seq };
  }

  unscheduleEvent(key: ArmedTimer): void {
    this.events = treapRemove(this.events, key.atMs, key.seq);
  }

  scheduleEnvelope(atMs: number, envelope: Envelope): void {
    this.envelopes = treapInsert(this.envelopes, atMs, this.takeSeq(), envelope);
  }

  close(): World<S> {
    let peers = this.peers;
    for (const [index, slot] of this.dirty) peers = vecSet(peers, index, slot);
    const world: { -readonly [K in keyof World<S>]: World<S>[K] } = {
      config: this.config,
      directory: this.directory,
      seed: this.seed,
      nowMs: this.nowMs,
      step: this.step,
      nextSeq: this.nextSeq,
      stepsAtThisInstant: this.stepsAtThisInstant,
      prng: this.prng,
      network: this.network,
      partition: this.partition,
      peers,
      envelopes: this.envelopes,
      events: this.events,
      orderer: this.orderer,
      stats: this.stats.counters(),
      trace: this.trace,
      firstLedgerAnomaly: this.firstLedgerAnomaly,
      failure: this.failure,
    };
    // Set, not spread in: a spread into the literal took V8's slow path at every step.
    if (this.transport !== undefined) world.transport = this.transport;
    return world;
  }
}
