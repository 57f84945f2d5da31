/**
 * A test host playing Fabric's pull mediator (gossip/gossip/pull/pullstore.go) around the pull
 * engine, for the ports of pullstore_test.go and of algo/pull_test.go's digest filter. In the
 * reference these duties are the host's (spec/pull.md): it keeps the items themselves, applies the
 * ingress filter to digests before the engine sees them, filters what it offers a requester (the
 * composed peer does this for identities, src/peer/outbound.ts), attaches the items to updates and
 * consumes what updates bring. This host does exactly that and nothing else, so the engine's own
 * rules decide every round.
 *
 * Messages are delivered in the order they were sent, with no delay (Fabric's in-process channels);
 * timers fire in (time, arming order); the pull invariants are checked after every engine step.
 * Fabric's "message hooks" are the messages each instance handled, recorded by type with the ids
 * (after the ingress filter) and the items they carried.
 */
import { pkiId } from '../../src/core';
import { createPullReducer, pullViolations, type PullCommand, type PullEvent, type PullOutput, type PullParams, type PullState } from '../../src/pull';
import { takeEarliestDue } from '../helpers/due-queue';

const reducer = createPullReducer();

/** pullstore_test.go's config: pull every 500ms from 3 peers, digest 100ms, request 200ms, response 300ms. */
export const PULLSTORE_TEST_PARAMS: PullParams = { pullIntervalMs: 500, pullPeerNum: 3, digestWaitTimeMs: 100, requestWaitTimeMs: 200, responseWaitTimeMs: 300 };

export type PullMsgKind = 'hello' | 'digest' | 'request' | 'response';

/** One pull message between two instances (a response's ids are the seqs of the items it carries). */
export interface PullMsg {
  readonly kind: PullMsgKind;
  readonly from: string;
  readonly to: string;
  readonly nonce: bigint;
  readonly ids: readonly string[];
}

/** What a handled message showed the mediator's hooks: its ids (digests: after the ingress filter) and items. */
export interface Hooked {
  readonly kind: PullMsgKind;
  readonly from: string;
  readonly ids: readonly string[];
  readonly items: readonly number[];
}

/** Fabric's EgressDigestFilter: given the hello or request being answered, which ids may be offered. */
export type EgressFilter = (context: { readonly kind: 'hello' | 'request'; readonly from: string; readonly ids: readonly string[] }) => (id: string) => boolean;
/** Fabric's IngressDigestFilter: the digest ids the engine gets to see. */
export type IngressFilter = (ids: readonly string[]) => readonly string[];

interface Instance {
  readonly name: string;
  state: PullState;
  /** Fabric's itemID2Msg: the item (a block's seq) behind each id this mediator can serve. */
  readonly itemOf: Map<string, number>;
  /** What the test's MsgCons consumed (Fabric's inst.items). */
  readonly consumed: Set<number>;
  readonly hooked: Hooked[];
  readonly egress: EgressFilter;
  readonly ingress: IngressFilter;
  /** Timer id -> queue seq of its firing (a replaced or cancelled one is stale). */
  readonly timers: Map<string, number>;
}

type Queued = { readonly atMs: number; readonly seq: number } & ({ readonly msg: PullMsg } | { readonly to: string; readonly timerId: string; readonly event: PullEvent });

const acceptAll: EgressFilter = () => () => true;

export class MediatorNet {
  nowMs = 0;
  private seq = 0;
  private readonly queue: Queued[] = [];
  private readonly instances = new Map<string, Instance>();

  constructor(readonly params: PullParams = PULLSTORE_TEST_PARAMS) {}

  /** Fabric's createPullInstanceWithFilters + start: the engine runs from now on. */
  start(name: string, seed: number, filters: { egress?: EgressFilter; ingress?: IngressFilter } = {}): void {
    const [state, outs] = reducer.init({ selfId: pkiId(name), seed, params: this.params });
    const inst: Instance = {
      name, state, itemOf: new Map(), consumed: new Set(), hooked: [],
      egress: filters.egress ?? acceptAll, ingress: filters.ingress ?? ((ids) => ids), timers: new Map(),
    };
    this.instances.set(name, inst);
    this.perform(inst, outs);
  }

  /** Fabric's GetMembership for the engine's SelectPeers: whom this instance may pull from. */
  setPeers(name: string, peers: readonly string[]): void {
    this.engineStep(this.get(name), { type: 'PEERS_UPDATED', peers: peers.map(pkiId) });
  }

  /** Fabric's mediator.Add(dataMsg(seq)): the item is kept and its id offered. */
  add(name: string, seq: number): void {
    const inst = this.get(name);
    inst.itemOf.set(String(seq), seq);
    this.engineStep(inst, { type: 'ITEMS_ADDED', ids: [String(seq)] });
  }

  /** Fabric's mediator.Remove(id). */
  remove(name: string, id: string): void {
    const inst = this.get(name);
    inst.itemOf.delete(id);
    this.engineStep(inst, { type: 'ITEMS_REMOVED', ids: [id] });
  }

  stop(name: string): void {
    this.engineStep(this.get(name), { type: 'STOP' });
  }

  /** Fabric's mediator.HandleMessage of a message `from` wrapped for `to` (its answers go back to `from`). */
  handle(msg: PullMsg): void {
    this.enqueue({ atMs: this.nowMs, seq: this.seq++, msg });
  }

  /** The test's own `inst.items.Remove(seq)`: forget that the item was consumed. */
  forgetConsumed(name: string, seq: number): void {
    this.get(name).consumed.delete(seq);
  }

  consumed(name: string): number[] {
    return [...this.get(name).consumed].sort((a, b) => a - b);
  }

  engineItems(name: string): string[] {
    return [...this.get(name).state.context.items].sort((a, b) => Number(a) - Number(b));
  }

  hooked(name: string, kind?: PullMsgKind): Hooked[] {
    return this.get(name).hooked.filter((h) => kind === undefined || h.kind === kind);
  }

  state(name: string): PullState {
    return this.get(name).state;
  }

  armedTimers(name: string): string[] {
    return [...this.get(name).timers.keys()];
  }

  /** Process everything due until `pred` holds or `limitMs` of virtual time passed; whether it held. */
  runUntil(pred: () => boolean, limitMs: number): boolean {
    const end = this.nowMs + limitMs;
    for (;;) {
      if (pred()) return true;
      const next = takeEarliestDue(this.queue, end);
      if (next === undefined) {
        this.nowMs = end;
        return pred();
      }
      this.nowMs = next.atMs;
      this.dispatch(next);
    }
  }

  runFor(ms: number): void {
    this.runUntil(() => false, ms);
  }

  private get(name: string): Instance {
    const inst = this.instances.get(name);
    if (inst === undefined) throw new Error(`no pull instance ${name}`);
    return inst;
  }

  private enqueue(q: Queued): void {
    this.queue.push(q);
  }

  private dispatch(q: Queued): void {
    if ('msg' in q) return this.receive(q.msg);
    const inst = this.get(q.to);
    if (inst.timers.get(q.timerId) !== q.seq) return;
    inst.timers.delete(q.timerId);
    this.engineStep(inst, q.event);
  }

  /** The mediator's HandleMessage: to the engine, then the hooks of the message's type. */
  private receive(msg: PullMsg): void {
    const inst = this.get(msg.to);
    if (inst.state.status === 'done') return;
    const base = { nowMs: this.nowMs, from: pkiId(msg.from), nonce: msg.nonce };
    switch (msg.kind) {
      case 'hello':
        this.engineStep(inst, { type: 'HELLO_RECEIVED', ...base });
        inst.hooked.push({ kind: 'hello', from: msg.from, ids: [], items: [] });
        return;
      case 'digest': {
        const ids = inst.ingress(msg.ids);
        this.engineStep(inst, { type: 'DIGEST_RECEIVED', ...base, ids });
        inst.hooked.push({ kind: 'digest', from: msg.from, ids, items: [] });
        return;
      }
      case 'request':
        this.engineStep(inst, { type: 'REQUEST_RECEIVED', ...base, ids: msg.ids });
        inst.hooked.push({ kind: 'request', from: msg.from, ids: msg.ids, items: [] });
        return;
      case 'response': {
        // Fabric consumes and keeps every item of an update before the engine judges its nonce.
        const items = msg.ids.map(Number);
        for (const seq of items) {
          inst.consumed.add(seq);
          inst.itemOf.set(String(seq), seq);
        }
        this.engineStep(inst, { type: 'UPDATE_RECEIVED', ...base, ids: msg.ids });
        inst.hooked.push({ kind: 'response', from: msg.from, ids: msg.ids, items });
        return;
      }
    }
  }

  private engineStep(inst: Instance, event: PullCommand | PullEvent): void {
    const before = inst.state;
    if (before.status === 'done') return;
    const [after, outputs] = reducer.step(before, event);
    const violations = pullViolations({ before, event, outputs, after });
    if (violations.length > 0) throw new Error(`${inst.name} on ${event.type} at ${this.nowMs}ms: ${violations.join('; ')}`);
    inst.state = after;
    this.perform(inst, outputs);
  }

  /** The engine's outputs as the mediator sends them: digests and updates pass the egress filter. */
  private perform(inst: Instance, outputs: readonly PullOutput[]): void {
    for (const o of outputs) {
      switch (o.kind) {
        case 'setTimer': {
          const seq = this.seq++;
          inst.timers.set(o.timerId, seq);
          this.enqueue({ atMs: this.nowMs + o.delayMs, seq, to: inst.name, timerId: o.timerId, event: o.event });
          break;
        }
        case 'cancelTimer':
          inst.timers.delete(o.timerId);
          break;
        case 'sendHello':
          this.send({ kind: 'hello', from: inst.name, to: o.to, nonce: o.nonce, ids: [] });
          break;
        case 'sendDigest': {
          const offer = inst.egress({ kind: 'hello', from: o.to, ids: [] });
          const ids = o.ids.filter(offer);
          if (ids.length > 0) this.send({ kind: 'digest', from: inst.name, to: o.to, nonce: o.nonce, ids });
          break;
        }
        case 'sendRequest':
          this.send({ kind: 'request', from: inst.name, to: o.to, nonce: o.nonce, ids: o.ids });
          break;
        case 'sendUpdate': {
          const offer = inst.egress({ kind: 'request', from: o.to, ids: o.ids });
          const ids = o.ids.filter((id) => offer(id) && inst.itemOf.has(id));
          if (ids.length > 0) this.send({ kind: 'response', from: inst.name, to: o.to, nonce: o.nonce, ids });
          break;
        }
      }
    }
  }

  private send(msg: PullMsg): void {
    if (!this.instances.has(msg.to)) return;
    this.enqueue({ atMs: this.nowMs, seq: this.seq++, msg });
  }
}
