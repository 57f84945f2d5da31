/**
 * [GEN-FUNC-SCENARIO-RUN.1] Running a compiled scenario in the simulator. Every timeline action is
 * one of the simulator's commands (start and restart: `restart`; stop: the peer's STOP command then
 * `crash`; partition, heal, crash, network settings, orderer outages, block cuts) or a peer command
 * (JOIN_CHANNEL, YIELD). A config update is a block the orderer cuts; each peer that joined the
 * channel gets the new channel config (JOIN_CHANNEL with the next sequence) when it commits that
 * block, as a Fabric peer's committer hands config blocks to gossip. Peers started by the timeline
 * are down from time 0; a peer up at 0 whose bootstrap list names one of them starts again at 0
 * after they are down, so its first contact meets a peer that is not running, as in Fabric.
 *
 * The run records, step by step, what a reader of the peers' logs would see (membership and
 * channel view changes, leadership, commits), samples heights, leaders and view sizes over time,
 * and checks the scenario's expectations at their times. Pure: no I/O, no clock.
 */
import type { PeerState } from '../peer';
import {
  command,
  crash,
  cutBlock,
  heal,
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
} from '../sim';
import { ordererGroupOf, type CompiledChannel, type CompiledExpectation, type CompiledScenario } from './compile';
import { describeAction } from './describe-action';
import { evaluateExpectation, invariantResults, type CheckedRun } from './expectations';
import { buildNetwork } from './network';
import { messageCounts, Observer, withTraceObservations } from './observer';
import type { ExpectationResult, RunScenarioOptions, ScenarioRun } from './run-types';
import type { Action } from './scenario-file';

export type { Check, ExpectationResult, InvariantResult, MessageCounts, Observation, RunScenarioOptions, Sample, ScenarioRun } from './run-types';

interface ChannelConfig {
  sequence: number;
  anchors: Record<string, readonly string[]>;
}

function anchorPeer(endpoint: string): { host: string; port: number } {
  const i = endpoint.lastIndexOf(':');
  return { host: endpoint.slice(0, i), port: Number(endpoint.slice(i + 1)) };
}

export function runScenario(compiled: CompiledScenario, options: RunScenarioOptions = {}): ScenarioRun {
  return new Driver(compiled, options).run();
}

class Driver {
  private w: World<PeerState>;
  private readonly results: ExpectationResult[] = [];
  private readonly observer: Observer;
  private readonly configs = new Map<string, ChannelConfig>();
  private readonly joined = new Map<string, Set<string>>();
  private pendingConfig: { channel: string; blockSeq: number; peer: string }[] = [];
  private ordererDownByPartition = false;
  private readonly nameByPki = new Map<string, string>();
  private readonly orgOfPeer = new Map<string, string>();
  private readonly channels: ReadonlyMap<string, CompiledChannel>;
  private readonly peerNames: ReadonlySet<string>;

  constructor(
    private readonly c: CompiledScenario,
    private readonly options: RunScenarioOptions,
  ) {
    this.w = buildNetwork({ seed: c.seed, peers: c.peers.map((p) => p.definition), network: c.network, tracing: options.tracing ?? true });
    for (const spec of this.w.directory.specs) this.nameByPki.set(spec.pkiId, spec.name);
    for (const p of c.peers) this.orgOfPeer.set(p.definition.name, p.mspId);
    this.channels = new Map(c.channels.map((ch) => [ch.name, ch]));
    this.peerNames = new Set(c.peers.map((p) => p.definition.name));
    for (const ch of c.channels) {
      this.configs.set(ch.name, { sequence: 0, anchors: { ...ch.anchorPeers } });
      this.joined.set(ch.name, new Set());
    }
    this.observer = new Observer(this.nameByPki, this.allChannels());
  }

  /** What the expectation checks read now. */
  private checked(): CheckedRun {
    return { w: this.w, joined: this.joined, orgOfPeer: this.orgOfPeer, observer: this.observer };
  }

  /** Record what changed since the last look; peers that committed a config block get its config. */
  private observe(): void {
    if (this.observer.observe(this.w)) this.applyDueConfigs();
  }

  run(): ScenarioRun {
    this.startLatePeersDown();
    this.observe();
    const until = this.c.durationMs;
    const every = this.options.sampleEveryMs ?? Math.max(100, Math.ceil(until / 240));
    const actions = this.c.timeline;
    const expectations = [...this.c.expectations].sort((a, b) => a.atMs - b.atMs);
    let ai = 0;
    let ei = 0;
    let nextSample = 0;
    for (;;) {
      const nextAction = actions[ai]?.atMs ?? Infinity;
      const nextExpect = expectations[ei]?.atMs ?? Infinity;
      const t = Math.min(nextAction, nextExpect, nextSample, until);
      // Events strictly before t, then the actions due at t (a fault at t precedes events at t), then events at t.
      this.stepWhile((next) => next < t);
      this.w = setClock(this.w, t);
      while (actions[ai] !== undefined && (actions[ai] as (typeof actions)[number]).atMs === t) {
        this.apply(actions[ai] as (typeof actions)[number]);
        ai += 1;
      }
      this.stepWhile((next) => next <= t);
      this.w = setClock(this.w, t);
      if (t === nextSample) {
        this.observer.sample(this.w);
        this.options.onProgress?.(t, until);
        nextSample = Math.min(nextSample + every, until);
        if (t === until) nextSample = Infinity;
      }
      while (expectations[ei] !== undefined && (expectations[ei] as CompiledExpectation).atMs === t) {
        this.results.push(evaluateExpectation(this.checked(), expectations[ei] as CompiledExpectation));
        ei += 1;
      }
      if (t >= until && ai >= actions.length && ei >= expectations.length && nextSample === Infinity) break;
      if (this.w.failure !== undefined && t >= until) break;
    }
    const invariants = invariantResults(this.checked(), this.c);
    const ok = this.results.every((r) => r.ok);
    return {
      compiled: this.c,
      world: this.w,
      observations: withTraceObservations(this.w, this.observer.observations),
      samples: this.observer.samples,
      results: this.results,
      invariants,
      messages: messageCounts(this.w),
      ok,
    };
  }

  private endpointsOf(name: string): string[] {
    const d = this.c.peers.find((p) => p.definition.name === name)?.definition;
    return d === undefined ? [] : [d.internalEndpoint, d.externalEndpoint].filter((e) => e !== '');
  }

  private bootstrapOf(name: string): readonly string[] {
    return this.c.peers.find((p) => p.definition.name === name)?.definition.config.bootstrap ?? [];
  }

  private startLatePeersDown(): void {
    const late = new Set(this.c.lateStarters);
    if (late.size === 0) return;
    for (const name of this.c.lateStarters) this.w = crash(this.w, name);
    const lateEndpoints = new Set(this.c.peers.filter((p) => late.has(p.definition.name)).flatMap((p) => [p.definition.internalEndpoint, p.definition.externalEndpoint]));
    for (const p of this.c.peers) {
      if (late.has(p.definition.name)) continue;
      if (p.definition.config.bootstrap.some((ep) => lateEndpoints.has(ep))) this.w = restart(this.w, p.definition.name);
    }
  }

  private stepWhile(due: (next: number) => boolean): void {
    for (;;) {
      if (this.w.failure !== undefined) return;
      const next = nextEventTime(this.w);
      if (next === undefined || !due(next)) return;
      this.w = stepWorld(this.w);
      this.observe();
    }
  }

  private note(label: string, action: Action['kind']): void {
    this.observer.observations.push({ t: this.w.nowMs, s: this.w.step, kind: 'action', label, action });
  }

  private joinMessage(channel: string): unknown {
    const cfg = this.configs.get(channel) as ChannelConfig;
    const ch = this.channels.get(channel) as CompiledChannel;
    return {
      type: 'JOIN_CHANNEL',
      channel,
      sequence: cfg.sequence,
      orgs: ch.orgs.map((mspId) => ({ mspId, anchorPeers: (cfg.anchors[mspId] ?? []).map(anchorPeer) })),
    };
  }

  private sendJoin(peer: string, channel: string): void {
    if (!peerSlot(this.w, peer).alive) return;
    const cfg = this.configs.get(channel) as ChannelConfig;
    this.w = command(this.w, peer, this.joinMessage(channel));
    this.observer.observations.push({ t: this.w.nowMs, s: this.w.step, kind: 'join', peer, channel, sequence: cfg.sequence, orgs: (this.channels.get(channel) as CompiledChannel).orgs, anchors: { ...cfg.anchors } });
    this.observe();
  }

  private allChannels(): string[] {
    return this.c.channels.map((ch) => ch.name);
  }

  private apply(entry: CompiledScenario['timeline'][number]): void {
    const a = entry.action;
    const label = entry.label ?? describeAction(a);
    this.note(label, a.kind);
    switch (a.kind) {
      case 'start':
      case 'restart': {
        const started = a.value.filter((p) => a.kind === 'restart' || !peerSlot(this.w, p).alive);
        for (const p of started) {
          this.w = restart(this.w, p);
          this.observe();
        }
        // Peers listed together start together: one whose bootstrap names a later one of the list
        // starts again once they are all up, so no one's first contact finds the others down.
        const endpointsAfter = (i: number) => new Set(started.slice(i + 1).flatMap((n) => this.endpointsOf(n)));
        started.forEach((p, i) => {
          const later = endpointsAfter(i);
          if (this.bootstrapOf(p).some((ep) => later.has(ep))) {
            this.w = restart(this.w, p);
            this.observe();
          }
        });
        return;
      }
      case 'stop':
        for (const p of a.value) {
          this.w = command(this.w, p, { type: 'STOP' });
          this.w = crash(this.w, p);
        }
        break;
      case 'crash':
        for (const p of a.value) this.w = crash(this.w, p);
        break;
      case 'partition': {
        // [GEN-FUNC-SCENARIO-ORDERER-SIDE.1] a group of the partition, or outside it (reachable by all, or by none).
        const ordererGroup = a.value.orderer === undefined ? undefined : ordererGroupOf(a.value.groups, a.value.orderer, this.peerNames, `${entry.path}.partition.orderer`);
        this.w = partition(this.w, a.value.groups, ordererGroup === undefined ? {} : { ordererGroup });
        if (a.value.orderer === 'unreachable') {
          this.ordererDownByPartition = true;
          for (const ch of this.allChannels()) this.w = setOrdererReachable(this.w, ch, false);
        }
        break;
      }
      case 'heal':
        this.w = heal(this.w);
        if (this.ordererDownByPartition) {
          this.ordererDownByPartition = false;
          for (const ch of this.allChannels()) this.w = setOrdererReachable(this.w, ch, true);
        }
        break;
      case 'join': {
        const ch = this.channels.get(a.value.channel) as CompiledChannel;
        const peers = a.value.peers ?? this.c.peers.filter((p) => ch.orgs.includes(p.mspId)).map((p) => p.definition.name);
        for (const p of peers) {
          (this.joined.get(ch.name) as Set<string>).add(p);
          this.sendJoin(p, ch.name);
        }
        return;
      }
      case 'createChannel':
        this.w = cutBlock(this.w, a.value);
        break;
      case 'configUpdate': {
        const cfg = this.configs.get(a.value.channel) as ChannelConfig;
        const blockSeq = ordererHeight(this.w, a.value.channel);
        cfg.sequence += 1;
        cfg.anchors = { ...cfg.anchors, ...a.value.anchorPeers };
        this.pendingConfig = this.pendingConfig.filter((p) => p.channel !== a.value.channel);
        for (const peer of this.joined.get(a.value.channel) ?? []) this.pendingConfig.push({ channel: a.value.channel, blockSeq, peer });
        this.w = cutBlock(this.w, a.value.channel);
        this.applyDueConfigs();
        break;
      }
      case 'cutBlocks':
        for (let k = 0; k < (a.value.count ?? 1); k++) this.w = cutBlock(this.w, a.value.channel);
        break;
      case 'yield':
        this.w = command(this.w, a.value.peer, { type: 'YIELD', channel: a.value.channel });
        break;
      case 'leave':
        this.w = command(this.w, a.value.peer, { type: 'LEAVE_CHANNEL', channel: a.value.channel });
        break;
      case 'ordererOutage':
        for (const ch of a.value.channel === undefined ? this.allChannels() : [a.value.channel]) this.w = setOrdererReachable(this.w, ch, !a.value.down);
        break;
      case 'setLoss':
        this.w = setNetwork(this.w, { lossProbability: a.value });
        break;
      case 'setDuplication':
        this.w = setNetwork(this.w, { duplicationProbability: a.value });
        break;
      case 'setLatency':
        this.w = setNetwork(this.w, { minLatencyMs: a.value.min, maxLatencyMs: a.value.max });
        break;
      case 'note':
        break;
    }
    this.observe();
  }

  /** Peers that committed a config block get the channel's new config. */
  private applyDueConfigs(): void {
    if (this.pendingConfig.length === 0) return;
    const due = this.pendingConfig.filter((p) => peerSlot(this.w, p.peer).alive && ledgerHeight(this.w, p.peer, p.channel) > p.blockSeq);
    if (due.length === 0) return;
    this.pendingConfig = this.pendingConfig.filter((p) => !due.includes(p));
    for (const p of due) this.sendJoin(p.peer, p.channel);
  }
}
