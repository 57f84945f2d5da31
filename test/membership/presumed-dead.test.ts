/**
 * Comm's two reports to discovery, on the membership reducer alone: PresumedDead (a failed send
 * expires an alive member at once) and IdentitySwitch (a dead member's endpoint answering as
 * another peer of its org purges it). Fabric: gossip/discovery/discovery_impl.go `handleEvents`,
 * `expireDeadMembers`, `purge`; gossip/comm/comm_impl.go `createConnection`, `disconnect`.
 * The ports of comm_test.go TestPresumedDead and TestConnectUnexpectedPeer through the simulator
 * are test/sim/presumed-dead.test.ts and test/sim/dial-expected-pki-id.test.ts.
 */
import { aliveMembers, deadMembers, lookup, pget } from '../../src/membership';
import { aliveFrom, driverFor, peer, pki, probingTwoDead, received } from './fixtures';

const A = peer('A', 7101);
const B = peer('B', 7102);
const C = peer('C', 7103);
const D = peer('D', 7104);

describe('[MEM-FUNC-PRESUMED-DEAD.1] comm presumed a member dead', () => {
  it('[MEM-FUNC-PRESUMED-DEAD.1] an alive member becomes dead at once, whatever its lastSeen, and its connection is closed', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(C, aliveFrom(C, 1)));
    d.advanceTo(100);
    // Heard from 100ms ago: the dead check (aliveExpirationTimeout) would keep it alive for seconds.
    expect(aliveMembers(d.state).map((m) => m.pkiId).sort()).toEqual([pki(B), pki(C)].sort());
    const outs = d.send({ type: 'PRESUMED_DEAD', pkiId: pki(B) });
    expect(lookup(d.state, pki(B))?.status).toBe('dead');
    expect(lookup(d.state, pki(C))?.status).toBe('alive');
    expect(outs.filter((o) => o.kind === 'closeConnection')).toEqual([{ kind: 'closeConnection', pkiId: pki(B) }]);
    expect(outs.filter((o) => o.kind === 'log')).toStrictEqual([{ kind: 'log', level: 'warn', message: `Presumed dead: ${pki(B)} (a send to it failed); closing its connection`, fields: { pkiId: pki(B) } }]);
    // Like the dead check: its next, newer alive message brings it back.
    d.send(received(B, aliveFrom(B, 2)));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
  });

  it('[MEM-FUNC-PRESUMED-DEAD.1] a dead or unknown member, or ourselves, changes nothing and is no rejection', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.send({ type: 'PRESUMED_DEAD', pkiId: pki(B) });
    expect(deadMembers(d.state).map((m) => m.pkiId)).toEqual([pki(B)]);
    for (const who of [pki(B), pki(C), pki(A)]) {
      const before = d.state;
      const outs = d.send({ type: 'PRESUMED_DEAD', pkiId: who });
      expect(outs).toEqual([]);
      expect(d.state).toEqual(before);
    }
  });
});

describe('[MEM-FUNC-IDENTITY-SWITCH.1] comm reported an identity switch on a reconnect probe', () => {
  /** A, knowing B and C, sees both die; returns the driver after the reconnect probes went out. */
  function probing() {
    const d = probingTwoDead(A, B, C);
    expect(deadMembers(d.state)).toHaveLength(2);
    return d;
  }

  it('[MEM-FUNC-IDENTITY-SWITCH.1] a reconnect probe names the dead member it expects; a Connect to a bootstrap endpoint names none', () => {
    const d = probing();
    const probes = d.of('handshake', 6000).map((h) => ({ endpoint: h.endpoint, attempt: h.attempt, expectedPkiId: h.expectedPkiId }));
    expect(probes.sort((x, y) => x.endpoint.localeCompare(y.endpoint))).toEqual([
      { endpoint: 'localhost:7102', attempt: 0, expectedPkiId: pki(B) },
      { endpoint: 'localhost:7103', attempt: 0, expectedPkiId: pki(C) },
    ]);
    const bootstrapping = driverFor(D, { bootstrap: ['localhost:7101'] });
    expect(bootstrapping.of('handshake')).toEqual([{ kind: 'handshake', endpoint: 'localhost:7101', attempt: 1 }]);
  });

  it('[MEM-FUNC-IDENTITY-SWITCH.1] the switched-from member is purged and sent nothing; its identity and msg-store entry stay', () => {
    const d = probing();
    // B's endpoint now answers as D, a peer of B's org: comm reports the switch from B.
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7102', attempt: 0, result: { ok: true, pkiId: pki(D), identity: D.key.identity, identitySwitchFrom: pki(B) } });
    expect(lookup(d.state, pki(B))).toBeUndefined();
    expect(lookup(d.state, pki(C))?.status).toBe('dead');
    expect(d.of('send', 6000).filter((s) => s.message.payload.content.$case === 'memReq')).toEqual([]);
    // Fabric's purge leaves the identity mapper alone, and the alive msg-store keeps B's entry.
    expect(pget(d.state.identities, pki(B))).toBeDefined();
    expect(pget(d.state.store, pki(B))).toBeDefined();
    // So B's old alive message, replayed, does not bring B back; a newer one does.
    d.send(received(C, aliveFrom(B, 1)));
    expect(lookup(d.state, pki(B))).toBeUndefined();
    d.send(received(C, aliveFrom(B, 2)));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
  });

  it('[MEM-FUNC-IDENTITY-SWITCH.1] a switch from a PKI-ID the probe was not made for, or a mismatch without a switch, purges nobody', () => {
    const d = probing();
    // The probe at B's endpoint reports a switch from C: C was not probed there.
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7102', attempt: 0, result: { ok: true, pkiId: pki(D), identity: D.key.identity, identitySwitchFrom: pki(C) } });
    // Another peer at C's endpoint, no switch reported (the host without a transport): logged, kept.
    d.send({ type: 'HANDSHAKE_RESULT', endpoint: 'localhost:7103', attempt: 0, result: { ok: true, pkiId: pki(D), identity: D.key.identity } });
    expect(deadMembers(d.state).map((m) => m.pkiId).sort()).toEqual([pki(B), pki(C)].sort());
    expect(d.of('send', 6000).filter((s) => s.message.payload.content.$case === 'memReq')).toEqual([]);
  });
});
