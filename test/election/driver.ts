/** A one-instance election driver for unit tests: TimerDriver plus invariant checks after every step. */
import { pkiId } from '../../src/core';
import {
  electionReducer,
  electionViolations,
  type ElectionEvent,
  type ElectionMode,
  type ElectionOutput,
  type ElectionParams,
  type ElectionState,
} from '../../src/election';
import { TimerDriver } from '../helpers/timer-driver';

/** Fabric election_test.go's configuration. */
export const FABRIC_TEST_PARAMS: ElectionParams = {
  startupGracePeriodMs: 500,
  membershipSampleIntervalMs: 100,
  leaderAliveThresholdMs: 500,
  leaderElectionDurationMs: 500,
};

export type ElectionDriver = TimerDriver<ElectionState, ElectionEvent, ElectionOutput>;

export function checkedStep(state: ElectionState, event: ElectionEvent): readonly [ElectionState, readonly ElectionOutput[]] {
  const [after, outputs] = electionReducer.step(state, event);
  const violations = electionViolations({ before: state, event, outputs, after });
  if (violations.length > 0) throw new Error(`on ${event.type}: ${violations.join('; ')}`);
  return [after, outputs];
}

export function startElection(opts: { self?: string; peers?: string[]; mode?: ElectionMode; params?: ElectionParams } = {}): ElectionDriver {
  const [s0, out] = electionReducer.init({
    selfId: pkiId(opts.self ?? 'p1'),
    params: opts.params ?? FABRIC_TEST_PARAMS,
    mode: opts.mode ?? 'dynamic',
    peers: (opts.peers ?? []).map(pkiId),
  });
  return new TimerDriver(checkedStep, s0, out);
}

export const proposal = (from: string): ElectionEvent => ({ type: 'LEADERSHIP_RECEIVED', from: pkiId(from), isDeclaration: false });
export const declaration = (from: string): ElectionEvent => ({ type: 'LEADERSHIP_RECEIVED', from: pkiId(from), isDeclaration: true });
export const viewOf = (...peers: string[]): ElectionEvent => ({ type: 'VIEW_UPDATED', peers: peers.map(pkiId) });

/** Everything but timers, as compact strings with their times: 'propose#1@100', 'callback:true@600', 'metric:1@600'. */
export function trace(d: ElectionDriver, sinceMs = 0): string[] {
  return d.outputs
    .filter((o) => o.atMs >= sinceMs)
    .map(({ atMs, output: o }) => {
      if (o.kind === 'gossipLeadership') return `${o.isDeclaration ? 'declare' : 'propose'}#${o.seqNum}@${atMs}`;
      if (o.kind === 'leadershipChanged') return `callback:${o.isLeader}@${atMs}`;
      if (o.kind === 'metric') return `metric:${o.value}@${atMs}`;
      return `${o.kind}@${atMs}`;
    });
}
