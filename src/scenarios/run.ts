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
import { currentChannelPeers } from '../channel';
import { aliveMembers } from '../membership';
import { peerStateViolation, type PeerState } from '../peer';
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
  traceEvents,
  type World,
} from '../sim';
import { ordererGroupOf, type CompiledChannel, type CompiledExpectation, type CompiledScenario } from './compile';
import { buildNetwork } from './network';
import { describeAction } from './describe-action';
import { INVARIANTS, type Action, type InvariantName } from './scenario-file';

export type Observation = { readonly t: number; readonly s: number } & (
  | { readonly kind: 'action'; readonly label: string; readonly action: Action['kind'] }
  | { readonly kind: 'membership'; readonly peer: string; readonly online: readonly string[]; readonly offline: readonly string[]; readonly view: readonly string[] }
  | { readonly kind: 'channelView'; readonly peer: string; readonly channel: string; readonly online: readonly string[]; readonly offline: readonly string[]; readonly view: readonly string[] }
  | { readonly kind: 'leader'; readonly peer: string; readonly channel: string; readonly isLeader: boolean }
  | { readonly kind: 'commit'; readonly peer: string; readonly channel: string; readonly seq: number }
  | { readonly kind: 'join'; readonly peer: string; readonly channel: string; readonly sequence: number; readonly orgs: readonly string[]; readonly anchors: Readonly<Record<string, readonly string[]>> }
  | { readonly kind: 'contactFailed'; readonly peer: string; readonly endpoint: string; readonly reason: string }
  | { readonly kind: 'connected'; readonly from: string; readonly to: string }
  | { readonly kind: 'ordererBlock'; readonly peer: string; readonly channel: string; readonly seq: number }
  | { readonly kind: 'cut'; readonly channel: string; readonly seq: number }
  | { readonly kind: 'violation'; readonly peer: string; readonly message: string }
);

export interface Sample {
  readonly t: number;
  readonly alive: Readonly<Record<string, boolean>>;
  /** Ledger height per peer, per channel. */
  readonly heights: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Live leaders per channel. */
  readonly leaders: Readonly<Record<string, readonly string[]>>;
  /** Alive membership size per peer. */
  readonly viewSizes: Readonly<Record<string, number>>;
  /** Channel view size per peer, per channel. */
  readonly channelViewSizes: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface Check {
  readonly path: string;
  readonly what: string;
  readonly ok: boolean;
  readonly expected: string;
  readonly actual: string;
}

export interface ExpectationResult {
  readonly path: string;
  readonly label: string;
  readonly atMs: number;
  readonly ok: boolean;
  readonly checks: readonly Check[];
}

export interface InvariantResult {
  readonly name: InvariantName;
  readonly description: string;
  readonly held: boolean;
  readonly detail: string;
}

export interface MessageCounts {
  /** False when the run was not traced (counts are then empty). */
  readonly traced: boolean;
  readonly byType: Readonly<Record<string, number>>;
  readonly byPeer: Readonly<Record<string, number>>;
  /** Sent, per peer and type. */
  readonly byPeerAndType: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface ScenarioRun {
  readonly compiled: CompiledScenario;
  readonly world: World<PeerState>;
  readonly observations: readonly Observation[];
  readonly samples: readonly Sample[];
  readonly results: readonly ExpectationResult[];
  /** Every invariant over the whole run (or at the end), whether or not an expectation asked. */
  readonly invariants: readonly InvariantResult[];
  readonly messages: MessageCounts;
  readonly ok: boolean;
}

export interface RunScenarioOptions {
  /** Keep the simulator's trace (message counts, contact failures, ndjson export); default true. */
  readonly tracing?: boolean;
  /** Sampling period for the charts; default duration / 240, at least 100 ms. */
  readonly sampleEveryMs?: number;
  /** Called at every sample (for a progress bar). */
  readonly onProgress?: (nowMs: number, untilMs: number) => void;
}

const sortedNames = (xs: Iterable<string>): string[] => [...xs].sort();

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

interface ChannelConfig {
  sequence: number;
  anchors: Record<string, readonly string[]>;
}

function anchorPeer(endpoint: string): { host: string; port: number } {
  const i = endpoint.lastIndexOf(':');
  return { host: endpoint.slice(0, i), port: Number(endpoint.slice(i + 1)) };
}

function payloadType(payload: unknown): string {
  const content = (payload as { payload?: { content?: { $case?: unknown } } } | undefined)?.payload?.content;
  return typeof content?.$case === 'string' ? content.$case : 'other';
}

export function runScenario(compiled: CompiledScenario, options: RunScenarioOptions = {}): ScenarioRun {
  return new Driver(compiled, options).run();
}

class Driver {
  private w: World<PeerState>;
  private readonly observations: Observation[] = [];
  private readonly samples: Sample[] = [];
  private readonly results: ExpectationResult[] = [];
  private readonly seen = new Map<string, Seen>();
  private readonly configs = new Map<string, ChannelConfig>();
  private readonly joined = new Map<string, Set<string>>();
  private pendingConfig: { channel: string; blockSeq: number; peer: string }[] = [];
  private firstViolation: { t: number; peer: string; message: string } | undefined;
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
        this.sample();
        this.options.onProgress?.(t, until);
        nextSample = Math.min(nextSample + every, until);
        if (t === until) nextSample = Infinity;
      }
      while (expectations[ei] !== undefined && (expectations[ei] as CompiledExpectation).atMs === t) {
        this.results.push(this.evaluate(expectations[ei] as CompiledExpectation));
        ei += 1;
      }
      if (t >= until && ai >= actions.length && ei >= expectations.length && nextSample === Infinity) break;
      if (this.w.failure !== undefined && t >= until) break;
    }
    const invariants = this.invariantResults();
    const ok = this.results.every((r) => r.ok);
    return {
      compiled: this.c,
      world: this.w,
      observations: this.mergeTraceObservations(),
      samples: this.samples,
      results: this.results,
      invariants,
      messages: this.messageCounts(),
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
    this.observations.push({ t: this.w.nowMs, s: this.w.step, kind: 'action', label, action });
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
    this.observations.push({ t: this.w.nowMs, s: this.w.step, kind: 'join', peer, channel, sequence: cfg.sequence, orgs: (this.channels.get(channel) as CompiledChannel).orgs, anchors: { ...cfg.anchors } });
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

  private names(pkis: Iterable<string>): string[] {
    return sortedNames([...pkis].map((p) => this.nameByPki.get(p) ?? p));
  }

  /** Record what changed in each peer since the last look. */
  private observe(): void {
    const t = this.w.nowMs;
    const s = this.w.step;
    let heightsChanged = false;
    for (const spec of this.w.directory.specs) {
      const name = spec.name;
      const slot = peerSlot(this.w, name);
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
          const h = ledgerHeight(this.w, name, ch);
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
      const violation = this.firstViolation === undefined ? peerStateViolation(state) : undefined;
      if (violation !== undefined) {
        this.firstViolation = { t, peer: name, message: violation };
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
    if (heightsChanged) this.applyDueConfigs();
  }

  private sample(): void {
    const alive: Record<string, boolean> = {};
    const heights: Record<string, Record<string, number>> = {};
    const viewSizes: Record<string, number> = {};
    const channelViewSizes: Record<string, Record<string, number>> = {};
    const leaders: Record<string, string[]> = {};
    for (const ch of this.allChannels()) {
      heights[ch] = {};
      channelViewSizes[ch] = {};
      leaders[ch] = [];
    }
    for (const spec of this.w.directory.specs) {
      const slot = peerSlot(this.w, spec.name);
      const seen = this.seen.get(spec.name);
      alive[spec.name] = slot.alive;
      viewSizes[spec.name] = slot.alive ? (seen?.view.length ?? 0) : 0;
      for (const ch of this.allChannels()) {
        (heights[ch] as Record<string, number>)[spec.name] = ledgerHeight(this.w, spec.name, ch);
        (channelViewSizes[ch] as Record<string, number>)[spec.name] = slot.alive ? (seen?.channelViews.get(ch)?.length ?? 0) : 0;
        if (slot.alive && slot.leaderOf.get(ch) === true) (leaders[ch] as string[]).push(spec.name);
      }
    }
    this.samples.push({ t: this.w.nowMs, alive, heights, leaders, viewSizes, channelViewSizes });
  }

  private leadersByOrg(channel: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const spec of this.w.directory.specs) {
      const slot = peerSlot(this.w, spec.name);
      if (!slot.alive || slot.leaderOf.get(channel) !== true) continue;
      const org = this.orgOfPeer.get(spec.name) as string;
      out.set(org, [...(out.get(org) ?? []), spec.name].sort());
    }
    return out;
  }

  private invariant(name: InvariantName, channel: string | undefined): { held: boolean; detail: string } {
    const w = this.w;
    switch (name) {
      case 'noFailure':
        return w.failure === undefined ? { held: true, detail: 'no failure' } : { held: false, detail: `${w.failure.kind}: ${w.failure.message}` };
      case 'commitsFollowOrderer': {
        const a = w.firstLedgerAnomaly;
        return a === undefined ? { held: true, detail: 'every commit matched the orderer chain' } : { held: false, detail: `${a.peer} committed block ${a.seq} of ${a.channel}: ${a.anomaly}` };
      }
      case 'peerStateInvariants': {
        const v = this.firstViolation;
        return v === undefined ? { held: true, detail: 'checked after every step' } : { held: false, detail: `${v.peer} at ${v.t} ms: ${v.message}` };
      }
      case 'ledgersCaughtUp': {
        const ch = channel as string;
        const height = ordererHeight(w, ch);
        const behind = [...(this.joined.get(ch) ?? [])].filter((p) => peerSlot(w, p).alive && ledgerHeight(w, p, ch) < height);
        return behind.length === 0 ? { held: true, detail: `every live joined peer at height ${height}` } : { held: false, detail: `behind the orderer's height ${height}: ${behind.map((p) => `${p} (${ledgerHeight(w, p, ch)})`).join(', ')}` };
      }
      case 'oneLeaderPerOrg': {
        const ch = channel as string;
        const joinedAlive = [...(this.joined.get(ch) ?? [])].filter((p) => peerSlot(w, p).alive);
        const orgs = new Set(joinedAlive.map((p) => this.orgOfPeer.get(p) as string));
        const byOrg = this.leadersByOrg(ch);
        const wrong = [...orgs].sort().filter((org) => (byOrg.get(org) ?? []).length !== 1);
        return wrong.length === 0 ? { held: true, detail: [...orgs].sort().map((o) => `${o}: ${(byOrg.get(o) ?? []).join(', ')}`).join('; ') } : { held: false, detail: wrong.map((o) => `${o}: [${(byOrg.get(o) ?? []).join(', ')}]`).join('; ') };
      }
    }
  }

  private evaluate(e: CompiledExpectation): ExpectationResult {
    const checks: Check[] = [];
    const d = e.decl;
    const ch = e.channel;
    const list = (xs: readonly string[]) => `[${xs.join(', ')}]`;
    if (d.leaders !== undefined && ch !== undefined) {
      const byOrg = this.leadersByOrg(ch);
      for (const [org, want] of Object.entries(d.leaders)) {
        const got = byOrg.get(org) ?? [];
        if (Array.isArray(want)) {
          const exp = sortedNames(want as readonly string[]);
          checks.push({ path: `${e.path}.leaders.${org}`, what: `leaders of ${org} in ${ch}`, ok: list(exp) === list(got), expected: list(exp), actual: list(got) });
        } else {
          const { count, among } = want as { count: number; among?: readonly string[] };
          const inAmong = among === undefined || got.every((p) => among.includes(p));
          checks.push({ path: `${e.path}.leaders.${org}`, what: `number of leaders of ${org} in ${ch}`, ok: got.length === count && inAmong, expected: `${count}${among === undefined ? '' : ` among ${list(among)}`}`, actual: `${got.length} ${list(got)}` });
        }
      }
    }
    for (const [peer, want] of Object.entries(d.views ?? {})) {
      const got = peerSlot(this.w, peer).alive ? (this.seen.get(peer)?.view ?? []) : [];
      const exp = sortedNames(want);
      checks.push({ path: `${e.path}.views.${peer}`, what: `alive members known to ${peer}`, ok: list(exp) === list(got), expected: list(exp), actual: list(got) });
    }
    for (const [peer, want] of Object.entries(d.channelViews ?? {})) {
      const got = peerSlot(this.w, peer).alive ? (this.seen.get(peer)?.channelViews.get(ch as string) ?? []) : [];
      const exp = sortedNames(want);
      checks.push({ path: `${e.path}.channelViews.${peer}`, what: `members of ${ch} seen by ${peer}`, ok: list(exp) === list(got), expected: list(exp), actual: list(got) });
    }
    for (const [peer, want] of Object.entries(d.heights ?? {})) {
      const c = ch as string;
      const peers = peer === 'all' ? this.w.directory.specs.map((s) => s.name).filter((p) => peerSlot(this.w, p).alive) : [peer];
      const wrong = peers.filter((p) => ledgerHeight(this.w, p, c) !== want);
      const actual = peers.map((p) => `${p}=${ledgerHeight(this.w, p, c)}`).join(', ');
      checks.push({ path: `${e.path}.heights.${peer}`, what: `ledger height of ${peer === 'all' ? 'every live peer' : peer} in ${c}`, ok: wrong.length === 0, expected: String(want), actual: wrong.length === 0 ? actual : wrong.map((p) => `${p}=${ledgerHeight(this.w, p, c)}`).join(', ') });
    }
    for (const name of d.invariants ?? []) {
      const r = this.invariant(name, ch);
      checks.push({ path: `${e.path}.invariants`, what: `${name}: ${INVARIANTS[name]}`, ok: r.held, expected: 'holds', actual: r.detail });
    }
    for (const [key, bound] of Object.entries(d.counters ?? {})) {
      const n = this.w.stats[key] ?? 0;
      const ok = (bound.min === undefined || n >= bound.min) && (bound.max === undefined || n <= bound.max) && (bound.equals === undefined || n === bound.equals);
      const exp = [bound.equals === undefined ? '' : `= ${bound.equals}`, bound.min === undefined ? '' : `>= ${bound.min}`, bound.max === undefined ? '' : `<= ${bound.max}`].filter((x) => x !== '').join(' and ');
      checks.push({ path: `${e.path}.counters.${key}`, what: `counter ${key}`, ok, expected: exp, actual: String(n) });
    }
    return { path: e.path, label: d.label ?? `at ${e.atEnd ? 'the end' : `${e.atMs / 1000}s`}`, atMs: e.atMs, ok: checks.every((x) => x.ok), checks };
  }

  private invariantResults(): InvariantResult[] {
    const primary = this.c.channels[0]?.name;
    return (Object.keys(INVARIANTS) as InvariantName[])
      .filter((n) => primary !== undefined || (n !== 'ledgersCaughtUp' && n !== 'oneLeaderPerOrg'))
      .map((name) => ({ name, description: INVARIANTS[name], ...this.invariant(name, primary) }));
  }

  /** Contact failures, connections, orderer deliveries and cuts come from the trace (when traced). */
  private mergeTraceObservations(): Observation[] {
    const extra: Observation[] = [];
    for (const e of traceEvents(this.w)) {
      if (e.k === 'handshake' && !e.result.ok) extra.push({ t: e.t, s: e.s, kind: 'contactFailed', peer: e.peer, endpoint: e.endpoint, reason: e.result.reason });
      else if (e.k === 'connection' && e.open) extra.push({ t: e.t, s: e.s, kind: 'connected', from: e.from, to: e.to });
      else if (e.k === 'ordererBlock') extra.push({ t: e.t, s: e.s, kind: 'ordererBlock', peer: e.peer, channel: e.channel, seq: e.seq });
      else if (e.k === 'cut') extra.push({ t: e.t, s: e.s, kind: 'cut', channel: e.channel, seq: e.seq });
    }
    // Stable merge by (time, step); within a step, the trace's lines come first (they caused the rest).
    const all = [...extra.map((o, i) => ({ o, k: 0, i })), ...this.observations.map((o, i) => ({ o, k: 1, i }))];
    return all.sort((a, b) => a.o.t - b.o.t || a.o.s - b.o.s || a.k - b.k || a.i - b.i).map((x) => x.o);
  }

  private messageCounts(): MessageCounts {
    const byType: Record<string, number> = {};
    const byPeer: Record<string, number> = {};
    const byPeerAndType: Record<string, Record<string, number>> = {};
    const traced = this.w.config.tracing;
    for (const e of traceEvents(this.w)) {
      if (e.k !== 'send') continue;
      const type = payloadType(e.payload);
      byType[type] = (byType[type] ?? 0) + 1;
      byPeer[e.from] = (byPeer[e.from] ?? 0) + 1;
      const row = (byPeerAndType[e.from] ??= {});
      row[type] = (row[type] ?? 0) + 1;
    }
    return { traced, byType, byPeer, byPeerAndType };
  }
}
