/**
 * What the `network` transcript prints after each command (src/transcripts/subjects/network.ts):
 * only what changed since it last printed — leadership and give-up events, liveness, views,
 * channel views, refusals, heights, leaders by org, and counts of messages sent and dropped.
 */
import { currentChannelPeers } from '../../channel';
import { aliveMembers } from '../../membership';
import { peerStateViolation, type PeerState } from '../../peer';
import { ledgerHeight, ordererHeight, peerSlot, type TraceEvent, type World } from '../../sim';
import { fmtMs, list } from '../format';

/** What the reporter reads of a declared peer and channel. */
export interface PeerLike { readonly name: string; readonly org: string }
export interface ChannelLike { readonly orgs: readonly string[] }

/** What the transcript last printed of the world. */
interface Seen {
  readonly alive: Map<string, boolean>;
  readonly views: Map<string, string>;
  readonly chviews: Map<string, string>;
  readonly heights: Map<string, string>;
  readonly leaders: Map<string, string>;
  readonly rejected: Map<string, Readonly<Record<string, number>>>;
}

function payloadType(payload: unknown): string {
  const content = (payload as { payload?: { content?: { $case?: unknown } } } | undefined)?.payload?.content;
  return typeof content?.$case === 'string' ? content.$case : 'other';
}

const counts = (m: Map<string, number>): string =>
  [...m.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/** Trace events of the steps after `before`, oldest first. */
function traceSince(w: World<PeerState>, before: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let node = w.trace; node !== undefined && node.head.s > before; node = node.tail) out.push(node.head);
  return out.reverse();
}

export class NetworkReporter {
  private readonly nameByPki = new Map<string, string>();
  private readonly seen: Seen = { alive: new Map(), views: new Map(), chviews: new Map(), heights: new Map(), leaders: new Map(), rejected: new Map() };

  /** Print peers by name rather than PKI-ID. */
  nameAll(specs: readonly { readonly pkiId: string; readonly name: string }[]): void {
    for (const spec of specs) this.nameByPki.set(spec.pkiId, spec.name);
  }

  names(pkis: Iterable<string>): string {
    return list([...pkis].map((p) => this.nameByPki.get(p) ?? p).sort());
  }

  viewOf(state: PeerState): string {
    return this.names(aliveMembers(state.membership).map((m) => m.pkiId));
  }

  /**
   * The lines for what changed since step `before` and since the last report: trace events of the
   * steps since, then each peer's liveness, view, channel views and refusals, then each channel's
   * heights and leaders.
   */
  report(w: World<PeerState>, before: number, peers: ReadonlyMap<string, PeerLike>, channels: ReadonlyMap<string, ChannelLike>): string[] {
    const lines: string[] = [];
    const sent = new Map<string, number>();
    const dropped = new Map<string, number>();
    for (const e of traceSince(w, before)) {
      if (e.k === 'leader') lines.push(`@${fmtMs(e.t)} leader ${e.peer} ${e.channel} ${e.isLeader ? 'on' : 'off'}`);
      else if (e.k === 'ordererGaveUp') lines.push(`@${fmtMs(e.t)} ordererGaveUp ${e.peer} ${e.channel}`);
      else if (e.k === 'send') sent.set(payloadType(e.payload), (sent.get(payloadType(e.payload)) ?? 0) + 1);
      else if (e.k === 'drop') dropped.set(e.reason, (dropped.get(e.reason) ?? 0) + 1);
      else if (e.k === 'failure') lines.push(`@${fmtMs(e.t)} FAILURE ${e.kind}: ${e.message}`);
    }
    const s = this.seen;
    for (const name of peers.keys()) {
      const slot = peerSlot(w, name);
      if (s.alive.get(name) !== slot.alive) {
        if (s.alive.has(name) || !slot.alive) lines.push(`${slot.alive ? 'up' : 'down'} ${name}`);
        s.alive.set(name, slot.alive);
      }
      if (!slot.alive) continue;
      const violation = peerStateViolation(slot.state);
      if (violation !== undefined) lines.push(`violation ${name}: ${violation}`);
      const view = this.viewOf(slot.state);
      if (s.views.get(name) !== view) {
        lines.push(`view ${name}: ${view}`);
        s.views.set(name, view);
      }
      for (const ch of channels.keys()) {
        const c = slot.state.channels[ch];
        const key = `${name} ${ch}`;
        const chview = c === undefined ? '-' : this.names(currentChannelPeers(c.gossipChannel));
        if ((s.chviews.get(key) ?? '-') !== chview) {
          lines.push(`chview ${key}: ${chview}`);
          s.chviews.set(key, chview);
        }
      }
      const was = s.rejected.get(name) ?? {};
      const more = Object.entries(slot.state.rejected).filter(([r, n]) => n > (was[r] ?? 0));
      if (more.length > 0) lines.push(`rejected ${name}: ${more.map(([r, n]) => `${r}=+${n - (was[r] ?? 0)}`).join(' ')}`);
      s.rejected.set(name, slot.state.rejected);
    }
    for (const ch of channels.keys()) {
      const heights = [...peers.keys()].map((p) => `${p}=${ledgerHeight(w, p, ch)}`).join(' ');
      const line = `orderer=${ordererHeight(w, ch)} ${heights}`;
      if (s.heights.get(ch) !== line) {
        if (s.heights.has(ch) || ordererHeight(w, ch) > 0) lines.push(`height ${ch}: ${line}`);
        s.heights.set(ch, line);
      }
      const byOrg = new Map<string, string[]>();
      for (const p of peers.values()) {
        const slot = peerSlot(w, p.name);
        if (slot.alive && slot.leaderOf.get(ch) === true) byOrg.set(p.org, [...(byOrg.get(p.org) ?? []), p.name]);
      }
      const orgs = channels.get(ch)?.orgs ?? [];
      const leaders = orgs.map((o) => `${o}=${list((byOrg.get(o) ?? []).sort())}`).join(' ');
      if ((s.leaders.get(ch) ?? orgs.map((o) => `${o}=[]`).join(' ')) !== leaders) lines.push(`leaders ${ch}: ${leaders}`);
      s.leaders.set(ch, leaders);
    }
    if (sent.size > 0) lines.push(`sent: ${counts(sent)}`);
    if (dropped.size > 0) lines.push(`dropped: ${counts(dropped)}`);
    return lines;
  }
}
