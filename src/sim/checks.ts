/**
 * Generic predicates over a world, for runWithChecks. They know nothing of gossip: they compare
 * what peers committed with what the ordering service cut.
 */
import { allPeerSlots, ledgerHeight, ordererHeight } from './query';
import type { SafetyCheck } from './run';
import type { World } from './world';

/** Safety: every commit so far extended the peer's ledger by one and equals the orderer's block. */
export function commitsFollowOrderer<S>(): SafetyCheck<S> {
  return (w) => {
    const a = w.firstLedgerAnomaly;
    return a === undefined ? undefined : `peer ${a.peer} committed block ${a.seq} of ${a.channel}: ${a.anomaly}`;
  };
}

/** Liveness helper: every live peer's ledger for the channel is at least this high. */
export function allLedgersReach<S>(channel: string, height: number): (w: World<S>) => boolean {
  return (w) => allPeerSlots(w).every((slot) => !slot.alive || ledgerHeight(w, slot.spec.name, channel) >= height);
}

/** Liveness helper: every live peer holds every block the orderer has cut for the channel. */
export function allLedgersCaughtUp<S>(channel: string): (w: World<S>) => boolean {
  return (w) => allLedgersReach<S>(channel, ordererHeight(w, channel))(w);
}
