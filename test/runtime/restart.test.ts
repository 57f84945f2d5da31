/**
 * A peer on the LevelDB ledger is stopped while blocks flow and started again from its directory:
 * no committed block lost, none torn, it rejoins its channel from stable storage, resumes at its
 * height and catches up with the chain it missed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalEncode } from '../../src/core';
import { LevelStore } from '../../src/runtime/ledger/level';
import { MemoryBlockStore, MemoryStableStorage } from '../../src/runtime/ledger/memory';
import type { OrderingServiceNode } from '../../src/runtime/orderer/deliver-service';
import { MemoryTelemetry, type BlockStore } from '../../src/runtime/ports';
import type { PeerNode } from '../../src/runtime/peer-node';
import { CHANNEL, configFor, deliverTo, joinCommand, makeNet, openNode, PEERS, startOrderer, waitFor } from './network-fixture';

jest.setTimeout(60_000);

describe('runtime: a restarted peer keeps its ledger and catches up', () => {
  const net = makeNet(51);
  const dir = mkdtempSync(join(tmpdir(), 'fgr-restart-'));
  let orderer: OrderingServiceNode;
  const nodes: PeerNode[] = [];
  const extra: { stop(): Promise<void> }[] = [];

  afterAll(async () => {
    await Promise.all([...nodes, ...extra].map((n) => n.stop()));
    await orderer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('[GEN-FUNC-RUNTIME-DURABLE-LEDGER.1] [GEN-FUNC-RUNTIME-RESTART.1] no committed block lost or torn; it resumes at its height, rejoins from stable storage and catches up', async () => {
    orderer = await startOrderer(net);
    for (const p of PEERS) nodes.push((await openNode(net, p.name)).node);
    const endpointOf = (i: number) => (nodes[i] as PeerNode).endpoint;
    const otherInOrg = [1, 0, 3, 2];
    const config = (i: number) => configFor(endpointOf(i), endpointOf(otherInOrg[i] as number));
    const durable = 1; // peer1.org1 runs on LevelDB
    const stores: BlockStore[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const level = i === durable ? await LevelStore.open(dir, net.suite) : undefined;
      const ledger = level ?? new MemoryBlockStore(net.suite);
      stores.push(ledger);
      await (nodes[i] as PeerNode).start({
        config: config(i),
        ledger,
        storage: level ?? new MemoryStableStorage(),
        orderer: deliverTo(net, PEERS[i]?.name as string, orderer.endpoint, new MemoryTelemetry()),
        seed: 200 + i,
      });
    }
    const anchors = { Org1MSP: endpointOf(0), Org2MSP: endpointOf(2) };
    for (const n of nodes) n.command(joinCommand(0, anchors));
    const status = () => nodes.map((n) => n.status());
    const leaders = () => nodes.filter((n) => n.status().leaderOf[CHANNEL] === true).length;
    await waitFor('a leader per org', () => leaders() === 2, 20_000, status);
    for (let i = 0; i < 3; i++) orderer.cut(CHANNEL);
    await waitFor('height 3 everywhere', () => nodes.every((n) => n.status().heights[CHANNEL] === 3), 15_000, status);

    // Stop the durable peer while the next blocks are being cut and spread.
    const victim = nodes[durable] as PeerNode;
    const port = Number(victim.endpoint.split(':')[1]);
    orderer.cut(CHANNEL);
    await victim.stop();
    nodes.splice(durable, 1);
    for (let i = 0; i < 2; i++) orderer.cut(CHANNEL);
    await waitFor('height 6 on the others', () => nodes.every((n) => n.status().heights[CHANNEL] === 6), 15_000, status);

    // What is on disk: a prefix of the chain, whole and chained.
    const chain = orderer.service.blocks(CHANNEL).map((b) => canonicalEncode(b));
    const reopened = await LevelStore.open(dir, net.suite);
    const height = reopened.heights()[CHANNEL] as number;
    expect(height === 3 || height === 4).toBe(true);
    expect(reopened.truncated).toEqual({});
    expect(reopened.ledger(CHANNEL).readRange(0, 10).map((b) => canonicalEncode(b))).toEqual(chain.slice(0, height));
    expect(Object.keys(await reopened.load())).toEqual([`channel/${CHANNEL}`]);

    // Start again on the same directory and port, with no join command: it rejoins from storage.
    const { node: again } = await openNode(net, PEERS[durable]?.name as string, new MemoryTelemetry(), port);
    extra.push(again);
    await again.start({
      config: configFor(again.endpoint, endpointOf(0)),
      ledger: reopened,
      storage: reopened,
      orderer: deliverTo(net, PEERS[durable]?.name as string, orderer.endpoint, new MemoryTelemetry()),
      seed: 300,
    });
    expect(again.status().heights).toEqual({ [CHANNEL]: height });
    expect(Object.keys(again.peerState()?.channels ?? {})).toEqual([CHANNEL]);
    await waitFor('the restarted peer catches up', () => again.status().heights[CHANNEL] === 6, 20_000, () => again.status());
    expect(reopened.ledger(CHANNEL).readRange(0, 10).map((b) => canonicalEncode(b))).toEqual(chain);
  });
});
