/**
 * [GEN-SAFE-CHECK-NOTHING-FORGED.1] Nothing forged is accepted: with a Byzantine insider present,
 * everything an honest peer keeps in another's name verifies for that name. Members, StateInfo
 * and committed blocks are read from the honest peers' states after every transition (memoised
 * per state object: a step re-checks only the peers it changed); a leadership message leaves only
 * a PeerTime in the leadership store, so accepted ones are watched as they are taken.
 */
import type { HostInput, PeerReducer } from '../core';
import { cacheInOrder } from '../channel';
import { verifyBlock } from '../dissemination';
import { pvalues } from '../membership';
import { verifyEnvelope, type Block, type Envelope } from '../messages';
import type { PeerState } from '../peer';
import { allPeerSlots, isByzantineState, type LedgerEntry, type PeerSlot, type PVec, type SafetyCheck, type WithByzantine, vecToArray } from '../sim';
import type { SignatureFacts } from './world';

type B = WithByzantine<PeerState>;

/** Why `env`, kept in `pkiId`'s name, is forged (undefined: it verifies for that peer's enrolled identity). */
function forgedInNameOf(facts: SignatureFacts, pkiId: string, env: Pick<Envelope, 'payload' | 'signature' | 'secretEnvelope'>): string | undefined {
  const identity = facts.identities.get(pkiId);
  if (identity === undefined) return `${pkiId} is not an enrolled peer`;
  return verifyEnvelope(facts.suite, identity, env) ? undefined : `its signature does not verify for ${pkiId}`;
}

/** A member whose alive message, or a StateInfo, that does not verify for its PKI-ID. */
function forgedInState(facts: SignatureFacts, state: PeerState): string | undefined {
  for (const member of pvalues(state.membership.members)) {
    const env = member.context.envelope;
    if (env === undefined) continue;
    const why = forgedInNameOf(facts, member.context.pkiId, env);
    if (why !== undefined) return `holds member ${member.context.pkiId} whose alive message is forged: ${why}`;
  }
  for (const [channel, ch] of Object.entries(state.channels)) {
    for (const [pkiId, cached] of cacheInOrder(ch.gossipChannel.context.cache)) {
      const why = forgedInNameOf(facts, pkiId, cached.envelope);
      if (why !== undefined) return `holds a StateInfo of ${pkiId} in ${channel} that is forged: ${why}`;
    }
  }
  return undefined;
}

/** A committed block that the ordering service did not sign (VerifyBlock with the orderer's identity). */
function forgedInLedger(facts: SignatureFacts, channel: string, ledger: PVec<LedgerEntry>): string | undefined {
  for (const entry of vecToArray(ledger)) {
    const verdict = verifyBlock(facts.suite, [facts.ordererIdentity], channel, entry.seq, entry.block as Block);
    if (!verdict.ok) return `committed block ${entry.seq} of ${channel} that the orderer did not sign (${verdict.reason})`;
  }
  return undefined;
}

const isHonest = (facts: SignatureFacts, slot: PeerSlot<B>): boolean => slot.alive && !isByzantineState(slot.state) && !facts.byzantine.has(slot.spec.pkiId);

/**
 * [GEN-SAFE-CHECK-NOTHING-FORGED.1] No live honest peer holds a member whose alive message, or a
 * StateInfo, that does not verify for the enrolled identity of the PKI-ID it names (an unenrolled
 * PKI-ID is forged by definition), nor a committed block without the orderer's signature.
 */
export function nothingForgedHeld(facts: SignatureFacts): SafetyCheck<B> {
  const stateVerdicts = new WeakMap<object, string | null>();
  const ledgerVerdicts = new WeakMap<object, string | null>();
  const memo = <K extends object>(cache: WeakMap<object, string | null>, key: K, f: () => string | undefined): string | undefined => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const v = f();
    cache.set(key, v ?? null);
    return v;
  };
  return (w) => {
    for (const slot of allPeerSlots(w)) {
      if (!isHonest(facts, slot)) continue;
      const state = slot.state as PeerState;
      const inState = memo(stateVerdicts, state, () => forgedInState(facts, state));
      if (inState !== undefined) return `[GEN-SAFE-CHECK-NOTHING-FORGED.1] ${slot.spec.name} ${inState}`;
      for (const [channel, ledger] of slot.ledgers) {
        const inLedger = memo(ledgerVerdicts, ledger, () => forgedInLedger(facts, channel, ledger));
        if (inLedger !== undefined) return `[GEN-SAFE-CHECK-NOTHING-FORGED.1] ${slot.spec.name} ${inLedger}`;
      }
    }
    return undefined;
  };
}

/** What a step monitor sees of an honest peer: the state before, the input, the state after. */
export type StepWatcher = (before: PeerState, input: HostInput, after: PeerState) => void;

/** Wrap a reducer so that `watch` sees every step (a monitor, not a change). */
export function watchingSteps(reducer: PeerReducer<PeerState>, watch: StepWatcher): PeerReducer<PeerState> {
  return {
    ...reducer,
    step(state, input) {
      const result = reducer.step(state, input);
      watch(state, input, result[0]);
      return result;
    },
  };
}

type LeadershipEnvelope = Envelope & { payload: { channel: string; content: { $case: 'leadershipMsg'; leadershipMsg: { pkiId: string } } } };

function asLeadership(payload: unknown): LeadershipEnvelope | undefined {
  const env = payload as Partial<LeadershipEnvelope> | null;
  return env?.payload?.content?.$case === 'leadershipMsg' && typeof env.payload.content.leadershipMsg?.pkiId === 'string' ? (env as LeadershipEnvelope) : undefined;
}

/**
 * [GEN-SAFE-CHECK-NOTHING-FORGED.1] A leadership message an honest peer took (its leadership store
 * has a new entry for the message's creator after the step) verifies for the creator's enrolled
 * identity. Steps of the Byzantine peers' inner honest peers are not watched; problems are appended.
 */
export function acceptedLeadershipWatcher(facts: SignatureFacts, problems: string[]): StepWatcher {
  return (before, input, after) => {
    if (input.kind !== 'receive' || facts.byzantine.has(after.self.pkiId)) return;
    const env = asLeadership(input.payload);
    if (env === undefined) return;
    const channel = env.payload.channel;
    const creator = env.payload.content.leadershipMsg.pkiId;
    const was = before.channels[channel]?.lastLeadership[creator];
    const now = after.channels[channel]?.lastLeadership[creator];
    if (now === undefined || now === was) return;
    const why = forgedInNameOf(facts, creator, env);
    if (why !== undefined) problems.push(`[GEN-SAFE-CHECK-NOTHING-FORGED.1] ${after.self.pkiId} took a leadership message of ${creator} in ${channel}: ${why}`);
  };
}
