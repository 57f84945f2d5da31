/**
 * Ports of Fabric's gossip/discovery/discovery_test.go to the simulator, with Fabric's test config
 * (aliveTimeInterval 300ms, aliveExpirationTimeout 3s, check 300ms, reconnectInterval 3s,
 * msgExpirationFactor 20, maxConnectionAttempts 10000; wait timeout 15s). Fabric's instances all
 * have Endpoint = InternalEndpoint = localhost:<port> and connect to their bootstrap peers with
 * SelfOrg=true; here they are peers of one org. Fabric's dummy comm pushes alive messages to every
 * open stream; here the composition's routing pushes to propagatePeerNum random alive members,
 * and the membership sync runs every pullInterval (Fabric's Node.syncDiscovery): the scenarios and
 * assertions are Fabric's, the pushes are the real gossip ones.
 */
import { aliveMembers, aliveStoreContents, lookup, selfAliveEnvelope } from '../../src/membership';
import { advanceBy, command, crash, isAlive, restart, traceEvents } from '../../src/sim';
import { aliveNames, buildNet, deadNames, membershipSizeIs, stateOf, waitUntil, type MWorld, type NodeSpec } from './net';

const TIMEOUT = 15000;
const boot = (port: number) => `localhost:${port}`;
const names = (specs: readonly NodeSpec[]) => specs.map((s) => s.name);

describe('Fabric discovery_test.go ports', () => {
  it('[MEM-FUNC-CONNECT.1] [MEM-FUNC-CONNECT-INTERNAL-ENDPOINT.1] TestConnect: 10 nodes in a ring of Connects reach full membership', () => {
    const nodes: NodeSpec[] = Array.from({ length: 10 }, (_, i) => ({ name: `d${i}`, port: 7611 + i }));
    const net = buildNet({ nodes, tracing: true });
    let w: MWorld = net.world;
    nodes.forEach((n, i) => {
      const next = nodes[(i + 1) % 10] as NodeSpec;
      w = command(w, n.name, { type: 'ANCHOR_PEERS', channel: 'A', anchors: [{ org: 'Org1MSP', endpoint: boot(next.port) }] });
    });
    w = waitUntil(w, (x) => membershipSizeIs(net, x, names(nodes), 9), TIMEOUT);
    // Every Connect's first request went to a peer of our org, so it carried the internal endpoint.
    const firstRequests = new Map<string, unknown>();
    for (const line of traceEvents(w)) {
      if (line.k !== 'send' || firstRequests.has(line.from)) continue;
      const p = line.payload as { payload?: { nonce?: bigint; content?: { $case?: string; memReq?: { selfInformation: { secretEnvelope?: unknown } } } } };
      if (p.payload?.content?.$case === 'memReq' && p.payload.nonce !== 0n) firstRequests.set(line.from, p.payload.content.memReq?.selfInformation.secretEnvelope);
    }
    expect(firstRequests.size).toBe(10);
    expect([...firstRequests.values()].every((s) => s !== undefined)).toBe(true);
  });

  it('[MEM-FUNC-MEMRES-BUILD.1] [MEM-FUNC-MEMRES-HANDLE.1] TestValidation: after p3 stops, p1 gets a response with 2 alive and 1 dead entries', () => {
    const net = buildNet({
      nodes: [
        { name: 'p1', port: 4675, bootstrap: [boot(4677)] },
        { name: 'p2', port: 4676, bootstrap: [boot(4675)] },
        { name: 'p3', port: 4677 },
      ],
      tracing: true,
    });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, ['p1', 'p2', 'p3'], 2), TIMEOUT);
    w = crash(w, 'p3');
    const since = w.step;
    w = waitUntil(w, (x) => membershipSizeIs(net, x, ['p1', 'p2'], 1), TIMEOUT);
    w = advanceBy(w, 2000);
    const responses = traceEvents(w).filter((l) => l.k === 'send' && l.s > since && l.to === 'p1').map((l) => (l as { payload: { payload: { content: { $case: string; memRes?: { alive: unknown[]; dead: unknown[] } } } } }).payload.payload.content);
    const withDead = responses.filter((c) => c.$case === 'memRes' && (c.memRes?.dead.length ?? 0) > 0);
    expect(withDead.length).toBeGreaterThan(0);
    expect(withDead.every((c) => c.memRes?.alive.length === 2 && c.memRes.dead.length === 1)).toBe(true);
  });

  it('[MEM-FUNC-UPDATE-SELF.1] TestUpdate: a metadata update on d1 and an endpoint update on d5 reach the others', () => {
    const bootPeers = [boot(6611), boot(6612)];
    const nodes: NodeSpec[] = [1, 2, 3, 4, 5].map((i) => ({ name: `d${i}`, port: 6610 + i, bootstrap: bootPeers }));
    const net = buildNet({ nodes });
    let w: MWorld = waitUntil(net.world, (x) => membershipSizeIs(net, x, ['d5'], 4), TIMEOUT);
    w = command(w, 'd1', { type: 'UPDATE_METADATA', metadata: 'bla bla' });
    w = command(w, 'd5', { type: 'UPDATE_ENDPOINT', endpoint: 'localhost:5511' });
    const d1 = net.specs[0]?.pkiId;
    const d5 = net.specs[4]?.pkiId;
    waitUntil(w, (x) => aliveMembers(stateOf(x, 'd5')).find((m) => m.pkiId === d1)?.metadata === 'bla bla' && aliveMembers(stateOf(x, 'd1')).find((m) => m.pkiId === d5)?.endpoint === 'localhost:5511', TIMEOUT);
  });

  it('[MEM-FUNC-SYNC.1] TestInitiateSync: 10 nodes without gossip push, syncing with 9 peers every timeout/3, reach full membership in 4 timeouts', () => {
    const nodes: NodeSpec[] = Array.from({ length: 10 }, (_, i) => ({ name: `d${i + 1}`, port: 3611 + i, bootstrap: [boot(3611), boot(3612)], params: { propagatePeerNum: 0, pullIntervalMs: 1000, pullPeerNum: 9 } }));
    const net = buildNet({ nodes });
    const w = advanceBy(net.world, 4 * 3000);
    expect(membershipSizeIs(net, w, names(nodes), 9)).toBe(true);
  });

  it('[MEM-FUNC-SEND-ALIVE.1] TestSelf: our own alive message carries our endpoint and PKI-ID', () => {
    const net = buildNet({ nodes: [{ name: 'd1', port: 13463 }, { name: 'd2', port: 13464, bootstrap: [boot(13463)] }] });
    const w = waitUntil(net.world, (x) => selfAliveEnvelope(stateOf(x, 'd1')) !== undefined, TIMEOUT);
    const member = selfAliveEnvelope(stateOf(w, 'd1'))?.payload.content.aliveMsg.membership;
    expect(member?.endpoint).toBe('localhost:13463');
    expect(member?.pkiId).toBe(net.specs[0]?.pkiId);
    expect(lookup(stateOf(w, 'd1'), net.specs[0]?.pkiId as never)).toBeUndefined(); // self is not a member
  });

  it('[MEM-FUNC-EXPIRE-DEAD.1] [MEM-LIVE-DETECT-DEAD.1] TestExpiration: 5 nodes, 2 stop, the other 3 see 2 each', () => {
    const bootPeers = [boot(2611), boot(2612)];
    const nodes: NodeSpec[] = [1, 2, 3, 4, 5].map((i) => ({ name: `d${i}`, port: 2610 + i, bootstrap: bootPeers }));
    const net = buildNet({ nodes });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, names(nodes), 4), TIMEOUT);
    w = crash(crash(w, 'd5'), 'd4');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, ['d1', 'd2', 'd3'], 2), TIMEOUT);
    expect(deadNames(net, w, 'd1')).toEqual(['d4', 'd5']);
  });

  it('[MEM-LIVE-FULL-MEMBERSHIP.1] TestGetFullMembership: 15 nodes, boot peers last, everyone knows 14 with both endpoints; Lookup agrees', () => {
    const bootPeers = [boot(5511), boot(5512)];
    const nodes: NodeSpec[] = Array.from({ length: 15 }, (_, i) => ({ name: `d${i + 1}`, port: 5511 + i, bootstrap: bootPeers }));
    const net = buildNet({ nodes });
    let w = crash(crash(net.world, 'd1'), 'd2');
    w = restart(restart(advanceBy(w, 1000), 'd1'), 'd2');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, names(nodes), 14), TIMEOUT);
    for (const n of names(nodes)) {
      const s = stateOf(w, n);
      for (const m of aliveMembers(s)) {
        expect(m.internalEndpoint).toBeTruthy();
        expect(m.endpoint).toBeTruthy();
        expect(lookup(s, m.pkiId)).toEqual(m);
      }
    }
  });

  it('[MEM-LIVE-FULL-MEMBERSHIP.1] TestConvergence: three groups of 4 joined by a connector know 12; without it, 11', () => {
    const nodes: NodeSpec[] = [];
    for (const i of [1, 5, 9]) {
      nodes.push({ name: `d${i}`, port: 4610 + i });
      for (let k = 1; k <= 3; k++) nodes.push({ name: `d${i + k}`, port: 4610 + i + k, bootstrap: [boot(4610 + i)] });
    }
    const groups = names(nodes);
    nodes.push({ name: 'd13', port: 4623, bootstrap: [boot(4611), boot(4615), boot(4619)] });
    const net = buildNet({ nodes });
    let w = crash(net.world, 'd13');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, groups, 3), TIMEOUT);
    w = restart(w, 'd13');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, [...groups, 'd13'], 12), TIMEOUT);
    w = crash(w, 'd13');
    waitUntil(w, (x) => membershipSizeIs(net, x, groups, 11), TIMEOUT);
  });

  it('[MEM-FUNC-RECONNECT-DEAD.1] TestCertificateChange (first half; IdentitySwitch is not modelled): peers keep probing a stopped peer', () => {
    const bootPeers = [boot(42611), boot(42612), boot(42613)];
    const net = buildNet({ nodes: [1, 2, 3].map((i) => ({ name: `d${i}`, port: 42610 + i, bootstrap: bootPeers })), tracing: true });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, ['d1', 'd2', 'd3'], 2), TIMEOUT);
    w = crash(w, 'd2');
    const since = w.step;
    w = advanceBy(w, TIMEOUT);
    const probesBy = (peer: string) => traceEvents(w).filter((l) => l.k === 'dial' && l.s > since && l.peer === peer && l.endpoint === boot(42612)).length;
    expect(probesBy('d1')).toBeGreaterThan(1);
    expect(probesBy('d3')).toBeGreaterThan(1);
  });

  it('[MEM-LIVE-PURGE.1] [MEM-FUNC-PURGE.1] TestMsgStoreExpiration: within timeout×(20+5) survivors keep no trace of 2 stopped peers', () => {
    const bootPeers = [boot(12611), boot(12612)];
    const nodes: NodeSpec[] = [1, 2, 3, 4].map((i) => ({ name: `d${i}`, port: 12610 + i, bootstrap: bootPeers }));
    const net = buildNet({ nodes });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, names(nodes), 3), TIMEOUT);
    w = crash(crash(w, 'd4'), 'd3');
    const gone = [net.specs[2]?.pkiId, net.specs[3]?.pkiId];
    const noTrace = (x: MWorld) =>
      ['d1', 'd2'].every((n) => {
        const s = stateOf(x, n);
        return gone.every((id) => lookup(s, id as never) === undefined && !aliveStoreContents(s).some(([k]) => k === id));
      });
    w = waitUntil(w, noTrace, 3000 * (20 + 5));
    expect(aliveNames(net, w, 'd1')).toEqual(['d2']);
    expect(aliveNames(net, w, 'd2')).toEqual(['d1']);
  });

  it('[MEM-FUNC-PURGE.1] TestPeerIsolation: a peer alone for longer than the TTL still finds its bootstrap peer again', () => {
    const params = { aliveExpirationTimeoutMs: 600 };
    const nodes: NodeSpec[] = [0, 1, 2].map((i) => ({ name: `d${i}`, port: 7120 + i, bootstrap: [boot(7121)], params }));
    const net = buildNet({ nodes });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, names(nodes), 2), TIMEOUT);
    w = crash(crash(w, 'd0'), 'd1');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, ['d2'], 0), TIMEOUT);
    w = advanceBy(w, 600 * 20 + 1000);
    expect(deadNames(net, w, 'd2')).toEqual(['d1']); // the bootstrap peer stayed, d0 was purged
    w = restart(restart(w, 'd0'), 'd1');
    waitUntil(w, (x) => membershipSizeIs(net, x, names(nodes), 2), TIMEOUT);
  });

  it('[MEM-FUNC-PURGE.1] [MEM-FUNC-ANCHOR-PEERS.1] TestMembershipAfterExpiration: the anchor peer is kept, the other is removed, all meet again', () => {
    const params = { aliveExpirationTimeoutMs: 600, reconnectIntervalMs: 600, msgExpirationFactor: 5 };
    const nodes: NodeSpec[] = [0, 1, 2].map((i) => ({ name: `p${i}`, port: 9120 + i, params }));
    const net = buildNet({ nodes, tracing: true });
    const anchors = { type: 'ANCHOR_PEERS', channel: 'A', anchors: [{ org: 'Org1MSP', endpoint: 'localhost:9120' }] };
    let w: MWorld = net.world;
    for (const n of ['p0', 'p1', 'p2']) w = command(w, n, anchors);
    w = waitUntil(w, (x) => membershipSizeIs(net, x, names(nodes), 2), TIMEOUT);
    w = crash(crash(w, 'p0'), 'p1');
    w = advanceBy(w, 600 * 5 + 1000);
    const logs = traceEvents(w).filter((l) => l.k === 'log' && l.peer === 'p2').map((l) => (l as { message: string }).message);
    expect(logs).toContain('Do not remove bootstrap or anchor peer endpoint localhost:9120 from membership');
    expect(logs).toContain(`Removing member: Endpoint: localhost:9121, InternalEndpoint: localhost:9121, PKIID: ${net.specs[1]?.pkiId}`);
    expect(deadNames(net, w, 'p2')).toEqual(['p0']);
    expect(aliveNames(net, w, 'p2')).toEqual([]);
    w = restart(restart(w, 'p0'), 'p1');
    w = command(w, 'p1', anchors);
    waitUntil(w, (x) => isAlive(x, 'p0') && membershipSizeIs(net, x, names(nodes), 2), TIMEOUT);
  });
});
