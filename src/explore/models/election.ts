/**
 * Configuration (a) of spec/explore.md: peers of one org running the election of one channel, all
 * dynamic, each starting with the others in its view (as test/election/network.ts starts them).
 * Every gossipLeadership output goes to every other peer; the receiver sees only the sender and
 * the kind (proposal or declaration), which is all LEADERSHIP_RECEIVED carries, so the message key
 * leaves the seqNum out. Optional Yield commands are items in flight from the host: delivering one
 * is the command, never delivering it is a run without it.
 *
 * Checked on every step: the election's own invariants (src/election/invariants.ts) and
 * [EXP-SAFE-ELECTION-LEADERSHIP.1], which says when a leader may and must stop leading.
 * Timeless: the election reads no clock (its inputs carry no time). No symmetry: the protocol
 * compares PKI-IDs, so no two peers play the same role.
 */
import { canonicalEncode, comparePkiIds, pkiId, type PkiId } from '../../core';
import {
  electionReducer,
  electionViolations,
  isYielding,
  loopPhase,
  type ElectionEvent,
  type ElectionOutput,
  type ElectionParams,
  type ElectionStart,
  type ElectionState,
} from '../../election';
import type { Emit, ExploreModel, PeerStep } from '../model';

export type ElectionMessage = { readonly kind: 'leadership'; readonly isDeclaration: boolean } | { readonly kind: 'yield' };

/** The part of the election reducer the model drives (a mutant in a test has the same shape). */
export interface ElectionReducerLike {
  init(input: ElectionStart): readonly [ElectionState, readonly ElectionOutput[]];
  step(state: ElectionState, event: ElectionEvent): readonly [ElectionState, readonly ElectionOutput[]];
}

export interface ElectionModelOptions {
  readonly peers?: number;
  readonly params?: ElectionParams;
  /** Peers (by index) that may each receive one Yield command, at any moment. */
  readonly yielders?: readonly number[];
  readonly reducer?: ElectionReducerLike;
}

/** Fabric election_test.go's timing (test/election/driver.ts), small enough for short paths. */
export const EXPLORE_ELECTION_PARAMS: ElectionParams = {
  startupGracePeriodMs: 500,
  membershipSampleIntervalMs: 100,
  leaderAliveThresholdMs: 500,
  leaderElectionDurationMs: 500,
};

/**
 * [EXP-SAFE-ELECTION-LEADERSHIP.1] A leader stops leading on a declaration from a smaller PKI-ID
 * in its view ([ELE-FUNC-STEP-DOWN.1]), and otherwise only on Yield or Stop: a declaration from a
 * larger id never demotes it, which is what keeps the smallest leader ([ELE-LIVE-LEADER-STAYS.1]).
 */
export function leadershipViolation(before: ElectionState, event: ElectionEvent, after: ElectionState): string | undefined {
  if (!before.context.isLeader || before.status === 'done') return undefined;
  const fromView = event.type === 'LEADERSHIP_RECEIVED' && before.context.view.includes(event.from);
  const smallerDeclaration = fromView && event.type === 'LEADERSHIP_RECEIVED' && event.isDeclaration && comparePkiIds(event.from, before.context.selfId) < 0;
  if (smallerDeclaration && after.context.isLeader) return `still leading after a declaration from smaller ${String((event as { from: PkiId }).from)}`;
  if (!after.context.isLeader && !smallerDeclaration && event.type !== 'YIELD' && event.type !== 'STOP') return `stopped leading on ${event.type}${event.type === 'LEADERSHIP_RECEIVED' ? ` from ${event.from}` : ''}`;
  return undefined;
}

export function electionModel(options: ElectionModelOptions = {}): ExploreModel<ElectionState, ElectionMessage, ElectionEvent> {
  const n = options.peers ?? 3;
  const params = options.params ?? EXPLORE_ELECTION_PARAMS;
  const reducer = options.reducer ?? electionReducer;
  const names = Array.from({ length: n }, (_, i) => `p${i + 1}`);
  const ids = names.map(pkiId);

  const toStep = (self: number, state: ElectionState, outputs: readonly ElectionOutput[], violations: string[]): PeerStep<ElectionState, ElectionMessage, ElectionEvent> => {
    const emits: Emit<ElectionMessage, ElectionEvent>[] = [];
    for (const o of outputs) {
      if (o.kind === 'setTimer') emits.push({ kind: 'setTimer', timerId: o.timerId, delayMs: o.delayMs, event: o.event });
      else if (o.kind === 'cancelTimer') emits.push({ kind: 'cancelTimer', timerId: o.timerId });
      else if (o.kind === 'gossipLeadership') {
        for (let to = 0; to < n; to++) if (to !== self) emits.push({ kind: 'send', to, message: { kind: 'leadership', isDeclaration: o.isDeclaration } });
      }
    }
    return { state, emits, violations };
  };
  const step = (self: number, before: ElectionState, event: ElectionEvent): PeerStep<ElectionState, ElectionMessage, ElectionEvent> => {
    const [after, outputs] = reducer.step(before, event);
    const violations = electionViolations({ before, event, outputs, after });
    const leadership = leadershipViolation(before, event, after);
    if (leadership !== undefined) violations.push(`EXP-SAFE-ELECTION-LEADERSHIP.1: ${leadership}`);
    return toStep(self, after, outputs, violations);
  };

  return {
    name: `election-${n}`,
    description: `${n} dynamic peers of one org electing a leader${(options.yielders ?? []).length > 0 ? `, Yield possible at ${(options.yielders ?? []).map((i) => names[i]).join(',')}` : ''}`,
    peerNames: names,
    timeless: true,
    init() {
      return ids.map((selfId, i) => {
        const [state, outputs] = reducer.init({ selfId, params, mode: 'dynamic', peers: ids.filter((_, j) => j !== i) });
        const s = toStep(i, state, outputs, []);
        // A Yield command waits in flight, addressed to the peer by the host (from = itself).
        const yields: Emit<ElectionMessage, ElectionEvent>[] = (options.yielders ?? []).includes(i) ? [{ kind: 'send', to: i, message: { kind: 'yield' } }] : [];
        return { ...s, emits: [...s.emits, ...yields] };
      });
    },
    deliver(peer, state, from, message) {
      const event: ElectionEvent = message.kind === 'yield' ? { type: 'YIELD' } : { type: 'LEADERSHIP_RECEIVED', from: ids[from] as PkiId, isDeclaration: message.isDeclaration };
      return step(peer, state, event);
    },
    fire(peer, state, event) {
      return step(peer, state, event);
    },
    stateKey(s) {
      // params never change after init: left out. `nodes` (compiled interpreter) is part of the state.
      const { params: _params, ...context } = s.context;
      return canonicalEncode({ v: s.value, c: context, s: s.status, n: (s as { nodes?: unknown }).nodes });
    },
    messageKey: (m) => (m.kind === 'yield' ? 'Y' : m.isDeclaration ? 'D' : 'P'),
    describeMessage: (m) => (m.kind === 'yield' ? 'YIELD' : m.isDeclaration ? 'declaration' : 'proposal'),
    describeState(s) {
      const c = s.context;
      const flags = [c.isLeader ? 'LEADER' : 'follower', c.leaderExists ? 'leaderExists' : '', isYielding(s) ? 'yielding' : '', c.smallestProposer !== undefined ? `smallestProposer=${c.smallestProposer}` : '']
        .filter((x) => x !== '');
      return `${loopPhase(s)} ${flags.join(' ')}`;
    },
  };
}
