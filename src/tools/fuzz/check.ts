/**
 * [GEN-FUNC-BAD-INPUT.1] checked on one step: the step returned [state, effects]; every effect is
 * well formed; rejection counters only grow; and when one grew, its reason belongs to a known
 * family, the state is the old one except `rejected`, and the effects are only log and metric.
 * Accepted inputs must leave the subsystems' invariants holding ([PEER-SAFE-SUBSYSTEM-INVARIANTS.1]).
 */
import { isRight } from 'fp-ts/Either';
import { peerStateViolation, type PeerState } from '../../peer';
import { deepEqual, firstDifference } from './deep-equal';
import { WellFormedEffect } from './effect-shape';

/** The families of rejection reasons the fuzzer has seen the peer use; a new family must be added here on purpose. */
export const REASON_FAMILIES = ['message', 'alive', 'identity', 'timer', 'command', 'orderer', 'block', 'pull', 'leadership', 'join', 'ledger', 'stateInfo', 'stateTransfer', 'comm'] as const;
export type ReasonFamily = (typeof REASON_FAMILIES)[number];

export function reasonFamily(reason: string): ReasonFamily | undefined {
  const head = reason.split('.')[0];
  return (REASON_FAMILIES as readonly string[]).includes(head ?? '') && reason.length > (head ?? '').length + 1 ? (head as ReasonFamily) : undefined;
}

export type StepVerdict =
  | { readonly ok: true; readonly state: PeerState; readonly effects: readonly unknown[]; readonly rejected: readonly string[] }
  | { readonly ok: false; readonly problem: string };

const withoutCounters = (s: PeerState) => ({ ...s, rejected: undefined });

/** Reasons whose counter grew (a reason may in principle grow by more than one). */
function grownReasons(before: PeerState, after: PeerState): { grown: string[]; shrunk: string[] } {
  const grown: string[] = [];
  const shrunk: string[] = [];
  for (const [reason, n] of Object.entries(after.rejected)) {
    const was = before.rejected[reason] ?? 0;
    if (n > was) grown.push(reason);
    else if (n < was) shrunk.push(reason);
  }
  for (const reason of Object.keys(before.rejected)) if (!(reason in after.rejected)) shrunk.push(reason);
  return { grown, shrunk };
}

export function checkStep(before: PeerState, result: unknown): StepVerdict {
  if (!Array.isArray(result) || result.length !== 2 || !Array.isArray(result[1])) return { ok: false, problem: 'step returned something other than [state, effects]' };
  const after = result[0] as PeerState;
  const effects = result[1] as readonly unknown[];
  for (const [i, e] of effects.entries()) {
    if (!isRight(WellFormedEffect.decode(e))) return { ok: false, problem: `effect #${i} is malformed: ${safeText(e)}` };
  }
  if (after === null || typeof after !== 'object' || typeof after.rejected !== 'object' || after.rejected === null) return { ok: false, problem: 'the new state has no rejection counters' };
  const { grown, shrunk } = grownReasons(before, after);
  if (shrunk.length > 0) return { ok: false, problem: `rejection counters went down: ${shrunk.join(', ')}` };
  if (grown.length === 0) {
    const violation = peerStateViolation(after);
    return violation === undefined ? { ok: true, state: after, effects, rejected: [] } : { ok: false, problem: `an accepted input broke an invariant: ${violation}` };
  }
  const unknown = grown.filter((r) => reasonFamily(r) === undefined);
  if (unknown.length > 0) return { ok: false, problem: `rejection reason of no known family: ${unknown.join(', ')}` };
  if (!deepEqual(withoutCounters(after), withoutCounters(before))) {
    return { ok: false, problem: `rejected (${grown.join(', ')}) but the state changed at ${firstDifference(withoutCounters(before), withoutCounters(after))}` };
  }
  const other = effects.filter((e) => (e as { kind: string }).kind !== 'log' && (e as { kind: string }).kind !== 'metric');
  if (other.length > 0) return { ok: false, problem: `rejected (${grown.join(', ')}) but effects other than log/metric: ${other.map((e) => (e as { kind: string }).kind).join(', ')}` };
  return { ok: true, state: after, effects, rejected: grown };
}

export function safeText(v: unknown, max = 600): string {
  let text: string;
  try {
    text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
  } catch (err) {
    text = `<unprintable: ${err instanceof Error ? err.message : String(err)}>`;
  }
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
