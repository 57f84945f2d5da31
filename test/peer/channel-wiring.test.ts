/**
 * The channel subsystem (StateInfo) inside the composed peer: StateInfo spreads to the channel's
 * peers and builds the channel views the election, block push and block pull use; peers of orgs
 * outside the channel never enter them and never get the channel's blocks or StateInfo; a config
 * update that removes an org cuts its peers off; forged StateInfo is counted and changes nothing.
 */
import { cachedOf, currentChannelPeers, ledgerHeightOf } from '../../src/channel';
import { channelMac, createSymbolicSuite, type ChannelId, type Effect, type HostInput, type PkiId, type SigningKey } from '../../src/core';
import { aliveMembers } from '../../src/membership';
import { signMessage } from '../../src/messages';
import type { PeerState } from '../../src/peer';
import { DEFAULT_FIRST_NETWORK, FIRST_NETWORK_CHANNEL, runFirstNetwork } from '../../src/scenarios/first-network';
import { buildNetwork, type PeerDefinition } from '../../src/scenarios/network';
import { advanceTo, command, cutBlock, ledgerHeight, ledgerOf, peerNames, peerState, traceEvents, type TraceEvent, type World } from '../../src/sim';
import { CHANNEL, FAST_ELECTION_ENV, configOf, joinAll, joinCommand, network, oneOrg } from './fixtures';

type Send = Extract<TraceEvent, { k: 'send' }>;
const sendsOf = (w: World<PeerState>): Send[] => traceEvents(w).filter((e): e is Send => e.k === 'send');
const caseOf = (payload: unknown): string => (payload as { payload: { content: { $case: string } } }).payload.content.$case;
const channelOf = (payload: unknown): string => (payload as { payload: { channel: string } }).payload.channel;
const CHANNEL_TRAFFIC = new Set(['dataMsg', 'stateInfo', 'stateSnapshot', 'stateInfoPullReq', 'leadershipMsg']);
const pkiOf = (w: World<PeerState>, name: string): string => peerState(w, name).self.pkiId;

describe('StateInfo in the First Network', () => {
  const world = runFirstNetwork({ ...DEFAULT_FIRST_NETWORK, seed: 3 });
  const names = peerNames(world);

  it('[PEER-FUNC-CHANNEL-INSTANCE.1] [PEER-FUNC-STATE-INFO-ADMISSION.1] StateInfo from every peer reaches every channel peer: the channel views converge, with the ledger heights the peers advertise', () => {
    for (const name of names) {
      const s = peerState(world, name);
      const ch = s.channels[FIRST_NETWORK_CHANNEL]!;
      const others = names.filter((n) => n !== name).map((n) => pkiOf(world, n)).sort();
      expect(currentChannelPeers(ch.gossipChannel)).toEqual(others);
      // Every peer advertises its ledger height (seq of its last commit + 1) and the others know it.
      for (const other of names.filter((n) => n !== name)) {
        expect(ledgerHeightOf(ch.gossipChannel, pkiOf(world, other) as PkiId)).toBe(ledgerHeight(world, other, FIRST_NETWORK_CHANNEL));
      }
      // No honest StateInfo fails a signature, MAC, channel or org check. (StateInfo of a peer whose
      // identity has not arrived yet, unknownSubject, is dropped as in Fabric; duplicates are not
      // counted at all, [CHN-FUNC-STATE-INFO-CHECKS.2].)
      const honest = new Set(['stateInfo.unknownSubject']);
      expect(Object.keys(s.rejected).filter((r) => r.startsWith('stateInfo.') && !honest.has(r))).toEqual([]);
    }
    expect(sendsOf(world).filter((s) => caseOf(s.payload) === 'stateInfo').length).toBeGreaterThan(0);
  });

  it('[PEER-FUNC-CHANNEL-VIEW.1] the election and block pull see the same-org channel peers; they entered the view only after their StateInfo arrived', () => {
    for (const name of names) {
      const s = peerState(world, name);
      const mate = names.find((n) => n !== name && n.slice(n.indexOf('.')) === name.slice(name.indexOf('.')))!;
      expect(s.channels[FIRST_NETWORK_CHANNEL]?.view).toEqual([pkiOf(world, mate)]);
    }
    // Every same-org pair exchanged StateInfo before either pushed a block to the other.
    const events = sendsOf(world);
    for (const name of names) {
      const firstBlock = events.findIndex((e) => e.from === name && caseOf(e.payload) === 'dataMsg');
      if (firstBlock < 0) continue;
      const to = events[firstBlock]!.to;
      const stateInfoOfTarget = events.findIndex((e) => e.to === name && ['stateInfo', 'stateSnapshot'].includes(caseOf(e.payload)) && JSON.stringify(e.payload, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes(pkiOf(world, to)));
      expect(stateInfoOfTarget).toBeGreaterThanOrEqual(0);
      expect(stateInfoOfTarget).toBeLessThan(firstBlock);
    }
  });

  it('[PEER-FUNC-STATE-INFO-ROUTING.1] a StateInfo goes to at most propagatePeerNum peers, of my org or (its subject having an external endpoint) of the channel orgs, never back to its sender', () => {
    const stateInfos = sendsOf(world).filter((s) => caseOf(s.payload) === 'stateInfo');
    const byBatch = new Map<string, Send[]>();
    for (const s of stateInfos) {
      const key = `${s.from}|${JSON.stringify(s.payload, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`;
      byBatch.set(key, [...(byBatch.get(key) ?? []), s]);
    }
    const propagatePeerNum = peerState(world, names[0]!).config.propagatePeerNum;
    for (const sends of byBatch.values()) expect(new Set(sends.map((s) => s.to)).size).toBeLessThanOrEqual(propagatePeerNum * sends.length);
    for (const s of stateInfos) expect(s.to).not.toBe(s.from);
  });
});

describe('StateInfo routing when the subject has no external endpoint', () => {
  it('[PEER-FUNC-STATE-INFO-ROUTING.1] [CHN-FUNC-SERVE-SNAPSHOT.1] the StateInfo of a peer without an external endpoint never leaves its org, by push or by snapshot', () => {
    const endpoint = (o: number, p: number) => `p${p}.org${o}:7051`;
    const peers: PeerDefinition[] = [1, 2].flatMap((o) =>
      [0, 1].map((p) => ({
        name: `p${p}.org${o}`,
        org: `Org${o}MSP`,
        internalEndpoint: endpoint(o, p),
        // p1.org1 is not reachable from other orgs.
        externalEndpoint: o === 1 && p === 1 ? '' : endpoint(o, p),
        config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: endpoint(o, 1 - p) }),
      })),
    );
    let w = buildNetwork({ seed: 5, peers });
    w = joinAll(advanceTo(w, 1_000), joinCommand(['Org1MSP', 'Org2MSP'], 0, { Org1MSP: endpoint(1, 0), Org2MSP: endpoint(2, 0) }));
    w = advanceTo(w, 40_000);
    const hidden = pkiOf(w, 'p1.org1');
    const crossOrg = sendsOf(w).filter((s) => s.from.slice(3) !== s.to.slice(3));
    const stateInfoCross = crossOrg.filter((s) => caseOf(s.payload) === 'stateInfo' || caseOf(s.payload) === 'stateSnapshot');
    expect(stateInfoCross.length).toBeGreaterThan(0);
    for (const s of stateInfoCross) expect(JSON.stringify(s.payload, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(hidden);
    // Inside its org it is known; outside it is not, so it is in no foreign channel view.
    expect(currentChannelPeers(peerState(w, 'p0.org1').channels[CHANNEL]!.gossipChannel)).toContain(hidden);
    for (const n of ['p0.org2', 'p1.org2']) expect(currentChannelPeers(peerState(w, n).channels[CHANNEL]!.gossipChannel)).not.toContain(hidden);
  });
});

describe('isolation of an org outside the channel', () => {
  it('[PEER-FUNC-CHANNEL-VIEW.1] [PEER-FUNC-BLOCK-ROUTING.3] [PEER-FUNC-STATE-INFO-ROUTING.1] a peer of an org outside the channel never enters its views and never receives its blocks, StateInfo or leadership', () => {
    const endpoint = (o: number, p: number) => `p${p}.org${o}:7051`;
    const peers: PeerDefinition[] = [1, 2, 3].flatMap((o) =>
      (o === 3 ? [0] : [0, 1]).map((p) => ({
        name: `p${p}.org${o}`,
        org: `Org${o}MSP`,
        internalEndpoint: endpoint(o, p),
        externalEndpoint: endpoint(o, p),
        config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: o === 3 ? '' : endpoint(o, 1 - p) }),
      })),
    );
    let w = buildNetwork({ seed: 9, peers });
    const insiders = ['p0.org1', 'p1.org1', 'p0.org2', 'p1.org2'];
    w = joinAll(advanceTo(w, 1_000), joinCommand(['Org1MSP', 'Org2MSP'], 0, { Org1MSP: endpoint(1, 0), Org2MSP: endpoint(2, 0) }), insiders);
    // The outsider joins another channel with Org1, whose anchor peer makes it known to Org1's membership.
    w = command(w, 'p0.org3', { type: 'JOIN_CHANNEL', channel: 'other', sequence: 0, orgs: [{ mspId: 'Org3MSP', anchorPeers: [] }, { mspId: 'Org1MSP', anchorPeers: [{ host: 'p0.org1', port: 7051 }] }] });
    w = advanceTo(w, 30_000);
    w = advanceTo(cutBlock(cutBlock(w, CHANNEL), CHANNEL), 60_000);
    const outsider = pkiOf(w, 'p0.org3');
    // The outsider is alive in Org1's membership, so its exclusion is the channel's doing.
    expect(aliveMembers(peerState(w, 'p0.org1').membership).map((m) => m.pkiId)).toContain(outsider);
    for (const name of insiders) {
      const ch = peerState(w, name).channels[CHANNEL]!;
      expect(currentChannelPeers(ch.gossipChannel)).not.toContain(outsider);
      expect(currentChannelPeers(ch.gossipChannel)).toHaveLength(3);
      expect(ledgerOf(w, name, CHANNEL).map((e) => e.seq)).toEqual([0, 1]);
    }
    const toOutsider = sendsOf(w).filter((s) => s.to === 'p0.org3' && CHANNEL_TRAFFIC.has(caseOf(s.payload)));
    expect(toOutsider.filter((s) => caseOf(s.payload) !== 'stateInfoPullReq' || channelOf(s.payload) === CHANNEL)).toEqual([]);
    expect(peerState(w, 'p0.org3').channels[CHANNEL]).toBeUndefined();
    // It did talk to Org1 (membership, its own channel's StateInfo pull requests): the isolation is not vacuous.
    expect(sendsOf(w).some((s) => s.from === 'p0.org3' && s.to.endsWith('.org1'))).toBe(true);
    // Its own StateInfo for the channel, validly signed and MACed, pushed to a channel peer, is refused and changes nothing.
    const suite = createSymbolicSuite(9);
    const k = suite.enroll('Org3MSP', 'p0.org3');
    const forged = signMessage(suite, k, {
      nonce: 0n,
      channel: '',
      tag: 'CHAN_OR_ORG',
      content: { $case: 'stateInfo', stateInfo: { timestamp: { incNum: 1n, seqNum: 1n }, pkiId: outsider, channelMAC: channelMac(suite, outsider as PkiId, CHANNEL as ChannelId), properties: { ledgerHeight: 5, leftChannel: false, chaincodes: [] } } },
    });
    const before = peerState(w, 'p0.org1');
    const [after, effects] = w.config.reducer.step(before, { kind: 'receive', nowMs: w.nowMs, from: { pkiId: outsider as PkiId, identity: k.identity, endpoint: endpoint(3, 0) }, payload: forged });
    expect(after.rejected).toEqual({ ...before.rejected, 'stateInfo.senderNotInChannel': (before.rejected['stateInfo.senderNotInChannel'] ?? 0) + 1 });
    expect({ ...after, rejected: {} }).toEqual({ ...before, rejected: {} });
    expect(effects.every((e) => e.kind === 'log' || e.kind === 'metric')).toBe(true);
  });
});

describe('a config update removes an org from a 3-org channel', () => {
  it('[PEER-FUNC-CHANNEL-INSTANCE.1] [CHN-FUNC-ORG-REMOVED.1] [PEER-FUNC-BLOCK-ADMISSION.1] its peers leave the views of the others, who stop sending them blocks and StateInfo and accept none from them', () => {
    const endpoint = (o: number, p: number) => `p${p}.org${o}:7051`;
    const orgs = [1, 2, 3];
    const peers: PeerDefinition[] = orgs.flatMap((o) =>
      [0, 1].map((p) => ({
        name: `p${p}.org${o}`,
        org: `Org${o}MSP`,
        internalEndpoint: endpoint(o, p),
        externalEndpoint: endpoint(o, p),
        config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: endpoint(o, 1 - p) }),
      })),
    );
    const anchors = Object.fromEntries(orgs.map((o) => [`Org${o}MSP`, endpoint(o, 0)]));
    let w = buildNetwork({ seed: 13, peers });
    w = joinAll(advanceTo(w, 1_000), joinCommand(['Org1MSP', 'Org2MSP', 'Org3MSP'], 0, anchors));
    w = advanceTo(cutBlock(advanceTo(w, 30_000), CHANNEL), 40_000);
    const names = peerNames(w);
    for (const name of names) expect(currentChannelPeers(peerState(w, name).channels[CHANNEL]!.gossipChannel)).toHaveLength(5);
    // Org3's peers took part: blocks and StateInfo crossed between Org3 and the others.
    const crosses = (s: Send) => (s.from.endsWith('.org3') && !s.to.endsWith('.org3')) || (!s.from.endsWith('.org3') && s.to.endsWith('.org3'));
    expect(sendsOf(w).some((s) => crosses(s) && caseOf(s.payload) === 'stateInfo')).toBe(true);

    const removedAtMs = 40_000;
    const remaining = names.filter((n) => !n.endsWith('.org3'));
    const removed = names.filter((n) => n.endsWith('.org3'));
    w = joinAll(w, joinCommand(['Org1MSP', 'Org2MSP'], 1, { Org1MSP: anchors['Org1MSP']!, Org2MSP: anchors['Org2MSP']! }), remaining);
    const rejectedBefore = Object.fromEntries(remaining.map((n) => [n, { ...peerState(w, n).rejected }]));
    w = advanceTo(cutBlock(advanceTo(w, 50_000), CHANNEL), 80_000);
    const removedPkis = removed.map((n) => pkiOf(w, n));
    for (const name of remaining) {
      const ch = peerState(w, name).channels[CHANNEL]!;
      expect(currentChannelPeers(ch.gossipChannel)).toHaveLength(3);
      for (const p of removedPkis) expect(currentChannelPeers(ch.gossipChannel)).not.toContain(p);
      expect(ledgerOf(w, name, CHANNEL).map((e) => e.seq)).toEqual([0, 1]);
    }
    // After the update (and the messages in flight then), nothing of the channel goes from the others to Org3.
    const after = traceEvents(w).filter((e): e is Send => e.k === 'send' && (e as { t?: number }).t !== undefined && (e as unknown as { t: number }).t > removedAtMs + 50);
    const toRemoved = after.filter((s) => !s.from.endsWith('.org3') && s.to.endsWith('.org3') && CHANNEL_TRAFFIC.has(caseOf(s.payload)));
    expect(toRemoved.map((s) => `${s.from}->${s.to} ${caseOf(s.payload)}`)).toEqual([]);
    // What Org3 still sends them (it keeps the old config) is refused, counted as StateInfo or block rejections.
    const fromRemoved = after.filter((s) => s.from.endsWith('.org3') && !s.to.endsWith('.org3') && CHANNEL_TRAFFIC.has(caseOf(s.payload)));
    if (fromRemoved.length > 0) {
      const refused = remaining.flatMap((n) =>
        Object.entries(peerState(w, n).rejected).filter(([r, c]) => c > (rejectedBefore[n]?.[r] ?? 0) && (r.startsWith('stateInfo.') || r.startsWith('block.') || r.startsWith('pull.'))),
      );
      expect(refused.length).toBeGreaterThan(0);
    }
  });
});

describe('forged StateInfo', () => {
  const seed = 3;
  const world = runFirstNetwork({ ...DEFAULT_FIRST_NETWORK, seed, untilMs: 90_000, tracing: false });
  const base = peerState(world, 'peer1.org1');
  const reducer = world.config.reducer;
  // The world's deterministic suite: the same keys the peers have.
  const suite = createSymbolicSuite(seed);
  const key = (org: string, name: string): SigningKey => suite.enroll(org, name);
  const mate = key('Org1MSP', 'peer0.org1');
  const foreign = key('Org2MSP', 'peer0.org2');
  const outsider = key('Org3MSP', 'peer0.org3');
  const conn = (k: SigningKey, endpoint = 'x:7051') => ({ pkiId: suite.pkiIdOf(k.identity), identity: k.identity, endpoint });
  const stateInfo = (subject: SigningKey, signer: SigningKey, mac?: string, seqNum = 10n ** 18n) =>
    signMessage(suite, signer, {
      nonce: 0n,
      channel: '',
      tag: 'CHAN_OR_ORG',
      content: {
        $case: 'stateInfo',
        stateInfo: {
          timestamp: { incNum: 10n ** 18n, seqNum },
          pkiId: suite.pkiIdOf(subject.identity),
          channelMAC: mac ?? channelMac(suite, suite.pkiIdOf(subject.identity) as PkiId, FIRST_NETWORK_CHANNEL as ChannelId),
          properties: { ledgerHeight: 99, leftChannel: false, chaincodes: [] },
        },
      },
    });
  const receive = (from: SigningKey, payload: unknown): HostInput => ({ kind: 'receive', nowMs: world.nowMs, from: conn(from), payload });
  const withoutCounters = (s: PeerState) => ({ ...s, rejected: {} });
  const onlyReporting = (effects: readonly Effect[]) => effects.every((e) => e.kind === 'log' || e.kind === 'metric');

  it.each([
    ['a MAC of no joined channel', () => receive(mate, stateInfo(mate, mate, 'not-a-mac')), 'stateInfo.unknownChannel'],
    ['a MAC for the subject of another channel', () => receive(mate, stateInfo(mate, mate, channelMac(suite, suite.pkiIdOf(mate.identity) as PkiId, 'elsewhere' as ChannelId))), 'stateInfo.unknownChannel'],
    ['a bad signature (signed by another peer)', () => receive(mate, stateInfo(foreign, mate)), 'stateInfo.badSignature'],
    ['a foreign-org subject relayed by a channel peer', () => receive(mate, stateInfo(outsider, outsider)), 'stateInfo.unknownSubject'],
  ])('[PEER-FUNC-STATE-INFO-ADMISSION.1] [CHN-SAFE-REJECT-CHANGES-NOTHING.1] %s is counted and changes nothing but the counter', (_what, make, reason) => {
    const [next, effects] = reducer.step(base, make());
    expect(next.rejected).toEqual({ ...base.rejected, [reason]: (base.rejected[reason] ?? 0) + 1 });
    expect(withoutCounters(next)).toEqual(withoutCounters(base));
    expect(onlyReporting(effects)).toBe(true);
  });

  it('[PEER-FUNC-STATE-INFO-ADMISSION.1] [CHN-FUNC-STATE-INFO-CHECKS.2] a replay of a cached StateInfo is dropped silently, as Fabric drops an already-seen one: nothing counted, nothing changed, nothing sent', () => {
    const cached = cachedOf(base.channels[FIRST_NETWORK_CHANNEL]!.gossipChannel.context.cache, suite.pkiIdOf(foreign.identity))!.envelope;
    for (const from of [foreign, mate]) {
      const [next, effects] = reducer.step(base, receive(from, cached));
      expect(next.rejected).toEqual(base.rejected);
      expect(next).toEqual(base);
      expect(effects.filter((e) => e.kind !== 'log' && e.kind !== 'metric')).toEqual([]);
    }
    // Not vacuous: the same subject's StateInfo one step newer is taken.
    const [taken] = reducer.step(base, receive(foreign, stateInfo(foreign, foreign)));
    expect(ledgerHeightOf(taken.channels[FIRST_NETWORK_CHANNEL]!.gossipChannel, suite.pkiIdOf(foreign.identity) as PkiId)).toBe(99);
  });

  it('[PEER-FUNC-STATE-INFO-ADMISSION.1] a forged snapshot or pull request is counted too; a genuine newer StateInfo is taken and relayed', () => {
    const snapshot = (channel: string, elements: unknown[]) => ({ payload: { nonce: 0n, channel, tag: 'CHAN_OR_ORG', content: { $case: 'stateSnapshot', stateSnapshot: { elements } } }, signature: '' });
    const pullReq = (mac: string) => ({ payload: { nonce: 0n, channel: '', tag: 'CHAN_OR_ORG', content: { $case: 'stateInfoPullReq', stateInfoPullReq: { channelMAC: mac } } }, signature: '' });
    const cases: [HostInput, string][] = [
      [receive(mate, snapshot('elsewhere', [])), 'stateInfo.unknownChannel'],
      [receive(mate, snapshot(FIRST_NETWORK_CHANNEL, [stateInfo(foreign, mate)])), 'stateInfo.badSignature'],
      [receive(outsider, snapshot(FIRST_NETWORK_CHANNEL, [])), 'stateInfo.senderNotInChannel'],
      // A pull request carrying another peer's MAC (Fabric: the MAC must be the sender's).
      [receive(mate, pullReq(channelMac(suite, suite.pkiIdOf(foreign.identity) as PkiId, FIRST_NETWORK_CHANNEL as ChannelId))), 'stateInfo.unknownChannel'],
      [receive(outsider, pullReq(channelMac(suite, suite.pkiIdOf(outsider.identity) as PkiId, FIRST_NETWORK_CHANNEL as ChannelId))), 'stateInfo.senderNotInChannel'],
    ];
    for (const [input, reason] of cases) {
      const [next, effects] = reducer.step(base, input);
      expect(next.rejected).toEqual({ ...base.rejected, [reason]: (base.rejected[reason] ?? 0) + 1 });
      expect(withoutCounters(next)).toEqual(withoutCounters(base));
      expect(onlyReporting(effects)).toBe(true);
    }
    // Not vacuous: a genuine newer StateInfo of a channel peer, relayed by a channel peer, is cached.
    const genuine = stateInfo(foreign, foreign);
    const [taken] = reducer.step(base, receive(mate, genuine));
    expect(taken.rejected).toEqual(base.rejected);
    expect(ledgerHeightOf(taken.channels[FIRST_NETWORK_CHANNEL]!.gossipChannel, suite.pkiIdOf(foreign.identity) as PkiId)).toBe(99);
    // And a genuine pull request is answered with a snapshot, on the connection it came on.
    const [, answer] = reducer.step(base, receive(mate, pullReq(channelMac(suite, suite.pkiIdOf(mate.identity) as PkiId, FIRST_NETWORK_CHANNEL as ChannelId))));
    expect(answer.some((e) => e.kind === 'send' && caseOf(e.message) === 'stateSnapshot')).toBe(true);
  });
});

describe('gossip_test.go', () => {
  it('[PEER-FUNC-CHANNEL-VIEW.1] [PEER-FUNC-BLOCK-ROUTING.3] TestDataLeakage: peers of one org in two channels see only the peers of their channel, with their heights, and get only their channel\'s blocks', () => {
    // 10 peers of one org with full membership; 0-4 join A, 5-9 join B.
    let w = network(oneOrg(10, 'fabric-1.4', FAST_ELECTION_ENV), 21);
    w = advanceTo(w, 15_000);
    const names = peerNames(w);
    const inA = names.slice(0, 5);
    const inB = names.slice(5);
    const join = (channel: string) => ({ ...(joinCommand(['Org1MSP']) as object), channel });
    w = joinAll(joinAll(w, join('A'), inA), join('B'), inB);
    // B's ledger is one block ahead before the views are checked (Fabric: heights 1 and 2).
    w = advanceTo(cutBlock(advanceTo(w, 25_000), 'B'), 45_000);
    for (const [channel, members, height] of [['A', inA, 0], ['B', inB, 1]] as const) {
      for (const name of members) {
        const ch = peerState(w, name).channels[channel]!;
        const peers = currentChannelPeers(ch.gossipChannel);
        // Fabric: exactly the other eligible peers of the channel. Its VerifyByChannel lets only
        // 3 of each 5 in; the channel Readers policy is not modelled here, so all 5 are eligible.
        expect(peers).toEqual(members.filter((n) => n !== name).map((n) => pkiOf(w, n)).sort());
        for (const p of peers) expect(ledgerHeightOf(ch.gossipChannel, p)).toBe(height);
        expect(peerState(w, name).channels[channel === 'A' ? 'B' : 'A']).toBeUndefined();
      }
    }
    // Blocks gossiped in A and in B reach the peers of their channel, with the right channel, and nobody else.
    w = advanceTo(cutBlock(cutBlock(w, 'A'), 'B'), 60_000);
    for (const name of inA) expect(ledgerOf(w, name, 'A').map((e) => e.seq)).toEqual([0]);
    for (const name of inB) expect(ledgerOf(w, name, 'B').map((e) => e.seq)).toEqual([0, 1]);
    for (const s of sendsOf(w).filter((e) => caseOf(e.payload) === 'dataMsg')) {
      const channel = channelOf(s.payload);
      expect((channel === 'A' ? inA : inB).includes(s.to)).toBe(true);
    }
  });
});
