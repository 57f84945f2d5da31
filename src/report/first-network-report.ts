/**
 * What the main job prints about a First Network run: for each phase, every peer's membership
 * view and leadership, then the leadership changes and commits over time, and the run's counters.
 * Pure: it returns lines; the CLI prints them.
 */
import { aliveMembers } from '../membership';
import type { PeerState } from '../peer';
import { ledgerHeight, peerNames, peerState, summarize, traceEvents, type World } from '../sim';
import { FIRST_NETWORK_CHANNEL } from '../scenarios/first-network';

const short = (pki: string): string => pki.slice(pki.indexOf('/') + 1);

export function snapshotLines(w: World<PeerState>, label: string): string[] {
  const lines = [`[t=${(w.nowMs / 1000).toFixed(1)}s] ${label}`];
  for (const name of peerNames(w)) {
    const s = peerState(w, name);
    const view = aliveMembers(s.membership).map((m) => short(m.pkiId)).sort();
    const ch = s.channels[FIRST_NETWORK_CHANNEL];
    const role = ch === undefined ? 'not joined' : ch.isLeader ? 'LEADER' : 'follower';
    const height = ledgerHeight(w, name, FIRST_NETWORK_CHANNEL);
    lines.push(`    ${name.padEnd(11)} ${role.padEnd(10)} height ${height}  knows {${view.join(', ')}}`);
  }
  return lines;
}

export function timelineLines(w: World<PeerState>): string[] {
  const lines: string[] = [];
  for (const e of traceEvents(w)) {
    const t = `${(e.t / 1000).toFixed(3)}s`.padStart(9);
    if (e.k === 'leader') lines.push(`${t}  ${e.peer} ${e.isLeader ? 'becomes leader' : 'steps down'} of ${e.channel}`);
    else if (e.k === 'commit') lines.push(`${t}  ${e.peer} commits block ${e.seq} of ${e.channel}`);
    else if (e.k === 'command') lines.push(`${t}  ${e.peer} <- ${(e.command as { type?: string }).type ?? 'command'}`);
  }
  return lines;
}

export function countersLine(w: World<PeerState>): string {
  const s = summarize(w);
  const rejected = peerNames(w).reduce((n, p) => n + Object.values(peerState(w, p).rejected).reduce((a, b) => a + b, 0), 0);
  return `counters: ${JSON.stringify(s.counts)}; inputs rejected at the edge: ${rejected}`;
}
