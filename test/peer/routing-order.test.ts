/**
 * Routing as Fabric's gossipBatch does it (gossip_impl.go `gossipBatch`, `gossipInChan`,
 * `removeSelfLoop`, `peersByOriginOrgPolicy`, `sendAndFilterSecrets`): one peer's state is built
 * through the composed peer (channel-host.ts), then routeBatch is run on hand-made batches under
 * many routing seeds, so that both the target sets and Fabric's order of selection and filtering
 * can be checked. propagatePeerNum is 3 (the default).
 */
import { seedPrng, selectPeers, type Effect, type PkiId, type SigningKey } from '../../src/core';
import { aliveMembers, type MemberInfo } from '../../src/membership';
import type { Envelope } from '../../src/messages';
import type { Acc, PeerEnv } from '../../src/peer/acc';
import { routeBatch } from '../../src/peer/routing';
import type { Routed } from '../../src/peer/signals';
import type { PeerState } from '../../src/peer';
import { CHANNEL_A, aliveOf, dataMsg, enroll, newGossipChannel, pkiOf, stateInfoMsg } from './channel-host';

const SEEDS = Array.from({ length: 40 }, (_, i) => i);
type Send = Extract<Effect, { kind: 'send' }>;

/** routeBatch on `state` with the routing stream seeded by `seed`: the sends, in order. */
function route(state: PeerState, seed: number, batch: readonly Routed[]): Send[] {
  const acc: Acc = { env: {} as PeerEnv, nowMs: 0, state: { ...state, routing: seedPrng(seed) }, effects: [] };
  routeBatch(acc, batch);
  return acc.effects.filter((e): e is Send => e.kind === 'send');
}
const targets = (sends: readonly Send[]): string[] => sends.map((s) => s.to[0]!.pkiId);
const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const block = (seq: number, from?: SigningKey): Routed => ({ item: { kind: 'block', channel: CHANNEL_A as never, envelope: dataMsg(seq) as Envelope }, exclude: from === undefined ? undefined : pkiOf(from) });
const alive = (of: SigningKey, opts: Parameters<typeof aliveOf>[1] = {}): Routed => ({ item: { kind: 'alive', envelope: aliveOf(of, opts) }, exclude: pkiOf(of) });

describe('[PEER-FUNC-BLOCK-ROUTING.3] blocks: one selection per channel per batch, then the sender removed', () => {
  // Channel A of ORG1: four eligible peers (alive, StateInfo published) and X, alive but without StateInfo.
  const self = enroll('ORG1', 'route-self');
  const view = [1, 2, 3, 4].map((i) => enroll('ORG1', `route-v${i}`));
  const x = enroll('ORG1', 'route-x');
  const host = newGossipChannel(self, ['ORG1'], 0);
  for (const p of [...view, x]) host.receive(p, aliveOf(p));
  for (const p of view) host.receive(p, stateInfoMsg(1, p));
  const state = host.state;
  const viewIds = new Set<string>(view.map(pkiOf));
  const k = state.config.propagatePeerNum;
  const selected = (seed: number) => selectPeers(seedPrng(seed), k, aliveMembers(state.membership), (m) => viewIds.has(m.pkiId))[0].map((m) => m.pkiId);

  it('[PEER-FUNC-BLOCK-ROUTING.3] a block forwarded from a selected peer goes to propagatePeerNum − 1 peers, the sender not replaced', () => {
    expect(k).toBe(3);
    expect(sorted(state.channels[CHANNEL_A]!.view)).toEqual(sorted([...viewIds]));
    const counts = new Set<number>();
    for (const seed of SEEDS) {
      const to = targets(route(state, seed, [block(7, view[0])]));
      expect(to).not.toContain(pkiOf(view[0]!));
      for (const t of to) expect(viewIds.has(t)).toBe(true);
      // Fabric's order: SelectPeers over the channel filter, then removeSelfLoop.
      expect(to).toEqual(selected(seed).filter((p) => p !== pkiOf(view[0]!)));
      counts.add(to.length);
    }
    // The sender is among the 3 of 4 selected most of the time: then only 2 peers get the block.
    expect([...counts].sort()).toEqual([k - 1, k]);
  });

  it('[PEER-FUNC-BLOCK-ROUTING.3] the blocks of one batch share one target set, each minus its own sender', () => {
    const sets = new Set<string>();
    for (const seed of SEEDS) {
      const batch = [block(5, x), block(6, view[1]), block(7, x), block(8), block(9, view[2])];
      const sends = route(state, seed, batch);
      const bySeq = new Map<number, string[]>();
      for (const s of sends) {
        const seq = ((s.message as Envelope).payload.content as { dataMsg: { payload: { seqNum: number } } }).dataMsg.payload.seqNum;
        bySeq.set(seq, [...(bySeq.get(seq) ?? []), s.to[0]!.pkiId]);
      }
      const common = sorted(bySeq.get(5) ?? []);
      expect(common).toHaveLength(k);
      expect(sorted(bySeq.get(7) ?? [])).toEqual(common);
      expect(sorted(bySeq.get(8) ?? [])).toEqual(common);
      expect(sorted(bySeq.get(6) ?? [])).toEqual(common.filter((p) => p !== pkiOf(view[1]!)));
      expect(sorted(bySeq.get(9) ?? [])).toEqual(common.filter((p) => p !== pkiOf(view[2]!)));
      // One selection for the channel, drawn first from the routing stream.
      expect(common).toEqual(sorted(selected(seed)));
      sets.add(common.join());
    }
    // The set itself is random: several seeds give several sets.
    expect(sets.size).toBeGreaterThan(1);
  });
});

describe('[PEER-FUNC-ALIVE-ROUTING.2] alive messages: selected by origin org, then filtered per peer', () => {
  // ORG1 (mine): N1, N2 without external endpoint, E1, E2 with one; ORG2: F (the origin) and G, with external endpoints.
  const self = enroll('ORG1', 'alive-self');
  const n = [1, 2].map((i) => enroll('ORG1', `alive-n${i}`));
  const e = [1, 2].map((i) => enroll('ORG1', `alive-e${i}`));
  const f = enroll('ORG2', 'alive-f');
  const g = enroll('ORG2', 'alive-g');
  const host = newGossipChannel(self, ['ORG1', 'ORG2'], 0);
  for (const p of n) host.receive(p, aliveOf(p, { endpoint: '', internalEndpoint: `${pkiOf(p)}.internal:7051` }));
  for (const p of e) host.receive(p, aliveOf(p, { internalEndpoint: `${pkiOf(p)}.internal:7051` }));
  for (const p of [f, g]) host.receive(p, aliveOf(p));
  const state = host.state;
  const k = state.config.propagatePeerNum;
  const pool = aliveMembers(state.membership);
  const noEndpoint = new Set<string>(n.map(pkiOf));

  it('[PEER-FUNC-ALIVE-ROUTING.2] a foreign-org alive message is not sent to a selected peer without external endpoint, and that peer is not replaced', () => {
    expect(pool.map((m) => m.pkiId).sort()).toEqual([...n, ...e, f, g].map(pkiOf).sort());
    expect(pool.filter((m) => m.endpoint === '').map((m) => m.pkiId).sort()).toEqual([...noEndpoint].sort());
    const counts = new Set<number>();
    for (const seed of SEEDS) {
      const to = targets(route(state, seed, [alive(f)]));
      // peersByOriginOrgPolicy(ORG2) ∧ not the sender, propagatePeerNum of the 5 candidates, then the skip.
      const chosen = selectPeers(seedPrng(seed), k, pool, (m: MemberInfo) => (m.org === 'ORG1' || m.org === 'ORG2') && m.pkiId !== pkiOf(f))[0];
      expect(to).toEqual(chosen.filter((m) => !noEndpoint.has(m.pkiId)).map((m) => m.pkiId));
      for (const t of to) expect(noEndpoint.has(t)).toBe(false);
      counts.add(to.length);
    }
    // Three peers with an external endpoint (E1, E2, G) could always have taken all k = 3 places:
    // fewer sends happen because a selected N is skipped and not replaced.
    expect(Math.min(...counts)).toBeLessThan(k);
  });

  it('[PEER-FUNC-ALIVE-ROUTING.2] an alive message of my org with an external endpoint may go to any org, without its SecretEnvelope outside my org', () => {
    let foreign = 0;
    for (const seed of SEEDS) {
      const sends = route(state, seed, [alive(e[0]!, { internalEndpoint: 'e1.internal:7051' })]);
      expect(targets(sends)).not.toContain(pkiOf(e[0]!));
      expect(sends).toHaveLength(k);
      for (const s of sends) {
        const outside = [f, g].map(pkiOf).includes(s.to[0]!.pkiId as PkiId);
        if (outside) foreign += 1;
        expect((s.message as Envelope).secretEnvelope === undefined).toBe(outside);
      }
    }
    expect(foreign).toBeGreaterThan(0);
  });

  it('[PEER-FUNC-ALIVE-ROUTING.2] alive messages of my org without external endpoint share one selection of my org, each minus its sender', () => {
    const sets = new Set<string>();
    for (const seed of SEEDS) {
      const sends = route(state, seed, [alive(n[0]!, { endpoint: '', internalEndpoint: 'n1.internal:7051' }), alive(n[1]!, { endpoint: '', internalEndpoint: 'n2.internal:7051' })]);
      const toN1 = sends.filter((s) => (s.message as Envelope).payload.content.$case === 'aliveMsg' && ((s.message as Envelope).payload.content as { aliveMsg: { membership: { pkiId: string } } }).aliveMsg.membership.pkiId === pkiOf(n[0]!));
      const toN2 = sends.filter((s) => !toN1.includes(s));
      const common = selectPeers(seedPrng(seed), k, pool, (m: MemberInfo) => m.org === 'ORG1')[0].map((m) => m.pkiId);
      expect(targets(toN1)).toEqual(common.filter((p) => p !== pkiOf(n[0]!)));
      expect(targets(toN2)).toEqual(common.filter((p) => p !== pkiOf(n[1]!)));
      for (const s of sends) expect((s.message as Envelope).secretEnvelope).toBeDefined();
      sets.add(sorted(common).join());
    }
    expect(sets.size).toBeGreaterThan(1);
  });
});

describe('[PEER-FUNC-ROUTING-ORDER.1] a batch is routed in gossipBatch order', () => {
  const self = enroll('ORG1', 'order-self');
  const peers = [1, 2, 3, 4].map((i) => enroll('ORG1', `order-p${i}`));
  const host = newGossipChannel(self, ['ORG1'], 0);
  for (const p of peers) host.receive(p, aliveOf(p));
  for (const p of peers) host.receive(p, stateInfoMsg(1, p));
  const state = host.state;
  const leadership: Envelope = {
    payload: { nonce: 0n, channel: CHANNEL_A, tag: 'CHAN_AND_ORG', content: { $case: 'leadershipMsg', leadershipMsg: { pkiId: pkiOf(self), timestamp: { incNum: 1n, seqNum: 1n }, isDeclaration: true } } },
    signature: 'sig',
  };

  it('[PEER-FUNC-ROUTING-ORDER.1] [ELE-FUNC-LEADERSHIP-ROUTING.1] blocks, then leadership (to every view peer), then StateInfo, then alive messages, whatever the batch order', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const batch: Routed[] = [
        alive(peers[0]!),
        { item: { kind: 'stateInfo', channel: CHANNEL_A as never, envelope: stateInfoMsg(2, peers[1]!) }, exclude: pkiOf(peers[1]!) },
        { item: { kind: 'leadership', channel: CHANNEL_A as never, envelope: leadership }, exclude: undefined },
        block(3, peers[2]),
      ];
      const kinds: string[] = route(state, seed, batch).map((s) => (s.message as Envelope).payload.content.$case);
      const firstOf = (c: string) => kinds.indexOf(c);
      const lastOf = (c: string) => kinds.lastIndexOf(c);
      for (const c of ['dataMsg', 'leadershipMsg', 'stateInfo', 'aliveMsg']) expect(kinds).toContain(c);
      expect(lastOf('dataMsg')).toBeLessThan(firstOf('leadershipMsg'));
      expect(lastOf('leadershipMsg')).toBeLessThan(firstOf('stateInfo'));
      expect(lastOf('stateInfo')).toBeLessThan(firstOf('aliveMsg'));
      expect(kinds.filter((c) => c === 'leadershipMsg')).toHaveLength(peers.length);
    }
  });
});
