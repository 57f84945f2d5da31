/**
 * Safety predicates over a world with Byzantine peers, about its honest peers only (Byzantine
 * peers' states are theirs to corrupt). Each message starts with the requirement id it defends.
 * They read the composed peer through its public API and membership's query functions.
 */
import type { PkiId } from '../../core';
import { aliveStoreContents, lookup, pentries, type PMap } from '../../membership';
import { peerStateViolation, type PeerState } from '../../peer';
import { ledgerOf, ordererBlocks, allPeerSlots } from '../query';
import type { SafetyCheck } from '../run';
import type { TraceEvent, TraceList } from '../trace-types';
import type { PeerSlot, World } from '../world';
import { isByzantineState, type WithByzantine } from './types';

type W = World<WithByzantine<PeerState>>;

/** The live honest peers with their states. */
export function honestSlots(w: W): { slot: PeerSlot<WithByzantine<PeerState>>; state: PeerState }[] {
  const out: { slot: PeerSlot<WithByzantine<PeerState>>; state: PeerState }[] = [];
  for (const slot of allPeerSlots(w)) if (slot.alive && !isByzantineState(slot.state)) out.push({ slot, state: slot.state });
  return out;
}

/**
 * Per-state memo: states are values and an unchanged peer keeps its state object, so a verdict is
 * computed once per state and a step re-checks only the peers it changed.
 */
function memo<K extends object>(f: (k: K) => string | undefined): (k: K) => string | undefined {
  const cache = new WeakMap<K, string | null>();
  return (k) => {
    const hit = cache.get(k);
    if (hit !== undefined) return hit ?? undefined;
    const v = f(k);
    cache.set(k, v ?? null);
    return v;
  };
}

const keysOf = <V>(map: PMap<V>): string[] => [...pentries(map)].map(([k]) => k);
const enrolledOf = (w: W): Set<string> => new Set(w.directory.specs.map((s) => s.pkiId));
const orgOfPki = (w: W, pki: string) => w.directory.specs.find((s) => s.pkiId === pki)?.org;

/**
 * [SIM-SAFE-BYZANTINE-NO-FORGED-MEMBER.1] No honest peer's membership (members, identity table,
 * alive store) holds a PKI-ID that no enrolled peer has.
 */
export function noForgedMember(): SafetyCheck<WithByzantine<PeerState>> {
  let check: ((m: PeerState['membership']) => string | undefined) | undefined;
  return (w) => {
    const enrolled = enrolledOf(w);
    check ??= memo((m: PeerState['membership']) => {
      const keys = [...keysOf(m.members), ...keysOf(m.identities), ...aliveStoreContents(m).map(([k]) => k)];
      const forged = keys.find((k) => !enrolled.has(k));
      return forged === undefined ? undefined : `unenrolled PKI-ID ${forged} (member: ${lookup(m, forged as PkiId) !== undefined})`;
    });
    for (const { slot, state } of honestSlots(w)) {
      const v = check(state.membership);
      if (v !== undefined) return `[SIM-SAFE-BYZANTINE-NO-FORGED-MEMBER.1] ${slot.spec.name} holds ${v}`;
    }
    return undefined;
  };
}

/**
 * [SIM-SAFE-BYZANTINE-NO-FOREIGN-LEADERSHIP.1] No honest peer records a leadership message (its
 * per-channel leadership store) created by a peer of another org or by an unenrolled PKI-ID.
 */
export function noForeignLeadership(): SafetyCheck<WithByzantine<PeerState>> {
  return (w) => {
    for (const { slot, state } of honestSlots(w)) {
      for (const [channel, ch] of Object.entries(state.channels)) {
        for (const creator of Object.keys(ch.lastLeadership)) {
          const org = orgOfPki(w, creator);
          if (org === undefined) return `[SIM-SAFE-BYZANTINE-NO-FOREIGN-LEADERSHIP.1] ${slot.spec.name} recorded leadership of unenrolled ${creator} in ${channel}`;
          if (org !== state.self.org) return `[SIM-SAFE-BYZANTINE-NO-FOREIGN-LEADERSHIP.1] ${slot.spec.name} (${state.self.org}) recorded leadership of ${creator} (${org}) in ${channel}`;
        }
      }
    }
    return undefined;
  };
}

/**
 * [SIM-SAFE-BYZANTINE-LEDGER-FROM-ORDERER.1] Every block on an honest peer's ledger is the block
 * the ordering service cut at that height (so honest ledgers are prefixes of one chain, and a
 * peer's ledger only holds channels it joined and its org is in).
 */
export function honestLedgersFollowOrderer(): SafetyCheck<WithByzantine<PeerState>> {
  return (w) => {
    for (const { slot, state } of honestSlots(w)) {
      for (const channel of slot.ledgers.keys()) {
        const ch = state.channels[channel];
        if (ch === undefined && ledgerOf(w, slot.spec.name, channel).length > 0 && !(channel in state.initialHeights)) {
          return `[SIM-SAFE-BYZANTINE-LEDGER-FROM-ORDERER.1] ${slot.spec.name} holds blocks of ${channel}, which it never joined`;
        }
        if (ch !== undefined && !ch.orgs.includes(state.self.org)) return `[SIM-SAFE-BYZANTINE-LEDGER-FROM-ORDERER.1] ${slot.spec.name} holds ${channel} without its org in it`;
        const chain = ordererBlocks(w, channel);
        const ledger = ledgerOf(w, slot.spec.name, channel);
        for (let i = 0; i < ledger.length; i++) {
          const entry = ledger[i];
          if (entry === undefined) continue;
          if (entry.seq !== i) return `[SIM-SAFE-BYZANTINE-LEDGER-FROM-ORDERER.1] ${slot.spec.name} ledger ${channel}[${i}] holds seq ${entry.seq}`;
          if (chain[i]?.hash !== entry.hash) return `[SIM-SAFE-BYZANTINE-LEDGER-FROM-ORDERER.1] ${slot.spec.name} ledger ${channel}[${i}] is not the orderer's block`;
        }
      }
    }
    return undefined;
  };
}

/**
 * [SIM-SAFE-BYZANTINE-BOUNDED-STATE.1] [SIM-SAFE-BYZANTINE-HONEST-INVARIANTS.1] Under any hostile traffic an honest peer's membership holds
 * at most one entry per enrolled peer (members, identities, alive store), its connection attempts
 * and probes only endpoints of enrolled peers, its leadership store at most one entry per peer of
 * its org, and each pull engine at most one outstanding hello and request per enrolled peer (the
 * responder's remembered hellos are bounded by time, not count: spec/adversary.md).
 */
export function honestStateBounded(): SafetyCheck<WithByzantine<PeerState>> {
  let check: ((state: PeerState) => string | undefined) | undefined;
  return (w) => {
    check ??= memo((state: PeerState) => boundViolation(w, state));
    for (const { slot, state } of honestSlots(w)) {
      const v = check(state);
      if (v !== undefined) return `${v.startsWith('[') ? '' : '[SIM-SAFE-BYZANTINE-BOUNDED-STATE.1] '}${slot.spec.name}: ${v}`;
    }
    return undefined;
  };
}

function boundViolation(w: W, state: PeerState): string | undefined {
  const n = w.directory.specs.length;
  const endpoints = new Set(w.directory.specs.flatMap((s) => [s.internalEndpoint, s.externalEndpoint]));
  const m = state.membership;
  const sizes: [string, number, number][] = [
    ['members', m.members.size, n - 1],
    ['identities', m.identities.size, n],
    ['alive store', m.store.size, n],
  ];
  const orgMates = w.directory.specs.filter((s) => s.org === state.self.org).length;
  for (const [channel, ch] of Object.entries(state.channels)) {
    const pull = ch.pull.context;
    sizes.push(
      [`leadership store of ${channel}`, Object.keys(ch.lastLeadership).length, orgMates],
      [`pull hellos of ${channel}`, pull.round.outgoing.length, n],
      [`pull requests of ${channel}`, pull.round.requests.length, n],
    );
  }
  const over = sizes.find(([, size, max]) => size > max);
  if (over !== undefined) return `${over[0]} holds ${over[1]} > ${over[2]}`;
  const stray = [...keysOf(m.connects), ...keysOf(m.probes)].find((e) => !endpoints.has(e));
  if (stray !== undefined) return `tracks a connection to ${stray}, which no enrolled peer owns`;
  const v = peerStateViolation(state);
  return v === undefined ? undefined : `[PEER-SAFE-SUBSYSTEM-INVARIANTS.1] ${v}`;
}

/** Endpoints a Byzantine peer advertised for itself in alive messages it sent (trace `send` lines). */
function selfAdvertised(payload: unknown, byzantinePkis: ReadonlySet<string>, into: Set<string>): void {
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 6) return;
    const env = v as { payload?: { content?: { aliveMsg?: { membership?: { pkiId?: unknown; endpoint?: unknown } } } }; secretEnvelope?: { payload?: { internalEndpoint?: unknown } } };
    const member = env.payload?.content?.aliveMsg?.membership;
    if (typeof member === 'object' && member !== null && typeof member.pkiId === 'string' && byzantinePkis.has(member.pkiId)) {
      if (typeof member.endpoint === 'string') into.add(member.endpoint);
      const internal = env.secretEnvelope?.payload?.internalEndpoint;
      if (typeof internal === 'string') into.add(internal);
    }
    for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(payload, 0);
}

/**
 * [SIM-SAFE-BYZANTINE-NO-STRAY-DIAL.1] No honest peer dials an endpoint that no enrolled peer owns,
 * except one a Byzantine peer advertised for itself in an alive message signed as itself
 * ([SIM-ASM-BYZANTINE-INSIDER.1]: an insider's claims about itself are believed, as in Fabric).
 * Reads the trace incrementally (tracing must be on); one instance per run.
 */
export function noStrayDial(byzantine: readonly string[]): SafetyCheck<WithByzantine<PeerState>> {
  let seenUpTo: TraceList = undefined;
  const advertised = new Set<string>();
  return (w) => {
    const byzantinePkis = new Set(w.directory.specs.filter((s) => byzantine.includes(s.name)).map((s) => s.pkiId));
    const fresh: TraceEvent[] = [];
    for (let l = w.trace; l !== undefined && l !== seenUpTo; l = l.tail) fresh.push(l.head);
    seenUpTo = w.trace;
    fresh.reverse();
    for (const line of fresh) {
      if (line.k === 'send' && byzantine.includes(line.from)) selfAdvertised(line.payload, byzantinePkis, advertised);
      if (line.k !== 'dial' || line.target !== null || byzantine.includes(line.peer) || advertised.has(line.endpoint)) continue;
      return `[SIM-SAFE-BYZANTINE-NO-STRAY-DIAL.1] ${line.peer} dialled ${line.endpoint}, which no enrolled peer owns, at t=${line.t}`;
    }
    return undefined;
  };
}

/**
 * [SIM-LIVE-BYZANTINE-ONE-HONEST-LEADER.1] Liveness predicate: among live honest peers, at most one
 * leader of `channel` per org (Byzantine peers may claim what they like).
 */
export function atMostOneHonestLeaderPerOrg(channel: string): (w: W) => boolean {
  return (w) => {
    const perOrg = new Map<string, number>();
    for (const { slot } of honestSlots(w)) {
      if (slot.leaderOf.get(channel) !== true) continue;
      perOrg.set(slot.spec.org, (perOrg.get(slot.spec.org) ?? 0) + 1);
    }
    return [...perOrg.values()].every((n) => n <= 1);
  };
}

/**
 * [SIM-FUNC-BYZANTINE-REJECTIONS-COUNTED.1] What the honest peers counted as rejected, summed by
 * reason over the live honest peers.
 */
export function honestRejections(w: W): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { state } of honestSlots(w)) for (const [reason, n] of Object.entries(state.rejected)) out[reason] = (out[reason] ?? 0) + n;
  return out;
}
