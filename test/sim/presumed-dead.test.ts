/**
 * Comm's PresumedDead in the simulator ([SIM-FUNC-PRESUMED-DEAD.2]): with a transport whose
 * `presumedDead` option is on, a failed send comes back to its sender as a `presumedDead {pkiId}`
 * host input, and a composed peer's membership expires that member at once
 * ([MEM-FUNC-PRESUMED-DEAD.1]).
 *
 * Port of gossip/comm/comm_test.go TestPresumedDead. Fabric's scenario: comm1 sends to comm2 and
 * comm2 gets it (within 10s); comm2 stops; comm1 sends 5 more messages, 200ms apart; comm1's
 * PresumedDead() channel must yield within 3s. How the mechanism differs:
 *  - comm1 and comm2 are the simulator's scripted test peers over the handshake transport; "send"
 *    is a `send` effect, "comm2.Stop()" is a crash, and comm1's PresumedDead() channel is the
 *    `presumedDead` host inputs the simulator feeds comm1.
 *  - Fabric does not check which PKI-ID comes out of the channel; it can only be comm2's, and the
 *    port checks that it is.
 */
import { createSymbolicSuite, type PkiId } from '../../src/core';
import type { PeerState } from '../../src/peer';
import { aliveMembers, deadMembers } from '../../src/membership';
import { advanceTo, command, crash, partition, peerState, restart, setNetwork, type World } from '../../src/sim';
import { chartWorld, linesOf, peerNetwork } from './handshake-fixture';
import { inputsOf, script, type TestPeerState } from './test-peer';

/** The same world, its transport reporting failed sends (the default) or not. */
function reporting<S>(w: World<S>, on = true): World<S> {
  if (w.transport === undefined) throw new Error('no transport');
  return { ...w, transport: { ...w.transport, presumedDead: on } };
}

const suite = createSymbolicSuite(1);
const pkiOf = (name: string) => suite.pkiIdOf(suite.enroll('Org1MSP', name).identity);
const twoComms = () => chartWorld({ names: ['comm1', 'comm2'], orgOf: () => 'Org1MSP' });
const send = (w: World<TestPeerState>, from: string, to: string, id: string) =>
  command(w, from, script([{ kind: 'send', to: [{ pkiId: pkiOf(to) as PkiId, endpoint: `${to}:7051` }], message: { kind: 'flood', id } }]));
const reports = (w: World<TestPeerState>, name = 'comm1') => inputsOf(w, name, 'presumedDead').map((i) => ({ at: i.nowMs, pkiId: i.pkiId }));

describe('comm_test.go', () => {
  it('[SIM-FUNC-PRESUMED-DEAD.2] TestPresumedDead: after comm2 stops, comm1 sending to it gets a PresumedDead report within 3s', () => {
    let w = reporting(twoComms());
    w = advanceTo(send(w, 'comm1', 'comm2', 'first'), 10_000);
    expect(peerState(w, 'comm2').seen).toContain('first'); // "Didn't get first message"
    expect(reports(w)).toEqual([]);
    w = crash(w, 'comm2');
    const stoppedAt = w.nowMs;
    for (let i = 0; i < 5; i++) w = advanceTo(send(w, 'comm1', 'comm2', `m${i}`), w.nowMs + 200);
    w = advanceTo(w, stoppedAt + 3000);
    const got = reports(w);
    expect(got.length).toBeGreaterThan(0); // "Didn't get a presumed dead message within a timely manner"
    expect(got[0]!.at).toBeLessThan(stoppedAt + 3000);
    expect(got.every((r) => r.pkiId === pkiOf('comm2'))).toBe(true);
  });
});

describe('[SIM-FUNC-PRESUMED-DEAD.2] which failed sends are reported, when, and to whom', () => {
  it('[SIM-FUNC-PRESUMED-DEAD.2] on by default, as Fabric\'s comm; off when asked (presumedDead: false): the same run reports nothing', () => {
    expect(twoComms().transport?.presumedDead).toBe(true);
    let w = reporting(twoComms(), false);
    w = advanceTo(send(w, 'comm1', 'comm2', 'first'), 10_000);
    w = advanceTo(send(crash(w, 'comm2'), 'comm1', 'comm2', 'second'), 20_000);
    expect(reports(w)).toEqual([]);
    expect(linesOf(w, 'presumedDead')).toEqual([]);
  });

  it('[SIM-FUNC-PRESUMED-DEAD.2] a broken stream is reported at once; a peer never connected to, or across a partition, after dialTimeoutMs', () => {
    // comm1 had a connection open to comm2 (it delivered 'first'): its stream breaks at the crash.
    let w = reporting(twoComms());
    w = advanceTo(send(w, 'comm1', 'comm2', 'first'), 1000);
    w = crash(w, 'comm2');
    w = advanceTo(send(w, 'comm1', 'comm2', 'second'), 10_000);
    expect(reports(w)).toEqual([{ at: 1000, pkiId: pkiOf('comm2') }]);
    // comm2 never had a connection to comm1: the dial times out.
    let v = reporting(twoComms());
    v = advanceTo(send(crash(v, 'comm1'), 'comm2', 'comm1', 'x'), 10_000);
    expect(reports(v, 'comm2')).toEqual([{ at: v.network.dialTimeoutMs, pkiId: pkiOf('comm1') }]);
    // Across a partition, with a connection open, the dial times out too.
    let p = reporting(twoComms());
    p = advanceTo(send(p, 'comm1', 'comm2', 'first'), 1000);
    p = advanceTo(send(partition(p, [['comm1'], ['comm2']]), 'comm1', 'comm2', 'second'), 10_000);
    expect(reports(p)).toEqual([{ at: 1000 + p.network.dialTimeoutMs, pkiId: pkiOf('comm2') }]);
  });

  it('[SIM-FUNC-PRESUMED-DEAD.2] an envelope whose recipient crashes in flight is reported when it would have arrived', () => {
    let w = reporting(twoComms());
    w = send(w, 'comm1', 'comm2', 'in flight');
    w = crash(w, 'comm2');
    w = advanceTo(w, 10_000);
    // FIXED latency: 7ms. The stream breaks under the envelope.
    expect(reports(w)).toEqual([{ at: 7, pkiId: pkiOf('comm2') }]);
  });

  it('[SIM-FUNC-PRESUMED-DEAD.2] a lost envelope, one to a restarted recipient and one to an unknown PKI-ID are not failed sends', () => {
    let lost = reporting(twoComms());
    lost = advanceTo(send(setNetwork(lost, { lossProbability: 1 }), 'comm1', 'comm2', 'lost'), 10_000);
    expect(peerState(lost, 'comm2').seen).toEqual([]);
    let restarted = reporting(twoComms());
    restarted = advanceTo(restart(send(restarted, 'comm1', 'comm2', 'reset'), 'comm2'), 10_000);
    expect(peerState(restarted, 'comm2').seen).toEqual([]);
    let unknown = reporting(twoComms());
    unknown = advanceTo(command(unknown, 'comm1', script([{ kind: 'send', to: [{ pkiId: 'Org1MSP/ghost' as PkiId, endpoint: 'ghost:7051' }], message: 'x' }])), 10_000);
    for (const w of [lost, restarted, unknown]) expect(reports(w)).toEqual([]);
  });

  it('[SIM-FUNC-PRESUMED-DEAD.2] a sender that crashed or restarted since does not get the report (traced as ignored)', () => {
    let w = reporting(twoComms());
    w = send(crash(w, 'comm2'), 'comm1', 'comm2', 'x'); // reported after dialTimeoutMs...
    w = advanceTo(restart(w, 'comm1'), 10_000); // ...to an incarnation that is gone
    expect(reports(w)).toEqual([]);
    expect(linesOf(w, 'ignored').filter((l) => l.what === 'presumedDead')).toHaveLength(1);
  });

  it('[SIM-FUNC-PRESUMED-DEAD.2] [SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] a refused connection is reported at once; a failed dial only when it named a PKI-ID', () => {
    // comm2 signs with a key that is not its identity's: comm1's chart refuses the connection.
    let w = reporting(chartWorld({ names: ['comm1', 'comm2'], orgOf: () => 'Org1MSP', adversaries: { comm2: { kind: 'badSignature' } } }));
    w = advanceTo(send(w, 'comm1', 'comm2', 'x'), 10_000);
    // The connection's handshake is folded into the envelope's latency (7ms): refused, reported then.
    expect(reports(w)).toEqual([{ at: 7, pkiId: pkiOf('comm2') }]);
    // A dial expecting comm2 at an endpoint nobody has fails after dialTimeoutMs and is reported;
    // a dial naming nobody is not (Fabric's Handshake() does not report either).
    let d = reporting(twoComms());
    d = command(d, 'comm1', script([{ kind: 'handshake', endpoint: 'nowhere:1', attempt: 1, expectedPkiId: pkiOf('comm2') as PkiId }]));
    d = advanceTo(command(d, 'comm1', script([{ kind: 'handshake', endpoint: 'nowhere:2', attempt: 2 }])), 10_000);
    expect(reports(d)).toEqual([{ at: d.network.dialTimeoutMs, pkiId: pkiOf('comm2') }]);
  });
});

describe('[MEM-FUNC-PRESUMED-DEAD.1] composed peers', () => {
  /** Three peers of one org (alive every 1s, expiration 5s), all known to each other by 15s. */
  function converged(presumedDead: boolean): World<PeerState> {
    const w = advanceTo(peerNetwork({}), 15_000);
    for (const n of ['p0', 'p1']) expect(aliveMembers(peerState(w, n).membership)).toHaveLength(2);
    return reporting(w, presumedDead);
  }

  it('[MEM-FUNC-PRESUMED-DEAD.1] a crashed peer is dead to the others as soon as a send to it fails, long before aliveExpirationTimeout', () => {
    const crashedAt = 15_000;
    const after = (presumedDead: boolean) => advanceTo(crash(converged(presumedDead), 'p2'), crashedAt + 1500);
    const p2 = (w: World<PeerState>) => peerState(w, 'p2').self.pkiId;
    const reported = after(true);
    for (const n of ['p0', 'p1']) {
      expect(deadMembers(peerState(reported, n).membership).map((m) => m.pkiId)).toEqual([p2(reported)]);
      expect(linesOf(reported, 'presumedDead').some((l) => l.peer === n && l.pkiId === p2(reported))).toBe(true);
    }
    // Not vacuous: without the reports, silence is the only evidence and p2 is still alive to them.
    const silent = after(false);
    for (const n of ['p0', 'p1']) expect(aliveMembers(peerState(silent, n).membership).map((m) => m.pkiId)).toContain(p2(silent));
  });

  it('[MEM-FUNC-PRESUMED-DEAD.1] a presumedDead input whose PKI-ID does not decode is counted and changes nothing; one for a member already dead is no rejection', () => {
    const w = converged(true);
    const reducer = w.config.reducer;
    const before = peerState(w, 'p0');
    for (const pkiId of ['', 42, null, { pkiId: 'x' }]) {
      const [after, effects] = reducer.step(before, { kind: 'presumedDead', nowMs: w.nowMs, pkiId });
      expect(after.rejected).toEqual({ ...before.rejected, 'comm.malformedPresumedDead': (before.rejected['comm.malformedPresumedDead'] ?? 0) + 1 });
      expect({ ...after, rejected: {} }).toEqual({ ...before, rejected: {} });
      expect(effects.every((e) => e.kind === 'log' || e.kind === 'metric')).toBe(true);
    }
    const p1 = peerState(w, 'p1').self.pkiId;
    const [dead, effects] = reducer.step(before, { kind: 'presumedDead', nowMs: w.nowMs, pkiId: p1 });
    expect(deadMembers(dead.membership).map((m) => m.pkiId)).toEqual([p1]);
    expect(effects).toContainEqual({ kind: 'closeConnection', pkiId: p1 });
    const [again, none] = reducer.step(dead, { kind: 'presumedDead', nowMs: w.nowMs, pkiId: p1 });
    expect(again).toEqual(dead);
    expect(none).toEqual([]);
    expect(again.rejected).toEqual(before.rejected);
  });
});
