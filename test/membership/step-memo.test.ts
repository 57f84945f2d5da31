/**
 * The membership reducer's state is plain data that later steps compare by reference: a step that
 * changes nothing returns the very state it was given, and a step that changes only the view keeps
 * the chart's active states (`discovery`) as the same object. Hosts and the composed peer rely on
 * it to skip work (src/peer memoizes per subsystem state), and the invariants' view memo on it.
 * Written after mutation run 1 (docs/mutation.md), which found the reducer's shortcuts
 * (src/membership/step.ts) compared by no unit test.
 */
import { createMembershipReducer, isStopped } from '../../src/membership';
import { aliveFrom, driverFor, initFor, peer, pki, received, symbolicSuite } from './fixtures';

const A = peer('A', 7901);
const B = peer('B', 7902);
const C = peer('C', 7903);

describe('the membership reducer returns what did not change by reference', () => {
  it('an input that changes nothing returns the same state and no output', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    const before = d.state;
    expect(d.send({ type: 'PRESUMED_DEAD', pkiId: pki(C) })).toEqual([]);
    expect(d.state).toBe(before);
    expect(d.send(received(B, aliveFrom(B, 1)))).toEqual([]);
    expect(d.state).toBe(before);
  });

  it('a step that changes the view but no active state keeps `discovery` as the same object', () => {
    const d = driverFor(A);
    const before = d.state;
    d.send(received(B, aliveFrom(B, 1)));
    expect(d.state).not.toBe(before);
    expect(d.state.members).not.toBe(before.members);
    expect(d.state.discovery).toBe(before.discovery);
  });

  it('a step that changes the active states gives a new `discovery`, without an error field when the chart has none', () => {
    const d = driverFor(A);
    expect(Object.keys(d.state.discovery).sort()).toEqual(['nodes', 'status', 'value']);
    const running = d.state.discovery;
    d.send({ type: 'STOP' });
    expect(d.state.discovery).not.toBe(running);
    expect(d.state.discovery.status).toBe('done');
    expect(d.state.discovery.value).toBe('stopped');
    expect(Object.keys(d.state.discovery).sort()).toEqual(['nodes', 'status', 'value']);
  });

  it('[MEM-FUNC-STOP.1] a stopped membership returns its state and nothing else, whatever the input', () => {
    const reducer = createMembershipReducer({ crypto: symbolicSuite, key: A.key });
    const [started] = reducer.init(initFor(A));
    const [stopped] = reducer.step(started, { type: 'STOP', nowMs: 10 });
    expect(isStopped(stopped)).toBe(true);
    for (const event of [
      { type: 'STOP' as const, nowMs: 20 },
      { ...received(B, aliveFrom(B, 1)), nowMs: 20 },
      { type: 'UPDATE_METADATA' as const, nowMs: 20, metadata: 'x' },
      { type: 'TIMER_FIRED' as const, nowMs: 20, timerId: 'membership/xstate.after.aliveTimeInterval', machine: 'discovery' as const, afterEvent: 'xstate.after.aliveTimeInterval.discovery.running.heartbeat.waiting' },
    ]) {
      const [after, outs] = reducer.step(stopped, event);
      expect(after).toBe(stopped);
      expect(outs).toEqual([]);
    }
  });
});
