/**
 * The seed experiment (004): Fabric's First Network, 2 orgs x 2 peers, fabric-1.4 profile. What the
 * experiment observed must hold in simulation, for several seeds.
 */
import { aliveMembers } from '../../src/membership';
import { FIRST_NETWORK_CHANNEL, runFirstNetwork, DEFAULT_FIRST_NETWORK } from '../../src/scenarios/first-network';
import type { PeerState } from '../../src/peer';
import { leadersOf, ledgerOf, ordererBlocks, peerNames, peerState, type World } from '../../src/sim';

type Snapshots = Map<string, { leaders: string[]; views: Record<string, string[]> }>;

function run(seed: number, withBootstrap: boolean): { world: World<PeerState>; at: Snapshots } {
  const at: Snapshots = new Map();
  const world = runFirstNetwork({ ...DEFAULT_FIRST_NETWORK, seed, withBootstrap, tracing: false }, (w, label) => {
    const views = Object.fromEntries(peerNames(w).map((n) => [n, aliveMembers(peerState(w, n).membership).map((m) => m.pkiId as string).sort()]));
    at.set(label.startsWith('before: anchor') ? 'beforeAnchors' : label === 'end' ? 'end' : label, { leaders: leadersOf(w, FIRST_NETWORK_CHANNEL), views });
  });
  return { world, at };
}

const SEEDS = [1, 2, 3];

describe('seed 004: the First Network experiment', () => {
  it.each(SEEDS)('[ELE-LIVE-ONE-LEADER.1] [ELE-LIVE-LEADER-STAYS.1] with bootstrap peers: one leader per org after joining, and it stays (seed %i)', (seed) => {
    const { world, at } = run(seed, true);
    expect(world.failure).toBeUndefined();
    // peer0 has the smaller PKI-ID in each org ("Org1MSP/peer0..." < "Org1MSP/peer1...").
    expect(at.get('beforeAnchors')?.leaders).toEqual(['peer0.org1', 'peer0.org2']);
    expect(at.get('end')?.leaders).toEqual(['peer0.org1', 'peer0.org2']);
  });

  it.each(SEEDS)('[ELE-LIVE-ONE-LEADER.1] without bootstrap peers: every peer leads until the anchor update, then one per org (seed %i)', (seed) => {
    const { at } = run(seed, false);
    expect([...(at.get('beforeAnchors')?.leaders ?? [])].sort()).toEqual(['peer0.org1', 'peer0.org2', 'peer1.org1', 'peer1.org2']);
    expect(at.get('end')?.leaders).toEqual(['peer0.org1', 'peer0.org2']);
  });

  it.each(SEEDS)('[MEM-LIVE-FULL-MEMBERSHIP.1] [MEM-FUNC-ANCHOR-PEERS.1] orgs learn each other only through the anchor update (seed %i)', (seed) => {
    const { at } = run(seed, true);
    const before = at.get('beforeAnchors')?.views ?? {};
    expect(before['peer0.org1']).toEqual(['Org1MSP/peer1.org1']);
    expect(before['peer1.org2']).toEqual(['Org2MSP/peer0.org2']);
    const end = at.get('end')?.views ?? {};
    const everyone = ['Org1MSP/peer0.org1', 'Org1MSP/peer1.org1', 'Org2MSP/peer0.org2', 'Org2MSP/peer1.org2'];
    for (const [name, view] of Object.entries(end)) expect(view).toEqual(everyone.filter((p) => !p.endsWith(`/${name}`)));
  });

  it.each(SEEDS)('[DIS-FUNC-ACCEPT-FORWARD.1] [DIS-FUNC-GOSSIP-OWN-BLOCK.1] [PEER-FUNC-BLOCK-ROUTING.3] each block reaches both org leaders first, then the other peers; all end with the orderer chain (seed %i)', (seed) => {
    const { world } = run(seed, true);
    const chain = ordererBlocks(world, FIRST_NETWORK_CHANNEL).map((b) => b.seq);
    expect(chain).toEqual([0, 1, 2]);
    for (const name of peerNames(world)) expect(ledgerOf(world, name, FIRST_NETWORK_CHANNEL).map((e) => e.seq)).toEqual(chain);
    for (const seq of chain) {
      const at = (name: string) => ledgerOf(world, name, FIRST_NETWORK_CHANNEL).find((e) => e.seq === seq)?.atMs ?? Infinity;
      const leaders = Math.max(at('peer0.org1'), at('peer0.org2'));
      expect(at('peer1.org1')).toBeGreaterThan(at('peer0.org1'));
      expect(at('peer1.org2')).toBeGreaterThan(at('peer0.org2'));
      expect(Math.max(at('peer1.org1'), at('peer1.org2')) - leaders).toBeLessThan(100); // "a few ms later"
    }
  });
});
