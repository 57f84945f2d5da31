/**
 * Test networks of membership-only peers in the simulator: peer specs consistent with the symbolic
 * crypto suite (PKI-ID = pkiIdOf(identity)), endpoints `localhost:<port>` as in Fabric's discovery
 * tests, per-peer bootstrap lists and parameters, and queries by peer name.
 */
import { createSymbolicSuite, orgId, type SigningKey } from '../../src/core';
import { aliveMembers, deadMembers, FABRIC_DISCOVERY_TEST_PARAMS, type MembershipParams, type MembershipState } from '../../src/membership';
import { createWorld, describeFailure, nextEventTime, peerNames, peerState, isAlive, runSchedule, setClock, stepWorld, type NetworkSettings, type PeerSpec, type ScheduleItem, type World } from '../../src/sim';
import { membershipNodeInit, membershipNodeReducer, type MembershipNodeState } from './membership-node';

export interface NodeSpec {
  readonly name: string;
  readonly org?: string;
  readonly port: number;
  /** External endpoint: 'same' (= internal, Fabric's discovery tests), 'none', or an endpoint. */
  readonly external?: string;
  /** Internal endpoint; default `localhost:<port>`. */
  readonly internal?: string;
  /** Bootstrap endpoints. */
  readonly bootstrap?: readonly string[];
  readonly params?: Partial<MembershipParams>;
  /** Anchor peers of channel 'TEST' known at start (and after every restart). */
  readonly anchors?: readonly { org: string; endpoint: string }[];
}

export interface TestNet {
  readonly world: World<MembershipNodeState>;
  readonly specs: readonly PeerSpec[];
  readonly nameOf: (pkiId: string) => string;
  readonly endpointOf: (name: string) => string;
  readonly orgOfName: (name: string) => string;
}

export type MWorld = World<MembershipNodeState>;

export function internalOf(n: NodeSpec): string {
  return n.internal ?? `localhost:${n.port}`;
}

function externalOf(n: NodeSpec): string {
  const e = n.external ?? 'same';
  return e === 'same' ? internalOf(n) : e === 'none' ? '' : e;
}

export function buildNet(options: {
  readonly nodes: readonly NodeSpec[];
  readonly params?: MembershipParams;
  readonly seed?: number;
  readonly network?: Partial<NetworkSettings>;
  readonly tracing?: boolean;
}): TestNet {
  const suite = createSymbolicSuite(7);
  const keys = new Map<string, SigningKey>();
  const byName = new Map<string, NodeSpec>();
  const specs: PeerSpec[] = options.nodes.map((n) => {
    const org = n.org ?? 'Org1MSP';
    const key = suite.enroll(org, n.name);
    const pkiId = suite.pkiIdOf(key.identity);
    keys.set(pkiId, key);
    byName.set(n.name, n);
    return { name: n.name, pkiId, identity: key.identity, org: orgId(org), internalEndpoint: internalOf(n), externalEndpoint: externalOf(n) };
  });
  const base = options.params ?? FABRIC_DISCOVERY_TEST_PARAMS;
  const init = membershipNodeInit(suite, keys, (spec, nowMs, incarnation) => {
    const n = byName.get(spec.name) as NodeSpec;
    return {
      self: { pkiId: spec.pkiId, identity: spec.identity, org: spec.org, internalEndpoint: spec.internalEndpoint, externalEndpoint: spec.externalEndpoint, metadata: '' },
      startTimeMs: nowMs,
      params: { ...base, ...n.params },
      bootstrap: n.bootstrap ?? [],
      seed: n.port * 1000 + incarnation,
    };
  }, (spec) => {
    const anchors = byName.get(spec.name)?.anchors;
    return anchors === undefined ? undefined : { channel: 'TEST', anchors: [...anchors] };
  });
  const world = createWorld({
    seed: options.seed ?? 1,
    peers: specs,
    reducer: membershipNodeReducer(suite, keys),
    initPeer: init,
    network: options.network ?? {},
    tracing: options.tracing ?? false,
  });
  const nameByPki = new Map(specs.map((s) => [s.pkiId as string, s.name]));
  return {
    world,
    specs,
    nameOf: (pkiId) => nameByPki.get(pkiId) ?? `?${pkiId}`,
    endpointOf: (name) => specs.find((s) => s.name === name)?.internalEndpoint ?? '?',
    orgOfName: (name) => specs.find((s) => s.name === name)?.org ?? '?',
  };
}

/** Safety for runWithChecks: no peer has seen an invariant violation (checked after every step). */
export function noInvariantViolation(w: MWorld): string | undefined {
  for (const name of peerNames(w)) {
    const v = peerState(w, name).violation;
    if (v !== undefined) return `${name}: ${v}`;
  }
  return undefined;
}

export function stateOf(w: MWorld, name: string): MembershipState {
  return peerState(w, name).membership;
}

/** Names of the alive members in `name`'s view, sorted. */
export function aliveNames(net: TestNet, w: MWorld, name: string): string[] {
  return aliveMembers(stateOf(w, name)).map((m) => net.nameOf(m.pkiId)).sort();
}

export function deadNames(net: TestNet, w: MWorld, name: string): string[] {
  return deadMembers(stateOf(w, name)).map((m) => net.nameOf(m.pkiId)).sort();
}

/** Every running peer in `names` sees exactly `expected` alive members. */
export function membershipSizeIs(net: TestNet, w: MWorld, names: readonly string[], expected: number): boolean {
  return names.every((n) => !isAlive(w, n) || aliveNames(net, w, n).length === expected);
}

/** Every running peer sees every other running peer alive (and nobody else). */
export function fullMembership(net: TestNet, w: MWorld): boolean {
  const up = peerNames(w).filter((n) => isAlive(w, n));
  return up.every((n) => {
    const seen = aliveNames(net, w, n);
    return seen.length === up.length - 1 && up.every((o) => o === n || seen.includes(o));
  });
}


/**
 * Fabric's waitUntilOrFail in virtual time: step until `pred` holds (checked after every step, with
 * every membership invariant) or the clock would pass `nowMs + timeoutMs`. Throws on a failure.
 */
export function waitUntil(w0: MWorld, pred: (w: MWorld) => boolean, timeoutMs: number): MWorld {
  const deadline = w0.nowMs + timeoutMs;
  let w = w0;
  for (;;) {
    if (w.failure !== undefined) throw new Error(describeFailure(w.failure));
    const violation = noInvariantViolation(w);
    if (violation !== undefined) throw new Error(violation);
    if (pred(w)) return w;
    const next = nextEventTime(w);
    if (next === undefined || next > deadline) throw new Error(`not true within ${timeoutMs}ms (t=${w.nowMs})`);
    w = stepWorld(w);
  }
}

/** Run a schedule to `untilMs`, then require that no peer saw an invariant violation. */
export function runFor(w0: MWorld, untilMs: number, schedule: readonly ScheduleItem[] = []): MWorld {
  const w = runSchedule(w0, schedule.map((i) => ({ ...i, atMs: i.atMs })), untilMs);
  if (w.failure !== undefined) throw new Error(describeFailure(w.failure));
  const violation = noInvariantViolation(w);
  if (violation !== undefined) throw new Error(violation);
  return setClock(w, untilMs);
}
