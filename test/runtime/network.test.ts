/**
 * 2 orgs × 2 peers on real sockets (127.0.0.1, free ports, mutual TLS) and an ordering service
 * serving AtomicBroadcast.Deliver over gRPC: one leader per org, full cross-org views after the
 * anchor-peer updates (config blocks from the orderer, org1's then org2's), every ledger equal to
 * the orderer's chain.
 */
import { canonicalEncode } from '../../src/core';
import { MemoryBlockStore, MemoryStableStorage } from '../../src/runtime/ledger/memory';
import type { OrderingServiceNode } from '../../src/runtime/orderer/deliver-service';
import { MemoryTelemetry } from '../../src/runtime/ports';
import type { PeerNode } from '../../src/runtime/peer-node';
import { CHANNEL, configFor, deliverTo, joinCommand, makeNet, openNode, PEERS, startOrderer, waitFor } from './network-fixture';

jest.setTimeout(60_000);

describe('runtime: a loopback network of four peers', () => {
  const net = makeNet(11);
  let orderer: OrderingServiceNode;
  const nodes: PeerNode[] = [];
  const telemetry: MemoryTelemetry[] = [];
  const stores: MemoryBlockStore[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await orderer?.stop();
  });

  it('[GEN-FUNC-RUNTIME-ONE-STEP.1] [GEN-FUNC-RUNTIME-HANDSHAKE.1] [GEN-FUNC-RUNTIME-ATTRIBUTION.1] [GEN-FUNC-RUNTIME-DELIVER.1] [GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] converges: one leader per org, full cross-org views after the anchor-peer config blocks, ledgers equal to the chain', async () => {
    orderer = await startOrderer(net);
    for (const p of PEERS) {
      const { node, telemetry: t } = await openNode(net, p.name);
      nodes.push(node);
      telemetry.push(t);
    }
    const endpointOf = (i: number) => (nodes[i] as PeerNode).endpoint;
    const otherInOrg = [1, 0, 3, 2];
    for (let i = 0; i < nodes.length; i++) {
      const store = new MemoryBlockStore(net.suite);
      stores.push(store);
      await (nodes[i] as PeerNode).start({
        config: configFor(endpointOf(i), endpointOf(otherInOrg[i] as number)),
        ledger: store,
        storage: new MemoryStableStorage(),
        orderer: deliverTo(net, PEERS[i]?.name as string, orderer.endpoint, new MemoryTelemetry()),
        seed: 100 + i,
      });
    }
    for (const n of nodes) n.command(joinCommand(0));
    const leadersOf = (org: string) => nodes.filter((n) => n.org === org && n.status().leaderOf[CHANNEL] === true).map((n) => n.options.name);
    const status = () => [nodes.map((n) => n.status()), telemetry.map((t) => [t.logs.filter((l) => l.level !== 'debug' || l.message.startsWith('comm:')).slice(-40).map((l) => l.message), [...t.counters].filter(([k]) => !k.startsWith('gossip_comm'))])];
    await waitFor('one leader per org', () => leadersOf('Org1MSP').length === 1 && leadersOf('Org2MSP').length === 1, 20_000, status);

    for (let i = 0; i < 3; i++) orderer.cut(CHANNEL);
    const heightsAre = (h: number) => () => nodes.every((n) => n.status().heights[CHANNEL] === h);
    await waitFor('every ledger at height 3', heightsAre(3), 15_000, status);

    // Before the anchor updates, no peer knows the other org.
    for (const n of nodes) expect(n.status().view).toHaveLength(1);
    // The First Network's anchor-peer updates, org1's then org2's, as config blocks 3 and 4: each
    // peer applies them when it commits them (most through gossip: only the leaders hear the orderer).
    const anchor = (i: number) => { const [host, port] = endpointOf(i).split(':'); return [{ host: host as string, port: Number(port) }]; };
    expect(orderer.updateAnchorPeers(CHANNEL, 'Org1MSP', anchor(0))).toBe(3);
    expect(orderer.updateAnchorPeers(CHANNEL, 'Org2MSP', anchor(2))).toBe(4);
    await waitFor('every ledger at height 5', heightsAre(5), 15_000, status);
    await waitFor('full cross-org views', () => nodes.every((n) => n.status().view.length === 3), 20_000, status);
    for (const n of nodes) expect(n.peerState()?.channels[CHANNEL]?.sequence).toBe(2);
    for (const t of telemetry) expect(t.total('runtime_config_blocks_total')).toBe(2);

    for (let i = 0; i < 2; i++) orderer.cut(CHANNEL);
    await waitFor('every ledger at height 7', heightsAre(7), 15_000, status);
    const chain = orderer.service.blocks(CHANNEL).map((b) => canonicalEncode(b));
    for (const store of stores) expect(store.ledger(CHANNEL).readRange(0, 10).map((b) => canonicalEncode(b))).toEqual(chain);
    // Views hold every other peer by its endpoint, and each org has one leader (waited for: a view
    // can lose a member for a moment when a loaded machine delays its heartbeats).
    const othersOf = (n: PeerNode) => nodes.filter((o) => o !== n).map((o) => o.endpoint).sort();
    await waitFor(
      'full views and one leader per org',
      () => nodes.every((n) => JSON.stringify(n.status().view) === JSON.stringify(othersOf(n))) && leadersOf('Org1MSP').length === 1 && leadersOf('Org2MSP').length === 1,
      10_000,
      status,
    );
    // Every message came in on an authenticated connection and decoded.
    for (const t of telemetry) {
      expect(t.total('gossip_comm_messages_received')).toBeGreaterThan(0);
      expect(t.total('runtime_decode_errors_total')).toBe(0);
      expect(t.total('runtime_reducer_failures_total')).toBe(0);
      expect(t.total('runtime_invalid_effects_total')).toBe(0);
    }
  });
});
