/**
 * Ports of the membership scenarios of Fabric's gossip/gossip/gossip_test.go (TestMembership,
 * TestMembershipConvergence): what they assert is the node's Peers() (discovery's alive view) and
 * the metadata a peer set with UpdateMetadata, so they run on membership-only nodes (net.ts) with
 * gossip_test.go's discovery config: alive 1s, alive expiration 10s (check 1s), reconnect 1s,
 * maxConnectionAttempts 120, msgExpirationFactor 20, the gossip node's membership sync every
 * pullInterval 4s to pullPeerNum 5, pushes to propagatePeerNum 3, publishCert 4s.
 *
 * Adaptations of the mechanism (never of the assertions):
 * - The composed peer has no UpdateMetadata command; the membership layer's UPDATE_METADATA is
 *   what Fabric's Node.UpdateMetadata reaches (discovery's UpdateMetadata), so the nodes are the
 *   membership layer alone. The channel joins of TestMembership play no part in what it asserts.
 * - waitUntilOrFail (180 s) is virtual time (net.ts waitUntil). Fabric's connector restarted on a
 *   new port is a second node (another endpoint and PKI-ID) started then: crashed at time 0,
 *   restarted when Fabric creates it.
 */
import { aliveMembers } from '../../src/membership';
import { command, crash, restart, advanceBy } from '../../src/sim';
import { GOSSIP_TEST_MEMBERSHIP_PARAMS } from './gossip-test-params';
import { buildNet, stateOf, waitUntil, type MWorld, type NodeSpec } from './net';

const TIMEOUT_MS = 180_000;
const GOSSIP_TEST_DISCOVERY = GOSSIP_TEST_MEMBERSHIP_PARAMS;
const ep = (port: number) => `localhost:${port}`;
/** Peers(): alive members. */
const peersOf = (w: MWorld, name: string) => aliveMembers(stateOf(w, name));
/** metadataOfPeer(peers, endpoint). */
const metadataOfPeer = (w: MWorld, name: string, endpoint: string) => peersOf(w, name).find((m) => m.internalEndpoint === endpoint)?.metadata;

describe('gossip_test.go membership scenarios', () => {
  it('[MEM-LIVE-FULL-MEMBERSHIP.1] [MEM-FUNC-UPDATE-SELF.1] TestMembership: a boot and 10 peers bootstrapping from it; every peer sees 10 alive; the last peer\'s metadata "bla bla" reaches the boot and every other peer', () => {
    const n = 10;
    const nodes: NodeSpec[] = [{ name: 'boot', port: 5000 }, ...Array.from({ length: n }, (_, i) => ({ name: `p${i + 1}`, port: 5001 + i, bootstrap: [ep(5000)] }))];
    const net = buildNet({ nodes, params: GOSSIP_TEST_DISCOVERY, seed: 574 });
    const peers = nodes.slice(1).map((x) => x.name);
    let w = waitUntil(net.world, (x) => peers.every((p) => peersOf(x, p).length === n), TIMEOUT_MS);
    for (const p of peers) expect(peersOf(w, p)).toHaveLength(n);
    const last = peers[n - 1]!;
    const lastPeer = ep(5000 + n);
    w = command(w, last, { type: 'UPDATE_METADATA', metadata: 'bla bla' });
    const others = ['boot', ...peers.slice(0, n - 1)];
    w = waitUntil(w, (x) => others.every((p) => metadataOfPeer(x, p, lastPeer) === 'bla bla'), TIMEOUT_MS);
    for (const p of others) expect(metadataOfPeer(w, p, lastPeer)).toBe('bla bla');
  });

  it('[MEM-LIVE-FULL-MEMBERSHIP.1] [MEM-LIVE-DETECT-DEAD.1] [MEM-FUNC-UPDATE-SELF.1] TestMembershipConvergence: 3 groups of 4 around 3 boots converge through a connector; without it they keep 14; a new connector rejoins them all', () => {
    const boots: NodeSpec[] = [0, 1, 2].map((i) => ({ name: `boot${i}`, port: 6000 + i }));
    // 0: {3, 6, 9, 12}, 1: {4, 7, 10, 13}, 2: {5, 8, 11, 14}.
    const rest: NodeSpec[] = Array.from({ length: 12 }, (_, k) => ({ name: `p${k + 3}`, port: 6003 + k, bootstrap: [ep(6000 + ((k + 3) % 3))] }));
    const allBoots = boots.map((b) => ep(b.port));
    const connector: NodeSpec = { name: 'connector', port: 6015, bootstrap: allBoots };
    const connector2: NodeSpec = { name: 'connector2', port: 6016, bootstrap: allBoots };
    const net = buildNet({ nodes: [...boots, ...rest, connector, connector2], params: GOSSIP_TEST_DISCOVERY, seed: 850 });
    const fifteen = [...boots, ...rest].map((x) => x.name);
    let w = crash(crash(net.world, 'connector'), 'connector2');
    // 1) Each group knows only itself: 4 others.
    w = waitUntil(w, (x) => fifteen.every((p) => peersOf(x, p).length === 4), TIMEOUT_MS);
    for (const p of fifteen) expect(peersOf(w, p)).toHaveLength(4);
    // 2) The connector comes up, with metadata "Connector".
    w = command(restart(w, 'connector'), 'connector', { type: 'UPDATE_METADATA', metadata: 'Connector' });
    const fullKnowledge = (endpoint: string, metadata: string) => (x: MWorld) => fifteen.every((p) => peersOf(x, p).length === 15 && metadataOfPeer(x, p, endpoint) === metadata);
    w = waitUntil(w, fullKnowledge(ep(6015), 'Connector'), TIMEOUT_MS);
    expect(fullKnowledge(ep(6015), 'Connector')(w)).toBe(true);
    // 3) Stop it, sleep 15 s: all forget it (14 each) and still know each other.
    w = advanceBy(crash(w, 'connector'), 15_000);
    w = waitUntil(w, (x) => fifteen.every((p) => peersOf(x, p).length === 14), TIMEOUT_MS);
    for (const p of fifteen) expect(peersOf(w, p)).toHaveLength(14);
    // 4) A new connector, metadata "Connector2": 15 each again.
    w = command(restart(w, 'connector2'), 'connector2', { type: 'UPDATE_METADATA', metadata: 'Connector2' });
    w = waitUntil(w, fullKnowledge(ep(6016), 'Connector2'), TIMEOUT_MS);
    expect(fullKnowledge(ep(6016), 'Connector2')(w)).toBe(true);
  });
});
