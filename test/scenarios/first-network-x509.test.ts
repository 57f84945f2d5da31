/**
 * The seed experiment (004), Fabric's First Network, with Fabric's MSP crypto instead of the
 * symbolic suite: identities are X.509 certificates under a root CA per org (and one for the
 * orderer org), PKI-IDs are SHA-256 digests, and every message and block signature is a real P-256
 * ECDSA signature, checked. The protocol must not care: the run converges as with symbolic crypto.
 *
 * Pure-JS P-256 costs about 0.5 ms to sign and 2 ms to verify (symbolic: microseconds), and the
 * default 120 s schedule makes over 500 signatures and 900 checks, so this runs one seed on a
 * shorter one: the same phases, the blocks cut early, and 15 s after the anchor-peer update (three
 * alive intervals) to let the orgs meet. About 200 signatures and 300 checks: 2 to 5 s of run.
 */
import { aliveMembers } from '../../src/membership';
import { DEFAULT_FIRST_NETWORK, FIRST_NETWORK_CHANNEL, firstNetworkPeers, firstNetworkPhases, type FirstNetworkOptions } from '../../src/scenarios/first-network';
import { buildNetwork } from '../../src/scenarios/network';
import type { Block } from '../../src/messages';
import type { PeerState } from '../../src/peer';
import { advanceTo, leadersOf, ledgerOf, ordererBlocks, peerNames, peerState, type World } from '../../src/sim';

const SHORT_SCHEDULE: FirstNetworkOptions = {
  ...DEFAULT_FIRST_NETWORK,
  seed: 1,
  withBootstrap: true,
  joinAtMs: 5_000,
  blocks: [10_000, 12_000, 14_000],
  anchorUpdateAtMs: 20_000,
  untilMs: 35_000,
  tracing: false,
};

/** runFirstNetwork's loop, on a network built with X.509 identities. */
function runWithX509(o: FirstNetworkOptions): { world: World<PeerState>; leadersBeforeAnchors: string[] } {
  const defs = firstNetworkPeers(o.withBootstrap);
  let w = buildNetwork({ seed: o.seed, peers: defs, tracing: false, crypto: 'x509' });
  let leadersBeforeAnchors: string[] = [];
  for (const phase of firstNetworkPhases(o, defs.map((d) => d.name))) {
    w = advanceTo(w, phase.atMs);
    if (phase.label.startsWith('anchor-peer')) leadersBeforeAnchors = leadersOf(w, FIRST_NETWORK_CHANNEL).sort();
    w = phase.apply(w);
  }
  return { world: advanceTo(w, o.untilMs), leadersBeforeAnchors };
}

describe('seed 004, the First Network, with X.509 identities (a short schedule: ECDSA in pure JS is slow)', () => {
  const { world, leadersBeforeAnchors } = runWithX509(SHORT_SCHEDULE);
  const specs = world.directory.specs;
  /** Fabric elects the peer with the smallest PKI-ID in each org; with SHA-256 PKI-IDs that is not always peer0. */
  const smallestPkiIdPerOrg = ['Org1MSP', 'Org2MSP'].map((org) => [...specs].filter((s) => s.org === org).sort((a, b) => (a.pkiId < b.pkiId ? -1 : 1))[0]?.name).sort();

  it('[GEN-FUNC-X509-SUITE.1] every peer is a certificate identity with a SHA-256 PKI-ID', () => {
    expect(specs).toHaveLength(4);
    for (const spec of specs) {
      expect(spec.identity.startsWith(`${spec.org}\n-----BEGIN CERTIFICATE-----\n`)).toBe(true);
      expect(spec.pkiId).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(world.failure).toBeUndefined();
  });

  it('[ELE-LIVE-ONE-LEADER.1] [ELE-LIVE-LEADER-STAYS.1] one leader per org, the smallest PKI-ID, before the anchor update and at the end', () => {
    expect(leadersBeforeAnchors).toEqual(smallestPkiIdPerOrg);
    expect(leadersOf(world, FIRST_NETWORK_CHANNEL).sort()).toEqual(smallestPkiIdPerOrg);
  });

  it('[MEM-LIVE-FULL-MEMBERSHIP.1] after the anchor update every peer sees the three others alive', () => {
    for (const name of peerNames(world)) {
      const others = specs.filter((s) => s.name !== name).map((s) => s.pkiId as string).sort();
      expect(aliveMembers(peerState(world, name).membership).map((m) => m.pkiId as string).sort()).toEqual(others);
    }
  });

  it('[DIS-FUNC-ACCEPT-FORWARD.1] [PEER-FUNC-BLOCK-ROUTING.3] every ledger equals the orderer chain, whose blocks carry X.509-signed headers', () => {
    const chain = ordererBlocks(world, FIRST_NETWORK_CHANNEL).map((b) => ({ seq: b.seq, hash: b.hash }));
    expect(chain.map((b) => b.seq)).toEqual([0, 1, 2]);
    for (const name of peerNames(world)) expect(ledgerOf(world, name, FIRST_NETWORK_CHANNEL).map((e) => ({ seq: e.seq, hash: e.hash }))).toEqual(chain);
    for (const { block } of ordererBlocks(world, FIRST_NETWORK_CHANNEL)) {
      const [signer] = (block as Block).metadata.signatures;
      expect(signer?.identity.startsWith('OrdererMSP\n-----BEGIN CERTIFICATE-----\n')).toBe(true);
      expect(signer?.signature).toMatch(/^30[0-9a-f]+$/); // a DER SEQUENCE, as bccsp marshals it
    }
  });
});
