/**
 * Two orgs of two peers whose internal endpoints differ from their external ones, bootstrap peers
 * inside each org and one anchor peer per org (issue: membership and election through the peer
 * composition). Assertions are over the whole trace of the run.
 */
import { currentChannelPeers } from '../../src/channel';
import { createSymbolicSuite, canonicalEncode, type SigningKey } from '../../src/core';
import { emptyPMap } from '../../src/core/pmap';
import { aliveMembers, aliveMembersUncached, membershipInvariants, type MemberSnapshot } from '../../src/membership';
import { signMessage } from '../../src/messages';
import type { PeerState } from '../../src/peer';
import { buildNetwork, type PeerDefinition } from '../../src/scenarios/network';
import { advanceTo, inject, leadersOf, ledgerOf, cutBlock, ordererBlocks, peerNames, peerState, traceEvents, type TraceEvent, type World } from '../../src/sim';
import { CHANNEL, FAST_ELECTION_ENV, configOf, joinAll, joinCommand } from './fixtures';

const SEED = 11;
const internal = (o: number, p: number) => `peer${p}.org${o}.internal:7051`;
const external = (o: number, p: number) => `peer${p}.org${o}.example.com:7051`;

function peers(): PeerDefinition[] {
  return [1, 2].flatMap((o) =>
    [0, 1].map((p) => ({
      name: `peer${p}.org${o}`,
      org: `Org${o}MSP`,
      internalEndpoint: internal(o, p),
      externalEndpoint: external(o, p),
      config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: internal(o, 1 - p) }),
    })),
  );
}
const orgOf = (name: string) => name.slice(name.indexOf('.') + 1);
const anchors = { Org1MSP: external(1, 0), Org2MSP: external(2, 0) };

function run(extra: (w: World<PeerState>) => World<PeerState> = (w) => w): World<PeerState> {
  let w = buildNetwork({ seed: SEED, peers: peers() });
  w = joinAll(advanceTo(w, 2_000), joinCommand(['Org1MSP', 'Org2MSP']));
  w = joinAll(advanceTo(w, 15_000), joinCommand(['Org1MSP', 'Org2MSP'], 1, anchors));
  w = extra(advanceTo(w, 20_000));
  w = cutBlock(cutBlock(w, CHANNEL), CHANNEL);
  return advanceTo(w, 60_000);
}

const world = run();
const sends = traceEvents(world).filter((e): e is Extract<TraceEvent, { k: 'send' }> => e.k === 'send');
const contentOf = (payload: unknown) => (payload as { payload: { content: { $case: string } } }).payload.content;

describe('two orgs through the peer composition', () => {
  it('[MEM-LIVE-FULL-MEMBERSHIP.1] every peer ends up knowing the three others', () => {
    for (const name of peerNames(world)) expect(aliveMembers(peerState(world, name).membership)).toHaveLength(3);
  });

  it('[MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] [PEER-FUNC-ALIVE-ROUTING.2] no envelope sent across orgs carries a secret envelope or an internal endpoint', () => {
    const crossOrg = sends.filter((s) => orgOf(s.from) !== orgOf(s.to));
    expect(crossOrg.length).toBeGreaterThan(0);
    const internals = [1, 2].flatMap((o) => [0, 1].map((p) => internal(o, p)));
    for (const s of crossOrg) {
      const text = canonicalEncode(s.payload);
      expect(text).not.toContain('secretEnvelope');
      for (const ep of internals) expect(text).not.toContain(ep);
    }
    // ...while inside an org the internal endpoints do travel (the check above is not vacuous).
    expect(sends.some((s) => orgOf(s.from) === orgOf(s.to) && canonicalEncode(s.payload).includes('secretEnvelope'))).toBe(true);
  });

  it('[PEER-FUNC-ALIVE-ROUTING.2] a forwarded alive message never goes back to the peer it was first received from', () => {
    // "Received" is delivery order: two copies sent in one order may arrive in the other.
    const firstFrom = new Map<string, string>();
    const aliveKeyOf = new Map<number, string>();
    for (const e of traceEvents(world)) {
      if (e.k === 'deliver') {
        const key = aliveKeyOf.get(e.id);
        if (key !== undefined && !firstFrom.has(`${e.to}|${key}`)) firstFrom.set(`${e.to}|${key}`, e.from);
        continue;
      }
      if (e.k !== 'send' || contentOf(e.payload).$case !== 'aliveMsg') continue;
      const alive = (contentOf(e.payload) as unknown as { aliveMsg: { membership: { pkiId: string }; timestamp: { seqNum: bigint } } }).aliveMsg;
      const key = `${alive.membership.pkiId}|${alive.timestamp.seqNum}`;
      aliveKeyOf.set(e.id, key);
      const origin = firstFrom.get(`${e.from}|${key}`);
      if (origin !== undefined) expect(e.to).not.toBe(origin);
    }
    expect(firstFrom.size).toBeGreaterThan(0);
  });

  it('[ELE-FUNC-LEADERSHIP-ROUTING.1] leadership messages go only to same-org peers, each at most once per message', () => {
    const leadership = sends.filter((s) => contentOf(s.payload).$case === 'leadershipMsg');
    expect(leadership.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const s of leadership) {
      expect(orgOf(s.to)).toBe(orgOf(s.from));
      const key = `${s.to}|${canonicalEncode(contentOf(s.payload))}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('[PEER-FUNC-CHANNEL-VIEW.1] [CHN-FUNC-CHANNEL-VIEW.1] each election sees the channel peers of its own org, from their StateInfo', () => {
    for (const name of peerNames(world)) {
      const s = peerState(world, name);
      const ch = s.channels[CHANNEL]!;
      // Every peer published StateInfo in the channel, so the channel view is every alive member...
      expect(currentChannelPeers(ch.gossipChannel)).toEqual(aliveMembers(s.membership).map((m) => m.pkiId).sort());
      // ...and the election's view its same-org part (Fabric's adapter.Peers()).
      const sameOrg = aliveMembers(s.membership).filter((m) => m.org === s.self.org).map((m) => m.pkiId).sort();
      expect(ch.view).toEqual(sameOrg);
      expect(sameOrg).toHaveLength(1);
    }
  });

  it('[ELE-LIVE-ONE-LEADER.1] [PEER-FUNC-ORDERER-COMMIT.1] [DIS-ASM-EMPTY-LEDGER.1] one leader per org; every peer commits exactly the orderer chain, in order', () => {
    expect(leadersOf(world, CHANNEL)).toEqual(['peer0.org1', 'peer0.org2']);
    expect(world.firstLedgerAnomaly).toBeUndefined();
    const chain = ordererBlocks(world, CHANNEL).map((b) => b.seq);
    expect(chain).toEqual([0, 1]);
    for (const name of peerNames(world)) expect(ledgerOf(world, name, CHANNEL).map((e) => e.seq)).toEqual(chain);
  });

  it('[PEER-FUNC-BLOCK-ROUTING.3] pushed blocks stay inside the org and never go back to the peer they came from', () => {
    const blocks = sends.filter((s) => contentOf(s.payload).$case === 'dataMsg');
    expect(blocks.length).toBeGreaterThan(0);
    const firstFrom = new Map<string, string>();
    for (const e of traceEvents(world)) {
      if (e.k !== 'send' || contentOf(e.payload).$case !== 'dataMsg') continue;
      expect(orgOf(e.to)).toBe(orgOf(e.from));
      const seq = (contentOf(e.payload) as unknown as { dataMsg: { payload: { seqNum: number } } }).dataMsg.payload.seqNum;
      const origin = firstFrom.get(`${e.from}|${seq}`);
      if (origin !== undefined) expect(e.to).not.toBe(origin);
      if (!firstFrom.has(`${e.to}|${seq}`)) firstFrom.set(`${e.to}|${seq}`, e.from);
    }
  });

  it('[PEER-FUNC-BLOCK-ADMISSION.1] a block for an unjoined channel, or from an org outside the channel, is rejected', () => {
    const suite = createSymbolicSuite(SEED);
    const outsider = suite.enroll('Org3MSP', 'peer0.org3');
    const block = ledgerOf(world, 'peer0.org1', CHANNEL)[0]?.block;
    const env = (channel: string) => ({
      payload: { nonce: 0n, channel, tag: 'CHAN_AND_ORG', content: { $case: 'dataMsg', dataMsg: { payload: { seqNum: 0, data: block, privateData: [] } } } },
      signature: '',
    });
    const step = (from: { pkiId: string; identity: string }, channel: string) =>
      world.config.reducer.step(peerState(world, 'peer1.org1'), { kind: 'receive', nowMs: world.nowMs, from: { ...from, endpoint: 'x:1' } as never, payload: env(channel) })[0];
    expect(step({ pkiId: suite.pkiIdOf(outsider.identity), identity: outsider.identity }, CHANNEL).rejected['block.foreignSender']).toBe(1);
    const mate = suite.enroll('Org1MSP', 'peer0.org1');
    expect(step({ pkiId: suite.pkiIdOf(mate.identity), identity: mate.identity }, 'elsewhere').rejected['block.unknownChannel']).toBe(1);
  });

  it('[ELE-SAFE-FOREIGN-ORG-ISOLATION.1] forged-in foreign declarations change no election', () => {
    // The same deterministic suite as the world's: the foreign peer's own key, validly signed.
    const suite = createSymbolicSuite(SEED);
    const q: SigningKey = suite.enroll('Org2MSP', 'peer0.org2');
    const declaration = (seq: bigint) =>
      signMessage(suite, q, {
        nonce: 0n,
        channel: CHANNEL,
        tag: 'CHAN_AND_ORG',
        content: { $case: 'leadershipMsg', leadershipMsg: { pkiId: suite.pkiIdOf(q.identity), timestamp: { incNum: 1n, seqNum: seq }, isDeclaration: true } },
      });
    const from = { pkiId: suite.pkiIdOf(q.identity), identity: q.identity, endpoint: external(2, 0) };
    const injected = run((w) => [1n, 2n, 3n].reduce((acc, n) => inject(acc, 'peer1.org1', declaration(n), from), w));
    expect(leadersOf(injected, CHANNEL)).toEqual(leadersOf(world, CHANNEL));
    expect(peerState(injected, 'peer1.org1').rejected['leadership.foreignSender']).toBe(3);
    expect(peerState(injected, 'peer1.org1').channels[CHANNEL]?.lastLeadership[from.pkiId]).toBeUndefined();
  });

  it('[MEM-FUNC-VIEW-TOKEN.1] the memoised view equals a fresh computation; a change under an old token is caught', () => {
    const m = peerState(world, 'peer0.org1').membership;
    expect(aliveMembers(m)).toEqual(aliveMembersUncached(m));
    expect(aliveMembers(m)).toBe(aliveMembers(m));
    const check = membershipInvariants['MEM-FUNC-VIEW-TOKEN.1']!;
    expect(check(m)).toBeUndefined();
    // Forget every member but keep the token: the memo is now stale, and the invariant says so.
    const emptied = { ...m, aliveCount: 0, members: emptyPMap<MemberSnapshot>() };
    expect(check(emptied)).toMatch(/stale/);
  });
});
