/**
 * One test per transition of the dynamic election, at Fabric's test configuration (grace 500ms,
 * sample 100ms, leaderAliveThreshold 500ms so declarations every 250ms, election 500ms, yield
 * 3000ms). Expected traces are derived from the timeline in each comment, not copied from output.
 */
import { isLeader, isYielding, loopPhase } from '../../src/election';
import { declaration, FABRIC_TEST_PARAMS, proposal, startElection, trace, viewOf } from './driver';

/** p1 with view [p0, p2], leader at 600 (proposes at 100, nobody smaller proposes). */
function leaderAt600() {
  const d = startElection({ self: 'p1', peers: ['p0', 'p2'] });
  d.advanceTo(600);
  expect(isLeader(d.state)).toBe(true);
  return d;
}

describe('startup', () => {
  it('[ELE-FUNC-STARTUP-SAMPLE.1] a view unchanged at the first sample ends startup there: propose at 100', () => {
    const d = startElection({ peers: ['p2'] });
    d.advanceTo(99);
    expect(trace(d)).toEqual([]);
    d.advanceTo(100);
    expect(trace(d)).toEqual(['propose#1@100']);
    expect(loopPhase(d.state)).toBe('electing');
  });

  it('[ELE-FUNC-STARTUP-SAMPLE.1] startup goes on while the view size changes between samples', () => {
    const d = startElection({ peers: ['p2'] });
    d.advanceTo(50);
    d.send(viewOf('p2', 'p3')); // sample@100 sees 2 != 1
    d.advanceTo(150);
    d.send(viewOf('p2', 'p3', 'p4')); // sample@200 sees 3 != 2; sample@300 sees 3 == 3
    d.advanceTo(299);
    expect(trace(d)).toEqual([]);
    d.advanceTo(300);
    expect(trace(d)).toEqual(['propose#1@300']);
  });

  it('[ELE-FUNC-STARTUP-GRACE.1] a view that never settles ends startup at the first sample once startupGracePeriod passed', () => {
    for (const [graceMs, expectedAt] of [
      [500, 500],
      [450, 500],
    ] as const) {
      const d = startElection({ peers: [], params: { ...FABRIC_TEST_PARAMS, startupGracePeriodMs: graceMs } });
      for (let t = 50, n = 1; t < 1000; t += 100, n++) {
        d.advanceTo(t);
        d.send(viewOf(...Array.from({ length: n }, (_, i) => `q${i}`)));
      }
      d.advanceTo(1000);
      expect(trace(d).filter((s) => s.startsWith('propose'))[0]).toBe(`propose#1@${expectedAt}`);
    }
  });

  it('[ELE-FUNC-STARTUP-SAMPLE.1] [ELE-FUNC-DECLARATION-SEEN.1] [ELE-FUNC-LOOP.1] a declaration in startup interrupts nothing; the next sample ends startup and the peer follows without proposing', () => {
    const d = startElection({ peers: ['p0'] });
    d.advanceTo(20);
    d.send(viewOf('p0', 'p2')); // would keep startup going at the 100 sample
    d.advanceTo(50);
    d.send(declaration('p0'));
    expect(trace(d)).toEqual([]);
    d.advanceTo(100);
    expect(trace(d)).toEqual(['metric:0@100']);
    expect(loopPhase(d.state)).toBe('following');
  });
});

describe('election round', () => {
  it('[ELE-FUNC-ELECTION-PROPOSE.1] [ELE-FUNC-ELECTION-OUTCOME.1] [ELE-MSG-GOSSIP-LEADERSHIP.1] no smaller proposal: leader after leaderElectionDuration, callback then declaration then metric', () => {
    const d = startElection({ self: 'p1', peers: ['p0', 'p2'] });
    d.advanceTo(150);
    d.send(proposal('p2')); // larger: does not matter
    d.advanceTo(599);
    expect(isLeader(d.state)).toBe(false);
    d.advanceTo(600);
    expect(trace(d)).toEqual(['propose#1@100', 'callback:true@600', 'declare#2@600', 'metric:1@600']);
    expect(d.state.context.leaderExists).toBe(true);
  });

  it('[ELE-FUNC-ELECTION-OUTCOME.1] a proposal from a smaller id makes the round end as follower', () => {
    const d = startElection({ self: 'p1', peers: ['p0', 'p2'] });
    d.advanceTo(150);
    d.send(proposal('p0'));
    d.advanceTo(600);
    expect(trace(d)).toEqual(['propose#1@100', 'metric:0@600']);
    expect(loopPhase(d.state)).toBe('following');
  });

  it('[ELE-FUNC-COLLECT-PROPOSAL.1] proposals collected before the round (here in startup) count in it', () => {
    const d = startElection({ self: 'p1', peers: ['p0'] });
    d.advanceTo(50);
    d.send(proposal('p0'));
    d.advanceTo(600);
    expect(trace(d)).toEqual(['propose#1@100', 'metric:0@600']);
  });

  it('[ELE-FUNC-ELECTION-INTERRUPT.1] a declaration, even from a larger id, ends the round at once as follower', () => {
    const d = startElection({ self: 'p1', peers: ['p2'] });
    d.advanceTo(300);
    d.send(declaration('p2'));
    expect(trace(d)).toEqual(['propose#1@100', 'metric:0@300']);
    d.advanceTo(700);
    expect(isLeader(d.state)).toBe(false);
    expect(trace(d, 301)).toEqual([]); // the round's timer was cancelled, the window runs to 800
  });
});

describe('leader', () => {
  it('[ELE-FUNC-DECLARE.1] [ELE-FUNC-METRIC.1] [ELE-FUNC-LOOP.1] a leader declares and reports 1 every leaderAliveThreshold/2', () => {
    const d = leaderAt600();
    d.advanceTo(1100);
    expect(trace(d, 600)).toEqual(['callback:true@600', 'declare#2@600', 'metric:1@600', 'declare#3@850', 'metric:1@850', 'declare#4@1100', 'metric:1@1100']);
  });

  it('[ELE-FUNC-DECLARE-INTERRUPT.1] a declaration from a larger id makes the leader re-declare at once and stay leader', () => {
    const d = leaderAt600();
    d.advanceTo(700);
    d.send(declaration('p2'));
    d.advanceTo(950);
    expect(trace(d, 601)).toEqual(['declare#3@700', 'metric:1@700', 'declare#4@950', 'metric:1@950']);
    expect(isLeader(d.state)).toBe(true);
  });

  it('[ELE-FUNC-STEP-DOWN.1] [ELE-FUNC-LOOP.1] a declaration from a smaller id: callback(false) and follow', () => {
    const d = leaderAt600();
    d.advanceTo(700);
    d.send(declaration('p0'));
    expect(trace(d, 601)).toEqual(['callback:false@700', 'metric:0@700']);
    expect(isLeader(d.state)).toBe(false);
    expect(loopPhase(d.state)).toBe('following');
  });
});

describe('follower', () => {
  it('[ELE-FUNC-FOLLOW.1] the window is not interruptible; a window without declaration leads to a round', () => {
    const d = startElection({ self: 'p1', peers: ['p0'] });
    d.advanceTo(150);
    d.send(proposal('p0')); // lose at 600, follow [600, 1100]
    d.advanceTo(700);
    d.send(declaration('p0')); // no output now; next window [1100, 1600]
    expect(trace(d, 601)).toEqual([]);
    d.advanceTo(1600);
    expect(trace(d, 601)).toEqual(['metric:0@1100', 'propose#2@1600']);
  });

  it('[ELE-FUNC-FOLLOW.1] each window starts by forgetting proposals: an old smaller proposal does not block a later round', () => {
    const d = startElection({ self: 'p1', peers: ['p0'] });
    d.advanceTo(150);
    d.send(proposal('p0'));
    d.advanceTo(700);
    d.send(declaration('p0'));
    d.advanceTo(1050);
    d.send(proposal('p0')); // forgotten when the window [1100, 1600] begins
    d.advanceTo(2100);
    expect(trace(d, 1100)).toEqual(['metric:0@1100', 'propose#2@1600', 'callback:true@2100', 'declare#3@2100', 'metric:1@2100']);
  });
});

describe('view', () => {
  it('[ELE-FUNC-IGNORE-OUTSIDE-VIEW.1] messages from outside the view change nothing: no lost round, no step-down', () => {
    const d = startElection({ self: 'p1', peers: ['p2'] });
    d.advanceTo(150);
    d.send(proposal('p0'));
    d.send(declaration('p0'));
    d.advanceTo(700);
    d.send(declaration('p0'));
    expect(isLeader(d.state)).toBe(true);
    expect(trace(d)).toEqual(['propose#1@100', 'callback:true@600', 'declare#2@600', 'metric:1@600']);
  });

  it('[ELE-FUNC-VIEW.1] the view is replaced: a peer added counts from then on, a peer removed no longer does', () => {
    const d = startElection({ self: 'p1', peers: ['p2'] });
    d.advanceTo(150);
    d.send(viewOf('p0', 'p2'));
    d.send(proposal('p0')); // now in view: p1 loses at 600
    d.advanceTo(700);
    d.send(viewOf('p2'));
    d.send(declaration('p0')); // removed: ignored, so [600, 1100] is a window without declaration
    d.advanceTo(1600);
    expect(trace(d)).toEqual(['propose#1@100', 'metric:0@600', 'propose#2@1100', 'callback:true@1600', 'declare#3@1600', 'metric:1@1600']);
  });
});

describe('yield', () => {
  it('[ELE-FUNC-YIELD.1] [ELE-FUNC-YIELD-END.1] [ELE-FUNC-LOOP.1] a lone leader yields: callback(false) at once, no proposal for 6 x leaderAliveThreshold, then leader again', () => {
    const d = startElection({ self: 'p0' });
    d.advanceTo(700); // leader since 600
    d.send({ type: 'YIELD' });
    expect(trace(d, 700)).toEqual(['callback:false@700']);
    expect(isYielding(d.state)).toBe(true);
    // The leader's wait ends at 850 without a declaration; windows of 500 from 850; the yield timer
    // fires at 3700, so the window ending at 3850 is the first followed by a round.
    d.advanceTo(4350);
    expect(trace(d, 701)).toEqual([
      'metric:0@850', 'metric:0@1350', 'metric:0@1850', 'metric:0@2350', 'metric:0@2850', 'metric:0@3350',
      'propose#3@3850', 'callback:true@4350', 'declare#4@4350', 'metric:1@4350',
    ]);
  });

  it('[ELE-FUNC-YIELD.1] Yield is a no-op unless leader and not yet yielding', () => {
    const d = startElection({ self: 'p1', peers: ['p0'] });
    d.send({ type: 'YIELD' }); // in startup
    d.advanceTo(150);
    d.send(proposal('p0'));
    d.advanceTo(700);
    d.send({ type: 'YIELD' }); // follower
    expect(isYielding(d.state)).toBe(false);
    const lone = startElection({ self: 'p0' });
    lone.advanceTo(700);
    lone.send({ type: 'YIELD' });
    lone.send({ type: 'YIELD' });
    expect(trace(lone, 700)).toEqual(['callback:false@700']);
  });

  it('[ELE-FUNC-YIELD-END.1] a declaration from a view peer ends yielding (and cancels its timer); one from outside the view does not', () => {
    const d = startElection({ self: 'p0', peers: ['p2'] });
    d.advanceTo(700);
    d.send({ type: 'YIELD' });
    d.send(declaration('p9'));
    expect(isYielding(d.state)).toBe(true);
    d.advanceTo(1000);
    d.send(declaration('p2'));
    expect(isYielding(d.state)).toBe(false);
    expect(d.armedTimers()).not.toContain('xstate.after.yieldDuration.election.dynamic.yield.yielding');
    // Window [850, 1350] saw p2; window [1350, 1850] did not: round at 1850, leader at 2350.
    d.advanceTo(2350);
    expect(trace(d, 1001)).toEqual(['metric:0@1350', 'propose#3@1850', 'callback:true@2350', 'declare#4@2350', 'metric:1@2350']);
  });
});

describe('stop', () => {
  it('[ELE-FUNC-STOP.1] Stop cancels every timer, invokes no callback, and nothing follows', () => {
    const d = leaderAt600();
    d.advanceTo(700);
    const before = d.outputs.length;
    d.send({ type: 'STOP' });
    expect(d.armedTimers()).toEqual([]);
    d.send(declaration('p0'));
    d.send({ type: 'YIELD' });
    d.send(viewOf());
    d.advanceTo(10_000);
    expect(d.outputs).toHaveLength(before);
    expect(isLeader(d.state)).toBe(true); // Fabric's IsLeader() keeps its last value after Stop
  });
});
