/**
 * From a decoded scenario to what the simulator runs: each peer's Fabric configuration (profile,
 * then a core.yaml document, then the scenario's overrides, the peer's own, and the caller's
 * `CORE_PEER_GOSSIP_*` variables, [CFG-FUNC-LAYERING.1]), the network settings, and the timeline
 * sorted by time with every name it mentions checked. Every problem names its path in the file.
 */
import { loadConfig, type ConfigWarning, type GossipConfig } from '../config';
import type { NetworkSettings } from '../sim';
import type { PeerDefinition } from './network';
import { INVARIANTS, scenarioError, type Action, type ExpectationDecl, type OrdererPlacement, type Result, type ScenarioError, type ScenarioSpec, type TimelineEntry } from './scenario-file';

export type ProfileChoice = 'fabric-1.4' | 'fabric-2.x';

/** What the caller (the CLI, a test) may change about a scenario without editing it. */
export interface ScenarioOverrides {
  readonly seed?: number;
  readonly profile?: ProfileChoice;
  /** The text of a core.yaml document, layered over the profile for every peer. */
  readonly coreYaml?: string;
  /** `CORE_PEER_GOSSIP_*` variables for every peer; they win over the file's overrides. */
  readonly env?: Readonly<Record<string, string>>;
  /** Network settings that win over the file's `network`. */
  readonly network?: Partial<Pick<NetworkSettings, 'minLatencyMs' | 'maxLatencyMs' | 'lossProbability' | 'duplicationProbability'>>;
}

export interface CompiledPeer {
  readonly definition: PeerDefinition;
  readonly mspId: string;
  /** Where the peer was declared, for messages. */
  readonly path: string;
}

export interface CompiledChannel {
  readonly name: string;
  readonly orgs: readonly string[];
  readonly anchorPeers: Readonly<Record<string, readonly string[]>>;
}

export interface CompiledEntry extends TimelineEntry {
  readonly path: string;
}

export interface CompiledExpectation {
  readonly atMs: number;
  readonly atEnd: boolean;
  readonly channel: string | undefined;
  readonly decl: ExpectationDecl;
  readonly path: string;
}

export interface CompiledScenario {
  readonly spec: ScenarioSpec;
  readonly seed: number;
  readonly profile: ProfileChoice;
  readonly durationMs: number;
  readonly peers: readonly CompiledPeer[];
  readonly orgs: readonly string[];
  readonly channels: readonly CompiledChannel[];
  readonly network: Partial<NetworkSettings>;
  /** Sorted by time, written order kept within a time; `cutBlocks` with `every` already expanded. */
  readonly timeline: readonly CompiledEntry[];
  /** Peers whose first lifecycle action in the timeline is `start`: down from time 0 until then. */
  readonly lateStarters: readonly string[];
  readonly expectations: readonly CompiledExpectation[];
  readonly warnings: readonly string[];
}

class Fail extends Error {
  constructor(readonly error: ScenarioError) {
    super(error.problem);
  }
}

const fail = (path: string, problem: string): never => {
  throw new Fail(scenarioError(path, problem));
};

function peerConfig(spec: ScenarioSpec, o: ScenarioOverrides, profile: ProfileChoice, peer: ScenarioSpec['orgs'][number]['peers'][number], path: string, warnings: string[]): GossipConfig {
  const external = peer.externalEndpoint ?? peer.endpoint;
  const structural: Record<string, string> = {};
  if (external !== '') structural['CORE_PEER_GOSSIP_EXTERNALENDPOINT'] = external;
  if (peer.bootstrap !== undefined && peer.bootstrap.length > 0) structural['CORE_PEER_GOSSIP_BOOTSTRAP'] = peer.bootstrap.join(' ');
  const env = { ...(spec.overrides ?? {}), ...structural, ...(peer.overrides ?? {}), ...(o.env ?? {}) };
  const loaded = loadConfig({ base: profile, ...(o.coreYaml === undefined ? {} : { yaml: o.coreYaml }), env });
  const seen = (w: ConfigWarning) => `${path}: ${w.message}`;
  warnings.push(...loaded.warnings.map(seen));
  if (!loaded.ok) return fail(`${path}.overrides`, loaded.errors.map((e) => e.message).join('; '));
  return loaded.config;
}

function checkPeers(names: readonly string[], known: ReadonlySet<string>, path: string): void {
  names.forEach((n, i) => {
    if (!known.has(n)) fail(names.length === 1 ? path : `${path}.${i}`, `unknown peer "${n}" (peers: ${[...known].join(', ')})`);
  });
}

function checkAnchors(anchors: Readonly<Record<string, readonly string[]>>, orgs: ReadonlySet<string>, path: string): void {
  for (const org of Object.keys(anchors)) if (!orgs.has(org)) fail(`${path}.${org}`, `unknown org "${org}" (orgs: ${[...orgs].join(', ')})`);
}

function checkAction(a: Action, path: string, peers: ReadonlySet<string>, channels: ReadonlyMap<string, CompiledChannel>, orgs: ReadonlySet<string>): void {
  const channel = (name: string, p: string) => {
    if (!channels.has(name)) fail(p, `unknown channel "${name}" (channels: ${[...channels.keys()].join(', ') || 'none declared'})`);
  };
  switch (a.kind) {
    case 'start':
    case 'stop':
    case 'crash':
    case 'restart':
      return checkPeers(a.value, peers, `${path}.${a.kind}`);
    case 'partition': {
      const seen = new Set<string>();
      a.value.groups.forEach((g, i) => {
        checkPeers(g, peers, `${path}.partition.groups.${i}`);
        for (const n of g) {
          if (seen.has(n)) fail(`${path}.partition.groups.${i}`, `peer "${n}" is in two groups`);
          seen.add(n);
        }
      });
      if (a.value.orderer !== undefined) ordererGroupOf(a.value.groups, a.value.orderer, peers, `${path}.partition.orderer`);
      return;
    }
    case 'join':
      channel(a.value.channel, `${path}.join.channel`);
      if (a.value.peers !== undefined) checkPeers(a.value.peers, peers, `${path}.join.peers`);
      return;
    case 'leave':
      channel(a.value.channel, `${path}.leave.channel`);
      return checkPeers([a.value.peer], peers, `${path}.leave.peer`);
    case 'createChannel':
      return channel(a.value, `${path}.createChannel`);
    case 'configUpdate':
      channel(a.value.channel, `${path}.configUpdate.channel`);
      return checkAnchors(a.value.anchorPeers, orgs, `${path}.configUpdate.anchorPeers`);
    case 'cutBlocks':
      return channel(a.value.channel, `${path}.cutBlocks.channel`);
    case 'yield':
      channel(a.value.channel, `${path}.yield.channel`);
      return checkPeers([a.value.peer], peers, `${path}.yield.peer`);
    case 'ordererOutage':
      if (a.value.channel !== undefined) channel(a.value.channel, `${path}.ordererOutage.channel`);
      return;
    case 'setLatency':
      if (a.value.min > a.value.max) fail(`${path}.setLatency`, `min (${a.value.min} ms) is above max (${a.value.max} ms)`);
      return;
    case 'heal':
    case 'setLoss':
    case 'setDuplication':
    case 'note':
      return;
  }
}

/**
 * [GEN-FUNC-SCENARIO-ORDERER-SIDE.1] The group a partition puts the ordering service in (an index
 * for the simulator's `partition`: `groups.length` is the peers listed in no group), or undefined
 * when it stays outside (`reachable`) or goes down for everyone (`unreachable`). A group that does
 * not exist, or a peer that is not declared, is refused with the path of `orderer`.
 */
export function ordererGroupOf(groups: readonly (readonly string[])[], placement: OrdererPlacement, peers: ReadonlySet<string>, path: string): number | undefined {
  if (placement === 'reachable' || placement === 'unreachable') return undefined;
  const listed = new Set(groups.flat());
  const restIsEmpty = [...peers].every((p) => listed.has(p));
  if ('withPeer' in placement) {
    checkPeers([placement.withPeer], peers, path);
    const g = groups.findIndex((group) => group.includes(placement.withPeer));
    return g === -1 ? groups.length : g;
  }
  const last = restIsEmpty ? groups.length - 1 : groups.length;
  if (placement.group > last) {
    const rest = restIsEmpty ? 'every peer is listed in one' : `${groups.length} is the peers listed in none`;
    fail(path, `no group ${placement.group}: the partition lists ${groups.length} group${groups.length === 1 ? '' : 's'}, numbered from 0 (${rest})`);
  }
  return placement.group;
}

function checkExpectation(e: ExpectationDecl, path: string, durationMs: number, peers: ReadonlySet<string>, channels: ReadonlyMap<string, CompiledChannel>, orgs: ReadonlySet<string>): CompiledExpectation {
  const atEnd = e.at === undefined || e.at === 'end';
  const atMs = atEnd ? durationMs : (e.at as number);
  if (atMs > durationMs) fail(`${path}.at`, `${atMs} ms is after the end of the run (duration ${durationMs} ms)`);
  const needsChannel = e.leaders !== undefined || e.heights !== undefined || e.channelViews !== undefined || (e.invariants ?? []).some((i) => i === 'ledgersCaughtUp' || i === 'oneLeaderPerOrg');
  let channel = e.channel;
  if (channel !== undefined && !channels.has(channel)) fail(`${path}.channel`, `unknown channel "${channel}"`);
  if (channel === undefined && needsChannel) {
    if (channels.size !== 1) fail(`${path}.channel`, `say which channel (channels: ${[...channels.keys()].join(', ') || 'none declared'})`);
    channel = [...channels.keys()][0];
  }
  for (const org of Object.keys(e.leaders ?? {})) if (!orgs.has(org)) fail(`${path}.leaders.${org}`, `unknown org "${org}"`);
  for (const [org, v] of Object.entries(e.leaders ?? {})) {
    const names = Array.isArray(v) ? (v as readonly string[]) : ((v as { among?: readonly string[] }).among ?? []);
    checkPeers(names, peers, `${path}.leaders.${org}`);
  }
  for (const key of ['views', 'channelViews'] as const) {
    for (const [peer, names] of Object.entries(e[key] ?? {})) {
      checkPeers([peer], peers, `${path}.${key}.${peer}`);
      if (names.length > 0) checkPeers(names, peers, `${path}.${key}.${peer}`);
    }
  }
  for (const peer of Object.keys(e.heights ?? {})) if (peer !== 'all') checkPeers([peer], peers, `${path}.heights.${peer}`);
  for (const inv of e.invariants ?? []) if (!(inv in INVARIANTS)) fail(`${path}.invariants`, `unknown invariant "${inv}"`);
  return { atMs, atEnd, channel, decl: e, path };
}

/** [GEN-FUNC-SCENARIO-FILE.1] Check every name and build every peer's configuration. */
export function compileScenario(spec: ScenarioSpec, o: ScenarioOverrides = {}): Result<CompiledScenario> {
  try {
    return { ok: true, value: compile(spec, o) };
  } catch (err) {
    if (err instanceof Fail) return { ok: false, error: err.error };
    throw err;
  }
}

function compile(spec: ScenarioSpec, o: ScenarioOverrides): CompiledScenario {
  const profile = o.profile ?? spec.profile ?? 'fabric-1.4';
  const warnings: string[] = [];
  const peers: CompiledPeer[] = [];
  const names = new Set<string>();
  const endpoints = new Map<string, string>();
  const orgNames = new Set<string>();
  spec.orgs.forEach((org, oi) => {
    if (orgNames.has(org.mspId)) fail(`orgs.${oi}.mspId`, `org "${org.mspId}" is declared twice`);
    orgNames.add(org.mspId);
    org.peers.forEach((p, pi) => {
      const path = `orgs.${oi}.peers.${pi}`;
      if (names.has(p.name)) fail(`${path}.name`, `peer "${p.name}" is declared twice`);
      names.add(p.name);
      for (const [key, ep] of [['endpoint', p.endpoint], ['externalEndpoint', p.externalEndpoint ?? '']] as const) {
        if (ep === '' || (key === 'externalEndpoint' && ep === p.endpoint)) continue;
        const owner = endpoints.get(ep);
        if (owner !== undefined) fail(`${path}.${key}`, `endpoint ${ep} is already used by ${owner}`);
        endpoints.set(ep, p.name);
      }
      const config = peerConfig(spec, o, profile, p, path, warnings);
      const external = p.externalEndpoint ?? p.endpoint;
      peers.push({ definition: { name: p.name, org: org.mspId, internalEndpoint: p.endpoint, externalEndpoint: external, config }, mspId: org.mspId, path });
    });
  });
  if (peers.length === 0) fail('orgs', 'no peers declared');
  const channels = new Map<string, CompiledChannel>();
  (spec.channels ?? []).forEach((c, ci) => {
    if (channels.has(c.name)) fail(`channels.${ci}.name`, `channel "${c.name}" is declared twice`);
    const orgs = c.orgs ?? [...orgNames];
    orgs.forEach((org, i) => {
      if (!orgNames.has(org)) fail(`channels.${ci}.orgs.${i}`, `unknown org "${org}"`);
    });
    checkAnchors(c.anchorPeers ?? {}, new Set(orgs), `channels.${ci}.anchorPeers`);
    channels.set(c.name, { name: c.name, orgs, anchorPeers: c.anchorPeers ?? {} });
  });

  const timeline: CompiledEntry[] = [];
  (spec.timeline ?? []).forEach((entry, i) => {
    const path = `timeline.${i}`;
    if (entry.atMs > spec.duration) fail(`${path}.at`, `${entry.atMs} ms is after the end of the run (duration ${spec.duration} ms)`);
    checkAction(entry.action, path, names, channels, orgNames);
    if (entry.action.kind === 'cutBlocks' && entry.action.value.every !== undefined) {
      const { channel, count = 1, every } = entry.action.value;
      for (let k = 0; k < count; k++) timeline.push({ atMs: entry.atMs + k * every, ...(entry.label === undefined ? {} : { label: entry.label }), action: { kind: 'cutBlocks', value: { channel, count: 1 } }, path });
    } else timeline.push({ ...entry, path });
  });
  const sorted = timeline.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i).map((x) => x.e);
  // A peer whose first lifecycle action is `start` is down until then.
  const firstLifecycle = new Map<string, string>();
  for (const e of sorted) {
    const a = e.action;
    if (a.kind === 'start' || a.kind === 'stop' || a.kind === 'crash' || a.kind === 'restart') for (const p of a.value) if (!firstLifecycle.has(p)) firstLifecycle.set(p, a.kind);
  }
  const lateStarters = [...firstLifecycle].filter(([, kind]) => kind === 'start').map(([p]) => p);

  const expectations = (spec.expect ?? []).map((e, i) => checkExpectation(e, `expect.${i}`, spec.duration, names, channels, orgNames));
  const net = spec.network ?? {};
  const network: Partial<NetworkSettings> = {
    ...(net.latency === undefined ? {} : { minLatencyMs: net.latency.min, maxLatencyMs: net.latency.max }),
    ...(net.loss === undefined ? {} : { lossProbability: net.loss }),
    ...(net.duplication === undefined ? {} : { duplicationProbability: net.duplication }),
    ...(net.dialTimeout === undefined ? {} : { dialTimeoutMs: net.dialTimeout }),
    ...(net.ordererLatency === undefined ? {} : { ordererLatencyMs: net.ordererLatency }),
    ...(o.network ?? {}),
  };
  if ((network.minLatencyMs ?? 1) > (network.maxLatencyMs ?? 10)) fail('network.latency', `min latency ${network.minLatencyMs} ms is above max ${network.maxLatencyMs} ms`);
  return {
    spec,
    seed: o.seed ?? spec.seed ?? 1,
    profile,
    durationMs: spec.duration,
    peers,
    orgs: [...orgNames],
    channels: [...channels.values()],
    network,
    timeline: sorted,
    lateStarters,
    expectations,
    warnings,
  };
}
