/**
 * The commands of a `network` transcript (network.ts) after `start`: each acts on the running
 * world at the current time through the simulator's commands (src/sim) or a peer command
 * (JOIN_CHANNEL, YIELD, LEAVE_CHANNEL, STOP), and `status` prints every peer's state in full. What
 * changed is printed after the command by network-report.ts, not here.
 */
import { currentChannelPeers } from '../../channel';
import type { PeerState } from '../../peer';
import {
  command,
  crash,
  cutBlock,
  heal,
  inject,
  ledgerHeight,
  nextEventTime,
  ordererHeight,
  partition,
  peerSlot,
  restart,
  setClock,
  setNetwork,
  setOrdererReachable,
  stepWorld,
  type World,
} from '../../sim';
import type { Args } from '../args';
import { fmtMs } from '../format';
import type { ChannelDecl, NetworkCommand, NetworkHost } from './network-host';

function act(h: NetworkHost, a: Args, f: (w: World<PeerState>) => World<PeerState>): void {
  a.done();
  h.world = f(h.w());
}

function eachPeer(h: NetworkHost, a: Args, f: (w: World<PeerState>, peer: string) => World<PeerState>): void {
  const names = a.words().map((n) => h.peerName(a, n));
  a.done();
  if (names.length === 0) a.fail('name the peers');
  for (const n of names) h.world = f(h.w(), n);
}

function joinMessage(ch: ChannelDecl): unknown {
  const anchor = (endpoint: string) => {
    const i = endpoint.lastIndexOf(':');
    return { host: endpoint.slice(0, i), port: Number(endpoint.slice(i + 1)) };
  };
  return { type: 'JOIN_CHANNEL', channel: ch.name, sequence: ch.sequence, orgs: ch.orgs.map((mspId) => ({ mspId, anchorPeers: (ch.anchors[mspId] ?? []).map(anchor) })) };
}

function cmdJoin(h: NetworkHost, a: Args): void {
  const ch = h.channelDecl(a, a.str('channel'));
  const peers = a.has('peers') ? a.list('peers').map((n) => h.peerName(a, n)) : [...h.peers.values()].filter((p) => ch.orgs.includes(p.org)).map((p) => p.name);
  a.done();
  for (const p of peers) {
    ch.joined.add(p);
    h.world = command(h.w(), p, joinMessage(ch));
  }
}

/**
 * A config update as the transcript models it: the ordering service cuts the config block, and
 * every joined live peer gets the channel's next config (JOIN_CHANNEL, sequence + 1) at once.
 * (A Fabric peer applies it when it commits that block; the scenarios' runner does so.)
 */
function cmdConfig(h: NetworkHost, a: Args): void {
  const ch = h.channelDecl(a, a.str('channel'));
  const anchors = h.anchorsArg(a);
  a.done();
  ch.sequence += 1;
  ch.anchors = { ...ch.anchors, ...anchors };
  h.world = cutBlock(h.w(), ch.name);
  for (const p of [...ch.joined].sort()) if (peerSlot(h.w(), p).alive) h.world = command(h.w(), p, joinMessage(ch));
}

function cmdCut(h: NetworkHost, a: Args): void {
  const ch = h.channelDecl(a, a.str('channel'));
  const count = a.int('count', 1);
  a.done();
  for (let i = 0; i < count; i++) h.world = cutBlock(h.w(), ch.name);
}

function cmdAdvance(h: NetworkHost, a: Args): void {
  const to = a.has('to') ? a.ms('to') : undefined;
  const by = a.has('by') ? a.ms('by') : undefined;
  a.done();
  if ((to === undefined) === (by === undefined)) a.fail('give exactly one of to=<time> or by=<duration>');
  const target = to ?? h.w().nowMs + (by as number);
  if (target < h.w().nowMs) a.fail(`${fmtMs(target)} is before now (${fmtMs(h.w().nowMs)})`);
  let w = h.w();
  for (;;) {
    if (w.failure !== undefined) break;
    const next = nextEventTime(w);
    if (next === undefined || next > target) break;
    w = stepWorld(w);
  }
  h.world = setClock(w, target);
}

function cmdPartition(h: NetworkHost, a: Args): void {
  const groups = a.lists().map((g) => g.map((n) => h.peerName(a, n)));
  a.done();
  if (groups.length === 0) a.fail('give the groups: partition (p0,p1) (p2,p3)');
  h.world = partition(h.w(), groups);
}

function cmdPeerChannel(h: NetworkHost, a: Args, type: 'YIELD' | 'LEAVE_CHANNEL'): void {
  const peer = h.peerName(a, a.str('peer'));
  const ch = h.channelDecl(a, a.str('channel'));
  a.done();
  if (type === 'LEAVE_CHANNEL') ch.joined.delete(peer);
  h.world = command(h.w(), peer, { type, channel: ch.name });
}

function cmdOrderer(h: NetworkHost, a: Args): void {
  const ch = h.channelDecl(a, a.str('channel'));
  const down = a.flag('down');
  const up = a.flag('up');
  a.done();
  if (down === up) a.fail('say down or up');
  h.world = setOrdererReachable(h.w(), ch.name, up);
}

function cmdNetwork(h: NetworkHost, a: Args, key: 'lossProbability' | 'duplicationProbability'): void {
  const p = a.num('p');
  a.done();
  if (p < 0 || p > 1) a.fail('p must be in [0, 1]');
  h.world = setNetwork(h.w(), { [key]: p });
}

function cmdLatency(h: NetworkHost, a: Args): void {
  const min = a.ms('min');
  const max = a.ms('max');
  a.done();
  h.world = setNetwork(h.w(), { minLatencyMs: min, maxLatencyMs: max });
}

function cmdInject(h: NetworkHost, a: Args): void {
  const peer = h.peerName(a, a.str('peer'));
  const garbage = a.flag('garbage');
  a.done();
  if (!garbage) a.fail('say what to inject: garbage');
  h.world = inject(h.w(), peer, { not: 'an envelope' });
}

function cmdStatus(h: NetworkHost, a: Args): void {
  a.done();
  const w = h.w();
  for (const name of h.peers.keys()) {
    const slot = peerSlot(w, name);
    if (!slot.alive) {
      h.lines.push(`${name}: down`);
      continue;
    }
    const parts = [`view=${h.reporter.viewOf(slot.state)}`];
    for (const ch of h.channels.keys()) {
      const c = slot.state.channels[ch];
      if (c === undefined) continue;
      parts.push(`${ch}: height=${ledgerHeight(w, name, ch)} leader=${slot.leaderOf.get(ch) === true} chview=${h.reporter.names(currentChannelPeers(c.gossipChannel))}`);
    }
    h.lines.push(`${name}: ${parts.join(' ')}`);
  }
  for (const ch of h.channels.keys()) h.lines.push(`orderer ${ch}: height=${ordererHeight(w, ch)}`);
}

/** The commands after `start`, by name. */
export const ACTING_COMMANDS: Readonly<Record<string, NetworkCommand>> = {
  join: cmdJoin,
  config: cmdConfig,
  cut: cmdCut,
  advance: cmdAdvance,
  partition: cmdPartition,
  heal: (h, a) => act(h, a, (w) => heal(w)),
  crash: (h, a) => eachPeer(h, a, (w, p) => crash(w, p)),
  restart: (h, a) => eachPeer(h, a, (w, p) => restart(w, p)),
  stop: (h, a) => eachPeer(h, a, (w, p) => crash(command(w, p, { type: 'STOP' }), p)),
  yield: (h, a) => cmdPeerChannel(h, a, 'YIELD'),
  leave: (h, a) => cmdPeerChannel(h, a, 'LEAVE_CHANNEL'),
  orderer: cmdOrderer,
  loss: (h, a) => cmdNetwork(h, a, 'lossProbability'),
  duplication: (h, a) => cmdNetwork(h, a, 'duplicationProbability'),
  latency: cmdLatency,
  inject: cmdInject,
  status: cmdStatus,
};
