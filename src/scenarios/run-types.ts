/**
 * What a scenario run produces ([GEN-FUNC-SCENARIO-RUN.1]): the observations a reader of the
 * peers' logs would see, samples over time, expectation and invariant results, message counts.
 * Read by the report, the CLI and the tests; produced by run.ts.
 */
import type { PeerState } from '../peer';
import type { World } from '../sim';
import type { CompiledScenario } from './compile';
import type { Action, InvariantName } from './scenario-file';

export type Observation = { readonly t: number; readonly s: number } & (
  | { readonly kind: 'action'; readonly label: string; readonly action: Action['kind'] }
  | { readonly kind: 'membership'; readonly peer: string; readonly online: readonly string[]; readonly offline: readonly string[]; readonly view: readonly string[] }
  | { readonly kind: 'channelView'; readonly peer: string; readonly channel: string; readonly online: readonly string[]; readonly offline: readonly string[]; readonly view: readonly string[] }
  | { readonly kind: 'leader'; readonly peer: string; readonly channel: string; readonly isLeader: boolean }
  | { readonly kind: 'commit'; readonly peer: string; readonly channel: string; readonly seq: number }
  | { readonly kind: 'join'; readonly peer: string; readonly channel: string; readonly sequence: number; readonly orgs: readonly string[]; readonly anchors: Readonly<Record<string, readonly string[]>> }
  | { readonly kind: 'contactFailed'; readonly peer: string; readonly endpoint: string; readonly reason: string }
  | { readonly kind: 'connected'; readonly from: string; readonly to: string }
  | { readonly kind: 'ordererBlock'; readonly peer: string; readonly channel: string; readonly seq: number }
  | { readonly kind: 'cut'; readonly channel: string; readonly seq: number }
  | { readonly kind: 'violation'; readonly peer: string; readonly message: string }
);

export interface Sample {
  readonly t: number;
  readonly alive: Readonly<Record<string, boolean>>;
  /** Ledger height per peer, per channel. */
  readonly heights: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Live leaders per channel. */
  readonly leaders: Readonly<Record<string, readonly string[]>>;
  /** Alive membership size per peer. */
  readonly viewSizes: Readonly<Record<string, number>>;
  /** Channel view size per peer, per channel. */
  readonly channelViewSizes: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface Check {
  readonly path: string;
  readonly what: string;
  readonly ok: boolean;
  readonly expected: string;
  readonly actual: string;
}

export interface ExpectationResult {
  readonly path: string;
  readonly label: string;
  readonly atMs: number;
  readonly ok: boolean;
  readonly checks: readonly Check[];
}

export interface InvariantResult {
  readonly name: InvariantName;
  readonly description: string;
  readonly held: boolean;
  readonly detail: string;
}

export interface MessageCounts {
  /** False when the run was not traced (counts are then empty). */
  readonly traced: boolean;
  readonly byType: Readonly<Record<string, number>>;
  readonly byPeer: Readonly<Record<string, number>>;
  /** Sent, per peer and type. */
  readonly byPeerAndType: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface ScenarioRun {
  readonly compiled: CompiledScenario;
  readonly world: World<PeerState>;
  readonly observations: readonly Observation[];
  readonly samples: readonly Sample[];
  readonly results: readonly ExpectationResult[];
  /** Every invariant over the whole run (or at the end), whether or not an expectation asked. */
  readonly invariants: readonly InvariantResult[];
  readonly messages: MessageCounts;
  readonly ok: boolean;
}

export interface RunScenarioOptions {
  /** Keep the simulator's trace (message counts, contact failures, ndjson export); default true. */
  readonly tracing?: boolean;
  /** Sampling period for the charts; default duration / 240, at least 100 ms. */
  readonly sampleEveryMs?: number;
  /** Called at every sample (for a progress bar). */
  readonly onProgress?: (nowMs: number, untilMs: number) => void;
}
