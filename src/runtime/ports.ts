/**
 * What the runtime host needs from the world, one interface per kind of effect (core/effects.ts),
 * so that a test can plug in-process pieces and a node plugs sockets, LevelDB and gRPC streams.
 * Ports report back through the host's `submit` (an input without its time: the host stamps
 * `nowMs` when it takes the input, [GEN-FUNC-RUNTIME-CLOCK.1]).
 */
import type { HandshakeResult, HostInput, LedgerBlock, PeerRef, PkiId } from '../core';

/** A host input as a port makes it: the host adds `nowMs` when it steps the peer. */
export type InputOf<I = HostInput> = I extends HostInput ? Omit<I, 'nowMs'> : never;
export type Submit = (input: InputOf) => void;

/** The comm layer (Fabric's comm.Comm): connections by PKI-ID, authenticated by the handshake. */
export interface CommPort {
  /** Fire-and-forget: per recipient, enqueue on its connection (dialled on demand), dropping when the buffer is full. */
  send(to: readonly PeerRef[], message: unknown): void;
  /**
   * Dial and authenticate (effects.ts `handshake`). No expected PKI-ID: Fabric's Handshake() deep
   * probe, no connection kept; with one: createConnection(endpoint, expected), the connection kept.
   */
  handshake(endpoint: string, expectedPkiId: PkiId | undefined): Promise<HandshakeResult>;
  close(pkiId: string): void;
}

export type AppendOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'undecodable' | 'wrongNumber' | 'previousHashMismatch' | 'storageFailure'; readonly detail: string };

/** Every channel's ledger, as the host performs `deliverToLedger` and `readLedger` on it. */
export interface BlockStore {
  /** Heights per channel now (the peer's `ledgerHeights` at init). */
  heights(): Readonly<Record<string, number>>;
  /** Resolves once the block is durable (or refused): rule 2, persist before send. */
  append(channel: string, seq: number, block: unknown): Promise<AppendOutcome>;
  /** Blocks in [startSeq, endSeq] held now, ascending (rule 9). */
  read(channel: string, startSeq: number, endSeq: number): Promise<readonly LedgerBlock[]>;
  close(): Promise<void>;
}

/** The peer's stable storage (`persist`), handed back at the next start. */
export interface StableStorage {
  load(): Promise<Readonly<Record<string, unknown>>>;
  /** `undefined` deletes the key; resolves once durable. */
  put(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}

/** The deliver client (`connectOrderer` / `disconnectOrderer`, rule 6). */
export interface OrdererPort {
  /** Idempotent; blocks come back as `ordererBlock` inputs, a give-up once as `ordererGaveUp`. */
  connect(channel: string, giveUpAfterMs: number | undefined, fromSeq: number): void;
  disconnect(channel: string): void;
  close(): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Counters, gauges and logs; a host may drop them (rule 7). */
export interface Telemetry {
  count(name: string, labels?: Readonly<Record<string, string>>, by?: number): void;
  gauge(name: string, value: number, labels?: Readonly<Record<string, string>>): void;
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export const SILENT_TELEMETRY: Telemetry = { count: () => undefined, gauge: () => undefined, log: () => undefined };

/** Counters and gauges kept in memory (tests, `status`), optionally forwarding to another telemetry. */
export class MemoryTelemetry implements Telemetry {
  readonly counters = new Map<string, number>();
  readonly gauges = new Map<string, number>();
  readonly logs: { level: LogLevel; message: string; fields?: Readonly<Record<string, unknown>> }[] = [];
  constructor(private readonly next: Telemetry = SILENT_TELEMETRY, private readonly keepLogs = 2000) {}
  static key(name: string, labels?: Readonly<Record<string, string>>): string {
    const parts = Object.keys(labels ?? {}).sort().map((k) => `${k}=${(labels as Record<string, string>)[k]}`);
    return parts.length === 0 ? name : `${name}{${parts.join(',')}}`;
  }
  count(name: string, labels?: Readonly<Record<string, string>>, by = 1): void {
    const key = MemoryTelemetry.key(name, labels);
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
    this.next.count(name, labels, by);
  }
  gauge(name: string, value: number, labels?: Readonly<Record<string, string>>): void {
    this.gauges.set(MemoryTelemetry.key(name, labels), value);
    this.next.gauge(name, value, labels);
  }
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    if (this.logs.length >= this.keepLogs) this.logs.shift();
    this.logs.push(fields === undefined ? { level, message } : { level, message, fields });
    this.next.log(level, message, fields);
  }
  /** Sum of a counter over all its label sets. */
  total(name: string): number {
    let sum = 0;
    for (const [k, v] of this.counters) if (k === name || k.startsWith(`${name}{`)) sum += v;
    return sum;
  }
}
