/**
 * Safety predicates of the whole-network properties, checked after every transition
 * (GEN-SAFE-CHECK-* in spec/check.md), and the effect monitors that see what a peer sends. States are values and
 * an unchanged peer keeps its state object, so verdicts are memoised per state: a step re-checks
 * only the peer it changed.
 */
import type { Effect, PeerReducer } from '../core';
import { aliveMembers } from '../membership';
import { peerStateViolation, type PeerState } from '../peer';
import { inChannel } from './liveness';
import { allPeerSlots, ledgerOf, ordererBlocks, type SafetyCheck } from '../sim';

/**
 * [PEER-SAFE-SUBSYSTEM-INVARIANTS.1] Every live peer's subsystems keep their invariants, and the
 * host's record of each channel's leadership equals the peer's flag.
 */
export function peerInvariantsHold(): SafetyCheck<PeerState> {
  const sound = new WeakSet<PeerState>();
  return (w) => {
    for (const slot of allPeerSlots(w)) {
      if (!slot.alive) continue;
      if (!sound.has(slot.state)) {
        const v = peerStateViolation(slot.state);
        if (v) return `[PEER-SAFE-SUBSYSTEM-INVARIANTS.1] ${slot.spec.name}: ${v}`;
        sound.add(slot.state);
      }
      for (const [channel, ch] of Object.entries(slot.state.channels)) {
        const host = slot.leaderOf.get(channel) ?? false;
        if (host !== ch.isLeader) return `[PEER-SAFE-SUBSYSTEM-INVARIANTS.1] ${slot.spec.name}: host sees leader=${host} in ${channel}, the peer says ${ch.isLeader}`;
      }
    }
    return undefined;
  };
}

/** [DIS-SAFE-IN-ORDER-COMMIT.1] The simulator's record of the first commit out of order or unlike the orderer's block. */
export function commitsInOrder(): SafetyCheck<PeerState> {
  return (w) => (w.firstLedgerAnomaly ? `[DIS-SAFE-IN-ORDER-COMMIT.1] ${JSON.stringify(w.firstLedgerAnomaly)}` : undefined);
}

/**
 * [GEN-SAFE-CHECK-LEDGER-PREFIX.1] Every peer's ledger of every channel (crashed peers' too: a disk
 * survives) is a prefix of the ordering service's chain: entry i is block i as the orderer cut it.
 */
export function ledgersArePrefixes(): SafetyCheck<PeerState> {
  const sound = new WeakSet<object>();
  return (w) => {
    for (const slot of allPeerSlots(w)) {
      for (const [channel, ledger] of slot.ledgers) {
        if (sound.has(ledger)) continue;
        const chain = ordererBlocks(w, channel);
        const entries = ledgerOf(w, slot.spec.name, channel);
        for (let i = 0; i < entries.length; i++) {
          const e = entries[i]!;
          if (e.seq !== i) return `[GEN-SAFE-CHECK-LEDGER-PREFIX.1] ${slot.spec.name}: ${channel}[${i}] holds block ${e.seq}`;
          if (chain[i]?.hash !== e.hash) return `[GEN-SAFE-CHECK-LEDGER-PREFIX.1] ${slot.spec.name}: ${channel}[${i}] is not the orderer's block ${i}`;
        }
        sound.add(ledger);
      }
    }
    return undefined;
  };
}

/**
 * [GEN-SAFE-CHECK-ONE-LEADER.1] Two peers of one org leading one channel inside one connected
 * component (same partition group, both alive) may coexist only briefly: from the later of the
 * moment both led and the last fault (partition, heal, crash, restart, network change, loss on),
 * at most `graceMs` (the one-leader bound: membership, StateInfo and one election after it).
 */
export function atMostOneLeaderPerComponent(graceMs: number): SafetyCheck<PeerState> {
  let lastFaultMs = 0;
  let lastSignature = '';
  const since = new Map<string, number>();
  return (w) => {
    const slots = allPeerSlots(w);
    const signature = `${slots.map((s) => `${s.alive ? 1 : 0}${s.incarnation}`).join(',')}|${w.partition?.groupOf.join(',') ?? ''}|${JSON.stringify(w.network)}`;
    if (signature !== lastSignature || w.network.lossProbability > 0) {
      lastSignature = signature;
      lastFaultMs = w.nowMs;
    }
    const groups = new Map<string, string[]>();
    slots.forEach((slot, i) => {
      if (!slot.alive) return;
      const component = w.partition?.groupOf[i] ?? 0;
      for (const [channel, isLeader] of slot.leaderOf) {
        // A peer that left the channel leads nothing there (its host may still hold the old flag).
        if (!isLeader || !inChannel(slot, channel)) continue;
        const key = `${channel}|${slot.spec.org}|${component}`;
        groups.set(key, [...(groups.get(key) ?? []), slot.spec.name]);
      }
    });
    const current = new Set<string>();
    for (const [key, leaders] of groups) {
      if (leaders.length < 2) continue;
      const id = `${key}|${leaders.join(',')}`;
      current.add(id);
      const start = Math.max(since.get(id) ?? w.nowMs, lastFaultMs);
      if (!since.has(id)) since.set(id, w.nowMs);
      if (w.nowMs - start > graceMs) {
        const [channel, org] = key.split('|');
        return `[GEN-SAFE-CHECK-ONE-LEADER.1] ${leaders.join(' and ')} (${org}) both lead ${channel} in one component for ${w.nowMs - start} ms, more than ${graceMs} ms`;
      }
    }
    for (const id of [...since.keys()]) if (!current.has(id)) since.delete(id);
    return undefined;
  };
}

/**
 * [GEN-SAFE-CHECK-ISOLATION.1] A peer whose org is in none of a channel's configs never joins it
 * nor holds its blocks.
 */
export function channelIsolation(outsiders: ReadonlyMap<string, readonly string[]>): SafetyCheck<PeerState> {
  return (w) => {
    for (const slot of allPeerSlots(w)) {
      for (const channel of outsiders.get(slot.spec.org) ?? []) {
        if (slot.state.channels[channel] !== undefined) return `[GEN-SAFE-CHECK-ISOLATION.1] ${slot.spec.name} (${slot.spec.org}) joined ${channel}, which its org is not in`;
        if ((slot.ledgers.get(channel)?.size ?? 0) > 0) return `[GEN-SAFE-CHECK-ISOLATION.1] ${slot.spec.name} (${slot.spec.org}) holds blocks of ${channel}, which its org is not in`;
      }
    }
    return undefined;
  };
}

/**
 * [GEN-SAFE-CHECK-DISCLOSURE.1] Nobody's membership knows the internal endpoint of a peer of
 * another org, nor (MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1) an endpoint for a foreign peer that has no external one.
 */
export function noEndpointDisclosed(): SafetyCheck<PeerState> {
  const sound = new WeakSet<object>();
  return (w) => {
    const byPki = new Map(w.directory.specs.map((s) => [s.pkiId as string, s]));
    for (const slot of allPeerSlots(w)) {
      const m = slot.state.membership;
      if (sound.has(m)) continue;
      for (const member of aliveMembers(m)) {
        const spec = byPki.get(member.pkiId);
        if (spec === undefined || spec.org === slot.spec.org) continue;
        const internal = (member as { internalEndpoint?: string }).internalEndpoint;
        if (internal !== undefined && internal !== '') return `[GEN-SAFE-CHECK-DISCLOSURE.1] ${slot.spec.name} (${slot.spec.org}) knows ${spec.name}'s internal endpoint ${internal}`;
        if (spec.externalEndpoint === '' && member.endpoint !== '') return `[GEN-SAFE-CHECK-DISCLOSURE.1] ${slot.spec.name} knows ${spec.name}, which has no external endpoint, at ${member.endpoint}`;
      }
      sound.add(m);
    }
    return undefined;
  };
}

/** What a monitor sees: each step's sender state and effects. */
export type EffectWatcher = (state: PeerState, effects: readonly Effect[]) => void;

/** Wrap a reducer so that `watch` sees every step's resulting state and effects (a monitor, not a change). */
export function watchingEffects(reducer: PeerReducer<PeerState>, watch: EffectWatcher): PeerReducer<PeerState> {
  return {
    ...reducer,
    step(state, input) {
      const [next, effects] = reducer.step(state, input);
      watch(next, effects);
      return [next, effects];
    },
  };
}

type Sent = { payload?: { content?: { $case?: string; dataUpdate?: { msgType?: string }; stateResponse?: { payloads: readonly unknown[] } }; channel?: unknown }; secretEnvelope?: unknown };

/** The content case of a sent message, when it is an envelope. */
export function sentCase(message: unknown): string | undefined {
  return (message as Sent | undefined)?.payload?.content?.$case;
}

/**
 * [GEN-SAFE-CHECK-ISOLATION.1] [STX-SAFE-SERVED-WITHIN-REQUEST.1] [STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1]
 * Blocks pushed or pulled go only to peers of the sender's org; a state response carries at most
 * batchSize + 1 blocks and goes only to a peer of an org of the channel (the sender's config).
 * `orgOf` maps a PKI-ID to its org; problems are appended to `problems`.
 */
export function blockRoutingWatcher(orgOf: (pkiId: string) => string | undefined, problems: string[]): EffectWatcher {
  return (state, effects) => {
    for (const e of effects) {
      if (e.kind !== 'send') continue;
      const sent = e.message as Sent;
      const c = sent?.payload?.content;
      if (c === undefined) continue;
      const carriesBlocks = c.$case === 'dataMsg' || (c.$case === 'dataUpdate' && c.dataUpdate?.msgType === 'BLOCK_MSG');
      if (carriesBlocks) {
        for (const to of e.to) {
          const org = orgOf(to.pkiId);
          if (org !== state.self.org) problems.push(`[GEN-SAFE-CHECK-ISOLATION.1] ${state.self.pkiId} sent blocks (${c.$case}) to ${to.pkiId} of ${org ?? 'no known org'}`);
        }
      }
      if (c.$case === 'stateResponse') {
        const blocks = c.stateResponse?.payloads.length ?? 0;
        if (blocks > state.config.state.batchSize + 1) problems.push(`[STX-SAFE-SERVED-WITHIN-REQUEST.1] ${state.self.pkiId} served ${blocks} blocks`);
        const orgs = Object.values(state.channels).flatMap((ch) => ch.orgs as readonly string[]);
        for (const to of e.to) {
          const org = orgOf(to.pkiId);
          if (org === undefined || !orgs.includes(org)) problems.push(`[STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1] ${state.self.pkiId} served blocks to ${to.pkiId} of ${org ?? 'no known org'}`);
        }
      }
    }
  };
}

/**
 * [GEN-SAFE-CHECK-DISCLOSURE.1] [MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] No secret envelope (an
 * internal endpoint) is sent to a peer of another org, alone or inside a membership response.
 */
export function secretWatcher(orgOf: (pkiId: string) => string | undefined, problems: string[]): EffectWatcher {
  return (state, effects) => {
    for (const e of effects) {
      if (e.kind !== 'send') continue;
      const foreign = e.to.filter((to) => orgOf(to.pkiId) !== state.self.org);
      if (foreign.length === 0 || !holdsSecret(e.message, 5)) continue;
      problems.push(`[GEN-SAFE-CHECK-DISCLOSURE.1] ${state.self.pkiId} sent an internal endpoint (${sentCase(e.message) ?? 'message'}) to ${foreign.map((t) => t.pkiId).join(', ')}`);
    }
  };
}

function holdsSecret(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return false;
  if (Array.isArray(value)) return depth > 0 && value.some((v) => holdsSecret(v, depth - 1));
  const record = value as Record<string, unknown>;
  if (record['secretEnvelope'] !== undefined) return true;
  if (depth === 0) return false;
  return Object.values(record).some((v) => holdsSecret(v, depth - 1));
}

/** A safety check that reports the first problem a monitor recorded. */
export function monitorProblems<S = PeerState>(problems: readonly string[]): SafetyCheck<S> {
  return () => problems[0];
}
