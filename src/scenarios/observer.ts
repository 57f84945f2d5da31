/**
 * What a scenario run records as it goes ([GEN-FUNC-SCENARIO-RUN.1]): after every step, what
 * changed in each peer since the last look (membership and channel views, leadership, commits, the
 * first state invariant violated), and at each sampling time the heights, leaders and view sizes.
 * The scenario's world (scenario-world.ts) and the driver (run.ts) own the world and the timeline;
 * this only looks at the worlds it is shown.
 */
import { currentChannelPeers } from '../channel';
import { aliveMembers } from '../membership';
import { peerStateViolation, type PeerState } from '../peer';
import { ledgerHeight, peerSlot, traceEvents, type World } from '../sim';
import type { MessageCounts, Observation, Sample } from './run-types';

export const sortedNames = (xs: Iterable<string>): string[] => [...xs].sort();

/** Per-peer bookkeeping of what was last observed. */
interface Seen {
  state: PeerState | undefined;
  viewToken: object | undefined;
  view: string[];
  channelState: Map<string, unknown>;
  channelViews: Map<string, string[]>;
  leaderOf: ReadonlyMap<string, boolean> | undefined;
  ledgers: unknown;
  heights: Map<string, number>;
}

export interface FirstViolation {
  readonly t: number;
  readonly peer: string;
  readonly message: string;
}

export class Observer {
  readonly observations: Observation[] = [];
  readonly samples: Sample[] = [];
  private readonly seen = new Map<string, Seen>();
  private violation: FirstViolation | undefined;

  constructor(
    private readonly nameByPki: ReadonlyMap<string, string>,
    private readonly channels: readonly string[],
  ) {}

  /** The first peer state invariant violated, checked after every step. */
  get firstViolation(): FirstViolation | undefined {
    return this.violation;
  }

  /** The alive members `peer` knew at the last look (names, sorted). */
  viewOf(peer: string): readonly string[] {
    return this.seen.get(peer)?.view ?? [];
  }

  /** The members of `channel` `peer` saw at the last look (names, sorted). */
  channelViewOf(peer: string, channel: string): readonly string[] {
    return this.seen.get(peer)?.channelViews.get(channel) ?? [];
  }

  private names(pkis: Iterable<string>): string[] {
    return sortedNames([...pkis].map((p) => this.nameByPki.get(p) ?? p));
  }

  /** Record what changed in each peer since the last look; true when some ledger height changed. */
  observe(w: World<PeerState>): boolean {
    const t = w.nowMs;
    const s = w.step;
    let heightsChanged = false;
    for (const spec of w.directory.specs) {
      const name = spec.name;
      const slot = peerSlot(w, name);
      let seen = this.seen.get(name);
      if (seen === undefined) {
        seen = { state: undefined, viewToken: undefined, view: [], channelState: new Map(), channelViews: new Map(), leaderOf: undefined, ledgers: undefined, heights: new Map() };
        this.seen.set(name, seen);
      }
      if (slot.leaderOf !== seen.leaderOf) {
        const before = seen.leaderOf ?? new Map<string, boolean>();
        for (const ch of new Set([...before.keys(), ...slot.leaderOf.keys()])) {
          const was = before.get(ch) === true;
          const now = slot.leaderOf.get(ch) === true;
          if (was !== now) this.observations.push({ t, s, kind: 'leader', peer: name, channel: ch, isLeader: now });
        }
        seen.leaderOf = slot.leaderOf;
      }
      if (slot.ledgers !== seen.ledgers) {
        for (const ch of slot.ledgers.keys()) {
          const h = ledgerHeight(w, name, ch);
          const was = seen.heights.get(ch) ?? 0;
          for (let seq = was; seq < h; seq++) this.observations.push({ t, s, kind: 'commit', peer: name, channel: ch, seq });
          if (h !== was) heightsChanged = true;
          seen.heights.set(ch, h);
        }
        seen.ledgers = slot.ledgers;
      }
      const state = slot.state;
      if (state === seen.state) continue;
      seen.state = state;
      if (!slot.alive) continue;
      const violation = this.violation === undefined ? peerStateViolation(state) : undefined;
      if (violation !== undefined) {
        this.violation = { t, peer: name, message: violation };
        this.observations.push({ t, s, kind: 'violation', peer: name, message: violation });
      }
      if (state.membership.viewToken !== seen.viewToken) {
        seen.viewToken = state.membership.viewToken;
        const view = this.names(aliveMembers(state.membership).map((m) => m.pkiId));
        const online = view.filter((n) => !seen.view.includes(n));
        const offline = seen.view.filter((n) => !view.includes(n));
        if (online.length > 0 || offline.length > 0) this.observations.push({ t, s, kind: 'membership', peer: name, online, offline, view });
        seen.view = view;
      }
      for (const [ch, chState] of Object.entries(state.channels)) {
        if (seen.channelState.get(ch) === chState.gossipChannel) continue;
        seen.channelState.set(ch, chState.gossipChannel);
        const view = this.names(currentChannelPeers(chState.gossipChannel));
        const before = seen.channelViews.get(ch) ?? [];
        const online = view.filter((n) => !before.includes(n));
        const offline = before.filter((n) => !view.includes(n));
        if (online.length > 0 || offline.length > 0) this.observations.push({ t, s, kind: 'channelView', peer: name, channel: ch, online, offline, view });
        seen.channelViews.set(ch, view);
      }
    }
    return heightsChanged;
  }

  /** Heights, leaders and view sizes of every peer now. */
  sample(w: World<PeerState>): void {
    const alive: Record<string, boolean> = {};
    const heights: Record<string, Record<string, number>> = {};
    const viewSizes: Record<string, number> = {};
    const channelViewSizes: Record<string, Record<string, number>> = {};
    const leaders: Record<string, string[]> = {};
    for (const ch of this.channels) {
      heights[ch] = {};
      channelViewSizes[ch] = {};
      leaders[ch] = [];
    }
    for (const spec of w.directory.specs) {
      const slot = peerSlot(w, spec.name);
      alive[spec.name] = slot.alive;
      viewSizes[spec.name] = slot.alive ? this.viewOf(spec.name).length : 0;
      for (const ch of this.channels) {
        (heights[ch] as Record<string, number>)[spec.name] = ledgerHeight(w, spec.name, ch);
        (channelViewSizes[ch] as Record<string, number>)[spec.name] = slot.alive ? this.channelViewOf(spec.name, ch).length : 0;
        if (slot.alive && slot.leaderOf.get(ch) === true) (leaders[ch] as string[]).push(spec.name);
      }
    }
    this.samples.push({ t: w.nowMs, alive, heights, leaders, viewSizes, channelViewSizes });
  }
}

/** The observations with the trace's contact failures, connections, orderer deliveries and cuts merged in (when traced). */
export function withTraceObservations(w: World<PeerState>, observations: readonly Observation[]): Observation[] {
  const extra: Observation[] = [];
  for (const e of traceEvents(w)) {
    if (e.k === 'handshake' && !e.result.ok) extra.push({ t: e.t, s: e.s, kind: 'contactFailed', peer: e.peer, endpoint: e.endpoint, reason: e.result.reason });
    else if (e.k === 'connection' && e.open) extra.push({ t: e.t, s: e.s, kind: 'connected', from: e.from, to: e.to });
    else if (e.k === 'ordererBlock') extra.push({ t: e.t, s: e.s, kind: 'ordererBlock', peer: e.peer, channel: e.channel, seq: e.seq });
    else if (e.k === 'cut') extra.push({ t: e.t, s: e.s, kind: 'cut', channel: e.channel, seq: e.seq });
  }
  // Stable merge by (time, step); within a step, the trace's lines come first (they caused the rest).
  const all = [...extra.map((o, i) => ({ o, k: 0, i })), ...observations.map((o, i) => ({ o, k: 1, i }))];
  return all.sort((a, b) => a.o.t - b.o.t || a.o.s - b.o.s || a.k - b.k || a.i - b.i).map((x) => x.o);
}

function payloadType(payload: unknown): string {
  const content = (payload as { payload?: { content?: { $case?: unknown } } } | undefined)?.payload?.content;
  return typeof content?.$case === 'string' ? content.$case : 'other';
}

/** Messages sent, by type and by peer, from the trace (empty when the run was not traced). */
export function messageCounts(w: World<PeerState>): MessageCounts {
  const byType: Record<string, number> = {};
  const byPeer: Record<string, number> = {};
  const byPeerAndType: Record<string, Record<string, number>> = {};
  for (const e of traceEvents(w)) {
    if (e.k !== 'send') continue;
    const type = payloadType(e.payload);
    byType[type] = (byType[type] ?? 0) + 1;
    byPeer[e.from] = (byPeer[e.from] ?? 0) + 1;
    const row = (byPeerAndType[e.from] ??= {});
    row[type] = (row[type] ?? 0) + 1;
  }
  return { traced: w.config.tracing, byType, byPeer, byPeerAndType };
}
