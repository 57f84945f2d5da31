/**
 * What a wire (wiring.ts) or an admission check (admission/) turns an output or an input into:
 * an input for another instance (or a new instance's first outputs), an effect for the host, a counted rejection, a push to route, or
 * a change to state the composition itself owns (channel flags, the stores of admission checks).
 * The engine (engine.ts) performs signals in order, depth first: an input's own outputs are all
 * performed before the next signal, which is the order in which Fabric's calls return.
 */
import type { Effect } from '../core';
import type { Address, EventOf, OutputOf, SubsystemName } from './instances';
import type { GossipItem, PeerState } from './state';

export type Signal =
  | { readonly kind: 'input'; readonly to: Address; readonly event: unknown }
  /** The outputs of an instance's init, performed as if it had stepped. */
  | { readonly kind: 'outputs'; readonly from: Address; readonly outs: readonly unknown[] }
  | { readonly kind: 'effect'; readonly effect: Effect }
  | { readonly kind: 'reject'; readonly reason: string; readonly message: string }
  /** The whole host input is rejected: whatever it did so far is undone, and it is counted once. */
  | { readonly kind: 'refuseInput'; readonly reason: string; readonly message: string }
  | { readonly kind: 'route'; readonly batch: readonly Routed[] }
  | { readonly kind: 'update'; readonly apply: (state: PeerState) => PeerState };

/** One emitted gossip item and the peer it must not go back to. */
export interface Routed {
  readonly item: GossipItem;
  readonly exclude: string | undefined;
}

export const input = <N extends SubsystemName>(to: Address<N>, event: EventOf<N>): Signal => ({ kind: 'input', to, event });
export const outputs = <N extends SubsystemName>(from: Address<N>, outs: readonly OutputOf<N>[]): Signal => ({ kind: 'outputs', from, outs });
export const effect = (e: Effect): Signal => ({ kind: 'effect', effect: e });
export const reject = (reason: string, message: string): Signal => ({ kind: 'reject', reason, message });
export const refuseInput = (reason: string, message: string): Signal => ({ kind: 'refuseInput', reason, message });
export const update = (apply: (state: PeerState) => PeerState): Signal => ({ kind: 'update', apply });
export const route = (batch: readonly Routed[]): Signal => ({ kind: 'route', batch });
export const none: readonly Signal[] = [];
