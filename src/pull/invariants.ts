/**
 * Local safety predicates, keyed by requirement id; each returns a violation message or undefined.
 * State invariants look at one state; step invariants at one step (before, input, outputs, after).
 */
import { violations } from '../core/invariants';
import { isRemembered, nonceSentTo } from './context';
import type { PullCommand, PullEvent } from './inputs';
import type { PullOutput, PullState } from './step';

type StateCheck = (s: PullState) => string | undefined;

const initiatorState = (s: PullState): string => {
  const v = s.value as { running?: { initiator?: { rounds?: string } } } | string;
  return typeof v === 'string' ? v : (v.running?.initiator?.rounds ?? 'none');
};

export const pullStateInvariants: Readonly<Record<string, StateCheck>> = {
  /** [PUL-SAFE-UNIQUE-NONCES.1] the round's nonces are pairwise distinct, one per peer. */
  'PUL-SAFE-UNIQUE-NONCES.1': (s) => {
    const { outgoing } = s.context.round;
    if (new Set(outgoing.map((h) => h.nonce)).size !== outgoing.length) return 'two hellos of one round share a nonce';
    if (new Set(outgoing.map((h) => h.peer)).size !== outgoing.length) return 'two hellos of one round to the same peer';
    return undefined;
  },
};

export interface PullStepRecord {
  readonly before: PullState;
  readonly event: PullCommand | PullEvent;
  readonly outputs: readonly PullOutput[];
  readonly after: PullState;
}
type StepCheck = (r: PullStepRecord) => string | undefined;

export const pullStepInvariants: Readonly<Record<string, StepCheck>> = {
  /** [PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1] a request goes with its nonce to a peer whose round digest listed every requested id. */
  'PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1': (r) => {
    for (const o of r.outputs) {
      if (o.kind !== 'sendRequest') continue;
      if (nonceSentTo(r.before.context.round, o.to) !== o.nonce) return `request to ${o.to} with a nonce not sent to it this round`;
      const owners = r.before.context.round.owners;
      const missing = o.ids.find((id) => !owners.some((w) => w.id === id && w.owners.includes(o.to)));
      if (missing !== undefined) return `requested ${missing} from ${o.to}, which did not list it in a digest`;
    }
    return undefined;
  },
  /** [PUL-SAFE-ONE-REQUEST-PER-OWNER.1] requests leave only when digests close, at most one per peer, each id from one peer. */
  'PUL-SAFE-ONE-REQUEST-PER-OWNER.1': (r) => {
    const requests = r.outputs.filter((o) => o.kind === 'sendRequest');
    if (requests.length === 0) return undefined;
    if (initiatorState(r.before) !== 'collectingDigests' || initiatorState(r.after) !== 'awaitingResponses') return 'requests sent outside the close of digests';
    if (new Set(requests.map((o) => o.to)).size !== requests.length) return 'two requests to one peer in a round';
    const ids = requests.flatMap((o) => o.ids);
    return new Set(ids).size === ids.length ? undefined : 'one id requested twice in a round';
  },
  /** [PUL-SAFE-ACCEPT-IN-WINDOW.1] a digest counts only while collecting, an update only while awaiting, each with its sender's round nonce. */
  'PUL-SAFE-ACCEPT-IN-WINDOW.1': (r) => {
    const e = r.event;
    if (e.type === 'DIGEST_RECEIVED' && r.after.context.round.owners !== r.before.context.round.owners) {
      if (initiatorState(r.before) !== 'collectingDigests') return `digest from ${e.from} recorded outside the digest window`;
      if (nonceSentTo(r.before.context.round, e.from) !== e.nonce) return `digest from ${e.from} recorded with a foreign nonce`;
    }
    if (e.type === 'UPDATE_RECEIVED' && r.after.context.items !== r.before.context.items) {
      if (initiatorState(r.before) !== 'awaitingResponses') return `update from ${e.from} accepted outside the response window`;
      if (nonceSentTo(r.before.context.round, e.from) !== e.nonce) return `update from ${e.from} accepted with a foreign nonce`;
    }
    return undefined;
  },
  /** [PUL-SAFE-UPDATE-ONLY-REMEMBERED.1] an update answers a remembered, unexpired hello and lists only held ids. */
  'PUL-SAFE-UPDATE-ONLY-REMEMBERED.1': (r) => {
    for (const o of r.outputs) {
      if (o.kind !== 'sendUpdate') continue;
      const e = r.event;
      if (e.type !== 'REQUEST_RECEIVED') return 'an update sent not in answer to a request';
      if (!isRemembered(r.before.context.incoming, o.to, o.nonce, e.nowMs)) return `update to ${o.to} for a nonce not remembered`;
      const notHeld = o.ids.find((id) => !r.before.context.items.includes(id));
      if (notHeld !== undefined) return `update lists ${notHeld}, which is not held`;
      if (o.ids.length === 0) return 'an empty update';
    }
    return undefined;
  },
};

/** Every violated invariant of one step, as `ID: message`. */
export function pullViolations(r: PullStepRecord): string[] {
  return [...violations(pullStateInvariants, r.after), ...violations(pullStepInvariants, r)];
}
