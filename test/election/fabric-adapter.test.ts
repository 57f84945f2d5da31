/**
 * Ports of Fabric's gossip/election/adapter_test.go (TestAdapterImpl_Peers is in
 * fabric-election.test.ts). Fabric's adapter is the election's side of the gossip service: it
 * makes and gossips leadership messages, hands received ones to the election, reports the leader
 * gauge and stops with the election. In the reference that is the peer composition: the election's
 * rows of the wiring table (src/peer/wiring.ts) and the leadership admission.
 *
 * Adaptations of the mechanism (never of the assertions):
 *  - NewAdapter is a peer joining channel "channel0": that creates the channel's election instance.
 *  - CreateMessage(isDeclaration) is the wiring row `election.gossipLeadership`, called directly
 *    with the election's output as Fabric's test calls the adapter; its message is what goes to the
 *    emitter.
 *  - Gossip and Accept run on the simulator: three peers of one org (Fabric's Peer0..2 on one
 *    mock cluster) with Fabric's leader election; "a receiver's Accept channel gets the message"
 *    is "its leadership store took the sender's declaration" (what reaches its election).
 *  - ReportMetrics(true/false) is the leader gauge the peer reports as a `metric` effect when its
 *    election leads and when it yields; the label is the channel, as in Fabric.
 *  - Stop: Fabric's adapters stop with the gossip service; here the peer's STOP command.
 */
import { createSymbolicSuite, orgId, type Effect, type HostInput } from '../../src/core';
import { isStopped, LEADER_METRIC_NAME } from '../../src/election';
import { verifyEnvelope, type Envelope } from '../../src/messages';
import { createPeerEnv, createPeerReducer, WIRING, type PeerState } from '../../src/peer';
import { advanceTo, command, leadersOf, peerState, traceEvents, type World } from '../../src/sim';
import { FAST_ELECTION_ENV, configOf, joinAll, network, oneOrg } from '../peer/fixtures';
import { SoloHost } from '../peer/solo-host';

const CHANNEL0 = 'channel0';

const suite = createSymbolicSuite(11);
const me = suite.enroll('Org1MSP', 'p0');
const reducer = createPeerReducer(suite, (pki) => (pki === suite.pkiIdOf(me.identity) ? me : undefined));
const joinChannel0 = { type: 'JOIN_CHANNEL', channel: CHANNEL0, sequence: 0, orgs: [{ mspId: 'Org1MSP', anchorPeers: [] }] };

/** One peer of Org1MSP with Fabric's election (scaled timings), on a virtual-time host. */
function soloPeer(): SoloHost<PeerState> {
  const [s0, effects] = reducer.init({
    self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: orgId('Org1MSP'), internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
    config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: '' }),
    startTimeMs: 0,
    seed: 5,
  });
  return new SoloHost(reducer, s0, effects, 0);
}

const commandAt = (nowMs: number, cmd: unknown): HostInput => ({ kind: 'command', nowMs, command: cmd });

/** The leadership message an emitter ADD signal carries. */
function leadershipOf(signals: readonly unknown[]): Envelope {
  const add = signals.find((s): s is { kind: 'input'; event: { type: 'ADD'; item: { message: { kind: string; envelope: Envelope } } } } => {
    const sig = s as { kind?: string; event?: { type?: string } };
    return sig.kind === 'input' && sig.event?.type === 'ADD';
  });
  if (add === undefined || add.event.item.message.kind !== 'leadership') throw new Error('no leadership message handed to the emitter');
  return add.event.item.message.envelope;
}

const leaderMetrics = (effects: readonly { effect: Effect }[]) =>
  effects.flatMap(({ effect }) => (effect.kind === 'metric' && effect.name === LEADER_METRIC_NAME ? [effect] : []));

describe('Fabric election/adapter_test.go ports', () => {
  it('[PEER-FUNC-JOIN-CHANNEL.1] TestNewAdapter: joining channel0 creates its election for this peer, started (its timers armed)', () => {
    const host = soloPeer();
    expect(host.state.channels[CHANNEL0]).toBeUndefined();
    host.input(commandAt(0, joinChannel0));
    const election = host.state.channels[CHANNEL0]?.election;
    expect(election).toBeDefined();
    expect(election?.context.selfId).toBe(suite.pkiIdOf(me.identity));
    expect(host.armed(`election|${CHANNEL0}|`).length).toBeGreaterThan(0);
  });

  it('[ELE-MSG-GOSSIP-LEADERSHIP.1] TestAdapterImpl_CreateMessage: a declaration is a leadership message that is a declaration; a proposal one that is not', () => {
    const host = soloPeer();
    host.input(commandAt(0, joinChannel0));
    const ctx = { state: host.state, env: createPeerEnv(suite, me, []), nowMs: 0 };
    const at = { sub: 'election', channel: CHANNEL0 } as Parameters<typeof WIRING.election.gossipLeadership>[1];
    for (const isDeclaration of [true, false]) {
      const msg = leadershipOf(WIRING.election.gossipLeadership({ kind: 'gossipLeadership', isDeclaration, seqNum: 1 }, at, ctx));
      const content = msg.payload.content;
      expect(content.$case).toBe('leadershipMsg');
      if (content.$case !== 'leadershipMsg') continue;
      expect(content.leadershipMsg.isDeclaration).toBe(isDeclaration);
      expect(content.leadershipMsg.pkiId).toBe(suite.pkiIdOf(me.identity));
      expect(msg.payload.channel).toBe(CHANNEL0);
      expect(msg.payload.tag).toBe('CHAN_AND_ORG');
      expect(verifyEnvelope(suite, me.identity, msg)).toBe(true);
    }
  });

  it('[PEER-FUNC-JOIN-CHANNEL.1] [ELE-FUNC-STOP.1] TestAdapterImpl_Stop: six peers in a channel stop; their elections stop and gossip no leadership message afterwards', () => {
    let w = network(oneOrg(6, 'fabric-1.4', FAST_ELECTION_ENV), 9);
    w = advanceTo(joinAll(advanceTo(w, 1_000), { ...joinChannel0 }), 8_000);
    const names = Array.from({ length: 6 }, (_, i) => `p${i}.org1msp`);
    const leadershipSent = (e: ReturnType<typeof traceEvents>[number]) => e.k === 'send' && contentCase(e.payload) === 'leadershipMsg';
    expect(traceEvents(w).some(leadershipSent)).toBe(true);
    for (const n of names) w = command(w, n, { type: 'STOP' });
    const stoppedAt = w.nowMs;
    w = advanceTo(w, stoppedAt + 10_000);
    for (const n of names) expect(isStopped(peerState(w, n).channels[CHANNEL0]!.election)).toBe(true);
    expect(traceEvents(w).filter((e) => e.t > stoppedAt && leadershipSent(e))).toEqual([]);
  });

  it('[ELE-FUNC-LEADERSHIP-ROUTING.1] [ELE-FUNC-FOREIGN-ORG-ISOLATION.1] TestAdapterImpl_Gossip: a declaration gossiped by the leader reaches both other peers within 1s, as a declaration from it', () => {
    let w: World<PeerState> = network(oneOrg(3, 'fabric-1.4', FAST_ELECTION_ENV), 4);
    w = advanceTo(joinAll(advanceTo(w, 1_000), { ...joinChannel0 }), 10_000);
    const [sender] = leadersOf(w, CHANNEL0);
    expect(sender).toBeDefined();
    const senderPki = peerState(w, sender!).self.pkiId;
    const from = w.nowMs;
    w = advanceTo(w, from + 3_000);
    const declaration = traceEvents(w).find((e) => e.k === 'send' && e.t > from && e.from === sender && isDeclaration(e.payload));
    expect(declaration).toBeDefined();
    const sentAt = declaration!.t;
    const msg = (declaration as { payload: Envelope }).payload.payload.content;
    if (msg.$case !== 'leadershipMsg') throw new Error('not a leadership message');
    expect(msg.leadershipMsg.pkiId).toBe(senderPki);
    const receivers = ['p0.org1msp', 'p1.org1msp', 'p2.org1msp'].filter((n) => n !== sender);
    w = advanceTo(w, sentAt + 1_000);
    // The one gossip went to both other peers, and each delivered copy was taken by its receiver.
    const copies = traceEvents(w).filter((e): e is Extract<typeof e, { k: 'send' }> => e.k === 'send' && e.t === sentAt && e.from === sender && isDeclaration(e.payload));
    expect(copies.map((c) => c.to).sort()).toEqual(receivers);
    const delivered = new Set(traceEvents(w).flatMap((e) => (e.k === 'deliver' && e.t <= sentAt + 1_000 ? [e.id] : [])));
    let totalMsg = 0;
    for (const r of receivers) {
      const copy = copies.find((c) => c.to === r);
      const stored = peerState(w, r).channels[CHANNEL0]?.lastLeadership[senderPki];
      if (copy !== undefined && delivered.has(copy.id) && stored !== undefined && stored.ts.seqNum >= msg.leadershipMsg.timestamp.seqNum) totalMsg++;
    }
    expect(totalMsg).toBe(2);
  });

  it('[ELE-FUNC-METRIC.1] TestReportMetrics: the leader gauge is reported for channel0, 1 when leading and 0 after yielding', () => {
    const host = soloPeer();
    host.input(commandAt(0, joinChannel0));
    host.runUntil(10_000);
    const leading = leaderMetrics(host.effects);
    expect(leading.length).toBeGreaterThan(0);
    expect(leading[0]).toEqual({ kind: 'metric', name: LEADER_METRIC_NAME, value: 1, labels: { channel: CHANNEL0 } });
    const mark = host.effects.length;
    host.input(commandAt(host.nowMs, { type: 'YIELD', channel: CHANNEL0 }));
    host.runUntil(host.nowMs + 2_000);
    const after = leaderMetrics(host.effects.slice(mark));
    expect(after[0]).toEqual({ kind: 'metric', name: LEADER_METRIC_NAME, value: 0, labels: { channel: CHANNEL0 } });
  });
});

function contentCase(payload: unknown): string | undefined {
  return (payload as Envelope | undefined)?.payload?.content?.$case;
}

function isDeclaration(payload: unknown): boolean {
  const c = (payload as Envelope).payload.content;
  return c.$case === 'leadershipMsg' && c.leadershipMsg.isDeclaration;
}
