/**
 * The initiator and the responder are parallel regions of one chart: a new pull round re-enters the
 * initiator only. (Re-entering a region by targeting one of its own children makes xstate take the
 * parallel parent as the transition's domain, which would restart the responder too: its
 * requestWaitTime timer would be cancelled every pullInterval and remembered hellos outlive it.)
 */
import { pkiId } from '../../src/core';
import { FABRIC_TEST_PARAMS, PullNet } from './harness';

const P = FABRIC_TEST_PARAMS;

describe('pull engine: parallel regions', () => {
  it('[PUL-FUNC-NONCE-LIFETIME.1] [PUL-FUNC-START-ROUND.1] a round starting while a hello is remembered leaves the responder\u2019s expiry timer armed', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1, ['1']);
    net.link = () => undefined;
    net.setPeers(p1, ['p2']);
    // p2's hello arrives 10ms before p1's own round starts.
    net.inject(pkiId('p2'), p1, { kind: 'sendHello', to: p1, nonce: 77n }, P.pullIntervalMs - 10);
    net.runUntil(P.pullIntervalMs - 5);
    const responderTimers = () => net.armedTimers(p1).filter((t) => t.includes('requestWaitTime'));
    expect(responderTimers()).toHaveLength(1);
    net.runUntil(P.pullIntervalMs + 5);
    // p1's round began (a hello went out) and the responder still counts down its remembered hello.
    expect(net.sent.filter((s) => s.from === 'p1' && s.message.kind === 'sendHello')).toHaveLength(1);
    expect(responderTimers()).toHaveLength(1);
  });
});
