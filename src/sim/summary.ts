/**
 * A compact account of a run: counters by trace kind (kept even when tracing is off), per-peer
 * ledger heights and leadership, the orderer's chains and streams.
 */
import {
  allPeerSlots,
  handshakeRefusals,
  inFlightCount,
  ledgerHeight,
  leadersOf,
  ordererChannels,
  ordererConnections,
  ordererHeight,
  ordererReachable,
  queuedHostEventCount,
} from './query';
import { counterEntries } from './counters';
import type { World } from './world';

export interface PeerSummary {
  readonly alive: boolean;
  readonly incarnation: number;
  readonly ledgerHeights: Readonly<Record<string, number>>;
  readonly leaderOf: readonly string[];
  readonly armedTimers: number;
}

export interface WorldSummary {
  readonly seed: number;
  readonly nowMs: number;
  readonly step: number;
  readonly failure: string | null;
  readonly counts: Readonly<Record<string, number>>;
  readonly inFlight: number;
  readonly queuedHostEvents: number;
  readonly peers: Readonly<Record<string, PeerSummary>>;
  readonly orderer: Readonly<Record<string, { readonly height: number; readonly connected: readonly string[]; readonly reachable: boolean }>>;
  readonly leaders: Readonly<Record<string, readonly string[]>>;
  /** [SIM-FUNC-HANDSHAKE-REFUSAL-COUNT.1] Handshake refusals by reason (empty without a transport or refusals). */
  readonly handshakeRefusals: Readonly<Record<string, number>>;
}

function sortedRecord<V>(entries: [string, V][]): Record<string, V> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** [SIM-FUNC-SUMMARY.1] Counters by kind, each peer's liveness, incarnation, ledgers, leader flags and timers, the orderer's channels, the leaders, handshake refusals by reason. */
export function summarize<S>(w: World<S>): WorldSummary {
  const slots = allPeerSlots(w);
  const channels = new Set<string>(ordererChannels(w));
  for (const slot of slots) for (const channel of [...slot.ledgers.keys(), ...slot.leaderOf.keys()]) channels.add(channel);
  const peers = slots.map((slot): [string, PeerSummary] => [
    slot.spec.name,
    {
      alive: slot.alive,
      incarnation: slot.incarnation,
      ledgerHeights: sortedRecord([...slot.ledgers.keys()].map((c): [string, number] => [c, ledgerHeight(w, slot.spec.name, c)])),
      leaderOf: [...slot.leaderOf].filter(([, on]) => on).map(([c]) => c).sort(),
      armedTimers: slot.timers.size,
    },
  ]);
  return {
    seed: w.seed,
    nowMs: w.nowMs,
    step: w.step,
    failure: w.failure === undefined ? null : `${w.failure.kind}: ${w.failure.message}`,
    counts: sortedRecord(counterEntries(w.stats)),
    inFlight: inFlightCount(w),
    queuedHostEvents: queuedHostEventCount(w),
    peers: sortedRecord(peers),
    orderer: sortedRecord(ordererChannels(w).map((c) => [c, { height: ordererHeight(w, c), connected: ordererConnections(w, c), reachable: ordererReachable(w, c) }])),
    leaders: sortedRecord([...channels].map((c): [string, string[]] => [c, leadersOf(w, c)])),
    handshakeRefusals: handshakeRefusals(w),
  };
}
