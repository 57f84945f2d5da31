/**
 * What a host or a trace can read from an election state besides its outputs: the loop phase and
 * the flags the spec names. Each case is one the behavioural tests pass through without looking.
 */
import { isLeader, loopPhase } from '../../src/election';
import { startElection } from './driver';

describe('election state observations', () => {
  it('[ELE-FUNC-MODE.1] [ELE-FUNC-STARTUP-SAMPLE.1] a dynamic election starts in the startup phase; static ones sit in their mode\u2019s state', () => {
    expect(loopPhase(startElection({ self: 'p0', peers: ['p1'] }).state)).toBe('startup');
    expect(loopPhase(startElection({ self: 'p0', mode: 'staticFollower' }).state)).toBe('staticFollower');
    expect(loopPhase(startElection({ self: 'p0', mode: 'staticLeader' }).state)).toBe('staticLeader');
  });

  it('[ELE-FUNC-YIELD.1] an effective Yield clears leaderExists along with isLeader', () => {
    const d = startElection({ self: 'p0' });
    d.advanceTo(600); // a lone peer leads after S + E ([ELE-LIVE-COLD-START.1])
    expect(d.state.context.leaderExists).toBe(true);
    d.send({ type: 'YIELD' });
    expect(isLeader(d.state)).toBe(false);
    expect(d.state.context.leaderExists).toBe(false);
  });
});
