/**
 * Sim vs network: the same small scenario run by the simulator (src/scenarios, virtual time) and by
 * the runtime (the same composed reducer in four PeerNodes on real sockets, an ordering service on
 * gRPC) ends in the same state, compared on what both hosts must agree on.
 *
 * The scenario: 2 orgs × 2 peers, each bootstrapping from the other peer of its org, dynamic
 * election with Fabric's fast test settings (the CORE_PEER_GOSSIP_* of network-fixture.ts, given to
 * both); the channel is created (block 0) and joined with no anchor peers; org1's then org2's
 * anchor-peer update, each a config block (1 and 2) applied by every peer when it commits it; three
 * more blocks (3 to 5).
 *
 * What is compared: per org, the number of leaders (one); every peer's membership view and channel
 * view, by peer name (the three others); every peer's height and the orderer's (6), every ledger
 * equal to its own orderer's chain; every peer's applied config sequence (2). What is not: which
 * peer of an org leads. Election picks among the peers that were leader after the last view change
 * ([ELE-LIVE-ONE-LEADER.1]), and which ones were depends on timing: on real sockets the order in
 * which a peer's first dials succeed (its bootstrap peer may not listen yet), in the simulator the
 * seed's latencies; and the PKI-IDs differ (each world issues its own certificates), so even "the
 * smallest id leads" names different peers. Nor the blocks' bytes: the simulator's blocks carry
 * plain transactions, the runtime's Fabric envelopes and config transactions.
 */
import { currentChannelPeers } from '../../src/channel/queries';
import { canonicalEncode } from '../../src/core';
import { aliveMembers, preferredEndpoint } from '../../src/membership';
import type { PeerState } from '../../src/peer';
import { readConfigBlock } from '../../src/runtime/configtx';
import { MemoryBlockStore, MemoryStableStorage } from '../../src/runtime/ledger/memory';
import type { OrderingServiceNode } from '../../src/runtime/orderer/deliver-service';
import { MemoryTelemetry } from '../../src/runtime/ports';
import type { PeerNode } from '../../src/runtime/peer-node';
import { compileScenario } from '../../src/scenarios/compile';
import { runScenario } from '../../src/scenarios/run';
import { decodeScenario } from '../../src/scenarios/scenario-file';
import { leadersOf, ledgerHeight, ledgerOf, ordererBlocks, ordererHeight, peerSlot } from '../../src/sim';
import { CHANNEL, configFor, deliverTo, FAST_ENV, joinCommand, makeNet, openNode, PEERS, startOrderer, waitFor } from './network-fixture';

jest.setTimeout(90_000);

const NAMES: string[] = PEERS.map((p) => p.name);
const orgOfName = (name: string) => (PEERS.find((p) => p.name === name) as (typeof PEERS)[number]).org;
const mateOf = (name: string) => NAMES.find((n) => n !== name && orgOfName(n) === orgOfName(name)) as string;

/** What both hosts must agree on at the end. */
interface Outcome {
  readonly leadersPerOrg: Record<string, number>;
  readonly views: Record<string, string[]>;
  readonly channelViews: Record<string, string[]>;
  readonly heights: Record<string, number>;
  readonly ordererHeight: number;
  readonly ledgersEqualChain: Record<string, boolean>;
  readonly configSequence: Record<string, number | undefined>;
}

function outcomeOf(states: Record<string, PeerState>, leaders: readonly string[], heights: Record<string, number>, chainHeight: number, equal: Record<string, boolean>, nameOfEndpoint: (e: string) => string): Outcome {
  const nameOfPki = (pki: string) => NAMES.find((n) => states[n]?.self.pkiId === pki) ?? pki;
  const sorted = (xs: string[]) => [...xs].sort();
  return {
    leadersPerOrg: Object.fromEntries(['Org1MSP', 'Org2MSP'].map((org) => [org, leaders.filter((n) => orgOfName(n) === org).length])),
    views: Object.fromEntries(NAMES.map((n) => [n, sorted(aliveMembers((states[n] as PeerState).membership).map((m) => nameOfEndpoint(preferredEndpoint(m))))])),
    channelViews: Object.fromEntries(NAMES.map((n) => {
      const ch = (states[n] as PeerState).channels[CHANNEL];
      return [n, ch === undefined ? [] : sorted(currentChannelPeers(ch.gossipChannel).map(nameOfPki))];
    })),
    heights,
    ordererHeight: chainHeight,
    ledgersEqualChain: equal,
    configSequence: Object.fromEntries(NAMES.map((n) => [n, (states[n] as PeerState).channels[CHANNEL]?.sequence])),
  };
}

/** The scenario in the simulator. */
function simulate(): { outcome: Outcome; configApplied: Record<string, number[]> } {
  const endpoint = (name: string) => `${name}.example.com:${7051 + NAMES.indexOf(name) * 1000}`;
  const spec = decodeScenario({
    name: 'differential',
    profile: 'fabric-1.4',
    seed: 7,
    duration: '40s',
    orgs: ['Org1MSP', 'Org2MSP'].map((mspId) => ({
      mspId,
      peers: NAMES.filter((n) => orgOfName(n) === mspId).map((name) => ({ name, endpoint: endpoint(name), bootstrap: [endpoint(mateOf(name))] })),
    })),
    channels: [{ name: CHANNEL }],
    timeline: [
      { at: '0s', createChannel: CHANNEL },
      { at: '0s', join: { channel: CHANNEL } },
      { at: '10s', configUpdate: { channel: CHANNEL, anchorPeers: { Org1MSP: [endpoint('peer0.org1')] } } },
      { at: '12s', configUpdate: { channel: CHANNEL, anchorPeers: { Org2MSP: [endpoint('peer0.org2')] } } },
      { at: '15s', cutBlocks: { channel: CHANNEL, count: 3 } },
    ],
  });
  if (!spec.ok) throw new Error(JSON.stringify(spec.error));
  const compiled = compileScenario(spec.value, { env: FAST_ENV });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  const run = runScenario(compiled.value, { tracing: false });
  const w = run.world;
  const chain = ordererBlocks(w, CHANNEL).map((b) => b.hash);
  const states = Object.fromEntries(NAMES.map((n) => [n, peerSlot(w, n).state]));
  const configApplied: Record<string, number[]> = Object.fromEntries(NAMES.map((n) => [n, []]));
  for (const o of run.observations) if (o.kind === 'join' && o.sequence > 0) configApplied[o.peer]?.push(o.sequence);
  const outcome = outcomeOf(
    states,
    leadersOf(w, CHANNEL),
    Object.fromEntries(NAMES.map((n) => [n, ledgerHeight(w, n, CHANNEL)])),
    ordererHeight(w, CHANNEL),
    Object.fromEntries(NAMES.map((n) => [n, JSON.stringify(ledgerOf(w, n, CHANNEL).map((e) => e.hash)) === JSON.stringify(chain)])),
    (e) => NAMES.find((n) => endpoint(n) === e) ?? e,
  );
  return { outcome, configApplied };
}

describe('runtime: the simulator and the network agree', () => {
  const net = makeNet(101);
  let orderer: OrderingServiceNode | undefined;
  const nodes: PeerNode[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await orderer?.stop();
  });

  it('[GEN-FUNC-RUNTIME-DIFFERENTIAL.1] the same scenario ends with one leader per org, the same views, the same channel views and equal ledgers in both hosts', async () => {
    const sim = simulate();
    // Every simulated peer applied both config updates, in order.
    for (const n of NAMES) expect(sim.configApplied[n]).toEqual([1, 2]);

    orderer = await startOrderer(net);
    for (const p of PEERS) nodes.push((await openNode(net, p.name)).node);
    const byName = (n: string) => nodes[NAMES.indexOf(n)] as PeerNode;
    const stores = NAMES.map(() => new MemoryBlockStore(net.suite));
    const telemetry = NAMES.map(() => new MemoryTelemetry());
    orderer.cut(CHANNEL); // the channel's creation: block 0
    for (const [i, n] of NAMES.entries()) {
      await byName(n).start({
        config: configFor(byName(n).endpoint, byName(mateOf(n)).endpoint),
        ledger: stores[i] as MemoryBlockStore,
        storage: new MemoryStableStorage(),
        orderer: deliverTo(net, n, orderer.endpoint, telemetry[i] as MemoryTelemetry),
        seed: 500 + i,
      });
    }
    for (const node of nodes) node.command(joinCommand(0));
    const status = () => nodes.map((n) => n.status());
    const leaders = () => nodes.filter((n) => n.status().leaderOf[CHANNEL] === true).map((n) => n.options.name);
    await waitFor('one leader per org, height 1', () => leaders().length === 2 && nodes.every((n) => n.status().heights[CHANNEL] === 1), 20_000, status);
    const anchorOf = (n: string) => { const [host, port] = byName(n).endpoint.split(':'); return [{ host: host as string, port: Number(port) }]; };
    expect(orderer.updateAnchorPeers(CHANNEL, 'Org1MSP', anchorOf('peer0.org1'))).toBe(1);
    expect(orderer.updateAnchorPeers(CHANNEL, 'Org2MSP', anchorOf('peer0.org2'))).toBe(2);
    for (let i = 0; i < 3; i++) orderer.cut(CHANNEL);
    const chain = orderer.service.blocks(CHANNEL).map((b) => canonicalEncode(b));
    const snapshot = (): Outcome =>
      outcomeOf(
        Object.fromEntries(NAMES.map((n) => [n, byName(n).peerState() as PeerState])),
        leaders(),
        Object.fromEntries(NAMES.map((n) => [n, byName(n).status().heights[CHANNEL] ?? 0])),
        (orderer as OrderingServiceNode).height(CHANNEL),
        Object.fromEntries(NAMES.map((n, i) => [n, JSON.stringify((stores[i] as MemoryBlockStore).ledger(CHANNEL).readRange(0, 100).map((b) => canonicalEncode(b))) === JSON.stringify(chain)])),
        (e) => NAMES.find((n) => byName(n).endpoint === e) ?? e,
      );
    // The network settles in real time: wait until it reads as the simulator's end state.
    await waitFor('the network to end as the simulator did', () => JSON.stringify(snapshot()) === JSON.stringify(sim.outcome), 30_000, () => ({ network: snapshot(), simulator: sim.outcome }));
    const outcome = snapshot();
    expect(outcome).toEqual(sim.outcome);
    // And the end state is the one intended, not merely a shared accident.
    expect(outcome.leadersPerOrg).toEqual({ Org1MSP: 1, Org2MSP: 1 });
    expect(outcome.ordererHeight).toBe(6);
    for (const n of NAMES) {
      expect(outcome.views[n]).toEqual(NAMES.filter((o) => o !== n).sort());
      expect(outcome.channelViews[n]).toEqual(NAMES.filter((o) => o !== n).sort());
    }
    // On the network the two updates are config blocks 1 and 2, and each peer applied both.
    expect(orderer.service.blocks(CHANNEL).map((b) => readConfigBlock(b).kind)).toEqual(['notConfig', 'config', 'config', 'notConfig', 'notConfig', 'notConfig']);
  });
});
