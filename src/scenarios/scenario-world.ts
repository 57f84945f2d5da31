/**
 * [GEN-FUNC-SCENARIO-RUN.1] The world of a running scenario and everything that changes it. Every
 * timeline action is one of the simulator's commands (start and restart: `restart`; stop: the
 * peer's STOP command then `crash`; partition, heal, crash, network settings, orderer outages,
 * block cuts) or a peer command (JOIN_CHANNEL, YIELD). A config update is a block the orderer cuts;
 * each peer that joined the channel gets the new channel config (JOIN_CHANNEL with the next
 * sequence) when it commits that block, as a Fabric peer's committer hands config blocks to gossip.
 * Peers started by the timeline are down from time 0; a peer up at 0 whose bootstrap list names one
 * of them starts again at 0 after they are down, so its first contact meets a peer that is not
 * running, as in Fabric.
 *
 * The observer is shown the world after every change; the channels' configs and the updates
 * still to deliver are kept in channel-configs.ts. When things happen (the clock, samples,
 * expectations) is the driver's (run.ts): this does what it is told, at the time it is told.
 */
import type { PeerState } from '../peer';
import {
  command,
  crash,
  cutBlock,
  heal,
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
} from '../sim';
import { ChannelConfigs } from './channel-configs';
import { ordererGroupOf, type CompiledChannel, type CompiledScenario } from './compile';
import { describeAction } from './describe-action';
import type { CheckedRun } from './expectations';
import { buildNetwork } from './network';
import { Observer } from './observer';
import type { Action } from './scenario-file';

export class ScenarioWorld {
  private world: World<PeerState>;
  readonly observer: Observer;
  private readonly configs: ChannelConfigs;
  private ordererDownByPartition = false;
  private readonly nameByPki = new Map<string, string>();
  private readonly orgOfPeer = new Map<string, string>();
  private readonly channels: ReadonlyMap<string, CompiledChannel>;
  private readonly peerNames: ReadonlySet<string>;

  constructor(
    private readonly c: CompiledScenario,
    tracing: boolean,
  ) {
    this.world = buildNetwork({ seed: c.seed, peers: c.peers.map((p) => p.definition), network: c.network, tracing });
    for (const spec of this.world.directory.specs) this.nameByPki.set(spec.pkiId, spec.name);
    for (const p of c.peers) this.orgOfPeer.set(p.definition.name, p.mspId);
    this.channels = new Map(c.channels.map((ch) => [ch.name, ch]));
    this.peerNames = new Set(c.peers.map((p) => p.definition.name));
    this.configs = new ChannelConfigs(this.channels);
    this.observer = new Observer(this.nameByPki, this.allChannels());
  }

  /** The world now. */
  get w(): World<PeerState> {
    return this.world;
  }

  /** What the expectation checks read now. */
  checked(): CheckedRun {
    return { w: this.world, joined: this.configs.joined, orgOfPeer: this.orgOfPeer, observer: this.observer };
  }

  /** Record what changed since the last look; peers that committed a config block get its config. */
  observe(): void {
    if (this.observer.observe(this.world)) this.applyDueConfigs();
  }

  /** Move the clock to `t` (no events run). */
  setClock(t: number): void {
    this.world = setClock(this.world, t);
  }

  /** Run the world's events while the next one is `due`, observing after each. */
  stepWhile(due: (next: number) => boolean): void {
    for (;;) {
      if (this.world.failure !== undefined) return;
      const next = nextEventTime(this.world);
      if (next === undefined || !due(next)) return;
      this.world = stepWorld(this.world);
      this.observe();
    }
  }

  private endpointsOf(name: string): string[] {
    const d = this.c.peers.find((p) => p.definition.name === name)?.definition;
    return d === undefined ? [] : [d.internalEndpoint, d.externalEndpoint].filter((e) => e !== '');
  }

  private bootstrapOf(name: string): readonly string[] {
    return this.c.peers.find((p) => p.definition.name === name)?.definition.config.bootstrap ?? [];
  }

  /** Peers the timeline starts are down from time 0; a peer whose bootstrap names one starts again after. */
  startLatePeersDown(): void {
    const late = new Set(this.c.lateStarters);
    if (late.size === 0) return;
    for (const name of this.c.lateStarters) this.world = crash(this.world, name);
    const lateEndpoints = new Set(this.c.peers.filter((p) => late.has(p.definition.name)).flatMap((p) => [p.definition.internalEndpoint, p.definition.externalEndpoint]));
    for (const p of this.c.peers) {
      if (late.has(p.definition.name)) continue;
      if (p.definition.config.bootstrap.some((ep) => lateEndpoints.has(ep))) this.world = restart(this.world, p.definition.name);
    }
  }

  private note(label: string, action: Action['kind']): void {
    this.observer.observations.push({ t: this.world.nowMs, s: this.world.step, kind: 'action', label, action });
  }

  private sendJoin(peer: string, channel: string): void {
    if (!peerSlot(this.world, peer).alive) return;
    const cfg = this.configs.configOf(channel);
    this.world = command(this.world, peer, this.configs.joinMessage(channel));
    this.observer.observations.push({ t: this.world.nowMs, s: this.world.step, kind: 'join', peer, channel, sequence: cfg.sequence, orgs: (this.channels.get(channel) as CompiledChannel).orgs, anchors: { ...cfg.anchors } });
    this.observe();
  }

  private allChannels(): string[] {
    return this.c.channels.map((ch) => ch.name);
  }

  apply(entry: CompiledScenario['timeline'][number]): void {
    const a = entry.action;
    const label = entry.label ?? describeAction(a);
    this.note(label, a.kind);
    switch (a.kind) {
      case 'start':
      case 'restart': {
        const started = a.value.filter((p) => a.kind === 'restart' || !peerSlot(this.world, p).alive);
        for (const p of started) {
          this.world = restart(this.world, p);
          this.observe();
        }
        // Peers listed together start together: one whose bootstrap names a later one of the list
        // starts again once they are all up, so no one's first contact finds the others down.
        const endpointsAfter = (i: number) => new Set(started.slice(i + 1).flatMap((n) => this.endpointsOf(n)));
        started.forEach((p, i) => {
          const later = endpointsAfter(i);
          if (this.bootstrapOf(p).some((ep) => later.has(ep))) {
            this.world = restart(this.world, p);
            this.observe();
          }
        });
        return;
      }
      case 'stop':
        for (const p of a.value) {
          this.world = command(this.world, p, { type: 'STOP' });
          this.world = crash(this.world, p);
        }
        break;
      case 'crash':
        for (const p of a.value) this.world = crash(this.world, p);
        break;
      case 'partition': {
        // [GEN-FUNC-SCENARIO-ORDERER-SIDE.1] a group of the partition, or outside it (reachable by all, or by none).
        const ordererGroup = a.value.orderer === undefined ? undefined : ordererGroupOf(a.value.groups, a.value.orderer, this.peerNames, `${entry.path}.partition.orderer`);
        this.world = partition(this.world, a.value.groups, ordererGroup === undefined ? {} : { ordererGroup });
        if (a.value.orderer === 'unreachable') {
          this.ordererDownByPartition = true;
          for (const ch of this.allChannels()) this.world = setOrdererReachable(this.world, ch, false);
        }
        break;
      }
      case 'heal':
        this.world = heal(this.world);
        if (this.ordererDownByPartition) {
          this.ordererDownByPartition = false;
          for (const ch of this.allChannels()) this.world = setOrdererReachable(this.world, ch, true);
        }
        break;
      case 'join': {
        const ch = this.channels.get(a.value.channel) as CompiledChannel;
        const peers = a.value.peers ?? this.c.peers.filter((p) => ch.orgs.includes(p.mspId)).map((p) => p.definition.name);
        for (const p of peers) {
          (this.configs.joined.get(ch.name) as Set<string>).add(p);
          this.sendJoin(p, ch.name);
        }
        return;
      }
      case 'createChannel':
        this.world = cutBlock(this.world, a.value);
        break;
      case 'configUpdate': {
        this.configs.update(a.value.channel, a.value.anchorPeers, ordererHeight(this.world, a.value.channel));
        this.world = cutBlock(this.world, a.value.channel);
        this.applyDueConfigs();
        break;
      }
      case 'cutBlocks':
        for (let k = 0; k < (a.value.count ?? 1); k++) this.world = cutBlock(this.world, a.value.channel);
        break;
      case 'yield':
        this.world = command(this.world, a.value.peer, { type: 'YIELD', channel: a.value.channel });
        break;
      case 'leave':
        this.world = command(this.world, a.value.peer, { type: 'LEAVE_CHANNEL', channel: a.value.channel });
        break;
      case 'ordererOutage':
        for (const ch of a.value.channel === undefined ? this.allChannels() : [a.value.channel]) this.world = setOrdererReachable(this.world, ch, !a.value.down);
        break;
      case 'setLoss':
        this.world = setNetwork(this.world, { lossProbability: a.value });
        break;
      case 'setDuplication':
        this.world = setNetwork(this.world, { duplicationProbability: a.value });
        break;
      case 'setLatency':
        this.world = setNetwork(this.world, { minLatencyMs: a.value.min, maxLatencyMs: a.value.max });
        break;
      case 'note':
        break;
    }
    this.observe();
  }

  /** Peers that committed a config block get the channel's new config. */
  private applyDueConfigs(): void {
    for (const p of this.configs.takeDue(this.world)) this.sendJoin(p.peer, p.channel);
  }
}
