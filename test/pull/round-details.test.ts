/**
 * Details of one pull round and of the responder that the end-to-end rules leave open: what the
 * round records from digests, what it asks for when items arrive meanwhile, the state it returns
 * to, hellos remembered with nothing to offer, the item set's removals, and the timer events.
 * Fabric's pull_test.go configuration (pull 500ms, digest 100ms, request/response 200ms).
 */
import { isRight } from 'fp-ts/Either';
import { pkiId } from '../../src/core';
import {
  DIGEST_WAIT_EVENT,
  isPullStopped,
  PULL_INTERVAL_EVENT,
  pullItems,
  PullTimerEvent,
  REQUEST_WAIT_EVENT,
  RESPONSE_WAIT_EVENT,
  type PullState,
} from '../../src/pull';
import { FABRIC_TEST_PARAMS, PullNet } from './harness';

const P = FABRIC_TEST_PARAMS;
const p2 = pkiId('p2');
const roundsState = (s: PullState) => (s.value as { running: { initiator: { rounds: string } } }).running.initiator.rounds;

/** p1 holding '1' greets p2 only; the test plays p2. */
function oneRound() {
  const net = new PullNet();
  const p1 = net.spawn('p1', 1, ['1']);
  net.link = () => undefined;
  net.setPeers(p1, ['p2']);
  net.runUntil(P.pullIntervalMs);
  const state = () => net.states.get(p1) as PullState;
  const nonce = state().context.round.outgoing[0]?.nonce as bigint;
  const digest = (ids: string[]) => net.inject(p2, p1, { kind: 'sendDigest', to: p1, nonce, ids });
  return { net, p1, state, digest };
}

describe('pull round details', () => {
  it('[PUL-FUNC-DIGEST.1] a digest records its sender once per id, and only for ids this peer lacks', () => {
    const r = oneRound();
    r.digest(['1', 'a']);
    r.digest(['a']);
    r.net.runUntil(P.pullIntervalMs + 1);
    expect(r.state().context.round.owners).toEqual([{ id: 'a', owners: ['p2'] }]);
  });

  it('[PUL-FUNC-REQUEST.1] an id that became held after its digest is not requested', () => {
    const r = oneRound();
    r.digest(['a', 'b']);
    r.net.runUntil(P.pullIntervalMs + 1);
    r.net.command(r.p1, { type: 'ITEMS_ADDED', ids: ['b'] });
    r.net.runUntil(P.pullIntervalMs + P.digestWaitTimeMs);
    const requests = r.net.sent.filter((s) => s.message.kind === 'sendRequest').map((s) => (s.message as { ids: readonly string[] }).ids);
    expect(requests).toEqual([['a']]);
  });

  it('[PUL-FUNC-END-ROUND.1] after responseWaitTime the initiator is idle until the next pullInterval', () => {
    const r = oneRound();
    expect(roundsState(r.state())).toBe('collectingDigests');
    r.net.runUntil(P.pullIntervalMs + P.digestWaitTimeMs);
    expect(roundsState(r.state())).toBe('awaitingResponses');
    r.net.runUntil(P.pullIntervalMs + P.digestWaitTimeMs + P.responseWaitTimeMs);
    expect(roundsState(r.state())).toBe('idle');
  });

  it('[PUL-FUNC-HELLO.1] [PUL-FUNC-NONCE-LIFETIME.1] a hello is remembered (and can be served later) even when nothing is held to digest', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    net.inject(p2, p1, { kind: 'sendHello', to: p1, nonce: 7n });
    net.inject(pkiId('p3'), p1, { kind: 'sendHello', to: p1, nonce: 8n }, 5);
    net.runUntil(10);
    expect(net.states.get(p1)?.context.incoming.map((h) => h.nonce)).toEqual([7n, 8n]);
    net.command(p1, { type: 'ITEMS_ADDED', ids: ['x'] });
    net.inject(p2, p1, { kind: 'sendRequest', to: p1, nonce: 7n, ids: ['x'] });
    net.inject(p2, p1, { kind: 'sendRequest', to: p1, nonce: 8n, ids: ['x'] }); // p3's nonce, not p2's
    net.runUntil(20);
    expect(net.sent.filter((s) => s.message.kind === 'sendUpdate').map((s) => s.message)).toEqual([{ kind: 'sendUpdate', to: 'p2', nonce: 7n, ids: ['x'] }]);
  });

  it('[PUL-FUNC-ITEMS.1] ITEMS_REMOVED drops exactly the listed ids; pullItems reads the held set', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1, ['1', '2', '3']);
    net.command(p1, { type: 'ITEMS_REMOVED', ids: ['2', '9'] });
    expect(pullItems(net.states.get(p1) as PullState)).toEqual(['1', '3']);
  });

  it('[PUL-FUNC-STOP.1] isPullStopped is false while running and true after STOP', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    expect(isPullStopped(net.states.get(p1) as PullState)).toBe(false);
    net.command(p1, { type: 'STOP' });
    expect(isPullStopped(net.states.get(p1) as PullState)).toBe(true);
  });

  it('[PUL-FUNC-START-ROUND.1] [PUL-FUNC-NONCE-LIFETIME.1] the timers the chart arms fire the exported timer events, which the timer codec accepts', () => {
    const r = oneRound();
    r.net.inject(p2, r.p1, { kind: 'sendHello', to: r.p1, nonce: 3n });
    r.net.runUntil(P.pullIntervalMs + 1);
    const armed = r.net.armedTimers(r.p1).sort();
    expect(armed).toEqual([DIGEST_WAIT_EVENT, PULL_INTERVAL_EVENT, REQUEST_WAIT_EVENT].sort());
    r.net.runUntil(P.pullIntervalMs + P.digestWaitTimeMs);
    expect(r.net.armedTimers(r.p1)).toContain(RESPONSE_WAIT_EVENT);
    for (const type of [PULL_INTERVAL_EVENT, DIGEST_WAIT_EVENT, RESPONSE_WAIT_EVENT, REQUEST_WAIT_EVENT]) expect(isRight(PullTimerEvent.decode({ type }))).toBe(true);
  });
});
