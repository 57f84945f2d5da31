/**
 * The runtime host: one composed peer reducer driven by real time, real timers and real I/O.
 *
 * - One step at a time ([GEN-FUNC-RUNTIME-ONE-STEP.1]): inputs queue in arrival order; the host
 *   takes one, stamps it with the clock, steps the reducer, and performs that step's effects in
 *   list order (awaiting the durable ones: `persist`, `deliverToLedger`) before it takes the next.
 * - Effects as core/effects.ts says, each checked first: a malformed one is counted and skipped
 *   ([GEN-FUNC-RUNTIME-EFFECTS.1]); a reducer that throws leaves its state as it was, counted
 *   ([GEN-FUNC-RUNTIME-NO-CRASH.1]). Nothing of the protocol is decided here.
 * - Timers are real; a fire comes back as a `timer` input carrying the ticket the reducer gave, and
 *   the reducer checks it, so a late fire is harmless ([GEN-FUNC-RUNTIME-TIMERS.1]).
 * - Answers (handshakes, ledger reads, orderer blocks) are later inputs; none crosses a stop.
 */
import type { Effect, HostInput, PeerReducer, PeerRef, PkiId } from '../core';
import type { Clock, Scheduler } from './clock';
import { REAL_SCHEDULER } from './clock';
import type { BlockStore, CommPort, InputOf, OrdererPort, StableStorage, Telemetry } from './ports';

export interface HostPorts {
  readonly clock: Clock;
  readonly comm: CommPort;
  readonly ledger: BlockStore;
  readonly storage: StableStorage;
  readonly orderer: OrdererPort;
  readonly telemetry: Telemetry;
  readonly scheduler?: Scheduler;
}

export interface HostOptions {
  /** Receives waiting beyond this many are dropped and counted (Fabric's bounded receive buffers). */
  readonly maxQueuedInputs?: number;
}

type Loose = Readonly<Record<string, unknown>>;

const isSeq = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s !== '';

function peerRefs(to: unknown): PeerRef[] | undefined {
  if (!Array.isArray(to)) return undefined;
  const refs: PeerRef[] = [];
  for (const r of to as unknown[]) {
    if (typeof r !== 'object' || r === null) return undefined;
    const { pkiId, endpoint } = r as Loose;
    if (!nonEmpty(pkiId) || typeof endpoint !== 'string') return undefined;
    refs.push({ pkiId: pkiId as PkiId, endpoint });
  }
  return refs;
}

export class PeerHost<S> {
  private state: S;
  private readonly queue: InputOf[] = [];
  private draining = false;
  private stopped = false;
  private readonly timers = new Map<string, { cancel(): void }>();
  private idle: (() => void)[] = [];
  private readonly scheduler: Scheduler;
  private readonly maxQueued: number;
  private steps = 0;
  /** The last leadershipChanged per channel (status, metrics). */
  readonly leaderOf = new Map<string, boolean>();

  constructor(
    private readonly reducer: PeerReducer<S>,
    initial: readonly [S, readonly Effect[]],
    private readonly ports: HostPorts,
    options: HostOptions = {},
  ) {
    this.state = initial[0];
    this.scheduler = ports.scheduler ?? REAL_SCHEDULER;
    this.maxQueued = options.maxQueuedInputs ?? 10_000;
    this.initialEffects = initial[1];
  }

  private initialEffects: readonly Effect[] | undefined;

  /** Perform init's effects (the first step); inputs submitted before wait behind them. */
  start(): Promise<void> {
    const effects = this.initialEffects ?? [];
    this.initialEffects = undefined;
    this.draining = true;
    return this.performAll(effects, undefined).finally(() => {
      this.draining = false;
      void this.drain();
    });
  }

  /** The reducer's state now (read-only: for status pages and tests). */
  peerState(): S {
    return this.state;
  }

  stepCount(): number {
    return this.steps;
  }

  isStopped(): boolean {
    return this.stopped;
  }

  /** [GEN-FUNC-RUNTIME-ONE-STEP.1] Queue an input; it is stepped after every input queued before it. */
  submit = (input: InputOf): void => {
    if (this.stopped) return;
    if (input.kind === 'receive' && this.queue.length >= this.maxQueued) {
      this.ports.telemetry.count('runtime_inputs_dropped_total', { kind: input.kind });
      return;
    }
    this.queue.push(input);
    if (!this.draining) void this.drain();
  };

  /** Resolves when nothing is queued and no step is running. */
  settled(): Promise<void> {
    if (!this.draining && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stop stepping: timers cancelled, queued inputs dropped, late answers ignored. Waits for the running step. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    await this.settled();
  }

  private async drain(): Promise<void> {
    if (this.draining || this.initialEffects !== undefined) return;
    this.draining = true;
    try {
      for (let input = this.queue.shift(); input !== undefined && !this.stopped; input = this.queue.shift()) {
        await this.stepOnce(input);
      }
    } finally {
      this.draining = false;
      const waiting = this.idle;
      this.idle = [];
      for (const w of waiting) w();
    }
  }

  private async stepOnce(partial: InputOf): Promise<void> {
    const input = { ...partial, nowMs: this.ports.clock.nowMs() } as HostInput;
    let result: readonly [S, readonly Effect[]];
    try {
      result = this.reducer.step(this.state, input);
    } catch (e) {
      // [GEN-FUNC-RUNTIME-NO-CRASH.1] the state stays as it was; the input is lost, and counted.
      this.ports.telemetry.count('runtime_reducer_failures_total', { input: input.kind });
      this.ports.telemetry.log('error', 'Reducer failed on an input; state kept', { input: input.kind, error: String(e) });
      return;
    }
    this.steps += 1;
    this.state = result[0];
    await this.performAll(result[1], input);
  }

  private async performAll(effects: readonly unknown[], input: HostInput | undefined): Promise<void> {
    for (const effect of effects) {
      if (this.stopped) return;
      let problem: string | undefined;
      try {
        problem = await this.perform(effect);
      } catch (e) {
        problem = `performing it failed: ${String(e)}`;
      }
      if (problem !== undefined) {
        this.ports.telemetry.count('runtime_invalid_effects_total');
        this.ports.telemetry.log('warn', `Invalid effect skipped: ${problem}`, { input: input?.kind });
      }
    }
  }

  /** [GEN-FUNC-RUNTIME-EFFECTS.1] Perform one effect; a description of what is wrong with it, or undefined. */
  private async perform(effect: unknown): Promise<string | undefined> {
    if (typeof effect !== 'object' || effect === null) return 'an effect must be an object';
    const e = effect as Loose;
    const { comm, ledger, storage, orderer, telemetry } = this.ports;
    switch (e['kind']) {
      case 'send': {
        const to = peerRefs(e['to']);
        if (to === undefined) return 'send.to must be a list of PeerRefs';
        comm.send(to, e['message']);
        return undefined;
      }
      case 'setTimer': {
        const { timerId, delayMs, event } = e;
        if (!nonEmpty(timerId) || typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) return 'setTimer needs a timerId and a finite delayMs >= 0';
        this.timers.get(timerId)?.cancel();
        // [GEN-FUNC-RUNTIME-TIMERS.1] the fire is an input like any other; the reducer checks the ticket.
        const handle = this.scheduler.after(delayMs, () => {
          if (this.timers.get(timerId) === handle) this.timers.delete(timerId);
          this.submit({ kind: 'timer', timerId, event });
        });
        this.timers.set(timerId, handle);
        return undefined;
      }
      case 'cancelTimer': {
        const timerId = e['timerId'];
        if (typeof timerId !== 'string') return 'cancelTimer.timerId must be a string';
        this.timers.get(timerId)?.cancel();
        this.timers.delete(timerId);
        return undefined;
      }
      case 'handshake': {
        const { endpoint, attempt, expectedPkiId } = e;
        if (typeof endpoint !== 'string' || typeof attempt !== 'number') return 'handshake needs an endpoint and an attempt';
        if (expectedPkiId !== undefined && !nonEmpty(expectedPkiId)) return 'handshake.expectedPkiId must be absent or a non-empty string';
        void comm.handshake(endpoint, expectedPkiId as PkiId | undefined).then(
          (result) => this.submit({ kind: 'handshakeResult', endpoint, attempt, result }),
          (err: unknown) => this.submit({ kind: 'handshakeResult', endpoint, attempt, result: { ok: false, reason: String(err) } }),
        );
        return undefined;
      }
      case 'closeConnection':
        if (!nonEmpty(e['pkiId'])) return 'closeConnection.pkiId must be a non-empty string';
        comm.close(e['pkiId']);
        return undefined;
      case 'persist':
        if (!nonEmpty(e['key'])) return 'persist.key must be a non-empty string';
        await storage.put(e['key'], e['value']);
        return undefined;
      case 'readLedger': {
        const { channel, startSeq, endSeq, correlation } = e;
        if (!nonEmpty(channel) || !isSeq(startSeq) || !isSeq(endSeq) || !isSeq(correlation)) return 'readLedger needs a channel, block numbers and a correlation';
        void ledger.read(channel, startSeq, endSeq).then(
          (blocks) => this.submit({ kind: 'ledgerRead', channel, correlation, blocks }),
          () => this.submit({ kind: 'ledgerRead', channel, correlation, blocks: [] }),
        );
        return undefined;
      }
      case 'deliverToLedger': {
        const { channel, seq, block } = e;
        if (!nonEmpty(channel) || !isSeq(seq)) return 'deliverToLedger needs a channel and a block number';
        const outcome = await ledger.append(channel, seq, block);
        if (outcome.ok) {
          telemetry.log('info', `Committed block [${seq}]`, { channel });
          telemetry.gauge('gossip_state_height', seq + 1, { channel });
        } else {
          telemetry.count('runtime_commit_refused_total', { channel, reason: outcome.reason });
          telemetry.log('warn', `Failed committing block [${seq}]: ${outcome.detail}`, { channel, reason: outcome.reason });
        }
        return undefined;
      }
      case 'leadershipChanged': {
        const channel = e['channel'];
        if (!nonEmpty(channel)) return 'leadershipChanged.channel must be a non-empty string';
        const isLeader = e['isLeader'] === true;
        this.leaderOf.set(channel, isLeader);
        telemetry.gauge('gossip_leader_election_leader', isLeader ? 1 : 0, { channel });
        telemetry.log('info', isLeader ? 'Becoming a leader' : 'Stepping down as a leader', { channel });
        return undefined;
      }
      case 'connectOrderer': {
        const { channel, giveUpAfterMs } = e;
        if (!nonEmpty(channel)) return 'connectOrderer.channel must be a non-empty string';
        if (giveUpAfterMs !== undefined && (typeof giveUpAfterMs !== 'number' || !Number.isFinite(giveUpAfterMs) || giveUpAfterMs < 0)) return 'connectOrderer.giveUpAfterMs must be absent or >= 0';
        orderer.connect(channel, giveUpAfterMs as number | undefined, ledger.heights()[channel] ?? 0);
        return undefined;
      }
      case 'disconnectOrderer': {
        const channel = e['channel'];
        if (!nonEmpty(channel)) return 'disconnectOrderer.channel must be a non-empty string';
        orderer.disconnect(channel);
        return undefined;
      }
      case 'log': {
        const level = e['level'];
        const fields = e['fields'];
        telemetry.log(level === 'warn' || level === 'info' ? level : 'debug', String(e['message']), typeof fields === 'object' && fields !== null ? (fields as Loose) : undefined);
        return undefined;
      }
      case 'metric': {
        const { name, value, labels } = e;
        if (!nonEmpty(name) || typeof value !== 'number') return 'metric needs a name and a number';
        const l = typeof labels === 'object' && labels !== null ? (labels as Readonly<Record<string, string>>) : undefined;
        if (GAUGES.has(name)) telemetry.gauge(name, value, l);
        else telemetry.count(name, l, value);
        return undefined;
      }
      default:
        return `unknown effect kind ${JSON.stringify(String(e['kind']))}`;
    }
  }
}

/** Metric effects that are Fabric gauges (a value to set); every other metric effect is a counter increment. */
export const GAUGES: ReadonlySet<string> = new Set([
  'gossip_leader_election_leader',
  'gossip_membership_total_peers_known',
  'gossip_state_height',
  'gossip_payload_buffer_size',
]);
