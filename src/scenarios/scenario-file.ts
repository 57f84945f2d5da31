/**
 * [GEN-FUNC-SCENARIO-FILE.1] The scenario file: a network (orgs, peers with endpoints, bootstrap
 * lists and per-peer Fabric overrides), its channels with their anchor peers, a timeline of world
 * actions and the expectations to check, written in YAML and decoded with io-ts at the edge. Every
 * problem names the path inside the document (`timeline.3.crash`, `orgs.0.peers.1.endpoint`).
 * Pure: the CLI reads the file and hands the text here. docs/scenarios.md is the user's guide.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { parseDocument } from 'yaml';
import { decodeWith } from '../core';
import { closed, DurationMs, Endpoint, MspId, Names, NonEmptyString, NonNegInt, OrdererPlacementCodec, Overrides, Probability } from './scenario-values';

/** A problem with a scenario: the file (when known), the path inside it, and what is wrong. */
export interface ScenarioError {
  readonly kind: 'scenarioError';
  readonly file?: string;
  /** Dotted path inside the document (`timeline.2.partition.groups`), `(yaml)` for syntax, `(root)` for the document. */
  readonly path: string;
  readonly problem: string;
}

export function scenarioError(path: string, problem: string, file?: string): ScenarioError {
  return { kind: 'scenarioError', path: path === '' ? '(root)' : path, problem, ...(file === undefined ? {} : { file }) };
}

/** [GEN-FUNC-SCENARIO-ERRORS.1] One line: file, path, problem. */
export function formatScenarioError(e: ScenarioError): string {
  return `${e.file ?? '(scenario)'}: ${e.path}: ${e.problem}`;
}

export type Result<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: ScenarioError };

// ---------------------------------------------------------------------------------------------
// Codecs (the value codecs are in scenario-values.ts)

export { DurationMs, type OrdererPlacement } from './scenario-values';

export const PeerDecl = closed('Peer', { name: NonEmptyString, endpoint: Endpoint }, {
  /** Default: the endpoint. `""`: none, the peer is not reachable from other orgs. */
  externalEndpoint: t.union([Endpoint, t.literal('')]),
  bootstrap: t.readonlyArray(Endpoint),
  overrides: Overrides,
});
export type PeerDecl = t.TypeOf<typeof PeerDecl>;

export const OrgDecl = closed('Org', { mspId: MspId, peers: t.readonlyArray(PeerDecl) }, {});
export type OrgDecl = t.TypeOf<typeof OrgDecl>;

const AnchorMap = t.record(t.string, t.readonlyArray(Endpoint));

export const ChannelDecl = closed('Channel', { name: NonEmptyString }, {
  /** The orgs of the channel; default: every org. */
  orgs: t.readonlyArray(NonEmptyString),
  /** Anchor peers in the channel's first config, by MSP id. */
  anchorPeers: AnchorMap,
});
export type ChannelDecl = t.TypeOf<typeof ChannelDecl>;

const NetworkDecl = closed('Network', {}, {
  latency: closed('Latency', { min: DurationMs, max: DurationMs }, {}),
  loss: Probability,
  duplication: Probability,
  dialTimeout: DurationMs,
  ordererLatency: DurationMs,
});
export type NetworkDecl = t.TypeOf<typeof NetworkDecl>;

/** The actions a timeline entry may hold (exactly one per entry). */
export const ACTIONS = {
  /** Peers that start here; a peer whose first lifecycle action is `start` is down until then. */
  start: Names,
  /** A graceful stop (the peer's STOP command), then the process is gone. */
  stop: Names,
  crash: Names,
  restart: Names,
  partition: closed('Partition', { groups: t.readonlyArray(t.readonlyArray(NonEmptyString)) }, {
    /**
     * `reachable` (default): the ordering service stays reachable by every peer; `unreachable`: by
     * none, until heal; a group's index or a peer's name: only by that group ([GEN-FUNC-SCENARIO-ORDERER-SIDE.1]).
     */
    orderer: OrdererPlacementCodec,
  }),
  heal: t.literal(true),
  /** Peers (default: every peer of the channel's orgs) join the channel with its current config. */
  join: closed('Join', { channel: NonEmptyString }, { peers: Names }),
  /** The peer leaves the channel (LEAVE_CHANNEL: its StateInfo says left; the others drop it from their channel views). */
  leave: closed('Leave', { peer: NonEmptyString, channel: NonEmptyString }, {}),
  /** The genesis block (block 0) of the channel is cut by the ordering service. */
  createChannel: NonEmptyString,
  /** A config block: the orderer cuts it, each peer applies the new anchor peers when it commits it. */
  configUpdate: closed('ConfigUpdate', { channel: NonEmptyString, anchorPeers: AnchorMap }, {}),
  cutBlocks: closed('CutBlocks', { channel: NonEmptyString }, { count: NonNegInt, every: DurationMs }),
  yield: closed('Yield', { peer: NonEmptyString, channel: NonEmptyString }, {}),
  ordererOutage: closed('OrdererOutage', { down: t.boolean }, { channel: NonEmptyString }),
  setLoss: Probability,
  setDuplication: Probability,
  setLatency: closed('Latency', { min: DurationMs, max: DurationMs }, {}),
  /** Narration only. */
  note: NonEmptyString,
} as const;
export type ActionName = keyof typeof ACTIONS;
export type Action = { [K in ActionName]: { readonly kind: K; readonly value: t.TypeOf<(typeof ACTIONS)[K]> } }[ActionName];

export interface TimelineEntry {
  readonly atMs: number;
  readonly label?: string;
  readonly action: Action;
}

/** `{at, label?, <one action>}` read as a tagged action. */
const TimelineEntryCodec = new t.Type<TimelineEntry, unknown, unknown>(
  'TimelineEntry',
  (u): u is TimelineEntry => typeof u === 'object' && u !== null && 'action' in u,
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, 'expected a mapping {at, <action>}');
    const o = u as Record<string, unknown>;
    const names = Object.keys(ACTIONS);
    const actionKeys = Object.keys(o).filter((k) => k !== 'at' && k !== 'label');
    const unknown = actionKeys.find((k) => !names.includes(k));
    if (unknown !== undefined) return t.failure(o[unknown], t.appendContext(c, unknown, t.unknown, o[unknown]), `unknown action "${unknown}" (expected one of ${names.join(', ')})`);
    if (actionKeys.length !== 1) return t.failure(u, c, actionKeys.length === 0 ? `no action (expected one of ${names.join(', ')})` : `one action per entry, got ${actionKeys.join(' and ')}`);
    const at = DurationMs.validate(o['at'] ?? 0, t.appendContext(c, 'at', DurationMs, o['at']));
    if (isLeft(at)) return at;
    if (o['label'] !== undefined && typeof o['label'] !== 'string') return t.failure(o['label'], t.appendContext(c, 'label', t.string, o['label']), 'expected a string');
    const kind = actionKeys[0] as ActionName;
    const codec = ACTIONS[kind] as t.Type<unknown, unknown, unknown>;
    const value = codec.validate(o[kind], t.appendContext(c, kind, codec, o[kind]));
    if (isLeft(value)) return value;
    const label = o['label'] as string | undefined;
    return t.success({ atMs: at.right, ...(label === undefined ? {} : { label }), action: { kind, value: value.right } as Action });
  },
  (e) => e,
);

/** Leaders of an org: exactly these peers, or just how many. */
const LeaderExpectation = t.union([t.readonlyArray(NonEmptyString), closed('LeaderCount', { count: NonNegInt }, { among: t.readonlyArray(NonEmptyString) })]);

const Bound = closed('Bound', {}, { min: t.number, max: t.number, equals: t.number });

export const INVARIANTS = {
  noFailure: 'the simulator recorded no failure (no reducer threw, no zero-delay loop)',
  commitsFollowOrderer: "every commit extended the peer's ledger by one and equals the orderer's block",
  peerStateInvariants: "every live peer's subsystem invariants held after every step",
  ledgersCaughtUp: "every live peer that joined the channel holds every block the orderer cut",
  oneLeaderPerOrg: 'exactly one live leader per org of the channel (among peers that joined)',
} as const;
export type InvariantName = keyof typeof INVARIANTS;

const InvariantNameCodec = t.keyof(INVARIANTS, 'Invariant');

const EXPECTATION_PROPS = {
  /** When to check: a time, or `end` (the default). */
  at: t.union([t.literal('end'), DurationMs]),
  label: t.string,
  /** The channel the leaders, channelViews and heights refer to; default: the only channel. */
  channel: NonEmptyString,
  leaders: t.record(t.string, LeaderExpectation),
  /** Alive membership of a peer, by peer names (exactly). */
  views: t.record(t.string, t.readonlyArray(NonEmptyString)),
  /** Channel members a peer sees (StateInfo), by peer names (exactly). */
  channelViews: t.record(t.string, t.readonlyArray(NonEmptyString)),
  /** Ledger height per peer; the key `all` means every live peer. */
  heights: t.record(t.string, NonNegInt),
  invariants: t.readonlyArray(InvariantNameCodec),
  /** The simulator's counters by trace kind (send, deliver, drop, commit, leader, ...). */
  counters: t.record(t.string, Bound),
};
/** The keys an expectation may hold. */
export const EXPECTATION_KEYS = Object.keys(EXPECTATION_PROPS);
export const ExpectationDecl = closed('Expectation', {}, EXPECTATION_PROPS);
export type ExpectationDecl = t.TypeOf<typeof ExpectationDecl>;

export const ScenarioCodec = closed('Scenario', { name: NonEmptyString, orgs: t.readonlyArray(OrgDecl), duration: DurationMs }, {
  description: t.string,
  /** The base profile; default fabric-1.4. */
  profile: t.union([t.literal('fabric-1.4'), t.literal('fabric-2.x')]),
  seed: NonNegInt,
  network: NetworkDecl,
  /** Overrides for every peer (a peer's own win). */
  overrides: Overrides,
  channels: t.readonlyArray(ChannelDecl),
  timeline: t.readonlyArray(TimelineEntryCodec),
  expect: t.readonlyArray(ExpectationDecl),
});
export type ScenarioSpec = t.TypeOf<typeof ScenarioCodec>;

/** Decode a scenario value (already parsed from YAML or built in code). */
export function decodeScenario(value: unknown, file?: string): Result<ScenarioSpec> {
  const decoded = decodeWith(ScenarioCodec, value);
  if (!decoded.ok) {
    const path = decoded.error.path;
    const prefix = `${path || '(root)'}: `;
    const problem = decoded.error.message.startsWith(prefix) ? decoded.error.message.slice(prefix.length) : decoded.error.message;
    return { ok: false, error: scenarioError(path, problem, file) };
  }
  return { ok: true, value: decoded.value };
}

/** [GEN-FUNC-SCENARIO-FILE.1] Parse YAML text and decode it; a syntax error names its line and column. */
export function parseScenarioYaml(text: string, file?: string): Result<ScenarioSpec> {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const offset = Math.min(first.pos[0], text.length);
    const before = text.slice(0, offset);
    const where = `(yaml) line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
    return { ok: false, error: scenarioError(where, first.message.split('\n')[0] ?? first.message, file) };
  }
  return decodeScenario(doc.toJS({ maxAliasCount: 100 }), file);
}
