/**
 * [GEN-FUNC-TRANSCRIPT-UNIT.1] The host of a reducer-level transcript: one or more instances
 * ("nodes") of one subsystem's reducer in virtual time. It performs the effect contract
 * (src/core/effects.ts) the way the simulator does for timers: `setTimer` arms or re-arms,
 * `cancelTimer` disarms, a due timer comes back as one input, timers fire in (time, arming
 * order). Messages a node sends to another node wait in a mailbox until a `deliver` (or are
 * thrown away by a `drop`), so a transcript decides every interleaving; inputs from outside the
 * transcript's nodes are built by the subject's commands. Each step's outputs are printed in the
 * order the reducer gave them (that order is part of the contract), one line each.
 */
import { fmtMs, timerName } from './format';

export type StepFn = (state: unknown, input: unknown) => readonly [unknown, readonly unknown[]];

interface ArmedTimer {
  readonly atMs: number;
  readonly seq: number;
  readonly event: unknown;
}

export interface UnitNode {
  readonly name: string;
  state: unknown;
  up: boolean;
  readonly step: StepFn;
  readonly timers: Map<string, ArmedTimer>;
  /** The state summary printed last (undefined: never printed). */
  printed: Readonly<Record<string, string>> | undefined;
  /** Data a subject keeps per node (its key, its ledger, ...). */
  readonly extra: Record<string, unknown>;
}

export interface Posted {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  /** How the message is printed: `proposal#1`, `hello n1`. */
  readonly label: string;
  readonly message: unknown;
}

export interface SubjectHooks {
  /** Print the node name before each effect line (several nodes). */
  readonly multi: boolean;
  /** Lines for one output that is not a timer effect; may post messages to other nodes. */
  output(host: UnitHost, node: UnitNode, out: unknown): string[];
  /** The input a delivered message becomes at its recipient. */
  receive(host: UnitHost, msg: Posted, to: UnitNode): unknown;
  /** The input a fired timer becomes (most reducers take the event back as it was armed). */
  timerInput(event: unknown, nowMs: number): unknown;
  /** What the transcript shows of a node's state, as ordered key=value pairs. */
  summary(node: UnitNode): Readonly<Record<string, string>>;
  /** Invariant violations of one step (printed as `violation` lines; never silent). */
  check?(before: unknown, input: unknown, outs: readonly unknown[], after: unknown): readonly string[];
}

export interface MessageFilter {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** A prefix of the label: `proposal`, `hello`. */
  readonly type?: string | undefined;
}

const matches = (m: Posted, f: MessageFilter): boolean =>
  (f.from === undefined || m.from === f.from) && (f.to === undefined || m.to === f.to) && (f.type === undefined || m.label.startsWith(f.type));

/** Deliveries in one stabilize: more means a message loop, which is a transcript's bug. */
const STABILIZE_LIMIT = 10_000;

export class UnitHost {
  nowMs = 0;
  readonly nodes = new Map<string, UnitNode>();
  pending: Posted[] = [];
  showTimers = true;
  private lines: string[] = [];
  private indent = '';
  private seq = 0;
  private nextMessageId = 1;

  constructor(readonly hooks: SubjectHooks) {}

  /** Start collecting the output of one command. */
  begin(): void {
    this.lines = [];
    this.indent = '';
  }

  /** The command's output, with the state lines of every node whose summary changed. */
  end(): string[] {
    for (const node of this.nodes.values()) {
      const now = node.up ? this.hooks.summary(node) : { up: 'false' };
      const before = node.printed;
      const changed = Object.entries(now).filter(([k, v]) => before === undefined || before[k] !== v);
      if (changed.length > 0) this.lines.push(`state${this.hooks.multi ? ` ${node.name}` : ''}: ${changed.map(([k, v]) => `${k}=${v}`).join(' ')}`);
      node.printed = now;
    }
    return this.lines;
  }

  print(line: string): void {
    this.lines.push(`${this.indent}${line}`);
  }

  private printFor(node: UnitNode, line: string): void {
    this.print(this.hooks.multi ? `${node.name}: ${line}` : line);
  }

  node(name: string): UnitNode | undefined {
    return this.nodes.get(name);
  }

  /** Add a node from its init result; its init outputs are performed and printed. */
  addNode(name: string, step: StepFn, init: readonly [unknown, readonly unknown[]], extra: Record<string, unknown> = {}): UnitNode {
    const node: UnitNode = { name, state: init[0], up: true, step, timers: new Map(), printed: undefined, extra };
    this.nodes.set(name, node);
    this.perform(node, init[1]);
    return node;
  }

  /** Feed one input to a node now and print what it did. */
  input(node: UnitNode, input: unknown): readonly unknown[] {
    const before = node.state;
    const [after, outs] = node.step(before, input);
    node.state = after;
    for (const v of this.hooks.check?.(before, input, outs, after) ?? []) this.printFor(node, `violation ${v}`);
    this.perform(node, outs);
    return outs;
  }

  /**
   * Perform one step's outputs. Timer effects are printed last, as the net change of the node's
   * armed timers in this step (armed or re-armed, with the delay; disarmed), in the order of each
   * timer's last effect: a chart that leaves and re-enters a state cancels and re-arms a timer
   * that has just fired, which is the same armed set as arming it once, and a port need not
   * reproduce the interpreter's exit and entry order.
   */
  private perform(node: UnitNode, outs: readonly unknown[]): void {
    const armedBefore = new Set(node.timers.keys());
    const last = new Map<string, number | undefined>();
    for (const out of outs) {
      const o = out as { kind?: string; timerId?: string; delayMs?: number; event?: unknown };
      if (o.kind === 'setTimer') {
        node.timers.set(o.timerId as string, { atMs: this.nowMs + (o.delayMs as number), seq: this.seq++, event: o.event });
        last.delete(o.timerId as string);
        last.set(o.timerId as string, o.delayMs as number);
      } else if (o.kind === 'cancelTimer') {
        node.timers.delete(o.timerId as string);
        last.delete(o.timerId as string);
        last.set(o.timerId as string, undefined);
      } else {
        for (const line of this.hooks.output(this, node, out)) this.printFor(node, line);
      }
    }
    if (!this.showTimers) return;
    for (const [id, delayMs] of last) {
      if (delayMs !== undefined) this.printFor(node, `setTimer ${timerName(id)} ${fmtMs(delayMs)}`);
      else if (armedBefore.has(id)) this.printFor(node, `cancelTimer ${timerName(id)}`);
    }
  }

  post(from: string, to: string, label: string, message: unknown): void {
    this.pending.push({ id: this.nextMessageId++, from, to, label, message });
  }

  /** Deliver the pending messages that match, oldest first; what they cause waits in the mailbox. */
  deliver(filter: MessageFilter = {}): number {
    const chosen = this.pending.filter((m) => matches(m, filter));
    this.pending = this.pending.filter((m) => !matches(m, filter));
    for (const m of chosen) this.deliverOne(m);
    return chosen.length;
  }

  private deliverOne(m: Posted): void {
    const to = this.nodes.get(m.to);
    if (to === undefined || !to.up) {
      this.print(`${m.from} -> ${m.to}: ${m.label} (dropped: ${m.to} is down)`);
      return;
    }
    this.print(`${m.from} -> ${m.to}: ${m.label}`);
    const saved = this.indent;
    this.indent = `${saved}  `;
    this.input(to, this.hooks.receive(this, m, to));
    this.indent = saved;
  }

  /** Deliver until the mailbox is empty (messages caused by deliveries included). */
  stabilize(): void {
    let delivered = 0;
    while (this.pending.length > 0) {
      const m = this.pending.shift() as Posted;
      this.deliverOne(m);
      delivered += 1;
      if (delivered > STABILIZE_LIMIT) throw new Error(`stabilize: more than ${STABILIZE_LIMIT} deliveries (a message loop?)`);
    }
  }

  drop(filter: MessageFilter = {}): number {
    const chosen = this.pending.filter((m) => matches(m, filter));
    this.pending = this.pending.filter((m) => !matches(m, filter));
    for (const m of chosen) this.print(`dropped ${m.from} -> ${m.to}: ${m.label}`);
    return chosen.length;
  }

  listPending(): void {
    if (this.pending.length === 0) this.print('no messages pending');
    for (const m of this.pending) this.print(`${m.from} -> ${m.to}: ${m.label}`);
  }

  /**
   * Fire every timer due at or before `targetMs` in (time, arming order), printing each firing
   * with its time; `stabilize` delivers the mailbox after each firing (zero-latency network).
   */
  advanceTo(targetMs: number, stabilize = false): void {
    if (targetMs < this.nowMs) throw new RangeError(`advance: ${fmtMs(targetMs)} is before now (${fmtMs(this.nowMs)})`);
    if (stabilize) this.stabilize();
    for (;;) {
      let due: { node: UnitNode; id: string; timer: ArmedTimer } | undefined;
      for (const node of this.nodes.values()) {
        if (!node.up) continue;
        for (const [id, timer] of node.timers) {
          if (timer.atMs > targetMs) continue;
          if (due === undefined || timer.atMs < due.timer.atMs || (timer.atMs === due.timer.atMs && timer.seq < due.timer.seq)) due = { node, id, timer };
        }
      }
      if (due === undefined) break;
      due.node.timers.delete(due.id);
      this.nowMs = due.timer.atMs;
      this.print(`@${fmtMs(this.nowMs)} ${this.hooks.multi ? `${due.node.name}: ` : ''}timer ${timerName(due.id)}`);
      const mark = this.lines.length;
      const saved = this.indent;
      this.indent = `${saved}  `;
      this.input(due.node, this.hooks.timerInput(due.timer.event, this.nowMs));
      if (stabilize) this.stabilize();
      this.indent = saved;
      // With timer lines hidden, a firing that printed nothing is not worth a line either.
      if (!this.showTimers && this.lines.length === mark) this.lines.pop();
    }
    this.nowMs = targetMs;
  }

  /** The node stops: its timers are discarded and messages to it are dropped until a restart. */
  crash(node: UnitNode): void {
    node.up = false;
    node.timers.clear();
  }

  /** Armed timers of every node, by due time. */
  listTimers(): void {
    const all = [...this.nodes.values()].flatMap((n) => (n.up ? [...n.timers].map(([id, t]) => ({ n, id, t })) : []));
    all.sort((a, b) => a.t.atMs - b.t.atMs || a.t.seq - b.t.seq);
    if (all.length === 0) this.print('no timers armed');
    for (const { n, id, t } of all) this.print(`${this.hooks.multi ? `${n.name}: ` : ''}${timerName(id)} at ${fmtMs(t.atMs)}`);
  }
}
