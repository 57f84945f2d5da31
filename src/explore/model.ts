/**
 * What the explorer needs from a configuration: a few peers, each a pure reducer wrapped so that
 * its outputs become sends to other peers and timer arm/cancel requests (the same mapping the test
 * drivers perform), plus the invariants to check on every step. The explorer owns the network (the
 * multiset of messages in flight), the timers and the clock; the model owns everything inside a
 * peer. See spec/explore.md.
 */

/** What one step of one peer asks of the explorer (its host). */
export type Emit<M, T> =
  | { readonly kind: 'send'; readonly to: number; readonly message: M }
  | { readonly kind: 'setTimer'; readonly timerId: string; readonly delayMs: number; readonly event: T }
  | { readonly kind: 'cancelTimer'; readonly timerId: string };

/** One step of one peer: its next state, what it asks of the host, and the invariants it broke. */
export interface PeerStep<S, M, T> {
  readonly state: S;
  readonly emits: readonly Emit<M, T>[];
  /** `ID: message` per violated invariant of this step (state invariants on the state after included). */
  readonly violations: readonly string[];
}

/**
 * [EXP-FUNC-SYMMETRY.1] Peers with equal `roles[i]` may be permuted: the model promises that
 * renaming them (every `tokens[i]` string, as a whole JSON string, to the other peer's) maps
 * reachable configurations to reachable configurations and keeps the invariants' verdicts.
 */
export interface Symmetry {
  readonly roles: readonly string[];
  /** Per peer, the strings that name it inside states and messages (PKI-ID, endpoints). */
  readonly tokens: readonly (readonly string[])[];
  /**
   * Further conditions on a role-preserving permutation (perm[i] = new index of peer i), for
   * configuration that names peers: peer i bootstrapping to j must become π(i) bootstrapping to π(j).
   */
  readonly admits?: (perm: readonly number[]) => boolean;
}

export interface ExploreModel<S, M, T> {
  readonly name: string;
  readonly description: string;
  readonly peerNames: readonly string[];
  /**
   * True when no peer state and no input depends on the absolute time (the election): timers are
   * then keyed by their delay from now and the clock is left out of the key, so configurations
   * that differ only by a shift in time merge.
   */
  readonly timeless: boolean;
  readonly symmetry?: Symmetry;
  /** Every peer started at time 0 (in index order). */
  init(): readonly PeerStep<S, M, T>[];
  deliver(peer: number, state: S, from: number, message: M, nowMs: number): PeerStep<S, M, T>;
  /**
   * The host's answer to a lost item, when losing it is itself an input (a handshake that fails);
   * undefined when a loss is silent (a gossip message).
   */
  lost?(peer: number, state: S, from: number, message: M, nowMs: number): PeerStep<S, M, T> | undefined;
  fire(peer: number, state: S, event: T, nowMs: number): PeerStep<S, M, T>;
  /** A canonical, deterministic text of everything in a peer state that can influence its future. */
  stateKey(state: S): string;
  messageKey(message: M): string;
  describeMessage(message: M): string;
  /** A one-line summary of a peer state for traces. */
  describeState(state: S): string;
  /** Invariants over all peers at once (checked in every configuration), as `ID: message`. */
  globalViolations?(states: readonly S[]): readonly string[];
}
