/**
 * A small in-memory network of pull engines with virtual time (test-only; the real multi-peer
 * host is src/sim). Messages and timers are events on one queue ordered by (time, arming order);
 * every step is checked against the pull invariants. A per-message `link` decides each message's
 * fate: a delay in ms, or undefined to lose it (and may ask for a duplicate).
 */
import { pkiId, type PkiId } from '../../src/core';
import {
  createPullReducer,
  pullViolations,
  type PullCommand,
  type PullEvent,
  type PullMessageOutput,
  type PullOutput,
  type PullParams,
  type PullState,
} from '../../src/pull';
import { takeEarliestDue } from '../helpers/due-queue';

export const reducer = createPullReducer();

/** Fabric's pull_test.go engine config: pull interval 500ms, digest 100ms, request/response 200ms. */
export const FABRIC_TEST_PARAMS: PullParams = {
  pullIntervalMs: 500,
  pullPeerNum: 10,
  digestWaitTimeMs: 100,
  requestWaitTimeMs: 200,
  responseWaitTimeMs: 200,
};

export interface Delivered { readonly from: PkiId; readonly to: PkiId; readonly atMs: number; readonly message: PullMessageOutput }
export type Link = (m: { from: PkiId; message: PullMessageOutput }) => { delayMs: number; copies?: number } | undefined;

interface Queued { readonly atMs: number; readonly seq: number; readonly to: PkiId; readonly event: PullCommand | PullEvent; readonly timerId?: string }

const asEvent = (from: PkiId, nowMs: number, m: PullMessageOutput): PullCommand => {
  switch (m.kind) {
    case 'sendHello': return { type: 'HELLO_RECEIVED', nowMs, from, nonce: m.nonce };
    case 'sendDigest': return { type: 'DIGEST_RECEIVED', nowMs, from, nonce: m.nonce, ids: m.ids };
    case 'sendRequest': return { type: 'REQUEST_RECEIVED', nowMs, from, nonce: m.nonce, ids: m.ids };
    case 'sendUpdate': return { type: 'UPDATE_RECEIVED', nowMs, from, nonce: m.nonce, ids: m.ids };
  }
};

export class PullNet {
  nowMs = 0;
  steps = 0;
  private seq = 0;
  private queue: Queued[] = [];
  readonly states = new Map<PkiId, PullState>();
  /** Armed timers per peer: timerId -> seq of the queued firing (a replaced or cancelled one is stale). */
  private readonly timers = new Map<PkiId, Map<string, number>>();
  readonly delivered: Delivered[] = [];
  readonly sent: Delivered[] = [];
  link: Link = () => ({ delayMs: 0 });

  constructor(readonly params: PullParams = FABRIC_TEST_PARAMS) {}

  spawn(name: string, seed: number, items: readonly string[] = []): PkiId {
    const id = pkiId(name);
    const [state, outs] = reducer.init({ selfId: id, seed, params: this.params });
    this.states.set(id, state);
    this.timers.set(id, new Map());
    this.perform(id, outs);
    if (items.length > 0) this.command(id, { type: 'ITEMS_ADDED', ids: items });
    return id;
  }

  /** Feed a command now (as a host would), checking invariants. */
  command(id: PkiId, event: PullCommand): void {
    this.apply(id, event);
  }

  setPeers(id: PkiId, peers: readonly string[]): void {
    this.command(id, { type: 'PEERS_UPDATED', peers: peers.map(pkiId) });
  }

  /** Inject a message as if `from` had sent it (a Byzantine peer needs no engine). */
  inject(from: PkiId, to: PkiId, message: PullMessageOutput, delayMs = 0): void {
    this.enqueue(to, asEvent(from, this.nowMs + delayMs, message), this.nowMs + delayMs);
  }

  items(id: PkiId): string[] {
    return [...(this.states.get(id) as PullState).context.items].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  }

  /** Process every queued event due at or before targetMs, then set the clock to it. */
  runUntil(targetMs: number, onStep?: () => void): void {
    for (;;) {
      const next = takeEarliestDue(this.queue, targetMs);
      if (next === undefined) break;
      this.nowMs = next.atMs;
      if (next.timerId !== undefined && this.timers.get(next.to)?.get(next.timerId) !== next.seq) continue;
      if (next.timerId !== undefined) this.timers.get(next.to)?.delete(next.timerId);
      const ev = next.event;
      const event = 'nowMs' in ev ? { ...ev, nowMs: next.atMs } : ev;
      if (event.type.endsWith('_RECEIVED')) this.delivered.push({ from: (event as { from: PkiId }).from, to: next.to, atMs: next.atMs, message: this.messageOf(event, next.to) });
      this.apply(next.to, event);
      onStep?.();
    }
    this.nowMs = targetMs;
  }

  armedTimers(id: PkiId): string[] {
    return [...(this.timers.get(id) ?? new Map<string, number>()).keys()];
  }

  private messageOf(e: PullCommand | PullEvent, to: PkiId): PullMessageOutput {
    const ev = e as { type: string; nonce: bigint; ids?: readonly string[]; from: PkiId };
    const kind = ({ HELLO_RECEIVED: 'sendHello', DIGEST_RECEIVED: 'sendDigest', REQUEST_RECEIVED: 'sendRequest', UPDATE_RECEIVED: 'sendUpdate' } as const)[ev.type as 'HELLO_RECEIVED'];
    return (kind === 'sendHello' ? { kind, to, nonce: ev.nonce } : { kind, to, nonce: ev.nonce, ids: ev.ids ?? [] }) as PullMessageOutput;
  }

  private apply(id: PkiId, event: PullCommand | PullEvent): void {
    const before = this.states.get(id);
    if (before === undefined || before.status === 'done') return;
    const [after, outs] = reducer.step(before, event);
    this.steps++;
    const violations = pullViolations({ before, event, outputs: outs, after });
    if (violations.length > 0) throw new Error(`${id} on ${event.type} at ${this.nowMs}ms: ${violations.join('; ')}`);
    this.states.set(id, after);
    this.perform(id, outs);
  }

  private enqueue(to: PkiId, event: PullCommand | PullEvent, atMs: number, timerId?: string): number {
    const seq = this.seq++;
    this.queue.push({ atMs, seq, to, event, ...(timerId !== undefined ? { timerId } : {}) });
    return seq;
  }

  private perform(id: PkiId, outs: readonly PullOutput[]): void {
    const timers = this.timers.get(id) as Map<string, number>;
    for (const o of outs) {
      if (o.kind === 'setTimer') timers.set(o.timerId, this.enqueue(id, o.event, this.nowMs + o.delayMs, o.timerId));
      else if (o.kind === 'cancelTimer') timers.delete(o.timerId);
      else {
        this.sent.push({ from: id, to: o.to, atMs: this.nowMs, message: o });
        const fate = this.link({ from: id, message: o });
        if (fate === undefined) continue;
        for (let c = 0; c < (fate.copies ?? 1); c++) this.enqueue(o.to, asEvent(id, 0, o), this.nowMs + fate.delayMs + c);
      }
    }
  }
}

/** The ids a message lists, sorted (a hello lists none). */
export const idsOf = (m: PullMessageOutput): string[] => ('ids' in m ? [...m.ids].sort() : []);
