/**
 * Ports of Fabric's multi-org tests (gossip/gossip/orgs_test.go, anchor_test.go, and the org-based
 * reading of discovery_test.go TestDisclosurePolicyWithPull), in the simulator.
 */
import { aliveMembers, lookup } from '../../src/membership';
import { advanceBy, command, crash, restart, traceEvents } from '../../src/sim';
import { disclosureViolations, deliveries, internalEndpointLeaks } from './delivered';
import { aliveNames, buildNet, deadNames, stateOf, waitUntil, type MWorld, type NodeSpec, type TestNet } from './net';

const boot = (port: number) => `localhost:${port}`;
const anchorsCmd = (anchors: { org: string; endpoint: string }[]) => ({ type: 'ANCHOR_PEERS', channel: 'TEST', anchors });

function joinAll(net: TestNet, w0: MWorld, anchors: { org: string; endpoint: string }[]): MWorld {
  return net.specs.reduce((w, s) => command(w, s.name, anchorsCmd(anchors)), w0);
}

function internalEndpointsKnown(net: TestNet, w: MWorld, name: string): string[] {
  return aliveMembers(stateOf(w, name)).filter((m) => m.internalEndpoint !== undefined).map((m) => net.nameOf(m.pkiId)).sort();
}

describe('Fabric multi-org ports', () => {
  it('[MEM-FUNC-DISCLOSURE-POLICY.1] [MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1] TestDisclosurePolicyWithPull: even ports (external endpoints) are known across groups, odd ones only inside', () => {
    const port = (i: number) => 8610 + i;
    const nodes: NodeSpec[] = Array.from({ length: 10 }, (_, i) => ({
      name: String(port(i)),
      org: i < 5 ? 'Org1MSP' : 'Org2MSP',
      port: port(i),
      external: i % 2 === 0 ? 'same' : 'none',
      bootstrap: i === 0 || i === 6 ? [] : [boot(i < 5 ? 8610 : 8616)],
      params: { propagatePeerNum: 0, pullIntervalMs: 1000, pullPeerNum: 10 },
    }));
    const net = buildNet({ nodes, tracing: true });
    const expected: Record<string, number[]> = {
      8610: [8611, 8612, 8613, 8614, 8616, 8618],
      8611: [8610, 8612, 8613, 8614],
      8612: [8610, 8611, 8613, 8614, 8616, 8618],
      8613: [8610, 8611, 8612, 8614],
      8614: [8610, 8611, 8612, 8613, 8616, 8618],
      8615: [8616, 8617, 8618, 8619],
      8616: [8610, 8612, 8614, 8615, 8617, 8618, 8619],
      8617: [8615, 8616, 8618, 8619],
      8618: [8610, 8612, 8614, 8615, 8616, 8617, 8619],
      8619: [8615, 8616, 8617, 8618],
    };
    const view = (w: MWorld, n: string) => aliveNames(net, w, n).map(Number).sort();
    let w = joinAll(net, net.world, [{ org: 'Org1MSP', endpoint: boot(8610) }, { org: 'Org2MSP', endpoint: boot(8616) }]);
    w = waitUntil(w, (x) => nodes.every((n) => view(x, n.name).length === expected[n.name]?.length), 15000);
    for (const n of nodes) {
      expect([n.name, view(w, n.name)]).toEqual([n.name, expected[n.name]]);
      const group = (p: number) => (p < 8615 ? 1 : 2);
      for (const known of internalEndpointsKnown(net, w, n.name)) expect([n.name, known, group(Number(known))]).toEqual([n.name, known, group(n.port)]);
    }
    expect(internalEndpointLeaks(net, w)).toEqual([]);
    w = advanceBy(crash(w, '8610'), 6000);
    for (const n of nodes.slice(1)) expect([n.name, deadNames(net, w, n.name)]).toEqual([n.name, expected[n.name]?.[0] === 8610 ? ['8610'] : []]);
  });

  it('[MEM-FUNC-BOOTSTRAP-SAME-ORG.1] [MEM-SAFE-BOOTSTRAP-SANITY.1] TestBootstrapPeerMisConfiguration: the foreign bootstrap peer is only handshaken', () => {
    const net = buildNet({
      nodes: [
        { name: 'p', org: 'OrgA', port: 9001, bootstrap: [boot(9002), boot(9003)] },
        { name: 'bs1', org: 'OrgB', port: 9002 },
        { name: 'bs2', org: 'OrgA', port: 9003 },
      ],
      tracing: true,
    });
    const w = waitUntil(net.world, (x) => deliveries(x).some((d) => d.from === 'p' && d.to === 'bs2' && d.envelope.payload.content.$case === 'memReq'), 15000);
    const end = advanceBy(w, 15000 - w.nowMs);
    const dials = traceEvents(end).filter((l) => l.k === 'dial' && l.peer === 'p' && l.endpoint === boot(9002));
    expect(dials.length).toBeGreaterThanOrEqual(3);
    expect(traceEvents(end).filter((l) => l.k === 'send' && l.from === 'p' && l.to === 'bs1')).toEqual([]);
  });

  it('[MEM-FUNC-ANCHOR-PEERS.1] [MEM-FUNC-CONNECT-INTERNAL-ENDPOINT.1] TestAnchorPeer: internal endpoint only to the own-org anchor; then the advertised peers are handshaken', () => {
    const params = { publishCertPeriodMs: 0 };
    const ext = (name: string, port: number) => `${name}.ext:${port}`;
    const nodes: NodeSpec[] = [
      { name: 'p', org: 'OrgA', port: 9101, external: ext('p', 9101), params },
      { name: 'ap1', org: 'OrgA', port: 9102, external: ext('ap1', 9102), params },
      { name: 'a1', org: 'OrgA', port: 9103, external: ext('a1', 9103), bootstrap: [boot(9102)], params },
      { name: 'ap2', org: 'OrgB', port: 9104, external: ext('ap2', 9104), params },
      { name: 'b1', org: 'OrgB', port: 9105, external: ext('b1', 9105), bootstrap: [boot(9104)], params },
    ];
    const net = buildNet({ nodes, tracing: true });
    let w = crash(crash(net.world, 'ap1'), 'ap2');
    w = command(w, 'p', anchorsCmd([{ org: 'OrgA', endpoint: boot(9102) }, { org: 'OrgB', endpoint: ext('ap2', 9104) }]));
    w = restart(restart(advanceBy(w, 5000), 'ap1'), 'ap2');
    w = waitUntil(w, (x) => ['ap1', 'a1', 'ap2', 'b1'].every((n) => aliveNames(net, x, 'p').includes(n)), 30000);
    const requests = deliveries(w).filter((d) => d.from === 'p' && d.envelope.payload.content.$case === 'memReq' && d.envelope.payload.nonce !== 0n);
    const secretTo = (to: string) => requests.filter((d) => d.to === to).map((d) => d.envelope.payload.content.$case === 'memReq' && d.envelope.payload.content.memReq.selfInformation.secretEnvelope !== undefined);
    expect(secretTo('ap1')[0]).toBe(true);
    expect(secretTo('ap2')[0]).toBe(false);
    const dialed = new Set(traceEvents(w).filter((l) => l.k === 'dial' && l.peer === 'p' && l.attempt === 0).map((l) => (l as { endpoint: string }).endpoint));
    // b1's identity is not in the alive messages p gets about it (publishCertPeriod 0); it comes
    // from the identity store (identity pull in the composed peer, preloaded by this host), so p
    // dials neither of b1's endpoints: a peer is only dialled as an anchor, a bootstrap peer or a
    // dead member ([MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1]).
    expect(dialed.has(ext('b1', 9105))).toBe(false);
    expect(dialed.has(boot(9105))).toBe(false);
    expect(internalEndpointLeaks(net, w)).toEqual([]);
  });

  it('[MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] [MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1] TestMultipleOrgEndpointLeakage: org-mates all, foreign externals only if external, internals only in-org', () => {
    const nodes: NodeSpec[] = [];
    for (const [o, org] of [['a', 'OrgA'], ['b', 'OrgB']] as const) {
      for (let i = 0; i < 5; i++) {
        const port = (o === 'a' ? 9200 : 9300) + i;
        nodes.push({ name: `${o}${i}`, org, port, external: i < 2 ? 'same' : 'none', bootstrap: i === 0 ? [] : [boot(port - i)] });
      }
    }
    const net = buildNet({ nodes, tracing: true });
    let w = joinAll(net, net.world, [{ org: 'OrgA', endpoint: boot(9201) }, { org: 'OrgB', endpoint: boot(9300) }]);
    const expectedOf = (n: NodeSpec) => {
      const mates = nodes.filter((m) => m.org === n.org && m.name !== n.name).map((m) => m.name);
      const foreign = n.external === 'none' ? [] : nodes.filter((m) => m.org !== n.org && m.external !== 'none').map((m) => m.name);
      return [...mates, ...foreign].sort();
    };
    w = waitUntil(w, (x) => nodes.every((n) => aliveNames(net, x, n.name).join() === expectedOf(n).join()), 30000);
    w = advanceBy(w, 10000);
    for (const n of nodes) {
      expect([n.name, aliveNames(net, w, n.name)]).toEqual([n.name, expectedOf(n)]);
      const mates = nodes.filter((m) => m.org === n.org && m.name !== n.name).map((m) => m.name).sort();
      expect([n.name, internalEndpointsKnown(net, w, n.name)]).toEqual([n.name, mates]);
      for (const m of aliveMembers(stateOf(w, n.name))) if (net.orgOfName(net.nameOf(m.pkiId)) !== n.org) expect(lookup(stateOf(w, n.name), m.pkiId)?.internalEndpoint).toBeUndefined();
    }
    expect(internalEndpointLeaks(net, w)).toEqual([]);
    expect(disclosureViolations(net, w)).toEqual([]);
  });
});
