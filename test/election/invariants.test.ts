/**
 * The election's local invariants (src/election/invariants.ts) on forged steps: each check flags
 * the step it names and passes its nearest legal neighbour, so that a check weakened to "always
 * fine" or strengthened to "always wrong" fails here rather than only inside a long run. States
 * come from real runs; a forged one changes only the fields the check reads.
 */
import { pkiId } from '../../src/core';
import { ELECTION_TIMER_EVENTS, electionViolations, type ElectionEvent, type ElectionOutput, type ElectionState } from '../../src/election';
import { declaration, proposal, startElection, viewOf } from './driver';

/** A lone dynamic peer p0 leads from 600ms (S + E at Fabric's test configuration, [ELE-LIVE-COLD-START.1]). */
function lonePeer(): ReturnType<typeof startElection> {
  const d = startElection({ self: 'p0' });
  d.advanceTo(600);
  return d;
}
const leaderState = (): ElectionState => lonePeer().state;
/** p0 with p1 in its view, leading (same timings: nothing from p1 arrives). */
const leaderWithPeer = (): ElectionState => {
  const d = startElection({ self: 'p0', peers: ['p1'] });
  d.advanceTo(600);
  return d.state;
};
function yieldingLeader(): ElectionState {
  const d = lonePeer();
  d.send({ type: 'YIELD' });
  return d.state;
}
/** p1 following p0: p0's proposal in startup makes p1's round end as follower ([ELE-FUNC-ELECTION-OUTCOME.1]). */
function follower(): ElectionState {
  const d = startElection({ self: 'p1', peers: ['p0'] });
  d.advanceTo(150);
  d.send(proposal('p0'));
  d.advanceTo(700);
  return d.state;
}
const stopped = (s: ElectionState): ElectionState => ({ ...s, value: 'stopped', status: 'done' }) as ElectionState;
const withContext = (s: ElectionState, c: Partial<ElectionState['context']>): ElectionState => ({ ...s, context: { ...s.context, ...c } }) as ElectionState;
const withValue = (s: ElectionState, value: unknown): ElectionState => ({ ...s, value }) as ElectionState;

const step = (before: ElectionState, event: ElectionEvent, outputs: ElectionOutput[] = [], after: ElectionState = before) =>
  electionViolations({ before, event, outputs, after });
const ids = (violations: string[]) => violations.map((v) => v.slice(0, v.indexOf(':')));

const callback = (isLeader: boolean): ElectionOutput => ({ kind: 'leadershipChanged', isLeader });
const leaderMetric: ElectionOutput = { kind: 'metric', name: 'gossip_leader_election_leader', value: 1 };
const yieldTimer: ElectionEvent = { type: ELECTION_TIMER_EVENTS.yieldDuration };

describe('state invariants', () => {
  it('[ELE-SAFE-LEADER-PHASE.1] a settled leader and a stopped or static one pass; a leader without leaderExists or while yielding does not', () => {
    const leader = leaderState();
    expect(step(leader, viewOf())).toEqual([]);
    expect(step(leader, { type: 'STOP' }, [], stopped(leader))).toEqual([]);
    expect(step(leader, viewOf(), [], withContext(leader, { leaderExists: false }))).toEqual(['ELE-SAFE-LEADER-PHASE.1: leader with leaderExists false']);
    const yielding = yieldingLeader();
    const forged = withContext(yielding, { isLeader: true, leaderExists: true });
    expect(step(forged, viewOf())).toContain('ELE-SAFE-LEADER-PHASE.1: leader while yielding');
    // A leader in a phase the loop never reaches while leading: not declaring.
    expect(step(leader, viewOf(), [], withValue(leader, { dynamic: { loop: 'electing', yield: 'notYielding' } }))).toContain(
      'ELE-SAFE-LEADER-PHASE.1: leader in phase electing',
    );
  });

  it('[ELE-SAFE-STATIC-FOLLOWER.1] [ELE-FUNC-STATIC-LEADER.1] a static follower that leads and a static leader that does not are violations; the legal ones pass', () => {
    const staticLeader = startElection({ self: 'p0', mode: 'staticLeader' }).state;
    const staticFollower = startElection({ self: 'p0', mode: 'staticFollower' }).state;
    expect(staticLeader.context.isLeader).toBe(true);
    expect(step(staticLeader, viewOf())).toEqual([]);
    expect(step(staticFollower, viewOf())).toEqual([]);
    expect(step(withContext(staticFollower, { isLeader: true }), viewOf())).toEqual([
      'ELE-SAFE-STATIC-FOLLOWER.1: static follower leads',
    ]);
    expect(step(withContext(staticLeader, { isLeader: false }), viewOf())).toEqual([
      'ELE-FUNC-STATIC-LEADER.1: static leader does not lead',
    ]);
  });
});

describe('step invariants', () => {
  it('[ELE-SAFE-CALLBACK-CONSISTENT.1] callbacks must alternate and end at the new flag', () => {
    const leader = leaderState();
    // false then true alternates and ends where isLeader is: legal.
    expect(step(leader, viewOf(), [callback(false), callback(true)])).toEqual([]);
    // The flag changed with no callback saying so.
    expect(step(leader, viewOf(), [], withContext(leader, { isLeader: false }))).toContain(
      'ELE-SAFE-CALLBACK-CONSISTENT.1: isLeader became false but the callbacks say true',
    );
    expect(step(leader, viewOf(), [callback(false), callback(false)], withContext(leader, { isLeader: false }))).toContain(
      'ELE-SAFE-CALLBACK-CONSISTENT.1: callback(false) while isLeader was already false',
    );
  });

  it('[ELE-SAFE-YIELD.1] yielding ends by its timer or a view peer\u2019s declaration only', () => {
    const yielding = yieldingLeader();
    const notYielding = withValue(yielding, { dynamic: { loop: 'following', yield: 'notYielding' } });
    expect(ids(step(yielding, yieldTimer, [], notYielding))).not.toContain('ELE-SAFE-YIELD.1');
    expect(step(yielding, viewOf(), [], notYielding)).toContain('ELE-SAFE-YIELD.1: yield ended by VIEW_UPDATED');
    // A view peer's declaration may end it; a proposal may not, nor a stranger's declaration.
    const viewed = withContext(yielding, { view: [pkiId('p1')] });
    const viewedAfter = withValue(viewed, { dynamic: { loop: 'following', yield: 'notYielding' } });
    expect(ids(step(viewed, declaration('p1'), [], viewedAfter))).not.toContain('ELE-SAFE-YIELD.1');
    expect(step(viewed, proposal('p1'), [], viewedAfter)).toContain('ELE-SAFE-YIELD.1: yield ended by LEADERSHIP_RECEIVED');
    expect(ids(step(viewed, declaration('p9'), [], viewedAfter))).toContain('ELE-SAFE-YIELD.1');
    // Stop may end yielding.
    expect(ids(step(yielding, { type: 'STOP' }, [], stopped(yielding)))).not.toContain('ELE-SAFE-YIELD.1');
  });

  it('[ELE-SAFE-YIELD.1] [ELE-FUNC-YIELD.1] a Yield that cannot act (follower, already yielding, static leader) must change nothing; an effective one may', () => {
    const f = follower();
    expect(step(f, { type: 'YIELD' })).toEqual([]);
    expect(step(f, { type: 'YIELD' }, [leaderMetric])).toContain('ELE-SAFE-YIELD.1: a void Yield had an effect');
    expect(step(f, { type: 'YIELD' }, [], withContext(f, { seqNum: f.context.seqNum + 1 }))).toContain(
      'ELE-SAFE-YIELD.1: a void Yield had an effect',
    );
    const yielding = yieldingLeader();
    expect(step(yielding, { type: 'YIELD' })).toEqual([]);
    expect(step(yielding, { type: 'YIELD' }, [leaderMetric])).toContain(
      'ELE-SAFE-YIELD.1: a void Yield had an effect',
    );
    const staticLeader = startElection({ self: 'p0', mode: 'staticLeader' }).state;
    expect(step(staticLeader, { type: 'YIELD' }, [callback(false), callback(true)])).toContain('ELE-SAFE-YIELD.1: a void Yield had an effect');
    // The effective Yield of a dynamic leader that is not yet yielding: callback(false), metric 0.
    const leader = leaderState();
    const after = yieldingLeader();
    expect(
      ids(step(leader, { type: 'YIELD' }, [callback(false), { kind: 'metric', name: 'gossip_leader_election_leader', value: 0 }], after)),
    ).not.toContain('ELE-SAFE-YIELD.1');
  });

  it('[ELE-FUNC-IGNORE-OUTSIDE-VIEW.1] a stranger\u2019s message may change nothing; a view peer\u2019s may', () => {
    const leader = leaderWithPeer();
    expect(step(leader, declaration('zz'))).toEqual([]);
    expect(step(leader, declaration('zz'), [], withContext(leader, { leaderExists: false }))).toContain(
      'ELE-FUNC-IGNORE-OUTSIDE-VIEW.1: message from zz outside the view had an effect',
    );
    expect(step(leader, proposal('zz'), [leaderMetric])).toContain('ELE-FUNC-IGNORE-OUTSIDE-VIEW.1: message from zz outside the view had an effect');
    // A change of state value alone (same context) is an effect too.
    expect(step(leader, proposal('zz'), [], withValue(leader, { dynamic: { loop: 'declaring', yield: 'yielding' } }))).toContain(
      'ELE-FUNC-IGNORE-OUTSIDE-VIEW.1: message from zz outside the view had an effect',
    );
    expect(ids(step(leader, proposal('p1'), [leaderMetric]))).not.toContain('ELE-FUNC-IGNORE-OUTSIDE-VIEW.1');
    expect(ids(step(leader, viewOf(), [leaderMetric]))).not.toContain('ELE-FUNC-IGNORE-OUTSIDE-VIEW.1');
  });

  it('[ELE-FUNC-STOP.1] Stop outputs only timer cancels; a stopped election neither outputs nor restarts', () => {
    const leader = leaderState();
    const done = stopped(leader);
    const cancel: ElectionOutput = { kind: 'cancelTimer', timerId: 'declarationInterval' };
    expect(step(leader, { type: 'STOP' }, [cancel], done)).toEqual([]);
    expect(step(leader, { type: 'STOP' }, [cancel, leaderMetric], done)).toContain('ELE-FUNC-STOP.1: Stop produced more than timer cancels');
    expect(step(done, viewOf())).toEqual([]);
    expect(step(done, viewOf(), [cancel])).toContain('ELE-FUNC-STOP.1: a stopped election acted');
    expect(step(done, viewOf(), [], leader)).toContain('ELE-FUNC-STOP.1: a stopped election acted');
    // Outputs on any other input of a running election are not Stop's business.
    expect(ids(step(leader, viewOf(), [leaderMetric]))).not.toContain('ELE-FUNC-STOP.1');
  });

  it('[ELE-MSG-GOSSIP-LEADERSHIP.1] seqNums count up by one and the context keeps the last; static modes never gossip', () => {
    const leader = leaderState();
    const n = leader.context.seqNum;
    const declare = (seqNum: number): ElectionOutput => ({ kind: 'gossipLeadership', isDeclaration: true, seqNum });
    expect(step(leader, viewOf(), [declare(n + 1), declare(n + 2)], withContext(leader, { seqNum: n + 2 }))).toEqual([]);
    expect(step(leader, viewOf(), [declare(n + 1)])).toContain(`ELE-MSG-GOSSIP-LEADERSHIP.1: context seqNum ${n}, last sent ${n + 1}`);
    expect(step(leader, viewOf(), [declare(n + 1), declare(n + 1)], withContext(leader, { seqNum: n + 1 }))).toContain(
      `ELE-MSG-GOSSIP-LEADERSHIP.1: seqNum ${n + 1} after ${n + 1}`,
    );
    const staticLeader = startElection({ self: 'p0', mode: 'staticLeader' }).state;
    expect(step(staticLeader, viewOf(), [declare(1)], withContext(staticLeader, { seqNum: 1 }))).toContain(
      'ELE-MSG-GOSSIP-LEADERSHIP.1: staticLeader gossiped',
    );
  });
});
