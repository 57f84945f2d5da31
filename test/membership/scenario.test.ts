/**
 * The seed's First Network experiment (seeds/004, fabric-gossip.md §2.8–2.9): two orgs of two
 * peers, each org bootstrapped on its peer0, every peer with an external endpoint. Before the
 * anchor-peer config update each org only knows itself; once ANCHOR_PEERS is applied every peer
 * knows all three others, and across the whole run no delivered envelope ever carried an internal
 * endpoint outside its org.
 */
import { aliveMembers, lookup } from '../../src/membership';
import { advanceTo, command, inject, peerState } from '../../src/sim';
import { disclosureViolations, internalEndpointLeaks } from './delivered';
import { aliveNames, buildNet, stateOf, waitUntil, type MWorld, type NodeSpec } from './net';

const nodes: NodeSpec[] = [
  { name: 'peer0.org1', org: 'Org1MSP', port: 7051, external: 'peer0.org1.example.com:7051' },
  { name: 'peer1.org1', org: 'Org1MSP', port: 8051, external: 'peer1.org1.example.com:8051', bootstrap: ['localhost:7051'] },
  { name: 'peer0.org2', org: 'Org2MSP', port: 9051, external: 'peer0.org2.example.com:9051' },
  { name: 'peer1.org2', org: 'Org2MSP', port: 10051, external: 'peer1.org2.example.com:10051', bootstrap: ['localhost:9051'] },
];
const anchors = {
  type: 'ANCHOR_PEERS',
  channel: 'mychannel',
  anchors: [
    { org: 'Org1MSP', endpoint: 'peer0.org1.example.com:7051' },
    { org: 'Org2MSP', endpoint: 'peer0.org2.example.com:9051' },
  ],
};

describe('scenario: First Network, 2 orgs x 2 peers', () => {
  it('[MEM-FUNC-ANCHOR-PEERS.1] [MEM-LIVE-FULL-MEMBERSHIP.1] [MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] anchor peers join the orgs; internal endpoints never leave their org', () => {
    const net = buildNet({ nodes, tracing: true });
    let w: MWorld = advanceTo(net.world, 5000);
    expect(nodes.map((n) => aliveNames(net, w, n.name))).toEqual([['peer1.org1'], ['peer0.org1'], ['peer1.org2'], ['peer0.org2']]);
    w = nodes.reduce((x, n) => command(x, n.name, anchors), w);
    w = waitUntil(w, (x) => nodes.every((n) => aliveNames(net, x, n.name).length === 3), 15000);
    const joinedAtMs = w.nowMs;
    w = advanceTo(w, 60000);
    expect(joinedAtMs).toBeLessThan(5000 + 15000);
    for (const n of nodes) {
      const s = stateOf(w, n.name);
      expect(aliveNames(net, w, n.name)).toEqual(nodes.map((m) => m.name).filter((m) => m !== n.name).sort());
      for (const m of aliveMembers(s)) {
        const sameOrg = net.orgOfName(net.nameOf(m.pkiId)) === n.org;
        expect([n.name, net.nameOf(m.pkiId), lookup(s, m.pkiId)?.internalEndpoint !== undefined]).toEqual([n.name, net.nameOf(m.pkiId), sameOrg]);
      }
    }
    expect(internalEndpointLeaks(net, w)).toEqual([]);
    expect(disclosureViolations(net, w)).toEqual([]);
  });

  it('[MEM-ASM-COMPOSITION-EDGE.1] the edge rejects garbage and illegal tags and keeps other contents away from membership', () => {
    const net = buildNet({ nodes });
    let w = advanceTo(net.world, 3000);
    const before = stateOf(w, 'peer0.org1');
    w = inject(w, 'peer0.org1', { not: 'an envelope' });
    w = inject(w, 'peer0.org1', { payload: { nonce: 0n, channel: '', tag: 'ORG_ONLY', content: { $case: 'empty', empty: {} } }, signature: '' });
    const alive = before.selfAlive;
    expect(alive).toBeDefined();
    w = inject(w, 'peer0.org1', { ...alive, payload: { ...alive?.payload, tag: 'CHAN_ONLY' } });
    expect(peerState(w, 'peer0.org1').rejected).toBe(2);
    expect(stateOf(w, 'peer0.org1')).toBe(before);
  });
});
