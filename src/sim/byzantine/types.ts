/**
 * The Byzantine peer model's vocabulary: the attack kinds, the options of `withByzantine`, the
 * state of a Byzantine peer (a union with the honest peer's state, so the world stays one
 * `createWorld` call) and the commands a schedule sends it. See spec/adversary.md.
 */
import type { CryptoSuite, Prng, SigningKey } from '../../core';
import type { PeerSpec } from '../world';

/** [SIM-FUNC-BYZANTINE-ATTACKS.1] What a Byzantine peer may send, one kind per hostile message family. */
export const ATTACK_KINDS = [
  'replay',
  'staleAlive',
  'futureAlive',
  'forgedName',
  'garbageSignature',
  'spoofedMemReq',
  'foreignLeadership',
  'leadershipForOther',
  'foreignChannelBlock',
  'badOrdererBlock',
  'wrongSeqBlock',
  'illegalTag',
  'unsolicitedPull',
  'malformed',
  'oversized',
  'mutated',
  'aliveFlood',
] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

export interface ByzantineOptions {
  /** Names of the peers that are Byzantine; every other peer runs the honest reducer unchanged. */
  readonly byzantine: readonly string[];
  /** The world's peers: an insider knows who is in the network (names, PKI-IDs, orgs, endpoints). */
  readonly peers: readonly PeerSpec[];
  /** Signing and hashing; a Byzantine peer signs only with the key `keyOf` gives for its own name. */
  readonly suite: CryptoSuite;
  /** [SIM-ASM-BYZANTINE-INSIDER.1] The Byzantine peer's own enrolled key (asked once, for itself only). */
  readonly keyOf: (name: string) => SigningKey | undefined;
  /** Channels it knows the names of (its own and others'); blocks and leadership go to these. */
  readonly channels: readonly string[];
  /** Mean time between attack rounds on its own timer. Default 500 ms. */
  readonly attackEveryMs?: number;
  /** Hostile messages per attack round. Default 2. */
  readonly attacksPerRound?: number;
  /** Probability of one hostile answer to each received message. Default 0.2. */
  readonly replyProbability?: number;
  /** How many received payloads it remembers for replay. Default 64. */
  readonly seenLimit?: number;
  /** Made-up PKI-IDs per alive flood. Default 20. */
  readonly floodSize?: number;
  /** The attack kinds drawn from. Default all. */
  readonly kinds?: readonly AttackKind[];
  /**
   * Default true: inside, the Byzantine peer also runs the honest reducer (an insider that takes part
   * in membership, election and dissemination, so it is heard and sees real traffic to replay).
   */
  readonly honestShell?: boolean;
}

/** The state of a Byzantine peer; an honest peer's state is the honest reducer's, unchanged. */
export interface ByzantineState<S> {
  readonly byzantine: true;
  readonly spec: PeerSpec;
  /** The honest peer it runs inside (undefined without `honestShell`). */
  readonly shell: S | undefined;
  /** [GEN-FUNC-PRNG-DETERMINISM.1] Every choice it makes comes from this stream. */
  readonly prng: Prng;
  /** Received payloads, oldest first, at most `seenLimit` ([SIM-FUNC-BYZANTINE-SEEN-BOUNDED.1]). */
  readonly seen: readonly unknown[];
  readonly seenTotal: number;
  /** Start of this incarnation (its alive messages' incNum). */
  readonly startMs: number;
  /** Made-up PKI-IDs issued so far (floods use fresh ones). */
  readonly fresh: number;
  /** Whether its timer attacks run (a schedule may pause them). */
  readonly attacking: boolean;
  /** Hostile messages sent, by kind. */
  readonly sent: Readonly<Partial<Record<AttackKind, number>>>;
}

export type WithByzantine<S> = S | ByzantineState<S>;

/** Commands a schedule sends a Byzantine peer (`{ kind: 'command', peer, command }`). */
export type ByzantineCommand =
  | { readonly byzantine: 'burst'; readonly attacks: readonly AttackKind[]; readonly target?: string }
  | { readonly byzantine: 'pause' }
  | { readonly byzantine: 'resume' };

export const BYZANTINE_TIMER_ID = 'byzantine/attack';

export function isByzantineState<S>(state: WithByzantine<S>): state is ByzantineState<S> {
  return typeof state === 'object' && state !== null && (state as { byzantine?: unknown }).byzantine === true && 'seen' in state;
}

/** The honest state of a slot, or undefined for a Byzantine peer. */
export function honestState<S>(state: WithByzantine<S>): S | undefined {
  return isByzantineState(state) ? undefined : state;
}
