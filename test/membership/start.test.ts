/**
 * What a membership starts with (src/membership/view.ts): the view of a peer that knows nobody,
 * its incarnation taken from the start time, and the documentation chart, which xstate may start
 * without input, running on Fabric's default periods rather than on undefined ones (which would
 * fire its timers at once, forever). Written after mutation run 1 (docs/mutation.md).
 */
import { nanosFromMs } from '../../src/core';
import { machineReducer } from '../../src/core/xstate-step';
import { DEFAULT_MEMBERSHIP_PARAMS, discoveryMachine, selfAliveEnvelope, type MembershipOutput } from '../../src/membership';
import { msgStoreCheckIntervalMs } from '../../src/membership/params';
import { aliveFrom, driverFor, peer, received } from './fixtures';

const A = peer('A', 7651);
const B = peer('B', 7652);

describe('a membership at start', () => {
  it('knows nobody, has signed nothing, and keeps its inputs as its config', () => {
    const d = driverFor(A, { startTimeMs: 1234, bootstrap: [] });
    const s = d.state;
    expect([s.seqNum, s.selfAlive, s.aliveCount, s.members.size, s.identities.size, s.store.size, s.probes.size, s.connects.size, s.anchors]).toEqual([0n, undefined, 0, 0, 0, 0, 0, 0, {}]);
    expect(s.config).toEqual({ params: expect.objectContaining({ aliveTimeIntervalMs: 300 }), bootstrap: [], startTimeMs: 1234, incNum: nanosFromMs(1234) });
    expect(s.self).toBe(A.self);
  });

  it('[MEM-FUNC-SEND-ALIVE.1] its first alive message carries its start time as incarnation and sequence number 1', () => {
    const d = driverFor(A, { startTimeMs: 1234 });
    d.send(received(B, aliveFrom(B, 1)));
    d.advanceTo(1234 + 300);
    expect(selfAliveEnvelope(d.state)?.payload.content.aliveMsg.timestamp).toEqual({ incNum: nanosFromMs(1234), seqNum: 1n });
  });

  it("the documentation chart started without input arms every loop with Fabric's default periods and knows nobody", () => {
    const [s, outs] = machineReducer(discoveryMachine, { output: (o: MembershipOutput) => o }).init(undefined as never);
    // xstate names a timer `xstate.after.<delay>.<state id>`.
    const delays = Object.fromEntries(outs.flatMap((o) => (o.kind === 'setTimer' ? [[o.timerId.split('.')[2], o.delayMs]] : [])));
    const p = DEFAULT_MEMBERSHIP_PARAMS;
    expect(delays).toEqual({
      aliveTimeInterval: p.aliveTimeIntervalMs,
      aliveExpirationCheckInterval: p.aliveExpirationCheckIntervalMs,
      pullInterval: p.pullIntervalMs,
      reconnectInterval: p.reconnectIntervalMs,
      msgStoreExpirationCheckInterval: msgStoreCheckIntervalMs(p),
    });
    expect(s.context.config).toEqual({ params: p, bootstrap: [], startTimeMs: 0, incNum: 0n });
    expect([s.context.members.size, s.context.self.pkiId, s.context.self.externalEndpoint]).toEqual([0, '', '']);
  });
});
