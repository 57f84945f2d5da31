/**
 * The explorer on configuration (a), three dynamic peers of one org electing: the real election
 * passes; a planted bug (a wrong PKI-ID comparison in the step-down guard, test/explore/mutants.ts)
 * is found by exhaustive search with a shortest trace.
 */
import { electionReducer } from '../../src/election';
import { electionModel, explore, initialConfiguration, successors, type ElectionReducerLike } from '../../src/explore';
import { flippedStepDownElection } from './mutants';

// Depth 9 holds ~20k configurations of the real election: a few seconds.
const DEPTH = 9;
const BOUNDS = { depth: DEPTH, maxStates: 100_000, losses: 1 } as const;

describe('election-3', () => {
  it('[EXP-SAFE-ELECTION-LEADERSHIP.1] [EXP-FUNC-SHORTEST-TRACE.1] finds the planted wrong PKI-ID comparison, with a shortest trace', () => {
    const report = explore(electionModel({ reducer: flippedStepDownElection }), BOUNDS);
    expect(report.violations).toHaveLength(1);
    const v = report.violations[0];
    expect(v?.depth).toBe(6);
    expect(v?.steps.map((s) => s.text.split('  =>')[0])).toEqual([
      'timer xstate.after.membershipSampleInterval.election.dynamic.loop.startup.sampling fires at p1',
      'timer xstate.after.membershipSampleInterval.election.dynamic.loop.startup.sampling fires at p2',
      'timer xstate.after.membershipSampleInterval.election.dynamic.loop.startup.sampling fires at p3',
      'timer xstate.after.leaderElectionDuration.election.dynamic.loop.electing fires at p1',
      'timer xstate.after.leaderElectionDuration.election.dynamic.loop.electing fires at p2',
      'deliver declaration p2 -> p1',
    ]);
    // Two leaders at once (p2 never got p1's proposal), then the larger one's declaration demotes p1.
    expect(v?.problems).toEqual(['p1: EXP-SAFE-ELECTION-LEADERSHIP.1: stopped leading on LEADERSHIP_RECEIVED from p2']);
    expect(v?.text).toContain('VIOLATION p1: EXP-SAFE-ELECTION-LEADERSHIP.1');
  });

  it('[EXP-FUNC-SHORTEST-TRACE.1] nothing shorter violates: the mutant passes depth 5', () => {
    expect(explore(electionModel({ reducer: flippedStepDownElection }), { ...BOUNDS, depth: 5 }).violations).toEqual([]);
  });

  it('[EXP-SAFE-ELECTION-LEADERSHIP.1] the real election passes the same depth', () => {
    const report = explore(electionModel(), BOUNDS);
    expect(report.violations).toEqual([]);
    expect(report.depthReached).toBe(DEPTH);
    expect(report.truncated).toBe(false);
    expect(report.states).toBeGreaterThan(10_000);
  });

  it('[EXP-FUNC-INVARIANTS.1] the election\'s own invariants run on every step: a winner that never reports the callback is caught', () => {
    const silentCallback: ElectionReducerLike = {
      init: (input) => electionReducer.init(input),
      step: (state, event) => {
        const [after, outputs] = electionReducer.step(state, event);
        return [after, outputs.filter((o) => o.kind !== 'leadershipChanged')];
      },
    };
    const report = explore(electionModel({ reducer: silentCallback }), BOUNDS);
    expect(report.violations[0]?.problems[0]).toMatch(/^p1: ELE-SAFE-CALLBACK-CONSISTENT\.1: /);
    expect(report.violations[0]?.depth).toBe(4);
  });

  it('[EXP-FUNC-TIMERS.1] earliest-first fires only the timers due first; any-order fires every armed timer', () => {
    const model = electionModel();
    const { config } = initialConfiguration(model, { losses: 0, duplicates: 0 });
    const fired = (mode: 'earliest' | 'any') => successors(model, config, mode).map((s) => (s.transition.kind === 'fire' ? `${s.transition.peer}:${s.transition.timerId.split('.')[2]}@${s.transition.atMs}` : s.transition.kind));
    expect(fired('earliest')).toEqual(['0:membershipSampleInterval@100', '1:membershipSampleInterval@100', '2:membershipSampleInterval@100']);
    expect(fired('any')).toHaveLength(6);
    expect(fired('any')).toContain('2:startupGracePeriod@500');
  });

  it('[EXP-FUNC-TIMERS.1] with timers in any order the planted bug needs fewer steps', () => {
    const report = explore(electionModel({ reducer: flippedStepDownElection }), { ...BOUNDS, timers: 'any' });
    expect(report.violations[0]?.depth).toBe(5);
  });

  it('[EXP-FUNC-CONFIGS.1] a Yield command in flight: the real election passes with a yielding leader', () => {
    const report = explore(electionModel({ yielders: [0] }), { depth: 8, maxStates: 100_000, losses: 0 });
    expect(report.violations).toEqual([]);
    expect(report.states).toBeGreaterThan(explore(electionModel(), { depth: 8, maxStates: 100_000, losses: 0 }).states);
  });
});
