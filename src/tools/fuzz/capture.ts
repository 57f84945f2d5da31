/**
 * The material the fuzzer starts from, taken from a short simulated run of Fabric's First Network:
 * peer states at interesting moments (a leader, a follower, a peer still starting up), every
 * envelope the peers really sent, the timers each snapshot has armed (ids and events exactly as
 * the setTimer effects carried them, whatever their shape), the orderer's real blocks, and the
 * keys to re-sign a mutated message (symbolic crypto is a function of the seed and the identity).
 */
import { createSymbolicSuite, type ConnectionInfo, type PeerReducer, type SigningKey, type SymbolicSuite } from '../../core';
import type { PeerState } from '../../peer';
import { DEFAULT_FIRST_NETWORK, FIRST_NETWORK_CHANNEL, firstNetworkPeers, runFirstNetwork } from '../../scenarios/first-network';
import { ordererBlocks, peerSlot, traceEvents, treapToArray, type World } from '../../sim';

export interface CapturedTimer {
  readonly timerId: string;
  readonly event: unknown;
}

export interface Snapshot {
  readonly label: string;
  readonly peer: string;
  readonly state: PeerState;
  /** The world's clock when the snapshot was taken: inputs come at or after it. */
  readonly nowMs: number;
  /** The timers armed for this peer at that moment (fired later by the simulator). */
  readonly timers: readonly CapturedTimer[];
  /** Every peer's connection as this peer sees it (same org: internal endpoint), by peer name. */
  readonly connections: ReadonlyMap<string, ConnectionInfo>;
}

export interface CapturedEnvelope {
  readonly sender: string;
  readonly payload: unknown;
}

export interface CapturedBlock {
  readonly seq: number;
  readonly block: unknown;
}

export interface Capture {
  readonly reducer: PeerReducer<PeerState>;
  readonly snapshots: readonly Snapshot[];
  readonly envelopes: readonly CapturedEnvelope[];
  readonly blocks: readonly CapturedBlock[];
  readonly channel: string;
  /** A suite equal to the run's (same seed) and the keys it issued, for re-signing. */
  readonly suite: SymbolicSuite;
  readonly peerKeys: ReadonlyMap<string, SigningKey>;
  readonly ordererKey: SigningKey;
  readonly endpoints: readonly string[];
  /** Real commands of the run (the channel config before and after the anchor-peer update). */
  readonly commands: readonly unknown[];
}

/** The moments snapshots are taken at, by the observe label of runFirstNetwork, and which peer. */
const SNAPSHOT_PLAN = [
  { label: 'startup, no channel yet', at: 'before: every peer joins', peer: 'peer0.org2' },
  { label: 'follower before the first block', at: 'before: the orderer cuts block 0', peer: 'peer1.org2' },
  { label: 'leader at the end', at: 'end', peer: 'peer0.org1' },
  { label: 'follower at the end', at: 'end', peer: 'peer1.org1' },
] as const;

const RUN_UNTIL_MS = 90_000;

function snapshotOf(w: World<PeerState>, label: string, peer: string): Snapshot {
  const index = w.directory.byName.get(peer);
  const self = w.directory.specs[index ?? -1];
  if (index === undefined || self === undefined) throw new RangeError(`no peer ${peer}`);
  const timers = treapToArray(w.events).flatMap((n) =>
    n.value.kind === 'timer' && n.value.peer === index ? [{ timerId: n.value.timerId, event: n.value.event }] : [],
  );
  const connections = new Map<string, ConnectionInfo>();
  w.directory.specs.forEach((spec, i) => {
    const info = (spec.org === self.org ? w.directory.connections : w.directory.foreignConnections)[i];
    if (info !== undefined) connections.set(spec.name, info);
  });
  return { label, peer, state: peerSlot(w, peer).state, nowMs: w.nowMs, timers, connections };
}

export function captureFirstNetwork(seed: number = DEFAULT_FIRST_NETWORK.seed): Capture {
  const options = { ...DEFAULT_FIRST_NETWORK, seed, untilMs: RUN_UNTIL_MS, tracing: true };
  const seen: { label: string; world: World<PeerState> }[] = [];
  const end = runFirstNetwork(options, (world, label) => seen.push({ label, world }));
  const snapshots = SNAPSHOT_PLAN.map((plan) => {
    const found = seen.find((s) => s.label.startsWith(plan.at));
    if (found === undefined) throw new RangeError(`the run never reached "${plan.at}"`);
    return snapshotOf(found.world, plan.label, plan.peer);
  });
  const envelopes = traceEvents(end).flatMap((line) => (line.k === 'send' ? [{ sender: line.from, payload: line.payload }] : []));
  const commands = traceEvents(end).flatMap((line) => (line.k === 'command' ? [line.command] : []));
  const suite = createSymbolicSuite(seed);
  const peerKeys = new Map(firstNetworkPeers(true).map((d) => [d.name, suite.enroll(d.org, d.name)] as const));
  return {
    reducer: end.config.reducer,
    snapshots,
    envelopes,
    blocks: ordererBlocks(end, FIRST_NETWORK_CHANNEL).map((b) => ({ seq: b.seq, block: b.block })),
    channel: FIRST_NETWORK_CHANNEL,
    suite,
    peerKeys,
    ordererKey: suite.enroll('OrdererMSP', 'orderer.example.com'),
    endpoints: end.directory.specs.map((s) => s.internalEndpoint),
    commands: [...new Map(commands.map((c) => [JSON.stringify(c), c])).values()],
  };
}
