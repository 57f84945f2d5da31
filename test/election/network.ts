/**
 * A small multi-instance host for election tests: N election reducers on an in-memory bus with
 * virtual time. It plays the mock network of Fabric's election_test.go: every gossipLeadership
 * output goes to every other running instance connected to the sender (the receiver's own view
 * filter then drops what Fabric's isAlive would drop), after a delay drawn from a seeded Prng,
 * possibly lost or duplicated. Partitions are sets of ids; a message is delivered only if sender
 * and receiver are connected both when it is sent and when it arrives. Timers and messages fire
 * in (time, creation order). Test-only: the project's simulator (src/sim) is the real host.
 */
import { nextFloat, nextInt, pkiId, seedPrng, type PkiId, type Prng } from '../../src/core';
import {
  electionReducer,
  electionViolations,
  isLeader,
  isStopped,
  type ElectionEffectOutput,
  type ElectionEvent,
  type ElectionMode,
  type ElectionOutput,
  type ElectionParams,
  type ElectionState,
} from '../../src/election';

export interface NetworkFaults {
  minDelayMs: number;
  maxDelayMs: number;
  lossRate: number;
  duplicateRate: number;
}

interface Timer { atMs: number; seq: number; event: ElectionEvent }
interface Instance { id: PkiId; incarnation: number; mode: ElectionMode; state: ElectionState; timers: Map<string, Timer>; running: boolean }
interface Message { atMs: number; seq: number; from: PkiId; to: PkiId; isDeclaration: boolean }

export interface OutputRecord {
  readonly atMs: number;
  readonly id: PkiId;
  readonly incarnation: number;
  readonly output: ElectionEffectOutput;
}

export class ElectionNetwork {
  nowMs = 0;
  faults: NetworkFaults;
  /** Called after every processed event (timer, delivery or command), for global checks. */
  afterEvent: (() => void) | undefined;
  readonly log: OutputRecord[] = [];
  private seq = 0;
  private prng: Prng;
  private readonly nodes = new Map<string, Instance>();
  private messages: Message[] = [];
  /** undefined: no partition, everyone is connected. */
  private componentOf: Map<string, number> | undefined;

  constructor(readonly params: ElectionParams, seed = 1, faults: Partial<NetworkFaults> = {}) {
    this.prng = seedPrng(seed);
    this.faults = { minDelayMs: 1, maxDelayMs: 1, lossRate: 0, duplicateRate: 0, ...faults };
  }

  /** Start (or restart after stop: a fresh instance, Fabric's crash + restart) the election of `id`. */
  start(id: string, peers: readonly string[] = [], mode: ElectionMode = 'dynamic'): void {
    const old = this.nodes.get(id);
    if (old?.running) throw new Error(`${id} is already running`);
    const [state, outs] = electionReducer.init({ selfId: pkiId(id), params: this.params, mode, peers: peers.map(pkiId) });
    const inst: Instance = { id: pkiId(id), incarnation: (old?.incarnation ?? 0) + 1, mode, state, timers: new Map(), running: true };
    this.nodes.set(id, inst);
    this.perform(inst, outs);
    this.afterEvent?.();
  }

  stop(id: string): void {
    this.command(id, { type: 'STOP' });
    this.node(id).running = false;
  }

  yield(id: string): void {
    this.command(id, { type: 'YIELD' });
  }

  setView(id: string, peers: readonly string[]): void {
    this.command(id, { type: 'VIEW_UPDATED', peers: peers.map(pkiId) });
  }

  /** Each group is a connected component; ids in no group are isolated. */
  partition(groups: readonly (readonly string[])[]): void {
    const componentOf = new Map<string, number>();
    groups.forEach((g, i) => g.forEach((id) => componentOf.set(id, i)));
    this.componentOf = componentOf;
  }

  heal(): void {
    this.componentOf = undefined;
  }

  connected(a: string, b: string): boolean {
    if (!this.componentOf) return true;
    const ca = this.componentOf.get(a);
    return ca !== undefined && ca === this.componentOf.get(b);
  }

  /** The connected components among the given ids (all known ids by default). */
  components(ids: readonly string[] = this.ids()): string[][] {
    const groups = new Map<string, string[]>();
    for (const id of ids) {
      const c = this.componentOf ? this.componentOf.get(id) : 0;
      const key = c === undefined ? `solo:${id}` : String(c);
      groups.set(key, [...(groups.get(key) ?? []), id]);
    }
    return [...groups.values()];
  }

  /** Set every running instance's view to the other running instances it is connected to. */
  syncViews(): void {
    for (const inst of this.running()) {
      this.setView(inst.id, this.running().filter((o) => o.id !== inst.id && this.connected(o.id, inst.id)).map((o) => o.id));
    }
  }

  /** Forget every message in flight (used when faults stop: they belong to the faulty period). */
  dropInFlight(): void {
    this.messages = [];
  }

  ids(): string[] {
    return [...this.nodes.keys()];
  }

  state(id: string): ElectionState {
    return this.node(id).state;
  }

  isRunning(id: string): boolean {
    return this.node(id).running;
  }

  leaders(ids: readonly string[] = this.ids()): string[] {
    return ids.filter((id) => this.node(id).running && isLeader(this.node(id).state)).sort();
  }

  /** A position in the output log: outputs of the same instant before and after it stay apart. */
  mark(): number {
    return this.log.length;
  }

  /** The callback values `id` reported since `fromMark`, all incarnations, in order. */
  callbacks(id: string, fromMark = 0): boolean[] {
    return this.outputsOf(id, 'leadershipChanged', fromMark).map((o) => (o as { isLeader: boolean }).isLeader);
  }

  outputsOf(id: string, kind: ElectionEffectOutput['kind'], fromMark = 0): ElectionEffectOutput[] {
    return this.log.slice(fromMark).filter((r) => r.id === id && r.output.kind === kind).map((r) => r.output);
  }

  armedTimers(id: string): string[] {
    return [...this.node(id).timers.keys()];
  }

  advanceTo(targetMs: number): void {
    for (;;) {
      const next = this.nextEvent();
      if (!next || next.atMs > targetMs) break;
      this.nowMs = next.atMs;
      next.run();
      this.afterEvent?.();
    }
    this.nowMs = Math.max(this.nowMs, targetMs);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.nowMs + ms);
  }

  private node(id: string): Instance {
    const inst = this.nodes.get(id);
    if (!inst) throw new Error(`unknown instance ${id}`);
    return inst;
  }

  private running(): Instance[] {
    return [...this.nodes.values()].filter((n) => n.running);
  }

  private command(id: string, event: ElectionEvent): void {
    const inst = this.node(id);
    if (!inst.running) return;
    this.step(inst, event);
    this.afterEvent?.();
  }

  private nextEvent(): { atMs: number; run: () => void } | undefined {
    let best: { atMs: number; seq: number; run: () => void } | undefined;
    const consider = (atMs: number, seq: number, run: () => void) => {
      if (!best || atMs < best.atMs || (atMs === best.atMs && seq < best.seq)) best = { atMs, seq, run };
    };
    for (const inst of this.running()) {
      for (const [timerId, t] of inst.timers) consider(t.atMs, t.seq, () => this.fire(inst, timerId, t));
    }
    for (const m of this.messages) consider(m.atMs, m.seq, () => this.deliver(m));
    return best;
  }

  private fire(inst: Instance, timerId: string, t: Timer): void {
    inst.timers.delete(timerId);
    this.step(inst, t.event);
  }

  private deliver(m: Message): void {
    this.messages = this.messages.filter((x) => x !== m);
    const to = this.nodes.get(m.to);
    if (!to?.running || !this.connected(m.from, m.to)) return;
    this.step(to, { type: 'LEADERSHIP_RECEIVED', from: m.from, isDeclaration: m.isDeclaration });
  }

  private step(inst: Instance, event: ElectionEvent): void {
    const before = inst.state;
    const [after, outputs] = electionReducer.step(before, event);
    const violations = electionViolations({ before, event, outputs, after });
    if (violations.length > 0) throw new Error(`${inst.id} at ${this.nowMs}ms on ${event.type}: ${violations.join('; ')}`);
    inst.state = after;
    this.perform(inst, outputs);
    if (isStopped(after)) inst.timers.clear();
  }

  private perform(inst: Instance, outputs: readonly ElectionOutput[]): void {
    for (const o of outputs) {
      if (o.kind === 'setTimer') inst.timers.set(o.timerId, { atMs: this.nowMs + o.delayMs, seq: this.seq++, event: o.event });
      else if (o.kind === 'cancelTimer') inst.timers.delete(o.timerId);
      else {
        this.log.push({ atMs: this.nowMs, id: inst.id, incarnation: inst.incarnation, output: o });
        if (o.kind === 'gossipLeadership') this.broadcast(inst.id, o.isDeclaration);
      }
    }
  }

  private broadcast(from: PkiId, isDeclaration: boolean): void {
    for (const to of this.running()) {
      if (to.id === from || !this.connected(from, to.id)) continue;
      const [lossDraw, p1] = nextFloat(this.prng);
      const [dupDraw, p2] = nextFloat(p1);
      this.prng = p2;
      if (lossDraw < this.faults.lossRate) continue;
      const copies = dupDraw < this.faults.duplicateRate ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        const [delay, p3] = nextInt(this.prng, this.faults.minDelayMs, this.faults.maxDelayMs);
        this.prng = p3;
        this.messages.push({ atMs: this.nowMs + delay, seq: this.seq++, from, to: to.id, isDeclaration });
      }
    }
  }
}
