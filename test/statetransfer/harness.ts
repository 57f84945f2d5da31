/**
 * A small in-memory network of state transfer instances with virtual time (test-only; the real
 * multi-peer host is src/sim). Each node has an in-memory ledger and plays the composition's part:
 * it answers `readLedger` from its ledger, puts `blocksFetched` into a payload buffer that commits
 * in order (at once, or one block per `commitEveryMs`), and reports LEDGER_HEIGHT, BUFFER_SIZE and
 * every other node's height (HEIGHTS_ADVERTISED, as StateInfo would). Messages and timers are
 * events on one queue ordered by (time, arming order); `link` decides each message's fate (a delay,
 * or undefined to lose it, and optional copies). Every step is checked against the STX invariants,
 * and every fetch against the requests this node really sent.
 */
import { pkiId, type PkiId } from '../../src/core';
import type { Block } from '../../src/messages';
import {
  createStateTransferReducer,
  memoryAppend,
  memoryHeight,
  memoryReadRange,
  stateTransferViolations,
  type MemoryLedger,
  type StateTransferCommand,
  type StateTransferOutput,
  type StateTransferParams,
  type StateTransferState,
  type StateTransferTimerEvent,
} from '../../src/statetransfer';
import { FABRIC_STATE_PARAMS, hashHeader, ledgerOf, verify } from './fixture';
import { takeEarliestDue } from '../helpers/due-queue';

export const reducer = createStateTransferReducer({ verifyBlock: verify });

type Input = StateTransferCommand | StateTransferTimerEvent;
type Message = Extract<StateTransferOutput, { kind: 'sendStateRequest' | 'sendStateResponse' }>;
export interface Sent { readonly from: PkiId; readonly to: PkiId; readonly atMs: number; readonly message: Message }
export interface Fetch { readonly node: PkiId; readonly from: PkiId; readonly seqs: readonly number[]; readonly atMs: number }
export type Link = (m: Sent) => { delayMs: number; copies?: number } | undefined;

interface Node {
  state: StateTransferState;
  ledger: MemoryLedger;
  buffer: Map<number, Block>;
  timers: Map<string, number>;
  commitEveryMs: number | undefined;
  /** Requests this node sent, by nonce: what a fetch must match. */
  requests: Map<bigint, { to: PkiId; startSeq: number; endSeq: number }>;
  lastHeights: string;
}

interface Queued { readonly atMs: number; readonly seq: number; readonly to: PkiId; readonly event: Input | { type: 'COMMIT_TICK' }; readonly timerId?: string }

export class StateNet {
  nowMs = 0;
  steps = 0;
  private seq = 0;
  private queue: Queued[] = [];
  readonly nodes = new Map<PkiId, Node>();
  readonly sent: Sent[] = [];
  readonly delivered: Sent[] = [];
  readonly fetches: Fetch[] = [];
  readonly rejected: { node: PkiId; reason: string }[] = [];
  maxBufferSize = 0;
  link: Link = () => ({ delayMs: 1 });
  /** Whether `sender` satisfies the Readers policy of `receiver`'s channel (default: everyone). */
  authorized: (receiver: PkiId, sender: PkiId) => boolean = () => true;
  /** Delay of the host's answer to readLedger. */
  readDelayMs = 0;

  constructor(readonly params: StateTransferParams = FABRIC_STATE_PARAMS) {}

  spawn(name: string, seed: number, height: number, options: { commitEveryMs?: number } = {}): PkiId {
    const id = pkiId(name);
    const [state, outs] = reducer.init({ selfId: id, seed, params: this.params, ledgerHeight: height });
    this.nodes.set(id, { state, ledger: ledgerOf(height), buffer: new Map(), timers: new Map(), commitEveryMs: options.commitEveryMs, requests: new Map(), lastHeights: '' });
    this.perform(id, outs);
    if (options.commitEveryMs !== undefined) this.enqueue(id, { type: 'COMMIT_TICK' }, options.commitEveryMs);
    this.advertiseHeights();
    return id;
  }

  height(id: PkiId): number {
    return memoryHeight(this.node(id).ledger);
  }

  state(id: PkiId): StateTransferState {
    return this.node(id).state;
  }

  armedTimers(id: PkiId): string[] {
    return [...this.node(id).timers.keys()];
  }

  /** Feed an input now (as the host would), checking invariants. */
  command(id: PkiId, event: StateTransferCommand): void {
    this.apply(id, event);
  }

  /** Deliver an input to `to` after delayMs (a forged or scripted message needs no sender node). */
  inject(to: PkiId, event: StateTransferCommand, delayMs = 0): void {
    this.enqueue(to, event, this.nowMs + delayMs);
  }

  /** Process every queued event due at or before targetMs (or until `stop` holds), then set the clock to it. */
  runUntil(targetMs: number, stop?: () => boolean): void {
    for (;;) {
      if (stop?.()) return;
      const next = takeEarliestDue(this.queue, targetMs);
      if (next === undefined) break;
      this.nowMs = next.atMs;
      const node = this.node(next.to);
      if (next.timerId !== undefined) {
        if (node.timers.get(next.timerId) !== next.seq) continue;
        node.timers.delete(next.timerId);
      }
      if (next.event.type === 'COMMIT_TICK') {
        this.commitOne(next.to);
        this.enqueue(next.to, { type: 'COMMIT_TICK' }, this.nowMs + (node.commitEveryMs ?? 1));
        continue;
      }
      const ev = next.event;
      const event = 'nowMs' in ev ? { ...ev, nowMs: next.atMs } : ev;
      this.apply(next.to, event);
    }
    this.nowMs = targetMs;
  }

  private node(id: PkiId): Node {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  private apply(id: PkiId, event: Input): void {
    const node = this.node(id);
    const before = node.state;
    if (before.status === 'done') return;
    const [after, outs] = reducer.step(before, event);
    this.steps++;
    const violations = stateTransferViolations({ before, event, outputs: outs, after });
    if (violations.length > 0) throw new Error(`${id} on ${event.type} at ${this.nowMs}ms: ${violations.join('; ')}`);
    node.state = after;
    for (const o of outs) {
      if (o.kind !== 'blocksFetched') continue;
      // Independent of the invariants: the fetch answers a request this node sent to that peer.
      const e = event as Extract<Input, { type: 'STATE_RESPONSE_RECEIVED' }>;
      const asked = node.requests.get(e.nonce);
      const seqs = o.payloads.map((p) => p.seqNum);
      if (asked === undefined || asked.to !== e.from) throw new Error(`${id} fetched from ${e.from} with a nonce it never sent it`);
      const contiguous = seqs.every((s, i) => s === asked.startSeq + i) && (seqs[seqs.length - 1] ?? -1) <= asked.endSeq;
      if (!contiguous || seqs.length === 0) throw new Error(`${id} fetched ${seqs.join(',')} for [${asked.startSeq}, ${asked.endSeq}]`);
      this.fetches.push({ node: id, from: o.from, seqs, atMs: this.nowMs });
    }
    this.perform(id, outs);
  }

  private enqueue(to: PkiId, event: Queued['event'], atMs: number, timerId?: string): number {
    const seq = this.seq++;
    this.queue.push({ atMs, seq, to, event, ...(timerId !== undefined ? { timerId } : {}) });
    return seq;
  }

  private perform(id: PkiId, outs: readonly StateTransferOutput[]): void {
    const node = this.node(id);
    for (const o of outs) {
      switch (o.kind) {
        case 'setTimer':
          node.timers.set(o.timerId, this.enqueue(id, o.event as StateTransferTimerEvent, this.nowMs + o.delayMs, o.timerId));
          break;
        case 'cancelTimer':
          node.timers.delete(o.timerId);
          break;
        case 'readLedger': {
          const blocks = memoryReadRange(node.ledger, o.startSeq, o.endSeq);
          this.enqueue(id, { type: 'LEDGER_READ', correlation: o.correlation, blocks }, this.nowMs + this.readDelayMs);
          break;
        }
        case 'blocksFetched':
          for (const p of o.payloads) if (p.seqNum >= memoryHeight(node.ledger) && !node.buffer.has(p.seqNum)) node.buffer.set(p.seqNum, p.data);
          if (node.commitEveryMs === undefined) while (this.commitOne(id));
          this.reportBuffer(id);
          break;
        case 'rejected':
          this.rejected.push({ node: id, reason: o.reason });
          break;
        case 'metric':
          break;
        case 'sendStateRequest':
        case 'sendStateResponse': {
          if (o.kind === 'sendStateRequest') node.requests.set(o.nonce, { to: o.to, startSeq: o.startSeq, endSeq: o.endSeq });
          const sent: Sent = { from: id, to: o.to, atMs: this.nowMs, message: o };
          this.sent.push(sent);
          const fate = this.link(sent);
          if (fate === undefined || !this.nodes.has(o.to)) break;
          for (let c = 0; c < (fate.copies ?? 1); c++) this.enqueue(o.to, this.asEvent(sent), this.nowMs + fate.delayMs + c);
          break;
        }
      }
    }
  }

  private asEvent(s: Sent): StateTransferCommand {
    const authorized = this.authorized(s.to, s.from);
    const m = s.message;
    this.delivered.push(s);
    if (m.kind === 'sendStateRequest') return { type: 'STATE_REQUEST_RECEIVED', nowMs: 0, from: s.from, nonce: m.nonce, authorized, startSeq: m.startSeq, endSeq: m.endSeq };
    return { type: 'STATE_RESPONSE_RECEIVED', nowMs: 0, from: s.from, nonce: m.nonce, authorized, payloads: m.payloads };
  }

  /** The payload buffer's in-order commit (dissemination's part): pop the next block, append it, report. */
  private commitOne(id: PkiId): boolean {
    const node = this.node(id);
    const height = memoryHeight(node.ledger);
    const block = node.buffer.get(height);
    if (block === undefined) return false;
    node.buffer.delete(height);
    const [next, verdict] = memoryAppend(node.ledger, block, hashHeader);
    if (!verdict.ok) throw new Error(`${id}: ${verdict.detail}`);
    node.ledger = next;
    this.enqueue(id, { type: 'LEDGER_HEIGHT', height: memoryHeight(next) }, this.nowMs);
    this.reportBuffer(id);
    this.advertiseHeights();
    return true;
  }

  private reportBuffer(id: PkiId): void {
    const size = this.node(id).buffer.size;
    this.maxBufferSize = Math.max(this.maxBufferSize, size);
    this.enqueue(id, { type: 'BUFFER_SIZE', size }, this.nowMs);
  }

  /** StateInfo, idealised: every node hears every other node's current height when it changes. */
  private advertiseHeights(): void {
    for (const [id, node] of this.nodes) {
      const peers = [...this.nodes.entries()].filter(([other]) => other !== id).map(([other, n]) => ({ pkiId: other, height: memoryHeight(n.ledger) }));
      const key = JSON.stringify(peers);
      if (key === node.lastHeights) continue;
      node.lastHeights = key;
      this.enqueue(id, { type: 'HEIGHTS_ADVERTISED', peers }, this.nowMs);
    }
  }
}
