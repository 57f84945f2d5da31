/**
 * Ports of Fabric's gossip/gossip/algo/pull_test.go on the in-memory harness, with Fabric's engine
 * config (pull 500ms, digest 100ms, request/response 200ms) and Fabric's sleeps as virtual time.
 * Fabric's setNextPeerSelection(list) becomes PEERS_UPDATED(list) with pullPeerNum ≥ the list.
 * TestFilter: the engine's digest filter (Fabric's digFilter, by requester) is the host's in the
 * reference (spec/pull.md); test/pull/mediator.ts plays that host and filters what p1 offers each
 * requester, in its digests and its updates, as Fabric's OnHello and OnReq do.
 */
import { pkiId } from '../../src/core';
import { FABRIC_TEST_PARAMS, idsOf, PullNet } from './harness';
import { MediatorNet, type EgressFilter } from './mediator';

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('pull engine: ports of Fabric pull_test.go', () => {
  it('[PUL-LIVE-UNION.1] TestPullEngineAll2AllWithIncrementalSpawning: 10 peers spawned 50ms apart with 1 item each all hold 10 after 4s', () => {
    const net = new PullNet();
    const names = range(1, 10).map((i) => `p${i}`);
    names.forEach((name, i) => {
      net.spawn(name, 100 + i, [String(i + 1)]);
      net.runUntil(net.nowMs + 50);
    });
    for (const name of names) net.setPeers(pkiId(name), names.filter((n) => n !== name));
    net.runUntil(net.nowMs + 4000);
    for (const name of names) expect(net.items(pkiId(name))).toEqual(range(1, 10));
  });

  it('[PUL-FUNC-DIGEST.1] [PUL-FUNC-REQUEST.1] TestPullEngineSelectiveUpdates: {1,3} pulling from {0..3} gets a digest of 0..3 and requests only 0 and 2', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1, ['1', '3']);
    const p2 = net.spawn('p2', 2, ['0', '1', '2', '3']);
    net.setPeers(p1, ['p2']);
    net.runUntil(2000);
    const digests = net.delivered.filter((d) => d.to === p1 && d.message.kind === 'sendDigest');
    const requests = net.delivered.filter((d) => d.to === p2 && d.message.kind === 'sendRequest');
    const updates = net.delivered.filter((d) => d.to === p1 && d.message.kind === 'sendUpdate');
    expect(digests.length).toBeGreaterThan(0);
    for (const d of digests) expect(idsOf(d.message)).toEqual(['0', '1', '2', '3']);
    // Only the first round lacks anything: afterwards p1 holds all four and requests nothing.
    expect(requests.map((r) => idsOf(r.message))).toEqual([['0', '2']]);
    expect(updates.map((u) => idsOf(u.message))).toEqual([['0', '2']]);
    expect(net.items(p1)).toEqual(net.items(p2));
  });

  it('[PUL-SAFE-ACCEPT-IN-WINDOW.1] TestByzantineResponder: a digest and an update from p3, which got no hello, are ignored', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    const p2 = net.spawn('p2', 2, ['1', '2', '3']);
    const p3 = net.spawn('p3', 3, ['1', '6', '7']);
    net.setPeers(p1, ['p2']);
    let injected = false;
    net.runUntil(2000, () => {
      // When p2 gets p1's hello, p3 sends p1 a digest with nonce 0; 150ms later, a response.
      const hello = net.delivered.find((d) => d.to === p2 && d.message.kind === 'sendHello');
      if (hello === undefined || injected) return;
      injected = true;
      net.inject(p3, p1, { kind: 'sendDigest', to: p1, nonce: 0n, ids: ['5', '6', '7'] });
      net.inject(p3, p1, { kind: 'sendUpdate', to: p1, nonce: 0n, ids: ['5', '6', '7'] }, 150);
    });
    expect(net.delivered.some((d) => d.from === p3 && d.to === p1 && d.message.kind === 'sendDigest')).toBe(true);
    expect(net.delivered.some((d) => d.from === p3 && d.to === p1 && d.message.kind === 'sendUpdate')).toBe(true);
    expect(net.items(p1)).toEqual(['1', '2', '3']);
  });

  it('[PUL-LIVE-UNION.1] TestMultipleInitiators: p1, p2, p3 all pulling from p4 each end with 1..4', () => {
    const net = new PullNet();
    const initiators = [net.spawn('p1', 1), net.spawn('p2', 2), net.spawn('p3', 3)];
    net.spawn('p4', 4, ['1', '2', '3', '4']);
    for (const p of initiators) net.setPeers(p, ['p4']);
    net.runUntil(2000);
    for (const p of initiators) expect(net.items(p)).toEqual(['1', '2', '3', '4']);
  });

  it('[PUL-FUNC-UPDATE.1] TestLatePeers: updates from a responder slower than responseWaitTime are not taken; the fast one\u2019s are', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    const p2 = net.spawn('p2', 2, ['1', '2', '3', '4']);
    net.spawn('p3', 3, ['5', '6', '7', '8']);
    // Fabric's hook sleeps 600ms in p2 on every message it handles: p2's answers arrive 600ms late.
    net.link = ({ from }) => ({ delayMs: from === p2 ? 600 : 0 });
    net.setPeers(p1, ['p2', 'p3']);
    net.runUntil(2000);
    expect(net.items(p1)).toEqual(['5', '6', '7', '8']);
    // The slow digests did reach p1, after its digest window had closed.
    expect(net.delivered.some((d) => d.from === p2 && d.to === p1 && d.message.kind === 'sendDigest')).toBe(true);
  });

  it('[PUL-LIVE-UNION.1] TestBiDiUpdates: {1,3} and {0,2} pulling from each other both end with {0..3}', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1, ['1', '3']);
    const p2 = net.spawn('p2', 2, ['0', '2']);
    net.setPeers(p1, ['p2']);
    net.setPeers(p2, ['p1']);
    net.runUntil(2000);
    expect(net.items(p1)).toEqual(['0', '1', '2', '3']);
    expect(net.items(p2)).toEqual(['0', '1', '2', '3']);
  });

  it('[PUL-FUNC-REQUEST.1] TestSpread: requests spread over every selected owner (p2, p3, p4) and never reach p5', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    const items = range(0, 99);
    const owners = ['p2', 'p3', 'p4'].map((n, i) => net.spawn(n, 10 + i, items));
    const p5 = net.spawn('p5', 20);
    net.setPeers(p1, ['p2', 'p3', 'p4']);
    net.runUntil(2000);
    const requestsTo = (p: string) => net.delivered.filter((d) => d.to === p && d.message.kind === 'sendRequest').length;
    for (const o of owners) expect(requestsTo(o)).toBeGreaterThan(0);
    expect(requestsTo(p5)).toBe(0);
    expect(net.items(p1)).toEqual(items);
  });

  it('[PUL-FUNC-ITEMS.1] TestPullEngine_Add: adding the same item twice holds it once', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    net.command(p1, { type: 'ITEMS_ADDED', ids: ['0'] });
    net.command(p1, { type: 'ITEMS_ADDED', ids: ['0'] });
    expect(net.items(p1)).toEqual(['0']);
  });

  it('[PUL-FUNC-ITEMS.1] TestPullEngine_Remove: a removed item is gone, and removing it twice is harmless', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1, ['0']);
    expect(net.items(p1)).toEqual(['0']);
    net.command(p1, { type: 'ITEMS_REMOVED', ids: ['0'] });
    expect(net.items(p1)).toEqual([]);
    net.command(p1, { type: 'ITEMS_REMOVED', ids: ['0'] });
    expect(net.items(p1)).toEqual([]);
  });

  it('[PUL-FUNC-STOP.1] TestPullEngine_Stop: after p1 stops, p2 pulling from it gains nothing more', () => {
    const net = new PullNet();
    const p1 = net.spawn('p1', 1);
    const p2 = net.spawn('p2', 2);
    net.setPeers(p2, ['p1']);
    for (let i = 0; i < 80; i++) {
      net.command(p1, { type: 'ITEMS_ADDED', ids: [String(i)] });
      net.runUntil(net.nowMs + 10);
    }
    const len1 = net.items(p2).length;
    expect(len1).toBeGreaterThan(0);
    net.command(p1, { type: 'STOP' });
    expect(net.armedTimers(p1)).toEqual([]);
    net.runUntil(net.nowMs + 800);
    expect(net.items(p2).length).toBe(len1);
  });

  it('[PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1] [PUL-ASM-INPUTS.1] algo/pull_test.go TestFilter: p1 offers p2 only even items and p3 only odd ones; after 2s p2 holds 0, 2, 4 and p3 holds 1, 3, 5', () => {
    const net = new MediatorNet(FABRIC_TEST_PARAMS);
    const byRequester: EgressFilter = (context) => (item) => (context.from === 'p2' ? Number(item) % 2 === 0 : Number(item) % 2 === 1);
    net.start('p1', 1, { egress: byRequester });
    net.start('p2', 2);
    net.start('p3', 3);
    for (const seq of [0, 1, 2, 3, 4, 5]) net.add('p1', seq);
    // p2 and p3 pull from p1 only, and do not know each other.
    net.setPeers('p2', ['p1']);
    net.setPeers('p3', ['p1']);
    net.runFor(2_000);
    expect(net.engineItems('p2')).toEqual(['0', '2', '4']);
    expect(net.engineItems('p3')).toEqual(['1', '3', '5']);
  });
});
