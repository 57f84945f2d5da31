/** One engine (plus scripted peers) per rule of spec/pull.md; invariants are checked after every step. */
import { isRight } from 'fp-ts/Either';
import { pkiId } from '../../src/core';
import { DEFAULT_PULL_PARAMS, PullCommand, pullMachine } from '../../src/pull';
import { FABRIC_TEST_PARAMS, PullNet } from './harness';

const P = FABRIC_TEST_PARAMS;
const hellosFrom = (net: PullNet, from: string) => net.sent.filter((s) => s.from === from && s.message.kind === 'sendHello');

describe('pull engine rules', () => {
  it('[PUL-PARAM-DEFAULTS.1] defaults are core.yaml\u2019s: pullInterval 4s, pullPeerNum 3, digestWaitTime 1s, requestWaitTime 1500ms, responseWaitTime 2s', () => {
    expect(DEFAULT_PULL_PARAMS).toEqual({ pullIntervalMs: 4000, pullPeerNum: 3, digestWaitTimeMs: 1000, requestWaitTimeMs: 1500, responseWaitTimeMs: 2000 });
  });

  it('[PUL-ASM-INPUTS.1] the command codec decodes wire-shaped inputs (decimal-string nonces) and refuses a missing sender', () => {
    const ok = PullCommand.decode({ type: 'DIGEST_RECEIVED', nowMs: 5, from: 'p2', nonce: '18446744073709551615', ids: ['1'] });
    expect(isRight(ok) && ok.right.type === 'DIGEST_RECEIVED' && ok.right.nonce).toBe(18446744073709551615n);
    expect(isRight(PullCommand.decode({ type: 'HELLO_RECEIVED', nowMs: 5, nonce: 1n }))).toBe(false);
  });

  it('[PUL-FUNC-START-ROUND.1] [PUL-FUNC-PEERS.1] every pullInterval a round greets min(pullPeerNum, peers) peers, never itself, with distinct nonces', () => {
    const net = new PullNet({ ...P, pullPeerNum: 2 });
    const p1 = net.spawn('p1', 1);
    net.setPeers(p1, ['p1', 'p2', 'p3', 'p4']);
    expect(net.armedTimers(p1).some((t) => t.includes('pullInterval'))).toBe(true);
    net.runUntil(P.pullIntervalMs - 1);
    expect(hellosFrom(net, 'p1')).toEqual([]);
    net.runUntil(P.pullIntervalMs);
    const first = hellosFrom(net, 'p1');
    expect(first).toHaveLength(2);
    expect(first.map((h) => h.to)).not.toContain('p1');
    expect(new Set(first.map((h) => (h.message as { nonce: bigint }).nonce)).size).toBe(2);
    net.runUntil(2 * P.pullIntervalMs);
    expect(hellosFrom(net, 'p1')).toHaveLength(4);
    expect(pullMachine.id).toBe('pull');
  });

  it('[PUL-FUNC-DIGEST.1] [PUL-SAFE-ACCEPT-IN-WINDOW.1] a digest counts only from the greeted peer, with its nonce, within digestWaitTime', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    const p2 = pkiId('p2');
    net.link = () => undefined; // p1's hellos go nowhere: the test plays p2.
    net.setPeers(p1, ['p2']);
    net.runUntil(P.pullIntervalMs);
    const nonce = (hellosFrom(net, 'p1')[0]?.message as { nonce: bigint }).nonce;
    net.inject(pkiId('p3'), p1, { kind: 'sendDigest', to: p1, nonce, ids: ['a'] }); // right nonce, wrong sender
    net.inject(p2, p1, { kind: 'sendDigest', to: p1, nonce: nonce + 1n, ids: ['b'] }); // wrong nonce
    net.inject(p2, p1, { kind: 'sendDigest', to: p1, nonce, ids: ['c'] });
    net.inject(p2, p1, { kind: 'sendDigest', to: p1, nonce, ids: ['d'] }, P.digestWaitTimeMs + 1); // too late
    net.runUntil(P.pullIntervalMs + P.digestWaitTimeMs + 5);
    const requests = net.sent.filter((s) => s.message.kind === 'sendRequest');
    expect(requests.map((r) => [r.to, (r.message as { ids: readonly string[] }).ids])).toEqual([['p2', ['c']]]);
  });

  it('[PUL-FUNC-UPDATE.1] [PUL-FUNC-END-ROUND.1] an update counts within responseWaitTime; after it the round is forgotten', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    const p2 = pkiId('p2');
    net.link = () => undefined;
    net.setPeers(p1, ['p2']);
    net.runUntil(P.pullIntervalMs);
    const nonce = (hellosFrom(net, 'p1')[0]?.message as { nonce: bigint }).nonce;
    net.inject(p2, p1, { kind: 'sendUpdate', to: p1, nonce, ids: ['early'] }); // still collecting digests
    net.inject(p2, p1, { kind: 'sendDigest', to: p1, nonce, ids: ['x', 'y'] });
    net.inject(p2, p1, { kind: 'sendUpdate', to: p1, nonce, ids: ['x'] }, P.digestWaitTimeMs + 10);
    net.inject(p2, p1, { kind: 'sendUpdate', to: p1, nonce, ids: ['y'] }, P.digestWaitTimeMs + P.responseWaitTimeMs + 1);
    net.runUntil(P.pullIntervalMs + P.digestWaitTimeMs + P.responseWaitTimeMs + 5);
    expect(net.items(p1)).toEqual(['x']);
    expect(net.states.get(p1)?.context.round).toEqual({ outgoing: [], owners: [], requests: [] });
  });

  it('[PUL-FUNC-HELLO.1] a hello is answered with a digest of every held id, and with none when nothing is held', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    const p9 = pkiId('p9');
    net.inject(p9, p1, { kind: 'sendHello', to: p1, nonce: 7n });
    net.runUntil(1);
    expect(net.sent.filter((s) => s.message.kind === 'sendDigest')).toEqual([]);
    net.command(p1, { type: 'ITEMS_ADDED', ids: ['1', '2'] });
    net.inject(p9, p1, { kind: 'sendHello', to: p1, nonce: 8n });
    net.runUntil(2);
    expect(net.sent.filter((s) => s.message.kind === 'sendDigest').map((s) => s.message)).toEqual([{ kind: 'sendDigest', to: 'p9', nonce: 8n, ids: ['1', '2'] }]);
  });

  it('[PUL-FUNC-RESPOND-REQUEST.1] [PUL-FUNC-NONCE-LIFETIME.1] [PUL-SAFE-UPDATE-ONLY-REMEMBERED.1] a request is served (held ids only) while its hello is remembered, and not after requestWaitTime', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1, ['1', '2']);
    const p9 = pkiId('p9');
    net.inject(p9, p1, { kind: 'sendHello', to: p1, nonce: 7n });
    net.inject(p9, p1, { kind: 'sendRequest', to: p1, nonce: 7n, ids: ['2', '5'] }, P.requestWaitTimeMs - 1);
    net.inject(pkiId('p8'), p1, { kind: 'sendRequest', to: p1, nonce: 7n, ids: ['1'] }, 10); // another peer, same nonce
    net.inject(p9, p1, { kind: 'sendRequest', to: p1, nonce: 7n, ids: ['1'] }, P.requestWaitTimeMs);
    net.runUntil(3 * P.requestWaitTimeMs);
    const updates = net.sent.filter((s) => s.message.kind === 'sendUpdate').map((s) => s.message);
    expect(updates).toEqual([{ kind: 'sendUpdate', to: 'p9', nonce: 7n, ids: ['2'] }]);
    // Every remembered hello has expired, and the responder's timer is disarmed.
    expect(net.states.get(p1)?.context.incoming).toEqual([]);
    expect(net.armedTimers(p1).some((t) => t.includes('requestWaitTime'))).toBe(false);
  });

  it('[PUL-FUNC-REQUEST.1] [PUL-SAFE-ONE-REQUEST-PER-OWNER.1] [PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1] each wanted id goes to one owner, one request per owner, none for ids already held', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1, ['0']);
    for (const [i, n] of ['p2', 'p3', 'p4'].entries()) net.spawn(n, 10 + i, ['0', '1', '2', '3', '4', '5']);
    net.setPeers(p1, ['p2', 'p3', 'p4']);
    net.runUntil(P.pullIntervalMs + P.digestWaitTimeMs);
    const requests = net.sent.filter((s) => s.message.kind === 'sendRequest');
    expect(new Set(requests.map((r) => r.to)).size).toBe(requests.length);
    const ids = requests.flatMap((r) => [...(r.message as { ids: readonly string[] }).ids]).sort();
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
  });

  it('[PUL-FUNC-STOP.1] STOP disarms every timer and nothing is sent afterwards', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1, ['1']);
    net.setPeers(p1, ['p2']);
    net.command(p1, { type: 'STOP' });
    expect(net.armedTimers(p1)).toEqual([]);
    net.inject(pkiId('p2'), p1, { kind: 'sendHello', to: p1, nonce: 1n });
    net.runUntil(10 * P.pullIntervalMs);
    expect(net.sent).toEqual([]);
  });
});
