/**
 * The pull engine's invariants (src/pull/invariants.ts) on forged steps: each check flags the step
 * it names and passes its legal neighbour. States come from a real engine (idle, collecting
 * digests, awaiting responses); a forged one changes only what the check reads.
 */
import { pkiId } from '../../src/core';
import { pullViolations, type PullCommand, type PullOutput, type PullState } from '../../src/pull';
import { FABRIC_TEST_PARAMS, PullNet } from './harness';

const P = FABRIC_TEST_PARAMS;
const p2 = pkiId('p2');
const p3 = pkiId('p3');

/** p1 (holding '1') greets p2 and p3; the phases of its first round, and the nonces it sent. */
function phases() {
  const net = new PullNet();
  const p1 = net.spawn('p1', 1, ['1']);
  net.link = () => undefined;
  net.setPeers(p1, ['p2', 'p3']);
  const state = () => net.states.get(p1) as PullState;
  const idle = state();
  net.runUntil(P.pullIntervalMs);
  const collecting = state();
  const nonceOf = (peer: string) => collecting.context.round.outgoing.find((h) => h.peer === peer)?.nonce as bigint;
  net.inject(p2, p1, { kind: 'sendDigest', to: p1, nonce: nonceOf('p2'), ids: ['a', 'b'] });
  net.runUntil(P.pullIntervalMs + 1);
  const digested = state();
  net.runUntil(P.pullIntervalMs + P.digestWaitTimeMs);
  const awaiting = state();
  return { idle, collecting, digested, awaiting, nonceOf };
}

const ids = (v: string[]) => v.map((m) => m.slice(0, m.indexOf(':')));
const step = (before: PullState, event: PullCommand, outputs: PullOutput[] = [], after: PullState = before) =>
  pullViolations({ before, event, outputs, after });
const withRound = (s: PullState, round: Partial<PullState['context']['round']>): PullState =>
  ({ ...s, context: { ...s.context, round: { ...s.context.round, ...round } } }) as PullState;
const withItems = (s: PullState, items: string[]): PullState => ({ ...s, context: { ...s.context, items } }) as PullState;
const peers = (s: PullState): PullCommand => ({ type: 'PEERS_UPDATED', peers: s.context.peers });

describe('pull invariants', () => {
  it('[PUL-SAFE-UNIQUE-NONCES.1] a round\u2019s hellos have distinct nonces and distinct peers', () => {
    const { collecting } = phases();
    expect(step(collecting, peers(collecting))).toEqual([]);
    expect(step(withRound(collecting, { outgoing: [{ peer: p2, nonce: 5n }, { peer: p3, nonce: 5n }] }), peers(collecting))).toEqual([
      'PUL-SAFE-UNIQUE-NONCES.1: two hellos of one round share a nonce',
    ]);
    expect(step(withRound(collecting, { outgoing: [{ peer: p2, nonce: 5n }, { peer: p2, nonce: 6n }] }), peers(collecting))).toEqual([
      'PUL-SAFE-UNIQUE-NONCES.1: two hellos of one round to the same peer',
    ]);
  });

  it('[PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1] [PUL-SAFE-ONE-REQUEST-PER-OWNER.1] requests leave at the close of digests, with the round nonce, one per owner, for ids it listed', () => {
    const { digested, awaiting, idle, nonceOf } = phases();
    const timer = { type: 'xstate.after.digestWaitTime.pull.running.initiator.rounds.collectingDigests' } as unknown as PullCommand;
    const request = (to: string, nonce: bigint, list: string[]): PullOutput => ({ kind: 'sendRequest', to: pkiId(to), nonce, ids: list });
    expect(step(digested, timer, [request('p2', nonceOf('p2'), ['a', 'b'])], awaiting)).toEqual([]);
    expect(step(digested, timer, [request('p2', nonceOf('p2') + 1n, ['a'])], awaiting)).toEqual([
      'PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1: request to p2 with a nonce not sent to it this round',
    ]);
    expect(step(digested, timer, [request('p2', nonceOf('p2'), ['a', 'z'])], awaiting)).toEqual([
      'PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1: requested z from p2, which did not list it in a digest',
    ]);
    // p3 was greeted but sent no digest: asking it for 'a' is asking a non-digester.
    expect(ids(step(digested, timer, [request('p3', nonceOf('p3'), ['a'])], awaiting))).toEqual(['PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1']);
    expect(step(digested, timer, [request('p2', nonceOf('p2'), ['a']), request('p2', nonceOf('p2'), ['b'])], awaiting)).toEqual([
      'PUL-SAFE-ONE-REQUEST-PER-OWNER.1: two requests to one peer in a round',
    ]);
    expect(step(digested, timer, [request('p2', nonceOf('p2'), ['a', 'a'])], awaiting)).toEqual([
      'PUL-SAFE-ONE-REQUEST-PER-OWNER.1: one id requested twice in a round',
    ]);
    expect(step(digested, timer, [request('p2', nonceOf('p2'), ['a'])], digested)).toContain(
      'PUL-SAFE-ONE-REQUEST-PER-OWNER.1: requests sent outside the close of digests',
    );
    expect(step(withRound(awaiting, digested.context.round), timer, [request('p2', nonceOf('p2'), ['a'])], awaiting)).toContain(
      'PUL-SAFE-ONE-REQUEST-PER-OWNER.1: requests sent outside the close of digests',
    );
    expect(step(idle, peers(idle), [{ kind: 'sendHello', to: p2, nonce: 1n }])).toEqual([]);
  });

  it('[PUL-SAFE-ACCEPT-IN-WINDOW.1] digests count only while collecting and updates only while awaiting, each with the sender\u2019s round nonce', () => {
    const { collecting, digested, awaiting, idle, nonceOf } = phases();
    const digest = (nonce: bigint): PullCommand => ({ type: 'DIGEST_RECEIVED', nowMs: 0, from: p2, nonce, ids: ['a'] });
    const update = (nonce: bigint): PullCommand => ({ type: 'UPDATE_RECEIVED', nowMs: 0, from: p2, nonce, ids: ['a'] });
    expect(step(collecting, digest(nonceOf('p2')), [], digested)).toEqual([]);
    expect(step(collecting, digest(nonceOf('p2') + 1n), [], digested)).toEqual(['PUL-SAFE-ACCEPT-IN-WINDOW.1: digest from p2 recorded with a foreign nonce']);
    const lateDigestAfter = withRound(awaiting, { owners: [{ id: 'a', owners: [p2] }] });
    expect(step(awaiting, digest(nonceOf('p2')), [], lateDigestAfter)).toEqual(['PUL-SAFE-ACCEPT-IN-WINDOW.1: digest from p2 recorded outside the digest window']);
    // A digest that records nothing is fine anywhere.
    expect(step(idle, digest(1n))).toEqual([]);
    expect(step(awaiting, update(nonceOf('p2')), [], withItems(awaiting, ['1', 'a']))).toEqual([]);
    expect(step(awaiting, update(nonceOf('p2') + 1n), [], withItems(awaiting, ['1', 'a']))).toEqual([
      'PUL-SAFE-ACCEPT-IN-WINDOW.1: update from p2 accepted with a foreign nonce',
    ]);
    expect(step(collecting, update(nonceOf('p2')), [], withItems(collecting, ['1', 'a']))).toEqual([
      'PUL-SAFE-ACCEPT-IN-WINDOW.1: update from p2 accepted outside the response window',
    ]);
    expect(step(awaiting, update(1n))).toEqual([]);
  });

  it('[PUL-SAFE-UPDATE-ONLY-REMEMBERED.1] an update answers a request for a remembered hello, lists held ids only, and is not empty', () => {
    const { idle } = phases();
    const remembering = { ...idle, context: { ...idle.context, incoming: [{ from: p2, nonce: 9n, expiresAtMs: 100 }] } } as PullState;
    const request: PullCommand = { type: 'REQUEST_RECEIVED', nowMs: 50, from: p2, nonce: 9n, ids: ['1'] };
    const update = (list: string[], nonce = 9n): PullOutput => ({ kind: 'sendUpdate', to: p2, nonce, ids: list });
    expect(step(remembering, request, [update(['1'])])).toEqual([]);
    expect(step(remembering, { ...request, nowMs: 100 }, [update(['1'])])).toEqual([
      'PUL-SAFE-UPDATE-ONLY-REMEMBERED.1: update to p2 for a nonce not remembered',
    ]);
    expect(step(remembering, request, [update(['1'], 8n)])).toEqual(['PUL-SAFE-UPDATE-ONLY-REMEMBERED.1: update to p2 for a nonce not remembered']);
    expect(step(remembering, request, [update(['1', '7'])])).toEqual(['PUL-SAFE-UPDATE-ONLY-REMEMBERED.1: update lists 7, which is not held']);
    expect(step(remembering, request, [update([])])).toEqual(['PUL-SAFE-UPDATE-ONLY-REMEMBERED.1: an empty update']);
    expect(step(remembering, peers(remembering), [update(['1'])])).toEqual(['PUL-SAFE-UPDATE-ONLY-REMEMBERED.1: an update sent not in answer to a request']);
  });
});
