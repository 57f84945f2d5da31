/**
 * The responder's memory of hellos ([PUL-FUNC-NONCE-LIFETIME.1]) step by step on virtual time:
 * which hellos are remembered and whether the requestWaitTime timer is armed, just before and at
 * each expiry. A request is refused after expiry either way (the request check compares times),
 * so only these observations show whether expiry happens at all, and when.
 * Fabric's pull_test.go configuration: requestWaitTime R = 200ms.
 */
import { pkiId } from '../../src/core';
import { FABRIC_TEST_PARAMS, PullNet } from './harness';

const R = FABRIC_TEST_PARAMS.requestWaitTimeMs;

function responder() {
  const net = new PullNet();
  const p1 = net.spawn('p1', 1, ['1']);
  net.link = () => undefined; // the test plays every other peer
  const context = () => net.states.get(p1)?.context;
  const timerArmed = () => net.armedTimers(p1).some((t) => t.includes('requestWaitTime'));
  const hello = (from: string, nonce: bigint, atMs: number) => net.inject(pkiId(from), p1, { kind: 'sendHello', to: p1, nonce }, atMs - net.nowMs);
  return { net, p1, context, timerArmed, hello };
}

describe('pull responder: hello expiry', () => {
  it('[PUL-FUNC-NONCE-LIFETIME.1] a lone hello is remembered for exactly R, then forgotten and the timer disarmed', () => {
    const r = responder();
    r.hello('p9', 7n, 0);
    r.net.runUntil(R - 1);
    expect(r.context()?.incoming).toEqual([{ from: 'p9', nonce: 7n, expiresAtMs: R }]);
    expect(r.timerArmed()).toBe(true);
    r.net.runUntil(R);
    expect(r.context()?.incoming).toEqual([]);
    expect(r.timerArmed()).toBe(false);
  });

  it('[PUL-FUNC-NONCE-LIFETIME.1] at each period end only the expired hellos go; a later one keeps the timer running until it expires too', () => {
    const r = responder();
    r.hello('p9', 7n, 0);
    r.hello('p8', 8n, 150); // remembered until 150 + R = 350
    r.net.runUntil(R);
    // The period that began with the first hello ends at R: p9's hello (expires at R) goes, p8's stays.
    expect(r.context()?.incoming).toEqual([{ from: 'p8', nonce: 8n, expiresAtMs: 150 + R }]);
    expect(r.context()?.incomingSinceMs).toBe(R);
    expect(r.timerArmed()).toBe(true);
    r.net.runUntil(2 * R - 1);
    expect(r.context()?.incoming).toHaveLength(1);
    // The next period ends at 2R = 400 >= 350: p8's hello goes too and the timer is not re-armed.
    r.net.runUntil(2 * R);
    expect(r.context()?.incoming).toEqual([]);
    expect(r.timerArmed()).toBe(false);
  });

  it('[PUL-FUNC-NONCE-LIFETIME.1] a hello after the memory emptied starts a new period from its own arrival', () => {
    const r = responder();
    r.hello('p9', 7n, 0);
    r.hello('p8', 8n, 300); // after the first expired at R = 200
    r.net.runUntil(300);
    expect(r.context()?.incomingSinceMs).toBe(300);
    r.net.runUntil(300 + R - 1);
    expect(r.context()?.incoming).toEqual([{ from: 'p8', nonce: 8n, expiresAtMs: 300 + R }]);
    r.net.runUntil(300 + R);
    expect(r.context()?.incoming).toEqual([]);
    expect(r.timerArmed()).toBe(false);
  });
});
