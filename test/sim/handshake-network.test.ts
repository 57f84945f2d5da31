/**
 * Real peers (src/peer) over the handshake transport: a misbehaving peer is never learnt as a
 * member by the peers that dial it, and the First Network runs with real handshakes.
 */
import { canonicalEncode } from '../../src/core';
import { aliveMembers } from '../../src/membership';
import type { PeerState } from '../../src/peer';
import { DEFAULT_FIRST_NETWORK, FIRST_NETWORK_CHANNEL, firstNetworkPeers, firstNetworkPhases, runFirstNetwork } from '../../src/scenarios/first-network';
import { buildNetwork } from '../../src/scenarios/network';
import { advanceTo, handshakeRefusals, ledgerOf, peerNames, peerState, traceEvents, type HandshakeAdversary, type World } from '../../src/sim';
import { linesOf, peerNetwork } from './handshake-fixture';

const members = (w: World<PeerState>, name: string) => aliveMembers(peerState(w, name).membership).map((m) => m.pkiId as string).sort();

const CASES: readonly [string, HandshakeAdversary, string][] = [
  ['badSignature', { kind: 'badSignature' }, 'signature invalid'],
  ['impersonate', { kind: 'impersonate', victim: 'p2' }, "identity doesn't match the computed pkiID"],
  ['relay', { kind: 'relay', of: 'p2' }, 'remote hash of TLS cert mismatch'],
  ['noTlsCert', { kind: 'noTlsCert' }, 'no TLS certificate'],
];

describe('[SIM-FUNC-HANDSHAKE-ADVERSARY.1] a refused peer never becomes a member through the dial', () => {
  it('[SIM-FUNC-TRANSPORT.1] honest peers (p0 bootstraps from p1, p1 and p2 from p0) all learn each other', () => {
    const w = advanceTo(peerNetwork({}), 20_000);
    expect(w.failure).toBeUndefined();
    expect(members(w, 'p0')).toEqual(['Org1MSP/p1', 'Org1MSP/p2']);
    expect(members(w, 'p2')).toEqual(['Org1MSP/p0', 'Org1MSP/p1']);
    expect(handshakeRefusals(w)).toEqual({});
  });

  it.each(CASES)('[SIM-FUNC-HANDSHAKE-ADVERSARY.1] [SIM-FUNC-HANDSHAKE-REFUSAL-COUNT.1] p1 %s: p0 dials its bootstrap p1, is refused with the reason and never learns p1; p0 and p2 still meet', (_kind, adversary, reason) => {
    const w = advanceTo(peerNetwork({ p1: adversary }), 20_000);
    expect(w.failure).toBeUndefined();
    const dials = linesOf(w, 'handshake').filter((l) => l.peer === 'p0' && l.endpoint === 'p1.org1:7051');
    expect(dials.length).toBeGreaterThan(1); // the Connect chart retries every reconnectInterval
    expect(dials.every((l) => !l.result.ok && l.result.reason === reason)).toBe(true);
    expect(members(w, 'p0')).toEqual(['Org1MSP/p2']);
    expect(members(w, 'p2')).toEqual(['Org1MSP/p0']);
    expect(handshakeRefusals(w)[reason]).toBeGreaterThanOrEqual(dials.length);
    expect(linesOf(w, 'deliver').filter((l) => l.from === 'p1' || l.to === 'p1')).toEqual([]);
  });
});

describe('[SIM-FUNC-TRANSPORT.1] the First Network runs with real handshakes', () => {
  it('[SIM-FUNC-TRANSPORT.1] [SIM-FUNC-CONNECTION-HANDSHAKE.1] [SIM-SAFE-CONNECTION-AUTHENTICATED.1] every dial and connection is authenticated, none refused, and the run is the one without handshakes', () => {
    const on = runFirstNetwork({ ...DEFAULT_FIRST_NETWORK, tracing: true });
    expect(on.transport).toBeDefined();
    expect(on.failure).toBeUndefined();
    expect(handshakeRefusals(on)).toEqual({});
    const connections = linesOf(on, 'connection');
    expect(connections.length).toBe(6); // 4 peers: every pair ends up talking
    expect(connections.every((l) => l.open)).toBe(true);
    expect(linesOf(on, 'handshake').every((l) => l.result.ok)).toBe(true);
    // Without the transport (runFirstNetwork's phases on buildNetwork with handshake: false): the same run.
    const o = DEFAULT_FIRST_NETWORK;
    const defs = firstNetworkPeers(o.withBootstrap);
    let off = buildNetwork({ seed: o.seed, peers: defs, tracing: true, handshake: false });
    expect(off.transport).toBeUndefined();
    for (const phase of firstNetworkPhases(o, defs.map((d) => d.name))) off = phase.apply(advanceTo(off, phase.atMs));
    off = advanceTo(off, o.untilMs);
    const withoutTransportLines = (w: World<PeerState>) => traceEvents(w).filter((l) => l.k !== 'connection').map((l) => canonicalEncode(l));
    expect(withoutTransportLines(on)).toEqual(withoutTransportLines(off));
    for (const name of peerNames(on)) {
      expect(members(on, name)).toEqual(members(off, name));
      expect(ledgerOf(on, name, FIRST_NETWORK_CHANNEL)).toEqual(ledgerOf(off, name, FIRST_NETWORK_CHANNEL));
    }
  });
});
