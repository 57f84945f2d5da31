/**
 * The simulator's transport with the comm handshake chart: dials answered by the chart's verdict,
 * envelopes on authenticated connections, each adversary refused with its reason and counted.
 */
import { createSymbolicSuite } from '../../src/core';
import {
  advanceTo,
  command,
  connectionBetween,
  createWorld,
  handshakeRefusals,
  restart,
  setHandshakeAdversary,
  summarize,
  type HandshakeAdversary,
  type World,
} from '../../src/sim';
import { chartWorld, enrolled, linesOf, pki } from './handshake-fixture';
import { inputsOf, script, testPeerInit, testPeerReducer, type TestPeerState } from './test-peer';

const dial = (endpoint: string, attempt = 1) => script([{ kind: 'handshake', endpoint, attempt }]);
const answers = (w: World<TestPeerState>, name: string) =>
  inputsOf(w, name, 'handshakeResult').map((i) => ({ at: i.nowMs, endpoint: i.endpoint, result: i.result }));
const dialed = (w: World<TestPeerState>, from = 'p0', endpoint = 'p1:7051', until = 10_000) => advanceTo(command(w, from, dial(endpoint)), until);
const flood = (w: World<TestPeerState>, from: string) => advanceTo(command(w, from, { op: 'start' }), w.nowMs + 1000);

describe('[SIM-FUNC-HANDSHAKE-CHART.1] dials run both ends of the handshake chart', () => {
  it('[SIM-FUNC-HANDSHAKE-CHART.1] [SIM-FUNC-HANDSHAKE.2] an honest owner is authenticated with its PKI-ID and identity, after the same round trip as without a transport', () => {
    const w = dialed(chartWorld());
    expect(answers(w, 'p0')).toEqual([{ at: 14, endpoint: 'p1:7051', result: { ok: true, pkiId: 'Org2MSP/p1', identity: 'Org2MSP\np1' } }]);
    expect(handshakeRefusals(w)).toEqual({});
    expect(summarize(w).handshakeRefusals).toEqual({});
  });

  it('[SIM-FUNC-HANDSHAKE-CHART.1] an external endpoint and unreachable owners behave as without a transport', () => {
    const w = advanceTo(command(command(chartWorld(), 'p0', dial('p2.ext:7051')), 'p0', dial('nowhere:1')), 10_000);
    expect(answers(w, 'p0')).toEqual([
      { at: 14, endpoint: 'p2.ext:7051', result: { ok: true, pkiId: 'Org1MSP/p2', identity: 'Org1MSP\np2' } },
      { at: 3000, endpoint: 'nowhere:1', result: { ok: false, reason: 'unknown endpoint' } },
    ]);
  });

  it('[SIM-FUNC-TRANSPORT.1] a key that is not the peer\'s identity, a missing key or an unknown adversary name is a configuration error', () => {
    const { specs, keys, suite } = enrolled(['a', 'b'], () => 'Org1MSP', 1);
    const base = { seed: 1, peers: specs, reducer: testPeerReducer, initPeer: testPeerInit(specs) };
    expect(() => createWorld({ ...base, transport: { crypto: suite, keys: { a: keys['b']!, b: keys['b']! } } })).toThrow(/not for its identity/);
    expect(() => createWorld({ ...base, transport: { crypto: suite, keys: { a: keys['a']! } } })).toThrow(/no key for peer "b"/);
    expect(() => createWorld({ ...base, transport: { crypto: suite, keys, adversaries: { c: { kind: 'noTlsCert' } } } })).toThrow(/unknown peer "c"/);
    expect(() => createWorld({ ...base, transport: { crypto: createSymbolicSuite(2), keys, connTimeoutMs: 0 } })).toThrow(/connTimeoutMs/);
    expect(createWorld({ ...base, transport: { crypto: suite, keys } }).transport?.params).toEqual({ connTimeoutMs: 2000, tlsEnabled: true });
  });
});

/** p1 misbehaves; p0 dials it, then every peer floods once. */
function attacked(adversary: HandshakeAdversary, tlsEnabled = true): World<TestPeerState> {
  let w = dialed(chartWorld({ adversaries: { p1: adversary }, tlsEnabled }));
  for (const name of ['p0', 'p1', 'p2']) w = flood(w, name);
  return w;
}

const CASES: readonly [string, HandshakeAdversary, string][] = [
  ['a peer whose key does not match its identity', { kind: 'badSignature' }, 'signature invalid'],
  ['a peer presenting another peer\'s identity', { kind: 'impersonate', victim: 'p2' }, "identity doesn't match the computed pkiID"],
  ['a relayed handshake (p2\'s ConnEstablish on p1\'s TLS connection)', { kind: 'relay', of: 'p2' }, 'remote hash of TLS cert mismatch'],
  ['a peer with no TLS certificate', { kind: 'noTlsCert' }, 'no TLS certificate'],
];

describe('[SIM-FUNC-HANDSHAKE-ADVERSARY.1] each misbehaving peer is refused with the chart\'s reason', () => {
  it.each(CASES)('[SIM-FUNC-HANDSHAKE-ADVERSARY.1] [SIM-FUNC-HANDSHAKE-REFUSAL-COUNT.1] %s: the dial fails with the reason, which is traced and counted', (_title, adversary, reason) => {
    const w = attacked(adversary);
    const [answer] = answers(w, 'p0');
    expect(answer?.result).toEqual({ ok: false, reason });
    const refusedByP0 = linesOf(w, 'handshakeRefused').filter((l) => l.peer === 'p0' && l.remote === 'p1');
    expect(refusedByP0.find((l) => l.purpose === 'dial')).toMatchObject({ side: 'dialer', reason });
    expect(handshakeRefusals(w)[reason]).toBeGreaterThanOrEqual(2); // the dial and p0's connection with p1
    expect(summarize(w).handshakeRefusals).toEqual(handshakeRefusals(w));
    expect(summarize(w).counts[`handshakeRefused:${reason}`]).toBe(handshakeRefusals(w)[reason]);
  });

  it.each(CASES)('[SIM-FUNC-CONNECTION-HANDSHAKE.1] [SIM-FUNC-HANDSHAKE-ADVERSARY.1] %s: no envelope to or from it is delivered, the others are', (_title, adversary, reason) => {
    const w = attacked(adversary);
    const delivered = linesOf(w, 'deliver');
    expect(delivered.filter((l) => l.from === 'p1' || l.to === 'p1')).toEqual([]);
    expect(linesOf(w, 'drop').filter((l) => l.reason === 'handshakeRefused').length).toBeGreaterThan(0);
    expect(inputsOf(w, 'p1', 'receive')).toEqual([]);
    // p1 learns nothing from anyone, and nobody hears from p1.
    for (const name of ['p0', 'p2', 'p3']) expect(inputsOf(w, name, 'receive').filter((i) => i.from.pkiId === pki('p1'))).toEqual([]);
    expect(inputsOf(w, 'p3', 'receive').map((i) => i.from.pkiId).sort()).toEqual([pki('p0'), pki('p2')].sort().flatMap((p) => [p, p]).sort());
    const c = connectionBetween(w, 'p0', 'p1');
    expect(c?.open).toBe(false);
    expect(c?.refusals.map((r) => r.reason)).toContain(reason);
  });

  it('[SIM-FUNC-HANDSHAKE-ADVERSARY.1] the peer without a TLS certificate, dialling, is refused by the acceptor and itself times out', () => {
    const w = dialed(chartWorld({ adversaries: { p0: { kind: 'noTlsCert' } } }));
    expect(answers(w, 'p0')).toEqual([{ at: 7 + 2000, endpoint: 'p1:7051', result: { ok: false, reason: 'timed out waiting for connection message' } }]);
    expect(linesOf(w, 'handshakeRefused').map((l) => [l.peer, l.side, l.reason])).toEqual([
      ['p0', 'dialer', 'timed out waiting for connection message'],
      ['p1', 'acceptor', 'no TLS certificate'],
    ]);
  });

  it('[SIM-FUNC-HANDSHAKE-ADVERSARY.1] without TLS the binding is not checked: a relayed handshake passes as the relayed peer', () => {
    const w = dialed(chartWorld({ adversaries: { p1: { kind: 'relay', of: 'p2' } }, tlsEnabled: false }));
    expect(answers(w, 'p0').map((a) => a.result)).toEqual([{ ok: true, pkiId: pki('p2'), identity: 'Org1MSP\np2' }]);
  });

  it('[SIM-SAFE-CONNECTION-AUTHENTICATED.1] a connection that authenticated someone else than the sender halts the world', () => {
    // p1 and p2 of one org, TLS off: p0 dials p1 and accepts p2's relayed ConnEstablish as an identity switch.
    const w = flood(chartWorld({ orgOf: () => 'Org1MSP', adversaries: { p1: { kind: 'relay', of: 'p2' } }, tlsEnabled: false }), 'p0');
    expect(w.failure?.kind).toBe('safety');
    expect(w.failure?.message).toMatch(/^\[SIM-SAFE-CONNECTION-AUTHENTICATED\.1\] p\d authenticated Org1MSP\/p2 on the connection from p\d \(Org1MSP\/p1\)$/);
  });

  it('[SIM-FUNC-HANDSHAKE-ADVERSARY.1] [SIM-FUNC-CONNECTION-HANDSHAKE.1] setHandshakeAdversary closes the peer\'s connections: the next envelope runs a new handshake', () => {
    let w = flood(chartWorld(), 'p0');
    expect(connectionBetween(w, 'p0', 'p1')?.open).toBe(true);
    w = flood(setHandshakeAdversary(w, 'p1', { kind: 'badSignature' }), 'p0');
    expect(connectionBetween(w, 'p0', 'p1')).toMatchObject({ open: false, refusals: [{ by: 'p0', reason: 'signature invalid' }] });
    expect(linesOf(w, 'fault').map((l) => l.action)).toEqual([{ kind: 'handshakeAdversary', peer: 'p1', adversary: { kind: 'badSignature' } }]);
    w = flood(setHandshakeAdversary(w, 'p1', undefined), 'p2');
    expect(connectionBetween(w, 'p1', 'p2')?.open).toBe(true);
    expect(() => setHandshakeAdversary(w, 'nobody', undefined)).toThrow(/unknown peer/);
  });
});

describe('[SIM-FUNC-CONNECTION-HANDSHAKE.1] envelopes travel on authenticated connections', () => {
  it('[SIM-FUNC-CONNECTION-HANDSHAKE.1] [SIM-SAFE-CONNECTION-AUTHENTICATED.1] honest peers open one connection per pair, each end authenticating the other\'s directory PKI-ID', () => {
    const w = flood(chartWorld(), 'p0');
    expect(w.failure).toBeUndefined();
    const opened = linesOf(w, 'connection');
    expect(opened.every((l) => l.open && l.refusals.length === 0)).toBe(true);
    expect(opened.length).toBe(6); // 4 peers, one connection per pair
    for (const [a, b] of [['p0', 'p1'], ['p1', 'p0'], ['p2', 'p3']] as const) expect(connectionBetween(w, a, b)).toEqual({ open: true, authenticated: pki(b), refusals: [] });
    expect(inputsOf(w, 'p3', 'receive').length).toBe(3);
  });

  it('[SIM-FUNC-CONNECTION-HANDSHAKE.1] a restart of either end means a new connection and a new handshake', () => {
    let w = flood(chartWorld(), 'p0');
    const before = linesOf(w, 'connection').length;
    w = flood(restart(w, 'p1'), 'p0');
    const after = linesOf(w, 'connection').slice(before);
    expect(after.map((l) => [l.from, l.to].sort().join('-'))).toContain('p0-p1');
    expect(after.every((l) => l.open)).toBe(true);
  });

  it('[SIM-FUNC-CONNECTION-HANDSHAKE.1] the timing and the PRNG of a run with honest peers do not change', () => {
    const run = (transport: boolean) => {
      const w = transport ? chartWorld() : chartWorld();
      return flood(flood(transport ? w : { ...w, transport: undefined }, 'p0'), 'p3');
    };
    const a = run(true);
    const b = run(false);
    const times = (w: World<TestPeerState>) => linesOf(w, 'deliver').map((l) => [l.t, l.from, l.to]);
    expect(times(a)).toEqual(times(b));
    expect(a.prng).toEqual(b.prng);
  });
});
