/**
 * Trace lines: one per message sent, delivered or dropped, timer fired, fault, command and effect
 * of interest. Peers are named, never indexed, so a trace reads on its own. Lines are kept as
 * values in a persistent list (newest first) and encoded to ndjson only when asked (trace.ts).
 */
import type { HandshakeResult } from '../core';

/** How a commit relates to the ordering service's chain (world.ts records the first anomaly). */
export type LedgerAnomaly = 'outOfOrder' | 'unknownBlock' | 'mismatch';

export type FailureKind = 'reducerThrew' | 'initThrew' | 'invalidEffect' | 'zeno' | 'safety' | 'liveness' | 'stepBudget';

/** `handshakeRefused`: the connection between the two ends was refused by a handshake chart ([SIM-FUNC-CONNECTION-HANDSHAKE.1]). */
export type DropReason = 'lost' | 'partitioned' | 'crashed' | 'restarted' | 'unknownPkiId' | 'streamClosed' | 'handshakeRefused';

/** A fault or other world action as the trace records it (schedule.ts applies them). */
export type FaultRecord =
  | { readonly kind: 'partition'; readonly groups: readonly (readonly string[])[] }
  | { readonly kind: 'heal' }
  | { readonly kind: 'crash'; readonly peer: string }
  | { readonly kind: 'restart'; readonly peer: string; readonly incarnation: number }
  | { readonly kind: 'network'; readonly settings: Readonly<Record<string, unknown>> }
  | { readonly kind: 'ordererReachable'; readonly channel: string; readonly reachable: boolean }
  /** [SIM-FUNC-HANDSHAKE-ADVERSARY.1] a peer's handshake misbehaviour set (null: honest again). */
  | { readonly kind: 'handshakeAdversary'; readonly peer: string; readonly adversary: Readonly<Record<string, unknown>> | null };

export type TraceBody =
  | { readonly k: 'init'; readonly peer: string; readonly incarnation: number }
  | { readonly k: 'send'; readonly id: number; readonly from: string; readonly to: string; readonly payload: unknown }
  | { readonly k: 'dup'; readonly id: number; readonly from: string; readonly to: string }
  | { readonly k: 'deliver'; readonly id: number; readonly from: string; readonly to: string }
  | { readonly k: 'drop'; readonly id: number; readonly from: string; readonly to: string; readonly reason: DropReason }
  | { readonly k: 'inject'; readonly to: string; readonly payload: unknown }
  | { readonly k: 'command'; readonly peer: string; readonly command: unknown }
  | { readonly k: 'ignored'; readonly peer: string; readonly what: string; readonly reason: DropReason }
  | { readonly k: 'timer'; readonly peer: string; readonly timerId: string }
  | { readonly k: 'dial'; readonly peer: string; readonly endpoint: string; readonly attempt: number; readonly target: string | null }
  | { readonly k: 'handshake'; readonly peer: string; readonly endpoint: string; readonly attempt: number; readonly result: HandshakeResult }
  | { readonly k: 'close'; readonly peer: string; readonly pkiId: string }
  /** [SIM-FUNC-PRESUMED-DEAD.2] `peer` was told that a send to `pkiId` failed. */
  | { readonly k: 'presumedDead'; readonly peer: string; readonly pkiId: string }
  /** [SIM-FUNC-HANDSHAKE-REFUSAL-COUNT.1] `peer`'s handshake chart refused `remote` (on a dial or a connection). */
  | {
      readonly k: 'handshakeRefused';
      readonly peer: string;
      readonly remote: string;
      readonly side: 'dialer' | 'acceptor';
      readonly purpose: 'dial' | 'connection';
      readonly reason: string;
    }
  /** [SIM-FUNC-CONNECTION-HANDSHAKE.1] a connection from `from` (the dialer) to `to` was opened, or refused. */
  | { readonly k: 'connection'; readonly from: string; readonly to: string; readonly open: boolean; readonly refusals: readonly { readonly by: string; readonly reason: string }[] }
  | { readonly k: 'commit'; readonly peer: string; readonly channel: string; readonly seq: number; readonly anomaly: LedgerAnomaly | null }
  /** [SIM-FUNC-LEDGER-READ.1] a `readLedger` performed: the range asked and the seqs the ledger held. */
  | { readonly k: 'readLedger'; readonly peer: string; readonly channel: string; readonly startSeq: number; readonly endSeq: number; readonly correlation: number; readonly seqs: readonly number[] }
  /** [SIM-FUNC-LEDGER-READ.1] its answer fed to the peer as a `ledgerRead` input. */
  | { readonly k: 'ledgerRead'; readonly peer: string; readonly channel: string; readonly correlation: number; readonly count: number }
  | { readonly k: 'leader'; readonly peer: string; readonly channel: string; readonly isLeader: boolean }
  | { readonly k: 'ordererConnect'; readonly peer: string; readonly channel: string; readonly giveUpAfterMs: number | null }
  | { readonly k: 'ordererDisconnect'; readonly peer: string; readonly channel: string }
  | { readonly k: 'ordererGaveUp'; readonly peer: string; readonly channel: string }
  | { readonly k: 'cut'; readonly channel: string; readonly seq: number; readonly hash: string }
  | { readonly k: 'ordererBlock'; readonly peer: string; readonly channel: string; readonly seq: number }
  | { readonly k: 'log'; readonly peer: string; readonly level: string; readonly message: string }
  | { readonly k: 'metric'; readonly peer: string; readonly name: string; readonly value: number }
  | { readonly k: 'fault'; readonly action: FaultRecord }
  | { readonly k: 'failure'; readonly kind: FailureKind; readonly message: string; readonly peer: string | null };

export type TraceKind = TraceBody['k'];

/** A line: the body plus the step (`s`) and virtual time (`t`) it happened at. */
export type TraceEvent = TraceBody & { readonly s: number; readonly t: number };

/** Persistent list, newest first: appending shares the whole older trace. */
export type TraceList = { readonly head: TraceEvent; readonly tail: TraceList } | undefined;
