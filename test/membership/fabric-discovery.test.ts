/**
 * Ports of Fabric's gossip/discovery/discovery_test.go to the simulator, with Fabric's test config
 * (defaultTestConfig: aliveTimeInterval 300ms, aliveExpirationTimeout 3s, check 300ms,
 * reconnectInterval 3s, msgExpirationFactor 20, maxConnectionAttempts 10000; waits of 15s).
 *
 * Mechanism adaptations (the scenarios, parameters and assertions are Fabric's):
 *  - Fabric's discovery tests run discovery alone: no membership sync runs unless the test calls
 *    InitiateSync. Here `pullPeerNum` is 0 (the sync region fires and asks nobody); a test that calls
 *    InitiateSync(n) sends the host command INITIATE_SYNC (membership-node.ts), and TestInitiateSync's
 *    ticker is the sync region itself (every aliveExpirationTimeout/3 with 9 peers).
 *  - Fabric's dummy comm gossips and forwards every alive message to every open stream (the peers it
 *    exchanged membership messages with); here the routing pushes and forwards to every alive member
 *    (propagatePeerNum above any network size). createDiscoveryInstanceWithNoGossip is propagatePeerNum 0.
 *  - Fabric's instances have Endpoint = InternalEndpoint = localhost:<port> and one org (the
 *    discovery layer knows no orgs; its identifier says SelfOrg); here they are peers of Org1MSP
 *    unless a test says otherwise, and Fabric's IdentitySwitch is the IDENTITY_PURGED input.
 */
import { aliveMembers, aliveStoreContents, FABRIC_DISCOVERY_TEST_PARAMS, lookup, selfAliveEnvelope, type AliveEnvelope, type MembershipParams } from '../../src/membership';
import type { Envelope } from '../../src/messages';
import { advanceBy, command, crash, isAlive, restart, traceEvents } from '../../src/sim';
import { deliveries } from './delivered';
import { aliveNames, buildNet, deadNames, membershipSizeIs, stateOf, waitUntil, type MWorld, type NodeSpec } from './net';

const TIMEOUT = 15000;
const boot = (port: number) => `localhost:${port}`;
const names = (specs: readonly NodeSpec[]) => specs.map((s) => s.name);
/** "Every open stream": more than any network here. */
const EVERY_STREAM = 1000;
/** Fabric's defaultTestConfig, and discovery alone: no sync unless a test initiates one. */
const DISCOVERY: MembershipParams = { ...FABRIC_DISCOVERY_TEST_PARAMS, pullPeerNum: 0, propagatePeerNum: EVERY_STREAM };
/** createDiscoveryInstanceWithNoGossip: Gossip and Forward send nothing. */
const NO_GOSSIP: Partial<MembershipParams> = { propagatePeerNum: 0 };

type MemReq = { selfInformation: AliveEnvelope };
const memReqOf = (payload: unknown): MemReq | undefined => {
  const c = (payload as Envelope | undefined)?.payload?.content;
  return c?.$case === 'memReq' ? (c.memReq as MemReq) : undefined;
};
const memResOf = (payload: unknown): { alive: readonly unknown[]; dead: readonly unknown[] } | undefined => {
  const c = (payload as Envelope | undefined)?.payload?.content;
  return c?.$case === 'memRes' ? c.memRes : undefined;
};

describe('Fabric discovery_test.go ports', () => {
  /**
   * Fabric connects each instance to the next with an identifier that answers SelfOrg: false, so
   * createMembershipRequest(false) builds each first request without a SecretEnvelope; the test
   * records the first request each instance sends and asserts that none of the ten carries one.
   * Here SelfOrg comes from the handshake (as in Fabric's real gossip, the remote identity's org),
   * so the ring alternates two orgs and every Connect goes to a peer of the other org. Both orgs
   * have external endpoints, so they disclose everything to each other, as Fabric's noopPolicy.
   * Fabric also checks createMembershipRequest(true) and (false) on a random instance; here an
   * InitiateSync (which builds createMembershipRequest(true)) to all 9 shows the secret on the
   * requests to its own org, and the ten Connect requests are the (false) side.
   * Planted check: with all ten in one org (this port's former harness) every first request carries
   * the secret envelope and the last assertion fails; so does TestValidation without its INITIATE_SYNC.
   */
  it('[MEM-FUNC-CONNECT.1] [MEM-FUNC-CONNECT-INTERNAL-ENDPOINT.1] TestConnect: 10 nodes in a ring of Connects with SelfOrg false reach full membership; none of the first requests carries a secret envelope', () => {
    const orgOf = (i: number) => (i % 2 === 0 ? 'Org1MSP' : 'Org2MSP');
    const nodes: NodeSpec[] = Array.from({ length: 10 }, (_, i) => ({ name: `d${i}`, port: 7611 + i, org: orgOf(i) }));
    const net = buildNet({ nodes, params: DISCOVERY, tracing: true });
    let w: MWorld = net.world;
    nodes.forEach((n, i) => {
      const j = (i + 1) % 10;
      const next = nodes[j] as NodeSpec;
      w = command(w, n.name, { type: 'ANCHOR_PEERS', channel: 'A', anchors: [{ org: orgOf(j), endpoint: boot(next.port) }] });
    });
    w = advanceBy(w, 3000);
    w = waitUntil(w, (x) => membershipSizeIs(net, x, ['d9'], 9), TIMEOUT);
    // createMembershipRequest(true): a sync request carries the internal endpoint (kept for our org).
    const since = w.step;
    const syncer = 'd4';
    w = command(w, syncer, { type: 'INITIATE_SYNC', peerNum: 9 });
    const syncRequests = traceEvents(w).flatMap((l) => (l.k === 'send' && l.s > since && l.from === syncer && memReqOf(l.payload) !== undefined ? [l] : []));
    expect(syncRequests).toHaveLength(9);
    for (const r of syncRequests) {
      const sameOrg = net.orgOfName(r.to) === net.orgOfName(syncer);
      expect(memReqOf(r.payload)?.selfInformation.secretEnvelope !== undefined).toBe(sameOrg);
    }
    // The first membership request each instance sent: ten, none with a SecretEnvelope.
    const firstSentMemReqMsgs = new Map<string, MemReq>();
    for (const line of traceEvents(w)) {
      if (line.k !== 'send' || firstSentMemReqMsgs.has(line.from)) continue;
      const req = memReqOf(line.payload);
      if (req !== undefined) firstSentMemReqMsgs.set(line.from, req);
    }
    expect(firstSentMemReqMsgs.size).toBe(10);
    for (const req of firstSentMemReqMsgs.values()) expect(req.selfInformation.secretEnvelope).toBeUndefined();
  });

  it('[MEM-FUNC-MEMRES-BUILD.1] [MEM-FUNC-MEMRES-HANDLE.1] TestValidation: p1 receives a request and responses; after p3 stops, InitiateSync(1) gets a response with 2 alive and 1 dead entries', () => {
    const net = buildNet({
      nodes: [
        { name: 'p1', port: 4675, bootstrap: [boot(4677)] },
        { name: 'p2', port: 4676, bootstrap: [boot(4675)] },
        { name: 'p3', port: 4677 },
      ],
      params: DISCOVERY,
      tracing: true,
    });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, ['p1', 'p2', 'p3'], 2), TIMEOUT);
    w = crash(w, 'p3');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, ['p1', 'p2'], 1), TIMEOUT);
    // Force p1 to send a membership request so it can receive back a response with dead peers.
    w = command(w, 'p1', { type: 'INITIATE_SYNC', peerNum: 1 });
    const toP1 = (x: MWorld) => deliveries(x).filter((d) => d.to === 'p1');
    const withDead = (x: MWorld) => toP1(x).flatMap((d) => { const r = memResOf(d.envelope); return r !== undefined && r.dead.length > 0 ? [r] : []; });
    w = waitUntil(w, (x) => withDead(x).length > 0, TIMEOUT);
    // Alive messages came to p1 in membership requests and in membership responses.
    expect(toP1(w).some((d) => memReqOf(d.envelope) !== undefined)).toBe(true);
    expect(toP1(w).some((d) => (memResOf(d.envelope)?.alive.length ?? 0) > 0)).toBe(true);
    const [res] = withDead(w);
    expect(res?.alive).toHaveLength(2);
    expect(res?.dead).toHaveLength(1);
  });

  it('[MEM-FUNC-UPDATE-SELF.1] TestUpdate: a metadata update on d1 and an endpoint update on d5 reach the others', () => {
    const bootPeers = [boot(6611), boot(6612)];
    const nodes: NodeSpec[] = [1, 2, 3, 4, 5].map((i) => ({ name: `d${i}`, port: 6610 + i, bootstrap: bootPeers }));
    const net = buildNet({ nodes, params: DISCOVERY });
    let w: MWorld = waitUntil(net.world, (x) => membershipSizeIs(net, x, ['d5'], 4), TIMEOUT);
    w = command(w, 'd1', { type: 'UPDATE_METADATA', metadata: 'bla bla' });
    w = command(w, 'd5', { type: 'UPDATE_ENDPOINT', endpoint: 'localhost:5511' });
    const d1 = net.specs[0]?.pkiId;
    const d5 = net.specs[4]?.pkiId;
    waitUntil(w, (x) => aliveMembers(stateOf(x, 'd5')).find((m) => m.pkiId === d1)?.metadata === 'bla bla' && aliveMembers(stateOf(x, 'd1')).find((m) => m.pkiId === d5)?.endpoint === 'localhost:5511', TIMEOUT);
  });

  it('[MEM-FUNC-SYNC.1] TestInitiateSync: 10 nodes without gossip, each calling InitiateSync(9) every timeout/3, have full membership after 4 timeouts', () => {
    const nodes: NodeSpec[] = Array.from({ length: 10 }, (_, i) => ({ name: `d${i + 1}`, port: 3611 + i, bootstrap: [boot(3611), boot(3612)], params: { ...NO_GOSSIP, pullIntervalMs: DISCOVERY.aliveExpirationTimeoutMs / 3, pullPeerNum: 9 } }));
    const net = buildNet({ nodes, params: DISCOVERY });
    let w = advanceBy(net.world, 4 * DISCOVERY.aliveExpirationTimeoutMs);
    w = waitUntil(w, (x) => membershipSizeIs(net, x, names(nodes), 9), TIMEOUT);
    // Without gossip, nothing but the Connects and the syncs carried alive messages.
    expect(traceEvents(w).some((l) => l.k === 'send' && (l.payload as Envelope).payload.content.$case === 'aliveMsg')).toBe(false);
  });

  it('[MEM-FUNC-SEND-ALIVE.1] TestSelf: our own alive message carries our endpoint and PKI-ID', () => {
    const net = buildNet({ nodes: [{ name: 'd1', port: 13463 }, { name: 'd2', port: 13464, bootstrap: [boot(13463)] }], params: DISCOVERY });
    const w = waitUntil(net.world, (x) => selfAliveEnvelope(stateOf(x, 'd1')) !== undefined, TIMEOUT);
    const member = selfAliveEnvelope(stateOf(w, 'd1'))?.payload.content.aliveMsg.membership;
    expect(member?.endpoint).toBe('localhost:13463');
    expect(member?.pkiId).toBe(net.specs[0]?.pkiId);
    expect(lookup(stateOf(w, 'd1'), net.specs[0]?.pkiId as never)).toBeUndefined(); // self is not a member
  });

  it('[MEM-FUNC-EXPIRE-DEAD.1] [MEM-LIVE-DETECT-DEAD.1] TestExpiration: 5 nodes, 2 stop, the other 3 see 2 each', () => {
    const bootPeers = [boot(2611), boot(2612)];
    const nodes: NodeSpec[] = [1, 2, 3, 4, 5].map((i) => ({ name: `d${i}`, port: 2610 + i, bootstrap: bootPeers }));
    const net = buildNet({ nodes, params: DISCOVERY });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, names(nodes), 4), TIMEOUT);
    w = crash(crash(w, 'd5'), 'd4');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, ['d1', 'd2', 'd3'], 2), TIMEOUT);
    expect(deadNames(net, w, 'd1')).toEqual(['d4', 'd5']);
  });

  it('[MEM-LIVE-FULL-MEMBERSHIP.1] TestGetFullMembership: 15 nodes, boot peers last, everyone knows 14 with both endpoints; Lookup agrees', () => {
    const bootPeers = [boot(5511), boot(5512)];
    const nodes: NodeSpec[] = Array.from({ length: 15 }, (_, i) => ({ name: `d${i + 1}`, port: 5511 + i, bootstrap: bootPeers }));
    const net = buildNet({ nodes, params: DISCOVERY });
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
    const net = buildNet({ nodes, params: DISCOVERY });
    let w = crash(net.world, 'd13');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, groups, 3), TIMEOUT);
    w = restart(w, 'd13');
    w = waitUntil(w, (x) => membershipSizeIs(net, x, [...groups, 'd13'], 12), TIMEOUT);
    w = crash(w, 'd13');
    waitUntil(w, (x) => membershipSizeIs(net, x, groups, 11), TIMEOUT);
  });

  it('[MEM-FUNC-RECONNECT-DEAD.1] [MEM-FUNC-IDENTITY-PURGED.1] TestCertificateChange: d1 and d3 keep probing a stopped d2; after d2\'s identity switch on d1, d3 still probes and d1 ceases', () => {
    const bootPeers = [boot(42611), boot(42612), boot(42613)];
    const net = buildNet({ nodes: [1, 2, 3].map((i) => ({ name: `d${i}`, port: 42610 + i, bootstrap: bootPeers })), params: DISCOVERY, tracing: true });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, ['d1', 'd2', 'd3'], 2), TIMEOUT);
    w = crash(w, 'd2');
    // Fabric's ping counters: dials (probes and Connect handshakes) to d2's endpoint.
    const pingCount = (x: MWorld, peer: string) => traceEvents(x).filter((l) => l.k === 'dial' && l.peer === peer && l.endpoint === boot(42612)).length;
    let c1 = pingCount(w, 'd1');
    let c3 = pingCount(w, 'd3');
    w = waitUntil(w, (x) => pingCount(x, 'd1') > c1 && pingCount(x, 'd3') > c3, TIMEOUT);
    // Tell d1 that d2's PKI-ID has changed, so that it purges it from the membership entirely.
    w = command(w, 'd1', { type: 'IDENTITY_PURGED', pkiId: net.specs[1]?.pkiId });
    c1 = pingCount(w, 'd1');
    c3 = pingCount(w, 'd3');
    w = waitUntil(w, (x) => pingCount(x, 'd3') > c3, TIMEOUT);
    expect(pingCount(w, 'd1')).toBe(c1);
  });

  it('[MEM-LIVE-PURGE.1] [MEM-FUNC-PURGE.1] TestMsgStoreExpiration: within timeout×(20+5) survivors keep no trace of 2 stopped peers', () => {
    const bootPeers = [boot(12611), boot(12612)];
    const nodes: NodeSpec[] = [1, 2, 3, 4].map((i) => ({ name: `d${i}`, port: 12610 + i, bootstrap: bootPeers }));
    const net = buildNet({ nodes, params: DISCOVERY });
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
    // Fabric: AliveExpirationTimeout = 2 × aliveTimeInterval.
    const params = { aliveExpirationTimeoutMs: 2 * DISCOVERY.aliveTimeIntervalMs };
    const nodes: NodeSpec[] = [0, 1, 2].map((i) => ({ name: `d${i}`, port: 7120 + i, bootstrap: [boot(7121)], params }));
    const net = buildNet({ nodes, params: DISCOVERY });
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
    const net = buildNet({ nodes, params: DISCOVERY, tracing: true });
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
