/** Parameters, static modes, codecs, timer names, and the invariants themselves. */
import { isRight } from 'fp-ts/Either';
import { pkiId } from '../../src/core';
import {
  DEFAULT_ELECTION_PARAMS,
  ELECTION_TIMER_EVENTS,
  ElectionCommand,
  ElectionStart,
  ElectionTimerEvent,
  electionReducer,
  electionViolations,
  isLeader,
  type ElectionEvent,
  type ElectionOutput,
  type ElectionState,
} from '../../src/election';
import { checkedStep, declaration, FABRIC_TEST_PARAMS, proposal, startElection, trace, viewOf } from './driver';

describe('parameters', () => {
  it('[ELE-PARAM-DEFAULTS.1] defaults are Fabric core.yaml: grace 15s, sample 1s, alive threshold 10s, election 5s', () => {
    expect(DEFAULT_ELECTION_PARAMS).toEqual({
      startupGracePeriodMs: 15_000,
      membershipSampleIntervalMs: 1_000,
      leaderAliveThresholdMs: 10_000,
      leaderElectionDurationMs: 5_000,
    });
  });

  it('[ELE-PARAM-DERIVED-INTERVALS.1] every timer carries its Fabric name; declarations every T/2, yield for 6T', () => {
    const armed = new Map<string, number>();
    const recording = (s: ElectionState, e: ElectionEvent) => {
      const [n, outs] = checkedStep(s, e);
      for (const o of outs) if (o.kind === 'setTimer') armed.set(o.timerId, o.delayMs);
      return [n, outs] as const;
    };
    const [s0, init] = electionReducer.init({ selfId: pkiId('p0'), params: DEFAULT_ELECTION_PARAMS, mode: 'dynamic', peers: [pkiId('p1')] });
    for (const o of init) if (o.kind === 'setTimer') armed.set(o.timerId, o.delayMs);
    let s = s0;
    const fire = (name: keyof typeof ELECTION_TIMER_EVENTS) => ([s] = recording(s, { type: ELECTION_TIMER_EVENTS[name] }));
    fire('startupGracePeriod');
    fire('membershipSampleInterval'); // view stable: elect
    fire('leaderElectionDuration'); // win: declare
    [s] = recording(s, { type: 'YIELD' });
    fire('declarationInterval'); // yielding: follow
    expect(Object.fromEntries(armed)).toEqual({
      [ELECTION_TIMER_EVENTS.startupGracePeriod]: 15_000,
      [ELECTION_TIMER_EVENTS.membershipSampleInterval]: 1_000,
      [ELECTION_TIMER_EVENTS.leaderElectionDuration]: 5_000,
      [ELECTION_TIMER_EVENTS.declarationInterval]: 5_000,
      [ELECTION_TIMER_EVENTS.yieldDuration]: 60_000,
      [ELECTION_TIMER_EVENTS.leaderAliveThreshold]: 10_000,
    });
  });
});

describe('modes', () => {
  it('[ELE-FUNC-MODE.1] [ELE-FUNC-STATIC-LEADER.1] a static leader reports true once at init, arms no timer and ignores every input but Stop', () => {
    const d = startElection({ self: 'p5', peers: ['p0'], mode: 'staticLeader' });
    expect(trace(d)).toEqual(['callback:true@0']);
    expect(d.armedTimers()).toEqual([]);
    d.send(declaration('p0'));
    d.send(proposal('p0'));
    d.send({ type: 'YIELD' });
    d.send(viewOf('p0', 'p1'));
    d.advanceTo(100_000);
    d.send({ type: 'STOP' });
    expect(trace(d)).toEqual(['callback:true@0']);
    expect(isLeader(d.state)).toBe(true);
  });

  it('[ELE-FUNC-MODE.1] [ELE-FUNC-STATIC-FOLLOWER.1] [ELE-SAFE-STATIC-FOLLOWER.1] a static follower never leads and never outputs', () => {
    const d = startElection({ self: 'p0', mode: 'staticFollower' });
    d.send({ type: 'YIELD' });
    d.send(declaration('p1'));
    d.advanceTo(100_000);
    expect(d.outputs).toEqual([]);
    expect(d.armedTimers()).toEqual([]);
    expect(isLeader(d.state)).toBe(false);
  });

  it('[ELE-FUNC-MODE.1] a dynamic election starts in startup with the grace and sample timers armed', () => {
    const d = startElection({ self: 'p0' });
    expect(d.armedTimers().sort()).toEqual([ELECTION_TIMER_EVENTS.membershipSampleInterval, ELECTION_TIMER_EVENTS.startupGracePeriod].sort());
    expect(d.outputs).toEqual([]);
  });
});

describe('codecs', () => {
  it('[ELE-ASM-INPUTS.1] commands decode; an empty sender id or a missing flag is rejected', () => {
    expect(isRight(ElectionCommand.decode({ type: 'LEADERSHIP_RECEIVED', from: 'p1', isDeclaration: true }))).toBe(true);
    expect(isRight(ElectionCommand.decode({ type: 'VIEW_UPDATED', peers: ['p1', 'p2'] }))).toBe(true);
    expect(isRight(ElectionCommand.decode({ type: 'YIELD' }))).toBe(true);
    expect(isRight(ElectionCommand.decode({ type: 'LEADERSHIP_RECEIVED', from: '', isDeclaration: true }))).toBe(false);
    expect(isRight(ElectionCommand.decode({ type: 'LEADERSHIP_RECEIVED', from: 'p1' }))).toBe(false);
    expect(isRight(ElectionCommand.decode({ type: 'VIEW_UPDATED', peers: [''] }))).toBe(false);
  });

  it('[ELE-FUNC-MODE.1] [ELE-ASM-CONFIG-EXCLUSIVE.1] the start input decodes with or without an initial view; a mode other than the three (such as both orgLeader and election) is rejected', () => {
    const base = { selfId: 'p0', params: FABRIC_TEST_PARAMS };
    expect(isRight(ElectionStart.decode({ ...base, mode: 'dynamic' }))).toBe(true);
    expect(isRight(ElectionStart.decode({ ...base, mode: 'staticLeader', peers: ['p1'] }))).toBe(true);
    expect(isRight(ElectionStart.decode({ ...base, mode: 'both' }))).toBe(false);
    expect(isRight(ElectionStart.decode({ ...base, mode: 'dynamic', params: { ...FABRIC_TEST_PARAMS, leaderAliveThresholdMs: 0 } }))).toBe(false);
  });

  it('[ELE-PARAM-DERIVED-INTERVALS.1] the timer codec accepts exactly the six timer events', () => {
    for (const type of Object.values(ELECTION_TIMER_EVENTS)) expect(isRight(ElectionTimerEvent.decode({ type }))).toBe(true);
    expect(isRight(ElectionTimerEvent.decode({ type: 'xstate.after.other.election' }))).toBe(false);
  });
});

describe('invariants catch what they claim to', () => {
  // Built inside each test (not in the describe body): a driver that throws there would fail the
  // whole file at collection time instead of failing one test.
  const leaderAt600 = (): ElectionState => {
    const d = startElection({ self: 'p0' });
    d.advanceTo(600);
    return d.state;
  };
  const record = (leader: ElectionState, outputs: ElectionOutput[], event: ElectionEvent = viewOf()) => ({ before: leader, event, outputs, after: leader });

  it('[ELE-SAFE-CALLBACK-CONSISTENT.1] a repeated callback(true) is a violation', () => {
    expect(electionViolations(record(leaderAt600(), [{ kind: 'leadershipChanged', isLeader: true }]))).toEqual([
      'ELE-SAFE-CALLBACK-CONSISTENT.1: callback(true) while isLeader was already true',
    ]);
  });

  it('[ELE-MSG-GOSSIP-LEADERSHIP.1] a skipped seqNum is a violation', () => {
    const leader = leaderAt600();
    const v = electionViolations(record(leader, [{ kind: 'gossipLeadership', isDeclaration: true, seqNum: leader.context.seqNum + 2 }]));
    expect(v.some((m) => m.startsWith('ELE-MSG-GOSSIP-LEADERSHIP.1'))).toBe(true);
  });

  it('[ELE-SAFE-LEADER-PHASE.1] a leader flag outside the declaring phase is a violation', () => {
    const follower = startElection({ self: 'p1', peers: ['p0'] });
    follower.advanceTo(150);
    follower.send(proposal('p0'));
    follower.advanceTo(700);
    const forged = { ...follower.state, context: { ...follower.state.context, isLeader: true } } as ElectionState;
    const v = electionViolations({ before: forged, event: viewOf('p0'), outputs: [], after: forged });
    expect(v).toContain('ELE-SAFE-LEADER-PHASE.1: leader in phase following');
  });

  it('[ELE-FUNC-IGNORE-OUTSIDE-VIEW.1] an output caused by a stranger is a violation', () => {
    const v = electionViolations(record(leaderAt600(), [{ kind: 'metric', name: 'gossip_leader_election_leader', value: 1 }], declaration('zz')));
    expect(v).toContain('ELE-FUNC-IGNORE-OUTSIDE-VIEW.1: message from zz outside the view had an effect');
  });
});
