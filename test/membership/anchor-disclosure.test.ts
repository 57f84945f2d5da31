/**
 * What Fabric does with an anchor peer that has no external endpoint (spec/membership.md,
 * MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1): its org names it in the channel config at its internal
 * address, so a foreign peer with an external endpoint Connects to it there. gossip_impl.go
 * `Node.handleMessage` checks only that the request's self-information is about the connection's
 * PKI-ID, so the anchor learns the foreign peer from the request (discovery_impl.go
 * `handleMsgFromComm` -> `handleAliveMessage`); it answers nothing (`sendMemResponse`: the sieve
 * rejects our own alive message for a foreign requester when we have no external endpoint), but its
 * own membership sync (`InitiateSync`, through `discoveryAdapter.SendToPeer`, which applies only the
 * envelope filter) later sends that foreign peer a request whose self-information is the anchor's
 * alive message, and the foreign peer learns the anchor. Responses never disclose it and its
 * internal endpoint never leaves its org.
 */
import { aliveMembers, FABRIC_DISCOVERY_TEST_PARAMS, lookup } from '../../src/membership';
import { command } from '../../src/sim';
import { deliveries, internalEndpointLeaks } from './delivered';
import { aliveNames, buildNet, stateOf, waitUntil, type NodeSpec } from './net';

describe('an anchor peer without external endpoint', () => {
  it('[MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1] [MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] learns a foreign peer from its Connect request and is then seen by it through its own sync requests; no response discloses it and its internal endpoint stays in its org', () => {
    const nodes: NodeSpec[] = [
      { name: 'a0', org: 'OrgA', port: 9301, external: 'none' },
      { name: 'a1', org: 'OrgA', port: 9302, external: 'none', bootstrap: ['localhost:9301'] },
      { name: 'b0', org: 'OrgB', port: 9401 },
    ];
    // Membership sync as in a gossip node (Node.syncDiscovery): every pullInterval, pullPeerNum peers.
    const net = buildNet({ nodes, params: { ...FABRIC_DISCOVERY_TEST_PARAMS, pullIntervalMs: 1000, pullPeerNum: 3 }, tracing: true });
    const anchors = { type: 'ANCHOR_PEERS', channel: 'C', anchors: [{ org: 'OrgA', endpoint: 'localhost:9301' }, { org: 'OrgB', endpoint: 'localhost:9401' }] };
    let w = ['a0', 'a1', 'b0'].reduce((x, n) => command(x, n, anchors), net.world);
    const a0 = net.specs[0]?.pkiId as string;
    const b0 = net.specs[2]?.pkiId as string;
    w = waitUntil(w, (x) => aliveNames(net, x, 'b0').includes('a0'), 15000);
    // The anchor learned b0 from b0's Connect request, before b0 knew the anchor.
    const firstRequestFromB0 = deliveries(w).find((d) => d.from === 'b0' && d.to === 'a0' && d.envelope.payload.content.$case === 'memReq');
    expect(firstRequestFromB0).toBeDefined();
    expect(aliveNames(net, w, 'a0')).toContain('b0');
    // b0 learned a0 from a request of a0 (its self-information), never from a response.
    const toB0AboutA0 = deliveries(w).filter((d) => d.to === 'b0' && d.from === 'a0');
    expect(toB0AboutA0.some((d) => d.envelope.payload.content.$case === 'memReq')).toBe(true);
    expect(toB0AboutA0.filter((d) => d.envelope.payload.content.$case === 'memRes')).toEqual([]);
    // Seen, but as Fabric sees it: no external endpoint and no internal one.
    const seen = lookup(stateOf(w, 'b0'), a0 as never);
    expect(seen?.endpoint).toBe('');
    expect(seen?.internalEndpoint).toBeUndefined();
    expect(internalEndpointLeaks(net, w)).toEqual([]);
    // a1 (no external endpoint, not an anchor) is still unknown to b0.
    expect(aliveMembers(stateOf(w, 'b0')).map((m) => m.pkiId)).not.toContain(net.specs[1]?.pkiId);
    expect(aliveMembers(stateOf(w, 'a0')).map((m) => m.pkiId)).toContain(b0);
  });
});
