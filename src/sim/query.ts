/**
 * Read-only questions about a world, by peer name (for invariants, tests and reports).
 */
import { counterEntries } from './counters';
import { onOrdererSide } from './network';
import { pget } from '../core/pmap';
import { vecGet, vecLast, vecToArray } from './pvec';
import { treapSize, treapToArray } from './treap';
import type { Envelope, LedgerEntry, OrdererBlock, PeerSlot, World } from './world';

export function peerNames<S>(w: World<S>): string[] {
  return w.directory.specs.map((s) => s.name);
}

export function peerSlot<S>(w: World<S>, name: string): PeerSlot<S> {
  const index = w.directory.byName.get(name);
  const slot = index === undefined ? undefined : vecGet(w.peers, index);
  if (slot === undefined) throw new RangeError(`unknown peer ${JSON.stringify(name)}`);
  return slot;
}

export function allPeerSlots<S>(w: World<S>): PeerSlot<S>[] {
  return vecToArray(w.peers);
}

export function peerState<S>(w: World<S>, name: string): S {
  return peerSlot(w, name).state;
}

export function isAlive<S>(w: World<S>, name: string): boolean {
  return peerSlot(w, name).alive;
}

export function ledgerOf<S>(w: World<S>, name: string, channel: string): LedgerEntry[] {
  const ledger = peerSlot(w, name).ledgers.get(channel);
  return ledger === undefined ? [] : vecToArray(ledger);
}

/** Fabric's height: last committed seq + 1 (0 when nothing is committed). */
export function ledgerHeight<S>(w: World<S>, name: string, channel: string): number {
  const ledger = peerSlot(w, name).ledgers.get(channel);
  return ledger === undefined ? 0 : (vecLast(ledger)?.seq ?? -1) + 1;
}

/** [SIM-FUNC-LEADER-RECORD.1] Peers whose last leadershipChanged for the channel said isLeader (crashed peers excluded). */
export function leadersOf<S>(w: World<S>, channel: string): string[] {
  return allPeerSlots(w)
    .filter((slot) => slot.alive && slot.leaderOf.get(channel) === true)
    .map((slot) => slot.spec.name);
}

export function armedTimerIds<S>(w: World<S>, name: string): string[] {
  return [...peerSlot(w, name).timers.keys()].sort();
}

export function inFlight<S>(w: World<S>): { atMs: number; envelope: Envelope }[] {
  return treapToArray(w.envelopes).map((n) => ({ atMs: n.atMs, envelope: n.value }));
}

export function inFlightCount<S>(w: World<S>): number {
  return treapSize(w.envelopes);
}

export function queuedHostEventCount<S>(w: World<S>): number {
  return treapSize(w.events);
}

export function ordererBlocks<S>(w: World<S>, channel: string): OrdererBlock[] {
  const ch = w.orderer.channels.get(channel);
  return ch === undefined ? [] : vecToArray(ch.blocks);
}

export function ordererHeight<S>(w: World<S>, channel: string): number {
  return w.orderer.channels.get(channel)?.blocks.size ?? 0;
}

/** Names of peers holding an orderer stream for the channel. */
export function ordererConnections<S>(w: World<S>, channel: string): string[] {
  const ch = w.orderer.channels.get(channel);
  if (ch === undefined) return [];
  return [...ch.streams.keys()].map((i) => w.directory.specs[i]?.name ?? `#${i}`).sort();
}

export function ordererChannels<S>(w: World<S>): string[] {
  return [...w.orderer.channels.keys()].sort();
}

/** [SIM-FUNC-ORDERER-OUTAGE.1] Whether peers can reach the channel's ordering service (true unless an outage is on). */
export function ordererReachable<S>(w: World<S>, channel: string): boolean {
  return w.orderer.channels.get(channel)?.reachable ?? true;
}

/**
 * [SIM-FUNC-ORDERER-PARTITION.1] Whether the named peer reaches the channel's ordering service now:
 * no outage, and on the service's side of the partition (when the partition places it).
 */
export function ordererReachableBy<S>(w: World<S>, channel: string, name: string): boolean {
  const index = w.directory.byName.get(name);
  if (index === undefined) throw new RangeError(`unknown peer ${JSON.stringify(name)}`);
  return ordererReachable(w, channel) && onOrdererSide(w.partition, index);
}

/** [SIM-FUNC-ORDERER-PARTITION.1] The partition group the ordering service is in, or undefined when every peer reaches it (no partition, or one that leaves it outside). */
export function ordererGroup<S>(w: World<S>): number | undefined {
  return w.partition?.ordererGroup;
}

/** [SIM-FUNC-ORDERER-OUTAGE.1] Channels whose ordering service is down, sorted. */
export function unreachableOrdererChannels<S>(w: World<S>): string[] {
  return ordererChannels(w).filter((c) => !ordererReachable(w, c));
}

/**
 * [SIM-FUNC-HANDSHAKE-REFUSAL-COUNT.1] Handshake refusals by the chart's reason (dials and
 * connections, either end), counted even when tracing is off; empty without a transport.
 */
export function handshakeRefusals<S>(w: World<S>): Record<string, number> {
  const prefix = 'handshakeRefused:';
  const entries = counterEntries(w.stats).filter(([k]) => k.startsWith(prefix)).map(([k, n]): [string, number] => [k.slice(prefix.length), n]);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * [SIM-FUNC-CONNECTION-HANDSHAKE.1] The connection between two peers opened (or refused) with their
 * current incarnations, from `a`'s side: whether it is open and whom `a` authenticated; undefined
 * when none was attempted since either end (re)started, or without a transport.
 */
export function connectionBetween<S>(w: World<S>, a: string, b: string): { open: boolean; authenticated: string | undefined; refusals: { by: string; reason: string }[] } | undefined {
  const ia = w.directory.byName.get(a);
  const ib = w.directory.byName.get(b);
  if (ia === undefined || ib === undefined) throw new RangeError(`unknown peer ${JSON.stringify(ia === undefined ? a : b)}`);
  const sa = peerSlot(w, a);
  const sb = peerSlot(w, b);
  const rec = sa.connections === undefined ? undefined : pget(sa.connections, String(ib));
  if (rec === undefined) return undefined;
  const incOf = (p: number) => (p === rec.dialer ? rec.dialerIncarnation : rec.acceptorIncarnation);
  if (incOf(ia) !== sa.incarnation || incOf(ib) !== sb.incarnation) return undefined;
  const name = (i: number) => w.directory.specs[i]?.name ?? `#${i}`;
  return { open: rec.open, authenticated: rec.authenticatedBy.get(ia)?.pkiId, refusals: rec.refusals.map((r) => ({ by: name(r.by), reason: r.reason })) };
}
