/**
 * Local safety predicates, keyed by requirement id; each returns a violation message or undefined.
 * State invariants look at one state; step invariants look at one step (state before, input,
 * outputs, state after), which is where "the callback alternates" and "Stop is silent" live.
 */
import { ELECTION_TIMER_EVENTS, type ElectionEvent } from './inputs';
import { isStopped, isYielding, loopPhase, type ElectionOutput, type ElectionState } from './step';

type StateCheck = (s: ElectionState) => string | undefined;

export const electionStateInvariants: Readonly<Record<string, StateCheck>> = {
  /** [ELE-SAFE-LEADER-PHASE.1] a dynamic leader is declaring, knows a leader exists and is not yielding. */
  'ELE-SAFE-LEADER-PHASE.1': (s) => {
    if (s.context.mode !== 'dynamic' || isStopped(s) || !s.context.isLeader) return undefined;
    const phase = loopPhase(s);
    if (phase !== 'declaring') return `leader in phase ${phase}`;
    if (!s.context.leaderExists) return 'leader with leaderExists false';
    return isYielding(s) ? 'leader while yielding' : undefined;
  },
  /** [ELE-SAFE-STATIC-FOLLOWER.1] */
  'ELE-SAFE-STATIC-FOLLOWER.1': (s) => (s.context.mode === 'staticFollower' && s.context.isLeader ? 'static follower leads' : undefined),
  /** [ELE-FUNC-STATIC-LEADER.1] */
  'ELE-FUNC-STATIC-LEADER.1': (s) => (s.context.mode === 'staticLeader' && !s.context.isLeader ? 'static leader does not lead' : undefined),
};

export interface ElectionStepRecord {
  readonly before: ElectionState;
  readonly event: ElectionEvent;
  readonly outputs: readonly ElectionOutput[];
  readonly after: ElectionState;
}
type StepCheck = (r: ElectionStepRecord) => string | undefined;

const callbacks = (outs: readonly ElectionOutput[]): boolean[] => outs.flatMap((o) => (o.kind === 'leadershipChanged' ? [o.isLeader] : []));
const sameContext = (r: ElectionStepRecord): boolean =>
  JSON.stringify(r.before.context) === JSON.stringify(r.after.context) && JSON.stringify(r.before.value) === JSON.stringify(r.after.value);

export const electionStepInvariants: Readonly<Record<string, StepCheck>> = {
  /** [ELE-SAFE-CALLBACK-CONSISTENT.1] callbacks alternate, each reports the new flag, none without a change. */
  'ELE-SAFE-CALLBACK-CONSISTENT.1': (r) => {
    let flag = r.before.context.isLeader;
    for (const value of callbacks(r.outputs)) {
      if (value === flag) return `callback(${value}) while isLeader was already ${flag}`;
      flag = value;
    }
    return flag === r.after.context.isLeader ? undefined : `isLeader became ${r.after.context.isLeader} but the callbacks say ${flag}`;
  },
  /** [ELE-SAFE-YIELD.1] yielding ends only by its timer or a declaration seen; a void Yield changes nothing. */
  'ELE-SAFE-YIELD.1': (r) => {
    if (isYielding(r.before) && !isYielding(r.after) && !isStopped(r.after)) {
      const byTimer = r.event.type === ELECTION_TIMER_EVENTS.yieldDuration;
      const byDeclaration = r.event.type === 'LEADERSHIP_RECEIVED' && r.event.isDeclaration && r.before.context.view.includes(r.event.from);
      if (!byTimer && !byDeclaration) return `yield ended by ${r.event.type}`;
    }
    const effective = r.before.context.isLeader && !isYielding(r.before) && r.before.context.mode === 'dynamic';
    if (r.event.type === 'YIELD' && !effective && (r.outputs.length > 0 || !sameContext(r))) return 'a void Yield had an effect';
    return undefined;
  },
  /** [ELE-FUNC-IGNORE-OUTSIDE-VIEW.1] a message from outside the view changes nothing. */
  'ELE-FUNC-IGNORE-OUTSIDE-VIEW.1': (r) =>
    r.event.type === 'LEADERSHIP_RECEIVED' && !r.before.context.view.includes(r.event.from) && (r.outputs.length > 0 || !sameContext(r))
      ? `message from ${r.event.from} outside the view had an effect`
      : undefined,
  /** [ELE-FUNC-STOP.1] Stop only cancels timers; a stopped election never outputs again. */
  'ELE-FUNC-STOP.1': (r) => {
    if (isStopped(r.before)) return r.outputs.length > 0 || !isStopped(r.after) ? 'a stopped election acted' : undefined;
    if (r.event.type === 'STOP' && r.outputs.some((o) => o.kind !== 'cancelTimer')) return 'Stop produced more than timer cancels';
    return undefined;
  },
  /** [ELE-MSG-GOSSIP-LEADERSHIP.1] seqNums count up by one from 1; static modes never gossip. */
  'ELE-MSG-GOSSIP-LEADERSHIP.1': (r) => {
    let seq = r.before.context.seqNum;
    for (const o of r.outputs) {
      if (o.kind !== 'gossipLeadership') continue;
      if (r.before.context.mode !== 'dynamic') return `${r.before.context.mode} gossiped`;
      if (o.seqNum !== seq + 1) return `seqNum ${o.seqNum} after ${seq}`;
      seq = o.seqNum;
    }
    return seq === r.after.context.seqNum ? undefined : `context seqNum ${r.after.context.seqNum}, last sent ${seq}`;
  },
};

/** Every violation of one step (state invariants on the state after, step invariants on the step). */
export function electionViolations(r: ElectionStepRecord): string[] {
  const out: string[] = [];
  for (const [id, check] of Object.entries(electionStateInvariants)) {
    const v = check(r.after);
    if (v) out.push(`${id}: ${v}`);
  }
  for (const [id, check] of Object.entries(electionStepInvariants)) {
    const v = check(r);
    if (v) out.push(`${id}: ${v}`);
  }
  return out;
}
