/**
 * Spoofed membership requests beyond one membership reducer: Fabric's TestMembershipRequestSpoofing
 * on a simulated network of membership nodes, and the composed peer's count of the rejection.
 * Apart from requests.test.ts because they run the simulator and the whole peer (left out of the
 * membership mutation run with the other simulation tests, stryker.config.mjs).
 */
import { createSymbolicSuite, nanosFromMs, type HostInput, type SigningKey } from '../../src/core';
import type { AliveEnvelope } from '../../src/membership';
import { signMessage, type Envelope } from '../../src/messages';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { advanceBy, inject, peerState, traceEvents } from '../../src/sim';
import { FAST_ELECTION_ENV, configOf } from '../peer/fixtures';
import { SoloHost } from '../peer/solo-host';
import { deliveries } from './delivered';
import { GOSSIP_TEST_MEMBERSHIP_PARAMS } from './gossip-test-params';
import { memReq } from './fixtures';
import { buildNet, membershipSizeIs, stateOf, waitUntil } from './net';

/** gossip_test.go's node configuration (newGossipInstanceWithGrpcMcsMetrics with discoveryConfig). */
const GOSSIP_TEST_PARAMS = GOSSIP_TEST_MEMBERSHIP_PARAMS;

describe('TestMembershipRequestSpoofing in the simulator', () => {
  it('[MEM-FUNC-MEMREQ-ANTI-SPOOFING.2] TestMembershipRequestSpoofing: g2 replays g3\'s alive message in a request to g1: nothing reaches g2 within 1s; the same request from g3 is answered within 1s', () => {
    // g1 alone; g2 and g3 bootstrap from each other (Fabric's ports, external endpoints 1.2.3.4:<port>).
    const node = (name: string, port: number, bootstrap: number[]) => ({ name, port, external: `1.2.3.4:${port}`, bootstrap: bootstrap.map((b) => `localhost:${b}`) });
    const net = buildNet({ nodes: [node('g1', 7501, []), node('g2', 7502, [7503]), node('g3', 7503, [7502])], params: GOSSIP_TEST_PARAMS, tracing: true });
    const spec = (name: string) => net.specs.find((x) => x.name === name)!;
    const connOf = (name: string) => ({ pkiId: spec(name).pkiId, identity: spec(name).identity, endpoint: spec(name).internalEndpoint });
    let w = waitUntil(net.world, (x) => membershipSizeIs(net, x, ['g2', 'g3'], 1), 180_000);
    // An alive message about g3, as g2 received it off the wire.
    w = waitUntil(w, (x) => deliveries(x).some((d) => d.to === 'g2' && d.envelope.payload.content.$case === 'aliveMsg' && d.envelope.payload.content.aliveMsg.membership.pkiId === spec('g3').pkiId), 10_000);
    const g3Alive = deliveries(w).find((d) => d.to === 'g2' && d.envelope.payload.content.$case === 'aliveMsg' && d.envelope.payload.content.aliveMsg.membership.pkiId === spec('g3').pkiId)!.envelope as AliveEnvelope;
    const spoofed = memReq(g3Alive);
    const g1Before = stateOf(w, 'g1');
    const t0 = w.nowMs;
    w = inject(w, 'g1', spoofed, connOf('g2'));
    expect(stateOf(w, 'g1')).toEqual(g1Before);
    expect(peerState(w, 'g1').rejectedByMembership).toEqual({ 'alive.spoofedMemReq': 1 });
    w = advanceBy(w, 1000);
    const fromG1 = (to: string, since: number) => deliveries(w).filter((d) => d.from === 'g1' && d.to === to && d.atMs >= since);
    expect(fromG1('g2', t0)).toEqual([]);
    // Stronger than Fabric's: g1 sent nothing at all (g1 knows nobody, so it does not even sign).
    expect(traceEvents(w).filter((l) => l.k === 'send' && l.from === 'g1')).toEqual([]);
    const t1 = w.nowMs;
    w = inject(w, 'g1', spoofed, connOf('g3'));
    w = advanceBy(w, 1000);
    const answers = fromG1('g3', t1).filter((d) => d.envelope.payload.content.$case === 'memRes');
    expect(answers.length).toBeGreaterThanOrEqual(1);
    const res = answers[0]!.envelope.payload.content;
    expect(res.$case === 'memRes' && res.memRes.alive.map((e) => e.payload.content.aliveMsg.membership.pkiId).at(-1)).toBe(spec('g1').pkiId);
  });
});

describe('spoofed requests at the composed peer', () => {
  it('[MEM-FUNC-MEMREQ-ANTI-SPOOFING.2] [GEN-FUNC-BAD-INPUT.1] the peer counts a spoofed request as alive.spoofedMemReq and changes nothing else', () => {
    const suite = createSymbolicSuite(21);
    const [me, mate, third] = ['p0', 'p1', 'p2'].map((n) => suite.enroll('Org1MSP', n)) as [SigningKey, SigningKey, SigningKey];
    const keys = new Map<string, SigningKey>([me, mate, third].map((k) => [suite.pkiIdOf(k.identity), k]));
    const reducer = createPeerReducer(suite, (p) => keys.get(p));
    const [s0, effects0] = reducer.init({
      self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: suite.orgOf(me.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
      config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: '' }),
      startTimeMs: 0,
      seed: 21,
    });
    const host = new SoloHost<PeerState>(reducer, s0, effects0, 0);
    const conn = (k: SigningKey, endpoint: string) => ({ pkiId: suite.pkiIdOf(k.identity), identity: k.identity, endpoint });
    const thirdAlive = signMessage(suite, third, {
      nonce: 0n,
      channel: '',
      tag: 'EMPTY' as const,
      content: { $case: 'aliveMsg' as const, aliveMsg: { membership: { endpoint: 'p2:7051', metadata: '', pkiId: suite.pkiIdOf(third.identity) }, timestamp: { incNum: nanosFromMs(0), seqNum: 1n }, identity: third.identity } },
    }) as AliveEnvelope;
    const before = host.state;
    const input = (from: ReturnType<typeof conn>, nowMs: number): HostInput => ({ kind: 'receive', nowMs, from, payload: memReq(thirdAlive, 3n) });
    const effects = host.input(input(conn(mate, 'p1:7051'), 10));
    expect(host.state.rejected).toEqual({ 'alive.spoofedMemReq': 1 });
    expect({ ...host.state, rejected: {} }).toEqual({ ...before, rejected: {} });
    expect(effects.every((e) => e.kind === 'log' || e.kind === 'metric')).toBe(true);
    const answer = host.input(input(conn(third, 'p2:7051'), 20));
    const responses = answer.flatMap((e) => (e.kind === 'send' && (e.message as Envelope).payload.content.$case === 'memRes' ? [[e.to, (e.message as Envelope).payload.nonce]] : []));
    expect(responses).toEqual([[[{ pkiId: suite.pkiIdOf(third.identity), endpoint: 'p2:7051' }], 3n]]);
    expect(host.state.rejected).toEqual({ 'alive.spoofedMemReq': 1 });
  });
});
