/**
 * [GEN-FUNC-TRANSCRIPT-NETWORK.1] `use network`: whole networks of composed peers (src/peer) in
 * the simulator (src/sim), built like the scenarios' networks (src/scenarios/network.ts, Fabric
 * configuration from a profile and CORE_PEER_GOSSIP_* variables, symbolic crypto, the handshake on
 * every connection). After each command the transcript prints what changed, not how
 * (network-report.ts):
 *
 *   @<time> leader <peer> <channel> on|off      each leadership change, when it happened
 *   @<time> ordererGaveUp <peer> <channel>      a deliver client that gave up
 *   view <peer>: [...]                          alive members, when they changed
 *   chview <peer> <channel>: [...]              channel view, when it changed
 *   height <channel>: p0=3 p1=3 ...             ledger heights, when any changed
 *   leaders <channel>: Org1MSP=[p0] ...         leaders by org, when they changed
 *   up|down <peer>                              liveness changes
 *   rejected <peer>: <reason>=+N                inputs the peer refused at its edge
 *   sent: <type>=N ...                          messages sent during the command, by content
 *   dropped: <reason>=N ...                     envelopes the network dropped, by reason
 *
 * Commands before `start` describe the network; after it they act on it at the current time:
 *   use network seed=1 profile=fabric-1.4 [latency=(1,10)] [handshake=on]
 *   env KEY=VALUE ...                     CORE_PEER_GOSSIP_* for every peer declared after it
 *   peer p0 org=Org1MSP [endpoint=h:p] [external=none|h:p] [bootstrap=(p1)] [env=(KEY=VALUE,...)]
 *   channel mychannel orgs=(Org1MSP,Org2MSP) [anchors=(Org1MSP:p0)]
 *   start [down=(p3)]
 *   join channel=mychannel [peers=(p0,p1)]     JOIN_CHANNEL with the channel's current config
 *   config channel=mychannel anchors=(Org1MSP:p0)   a config update: a block, then the new config to joined peers
 *   cut channel=mychannel [count=N]            the ordering service cuts blocks
 *   advance by=10s | to=30s
 *   partition (p0,p1) (p2,p3) / heal / crash p0 / restart p0 / stop p0
 *   yield peer=p0 channel=c / leave peer=p0 channel=c / orderer channel=c down|up
 *   loss p=0.1 / duplication p=0.1 / latency min=1ms max=10ms / inject peer=p0 garbage
 *   status                                     every peer's state in full
 */
import { currentChannelPeers } from '../../channel';
import { loadConfig, type GossipConfig } from '../../config';
import type { PeerState } from '../../peer';
import { buildNetwork, type PeerDefinition } from '../../scenarios/network';
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
  type NetworkSettings,
  type World,
} from '../../sim';
import { Args, parseDurationMs } from '../args';
import { fmtMs, list } from '../format';
import type { Command } from '../parse';
import { oneWord, type Session, type Started } from '../session';
import { NetworkReporter } from './network-report';

type Profile = 'fabric-1.4' | 'fabric-2.x';

interface PeerDecl {
  readonly name: string;
  readonly org: string;
  readonly internal: string;
  readonly external: string;
  readonly bootstrap: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

interface ChannelDecl {
  readonly name: string;
  readonly orgs: readonly string[];
  sequence: number;
  anchors: Record<string, string[]>;
  readonly joined: Set<string>;
}

export function networkSubject(a: Args): Started {
  const seed = a.int('seed', 1);
  const profile = a.oneOf<Profile>('profile', ['fabric-1.4', 'fabric-2.x'], 'fabric-1.4');
  const latency = a.list('latency', ['1ms', '10ms']);
  const handshake = a.bool('handshake', true);
  a.done();
  const [minText, maxText] = latency;
  const minLatencyMs = minText === undefined ? undefined : parseDurationMs(minText);
  const maxLatencyMs = maxText === undefined ? undefined : parseDurationMs(maxText);
  if (latency.length !== 2 || minLatencyMs === undefined || maxLatencyMs === undefined) return a.fail('latency=(min,max) with durations');
  return {
    session: new NetworkSession(seed, profile, { minLatencyMs, maxLatencyMs }, handshake),
    output: [`network seed=${seed} profile=${profile} latency=${list([fmtMs(minLatencyMs), fmtMs(maxLatencyMs)])} handshake=${handshake}`],
  };
}

class NetworkSession implements Session {
  private world: World<PeerState> | undefined;
  private env: Record<string, string> = {};
  private readonly peers = new Map<string, PeerDecl>();
  private readonly channels = new Map<string, ChannelDecl>();
  private readonly reporter = new NetworkReporter();
  private lines: string[] = [];

  constructor(
    private readonly seed: number,
    private readonly profile: Profile,
    private readonly network: Partial<NetworkSettings>,
    private readonly handshake: boolean,
  ) {}

  run(cmd: Command): string[] {
    const a: Args = new Args(cmd);
    this.lines = [];
    const before = this.world?.step ?? 0;
    const setup: Record<string, (a: Args) => void> = { env: (x) => this.cmdEnv(x), peer: (x) => this.cmdPeer(x), channel: (x) => this.cmdChannel(x), start: (x) => this.cmdStart(x) };
    const acting: Record<string, (a: Args) => void> = {
      join: (x) => this.cmdJoin(x),
      config: (x) => this.cmdConfig(x),
      cut: (x) => this.cmdCut(x),
      advance: (x) => this.cmdAdvance(x),
      partition: (x) => this.cmdPartition(x),
      heal: (x) => this.act(x, (w) => heal(w)),
      crash: (x) => this.eachPeer(x, (w, p) => crash(w, p)),
      restart: (x) => this.eachPeer(x, (w, p) => restart(w, p)),
      stop: (x) => this.eachPeer(x, (w, p) => crash(command(w, p, { type: 'STOP' }), p)),
      yield: (x) => this.cmdPeerChannel(x, 'YIELD'),
      leave: (x) => this.cmdPeerChannel(x, 'LEAVE_CHANNEL'),
      orderer: (x) => this.cmdOrderer(x),
      loss: (x) => this.cmdNetwork(x, 'lossProbability'),
      duplication: (x) => this.cmdNetwork(x, 'duplicationProbability'),
      latency: (x) => this.cmdLatency(x),
      inject: (x) => this.cmdInject(x),
      status: (x) => this.cmdStatus(x),
    };
    const fn = this.world === undefined ? setup[cmd.name] : acting[cmd.name];
    if (fn === undefined) {
      const other = this.world === undefined ? acting : setup;
      if (other[cmd.name] !== undefined) a.fail(this.world === undefined ? 'the network has not started yet (start comes first)' : 'the network has started: describe it before `start`');
      a.fail(`unknown command (network commands: ${[...Object.keys(setup), ...Object.keys(acting)].sort().join(', ')})`);
    }
    fn(a);
    if (this.world !== undefined) this.lines.push(...this.reporter.report(this.world, before, this.peers, this.channels));
    return this.lines;
  }

  private w(): World<PeerState> {
    return this.world as World<PeerState>;
  }

  // ---- describing the network ------------------------------------------------------------

  private cmdEnv(a: Args): void {
    const pairs = a.command.args.map((arg) => {
      if (arg.key === undefined || arg.isList) a.fail(`write KEY=VALUE, not ${arg.text}`);
      return [arg.key, arg.values[0] as string] as const;
    });
    // Every argument is a variable: mark them read.
    for (const [key] of pairs) a.str(key);
    a.done();
    this.env = { ...this.env, ...Object.fromEntries(pairs) };
  }

  private cmdPeer(a: Args): void {
    const name = oneWord(a, 'name one peer: peer p0 org=Org1MSP');
    const org = a.str('org');
    const internal = a.str('endpoint', `${name}:7051`);
    const externalText = a.str('external', internal);
    const bootstrap = a.list('bootstrap', []);
    const env = Object.fromEntries(
      a.list('env', []).map((kv) => {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(kv) ?? a.fail(`env element ${kv} must be KEY=VALUE`);
        return [m[1] as string, m[2] as string];
      }),
    );
    a.done();
    if (this.peers.has(name)) a.fail(`${name} is declared already`);
    this.peers.set(name, { name, org, internal, external: externalText === 'none' ? '' : externalText, bootstrap, env: { ...this.env, ...env } });
  }

  private cmdChannel(a: Args): void {
    const name = oneWord(a, 'name one channel: channel mychannel orgs=(Org1MSP)');
    const orgs = a.list('orgs');
    const anchors = this.anchorsArg(a);
    a.done();
    this.channels.set(name, { name, orgs, sequence: 0, anchors, joined: new Set() });
  }

  private anchorsArg(a: Args): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const x of a.list('anchors', [])) {
      const m = /^([^:]+):(.+)$/.exec(x) ?? a.fail(`anchor ${x} must be Org:peer`);
      const peer = this.peers.get(m[2] as string) ?? a.fail(`unknown peer ${m[2]} in anchors`);
      (out[m[1] as string] ??= []).push(peer.external);
    }
    return out;
  }

  private endpointOf(a: Args, ref: string): string {
    if (ref.includes(':')) return ref;
    return (this.peers.get(ref) ?? a.fail(`unknown peer ${ref} in bootstrap`)).internal;
  }

  private configOf(a: Args, p: PeerDecl): GossipConfig {
    const env: Record<string, string> = { ...p.env };
    if (p.external !== '') env['CORE_PEER_GOSSIP_EXTERNALENDPOINT'] = p.external;
    if (p.bootstrap.length > 0) env['CORE_PEER_GOSSIP_BOOTSTRAP'] = p.bootstrap.map((b) => this.endpointOf(a, b)).join(' ');
    const loaded = loadConfig({ base: this.profile, env });
    if (!loaded.ok) a.fail(`configuration of ${p.name}: ${loaded.errors.map((e) => e.message).join('; ')}`);
    return loaded.config;
  }

  private cmdStart(a: Args): void {
    const down = a.list('down', []);
    a.done();
    if (this.peers.size === 0) a.fail('declare peers first');
    const defs: PeerDefinition[] = [...this.peers.values()].map((p) => ({ name: p.name, org: p.org, internalEndpoint: p.internal, externalEndpoint: p.external, config: this.configOf(a, p) }));
    let w = buildNetwork({ seed: this.seed, peers: defs, network: this.network, tracing: true, handshake: this.handshake });
    this.reporter.nameAll(w.directory.specs);
    for (const name of down) {
      if (!this.peers.has(name)) a.fail(`unknown peer ${name}`);
      w = crash(w, name);
    }
    this.world = w;
  }

  // ---- acting on it ------------------------------------------------------------------------

  private act(a: Args, f: (w: World<PeerState>) => World<PeerState>): void {
    a.done();
    this.world = f(this.w());
  }

  private peerName(a: Args, name: string): string {
    if (!this.peers.has(name)) a.fail(`unknown peer ${name} (peers: ${[...this.peers.keys()].join(', ')})`);
    return name;
  }

  private channelDecl(a: Args, name: string): ChannelDecl {
    return this.channels.get(name) ?? a.fail(`unknown channel ${name} (declare it with: channel ${name} orgs=(...))`);
  }

  private eachPeer(a: Args, f: (w: World<PeerState>, peer: string) => World<PeerState>): void {
    const names = a.words().map((n) => this.peerName(a, n));
    a.done();
    if (names.length === 0) a.fail('name the peers');
    for (const n of names) this.world = f(this.w(), n);
  }

  private joinMessage(ch: ChannelDecl): unknown {
    const anchor = (endpoint: string) => {
      const i = endpoint.lastIndexOf(':');
      return { host: endpoint.slice(0, i), port: Number(endpoint.slice(i + 1)) };
    };
    return { type: 'JOIN_CHANNEL', channel: ch.name, sequence: ch.sequence, orgs: ch.orgs.map((mspId) => ({ mspId, anchorPeers: (ch.anchors[mspId] ?? []).map(anchor) })) };
  }

  private cmdJoin(a: Args): void {
    const ch = this.channelDecl(a, a.str('channel'));
    const peers = a.has('peers') ? a.list('peers').map((n) => this.peerName(a, n)) : [...this.peers.values()].filter((p) => ch.orgs.includes(p.org)).map((p) => p.name);
    a.done();
    for (const p of peers) {
      ch.joined.add(p);
      this.world = command(this.w(), p, this.joinMessage(ch));
    }
  }

  /**
   * A config update as the transcript models it: the ordering service cuts the config block, and
   * every joined live peer gets the channel's next config (JOIN_CHANNEL, sequence + 1) at once.
   * (A Fabric peer applies it when it commits that block; the scenarios' runner does so.)
   */
  private cmdConfig(a: Args): void {
    const ch = this.channelDecl(a, a.str('channel'));
    const anchors = this.anchorsArg(a);
    a.done();
    ch.sequence += 1;
    ch.anchors = { ...ch.anchors, ...anchors };
    this.world = cutBlock(this.w(), ch.name);
    for (const p of [...ch.joined].sort()) if (peerSlot(this.w(), p).alive) this.world = command(this.w(), p, this.joinMessage(ch));
  }

  private cmdCut(a: Args): void {
    const ch = this.channelDecl(a, a.str('channel'));
    const count = a.int('count', 1);
    a.done();
    for (let i = 0; i < count; i++) this.world = cutBlock(this.w(), ch.name);
  }

  private cmdAdvance(a: Args): void {
    const to = a.has('to') ? a.ms('to') : undefined;
    const by = a.has('by') ? a.ms('by') : undefined;
    a.done();
    if ((to === undefined) === (by === undefined)) a.fail('give exactly one of to=<time> or by=<duration>');
    const target = to ?? this.w().nowMs + (by as number);
    if (target < this.w().nowMs) a.fail(`${fmtMs(target)} is before now (${fmtMs(this.w().nowMs)})`);
    let w = this.w();
    for (;;) {
      if (w.failure !== undefined) break;
      const next = nextEventTime(w);
      if (next === undefined || next > target) break;
      w = stepWorld(w);
    }
    this.world = setClock(w, target);
  }

  private cmdPartition(a: Args): void {
    const groups = a.lists().map((g) => g.map((n) => this.peerName(a, n)));
    a.done();
    if (groups.length === 0) a.fail('give the groups: partition (p0,p1) (p2,p3)');
    this.world = partition(this.w(), groups);
  }

  private cmdPeerChannel(a: Args, type: 'YIELD' | 'LEAVE_CHANNEL'): void {
    const peer = this.peerName(a, a.str('peer'));
    const ch = this.channelDecl(a, a.str('channel'));
    a.done();
    if (type === 'LEAVE_CHANNEL') ch.joined.delete(peer);
    this.world = command(this.w(), peer, { type, channel: ch.name });
  }

  private cmdOrderer(a: Args): void {
    const ch = this.channelDecl(a, a.str('channel'));
    const down = a.flag('down');
    const up = a.flag('up');
    a.done();
    if (down === up) a.fail('say down or up');
    this.world = setOrdererReachable(this.w(), ch.name, up);
  }

  private cmdNetwork(a: Args, key: 'lossProbability' | 'duplicationProbability'): void {
    const p = a.num('p');
    a.done();
    if (p < 0 || p > 1) a.fail('p must be in [0, 1]');
    this.world = setNetwork(this.w(), { [key]: p });
  }

  private cmdLatency(a: Args): void {
    const min = a.ms('min');
    const max = a.ms('max');
    a.done();
    this.world = setNetwork(this.w(), { minLatencyMs: min, maxLatencyMs: max });
  }

  private cmdInject(a: Args): void {
    const peer = this.peerName(a, a.str('peer'));
    const garbage = a.flag('garbage');
    a.done();
    if (!garbage) a.fail('say what to inject: garbage');
    this.world = inject(this.w(), peer, { not: 'an envelope' });
  }

  private cmdStatus(a: Args): void {
    a.done();
    const w = this.w();
    for (const name of this.peers.keys()) {
      const slot = peerSlot(w, name);
      if (!slot.alive) {
        this.lines.push(`${name}: down`);
        continue;
      }
      const parts = [`view=${this.reporter.viewOf(slot.state)}`];
      for (const ch of this.channels.keys()) {
        const c = slot.state.channels[ch];
        if (c === undefined) continue;
        parts.push(`${ch}: height=${ledgerHeight(w, name, ch)} leader=${slot.leaderOf.get(ch) === true} chview=${this.reporter.names(currentChannelPeers(c.gossipChannel))}`);
      }
      this.lines.push(`${name}: ${parts.join(' ')}`);
    }
    for (const ch of this.channels.keys()) this.lines.push(`orderer ${ch}: height=${ordererHeight(w, ch)}`);
  }
}
