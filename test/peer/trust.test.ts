/**
 * Trust regressions (issue "bad input changes nothing"): hostile input fed to a running peer
 * through the public PeerReducer API. Each case failed before its fix: a forged timer event, a
 * late timer fire, forged alive messages from unknown signers, a garbage identity in a signed
 * alive message, a pulled update with one forged block, an unbounded leadership store and a
 * peer's own leadership message counted as a bad signature.
 */
import { createSymbolicSuite, type Effect, type HostInput, type SigningKey } from '../../src/core';
import { storedSeqs } from '../../src/dissemination';
import { signMessage, type Envelope } from '../../src/messages';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { advanceTo, cutBlock, ordererBlocks, partition, peerState } from '../../src/sim';
import { CHANNEL, FAST_ELECTION_ENV, configOf, joinAll, joinCommand, network, oneOrg } from './fixtures';
import { SoloHost } from './solo-host';

const suite = createSymbolicSuite(21);
const me = suite.enroll('Org1MSP', 'p0');
const mate = suite.enroll('Org1MSP', 'p1');
const keys = new Map<string, SigningKey>([me, mate].map((k) => [suite.pkiIdOf(k.identity), k]));
const reducer = createPeerReducer(suite, (pki) => keys.get(pki));
const conn = (k: SigningKey, endpoint = 'p1:7051') => ({ pkiId: suite.pkiIdOf(k.identity), identity: k.identity, endpoint });
const withoutCounters = (s: PeerState) => ({ ...s, rejected: {} });
const onlyReporting = (effects: readonly Effect[]) => effects.every((e) => e.kind === 'log' || e.kind === 'metric');

function soloPeer(env: Record<string, string> = {}): SoloHost<PeerState> {
  const [s0, effects] = reducer.init({
    self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: suite.orgOf(me.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
    config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: '', ...env }),
    startTimeMs: 0,
    seed: 21,
  });
  return new SoloHost(reducer, s0, effects, 0);
}

function alive(key: SigningKey, seq: bigint, extra: { identity?: string; endpoint?: string } = {}): Envelope {
  const payload = {
    nonce: 0n,
    channel: '',
    tag: 'EMPTY' as const,
    content: {
      $case: 'aliveMsg' as const,
      aliveMsg: {
        membership: { endpoint: extra.endpoint ?? 'p1:7051', metadata: '', pkiId: suite.pkiIdOf(key.identity) },
        timestamp: { incNum: 1n, seqNum: seq },
        ...(extra.identity === undefined ? {} : { identity: extra.identity }),
      },
    },
  };
  return signMessage(suite, key, payload);
}

describe('timers: a fire is admitted only for the timer armed now', () => {
  it('[GEN-FUNC-TIMER-GENERATIONS.1] [GEN-FUNC-BAD-INPUT.1] a membership timer input naming an arbitrary event (STOP) is rejected and membership keeps running', () => {
    const host = soloPeer();
    const armedId = host.armed('membership|')[0]!.timerId;
    const before = host.state;
    const forged: HostInput = { kind: 'timer', nowMs: 1, timerId: armedId, event: { type: 'TIMER_FIRED', timerId: 'x', machine: 'discovery', afterEvent: 'STOP' } };
    const effects = host.input(forged);
    expect(host.state.rejected).toEqual({ 'timer.unknown': 1 });
    expect(withoutCounters(host.state)).toEqual(withoutCounters(before));
    expect(host.state.membership.discovery.status).toBe('active');
    expect(onlyReporting(effects)).toBe(true);
  });

  it('[GEN-FUNC-TIMER-GENERATIONS.1] a late fire of a re-armed declarationInterval is a counted no-op; the current one still works', () => {
    const host = soloPeer();
    host.input({ kind: 'command', nowMs: 0, command: joinCommand(['Org1MSP']) });
    host.runUntil(12_000);
    const declarations = host.armed('declarationInterval');
    expect(declarations.length).toBeGreaterThanOrEqual(3);
    const stale = declarations[0]!;
    const before = host.state;
    const effects = host.input({ kind: 'timer', nowMs: 12_000, timerId: stale.timerId, event: stale.event });
    expect(host.state.rejected).toEqual({ 'timer.stale': 1 });
    expect(withoutCounters(host.state)).toEqual(withoutCounters(before));
    expect(onlyReporting(effects)).toBe(true);
    // The fire of the timer armed now is accepted once, and a second fire of it is stale too.
    const current = declarations[declarations.length - 1]!;
    const accepted = host.input({ kind: 'timer', nowMs: 12_500, timerId: current.timerId, event: current.event });
    expect(accepted.some((e) => e.kind === 'send' || e.kind === 'setTimer')).toBe(true);
    host.input({ kind: 'timer', nowMs: 12_500, timerId: current.timerId, event: current.event });
    expect(host.state.rejected).toEqual({ 'timer.stale': 2 });
  });

  it('[GEN-FUNC-TIMER-GENERATIONS.1] a ticket from before a restart is stale after it', () => {
    const first = soloPeer();
    const old = first.armed('membership|')[0]!;
    const [restarted] = reducer.init({ ...initOf(), startTimeMs: 50_000 });
    const [after] = reducer.step(restarted, { kind: 'timer', nowMs: 50_001, timerId: old.timerId, event: old.event });
    expect(after.rejected).toEqual({ 'timer.stale': 1 });
  });
});

function initOf() {
  return {
    self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: suite.orgOf(me.identity)!, internalEndpoint: 'p0:7051', externalEndpoint: 'p0:7051' },
    config: configOf('fabric-1.4', { ...FAST_ELECTION_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: '' }),
    startTimeMs: 0,
    seed: 21,
  };
}

describe('alive messages: the signer must be known and the carried identity valid', () => {
  it('[MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1] [GEN-FUNC-BAD-INPUT.1] 200 alive messages of made-up PKI-IDs: nothing held, nothing dialled, each counted', () => {
    const host = soloPeer();
    const before = host.state;
    let dials = 0;
    for (let i = 0; i < 200; i++) {
      const stranger = suite.enroll('Org1MSP', `forged-${i}`);
      const effects = host.input({ kind: 'receive', nowMs: 10, from: conn(mate), payload: alive(stranger, 1n, { endpoint: `victim-${i}:7051` }) });
      dials += effects.filter((e) => e.kind === 'handshake').length;
    }
    expect(dials).toBe(0);
    expect(host.state.rejected['alive.unknownSigner']).toBe(200);
    // The sender's identity (from the connection) is learned; nothing about the strangers is kept.
    expect(host.state.membership.members).toEqual(before.membership.members);
    expect(Object.keys(host.state.rejected)).toEqual(['alive.unknownSigner']);
    host.runUntil(30_000);
    expect(host.effects.filter((e) => e.effect.kind === 'handshake' && e.effect.endpoint.startsWith('victim-'))).toEqual([]);
  });

  it('[MEM-FUNC-ALIVE-VALIDATION.2] [GEN-FUNC-BAD-INPUT.1] a correctly signed alive message of a known peer carrying a garbage identity is rejected', () => {
    const host = soloPeer();
    host.input({ kind: 'receive', nowMs: 10, from: conn(mate), payload: alive(mate, 1n) });
    expect(host.state.rejected).toEqual({});
    const before = host.state;
    const effects = host.input({ kind: 'receive', nowMs: 20, from: conn(mate), payload: alive(mate, 2n, { identity: 'Org1MSP\ngarbage' }) });
    expect(host.state.rejected).toEqual({ 'alive.invalid': 1 });
    expect(withoutCounters(host.state)).toEqual(withoutCounters(before));
    expect(onlyReporting(effects)).toBe(true);
  });
});

describe('pulled blocks: one forged block rejects the whole update', () => {
  it('[DIS-FUNC-PULLED-UPDATE-ATOMIC.1] [GEN-FUNC-BAD-INPUT.1] TestChannelPulledBadBlocks: blocks before and after a forged one are not stored; an update of channel B blocks, of empty data messages or of non-blocks stores nothing', () => {
    let w = network(oneOrg(2, 'fabric-1.4', FAST_ELECTION_ENV), 5);
    w = advanceTo(joinAll(advanceTo(w, 1_000), joinCommand(['Org1MSP'])), 15_000);
    w = advanceTo(cutBlock(w, CHANNEL), 15_500); // block 0 reaches both peers
    w = partition(w, [['p0.org1msp'], ['p1.org1msp']]);
    for (let i = 0; i < 4; i++) w = cutBlock(w, CHANNEL);
    w = advanceTo(w, 16_000);
    const follower = peerState(w, 'p1.org1msp');
    const blocks = ordererBlocks(w, CHANNEL).filter((b) => b.seq >= 1);
    expect(blocks.map((b) => b.seq)).toEqual([1, 2, 3, 4]);
    expect(storedSeqs(follower.channels[CHANNEL]!.dissemination)).toEqual([0]);
    const envelope = (seq: number, data: readonly string[]) => {
      const block = blocks.find((b) => b.seq === seq)!.block as { data: readonly string[] };
      return { payload: { nonce: 0n, channel: CHANNEL, tag: 'CHAN_AND_ORG', content: { $case: 'dataMsg', dataMsg: { payload: { seqNum: seq, data: { ...block, data }, privateData: [] } } } }, signature: '' };
    };
    const good = (seq: number) => envelope(seq, (blocks.find((b) => b.seq === seq)!.block as { data: readonly string[] }).data);
    const update = { payload: { nonce: 0n, channel: CHANNEL, tag: 'CHAN_AND_ORG', content: { $case: 'dataUpdate', dataUpdate: { nonce: 9n, msgType: 'BLOCK_MSG', data: [good(1), good(2), envelope(3, ['forged']), good(4)] } } }, signature: '' };
    const leader = peerState(w, 'p0.org1msp').self;
    const from = { pkiId: leader.pkiId, identity: leader.identity, endpoint: leader.internalEndpoint };
    const [after, effects] = w.config.reducer.step(follower, { kind: 'receive', nowMs: w.nowMs, from, payload: update });
    expect(after.rejected).toEqual({ ...follower.rejected, 'pull.badBlock': (follower.rejected['pull.badBlock'] ?? 0) + 1 });
    expect(withoutCounters(after)).toEqual(withoutCounters(follower));
    expect(onlyReporting(effects)).toBe(true);
    // Without the forged block, the same update is taken whole.
    const honest = { ...update, payload: { ...update.payload, content: { $case: 'dataUpdate', dataUpdate: { ...update.payload.content.dataUpdate, data: [good(1), good(2), good(4)] } } } };
    const [taken] = w.config.reducer.step(follower, { kind: 'receive', nowMs: w.nowMs, from, payload: honest });
    expect(storedSeqs(taken.channels[CHANNEL]!.dissemination)).toEqual([0, 1, 2, 4]);
    // Fabric's three other phases: an update whose blocks name channel B, whose data messages have
    // no payload, or whose items are not blocks (a hello) leaves the store empty of them.
    const withItems = (data: readonly unknown[]) => ({ ...update, payload: { ...update.payload, content: { $case: 'dataUpdate', dataUpdate: { ...update.payload.content.dataUpdate, data } } } });
    const ofChannelB = (seq: number) => ({ ...good(seq), payload: { ...good(seq).payload, channel: 'B' } });
    const emptyBlock = (seq: number) => ({ ...good(seq), payload: { ...good(seq).payload, content: { $case: 'dataMsg', dataMsg: { payload: null } } } });
    const notABlock = () => ({ payload: { nonce: 0n, channel: CHANNEL, tag: 'CHAN_AND_ORG', content: { $case: 'hello', hello: { nonce: 3n, metadata: '', msgType: 'BLOCK_MSG' } } }, signature: '' });
    for (const data of [[ofChannelB(1), ofChannelB(2)], [emptyBlock(1), emptyBlock(2)], [notABlock(), notABlock()]]) {
      const [bad, badEffects] = w.config.reducer.step(follower, { kind: 'receive', nowMs: w.nowMs, from, payload: withItems(data) });
      expect(storedSeqs(bad.channels[CHANNEL]!.dissemination)).toEqual([0]);
      expect(withoutCounters(bad)).toEqual(withoutCounters(follower));
      expect(Object.values(bad.rejected).reduce((a, b) => a + b, 0)).toBe(Object.values(follower.rejected).reduce((a, b) => a + b, 0) + 1);
      expect(onlyReporting(badEffects)).toBe(true);
    }
  });
});

describe('orderer blocks are verified too', () => {
  it('[DIS-FUNC-ORDERER-BLOCK-VERIFIED.1] [GEN-FUNC-BAD-INPUT.1] a real block handed with a seq far from its header is rejected and not buffered', () => {
    let w = network(oneOrg(2, 'fabric-1.4', FAST_ELECTION_ENV), 5);
    w = advanceTo(joinAll(advanceTo(w, 1_000), joinCommand(['Org1MSP'])), 15_000);
    w = advanceTo(cutBlock(w, CHANNEL), 15_500);
    const leader = peerState(w, 'p0.org1msp');
    const block0 = ordererBlocks(w, CHANNEL)[0]!.block;
    const [after, effects] = w.config.reducer.step(leader, { kind: 'ordererBlock', nowMs: w.nowMs, channel: CHANNEL, seq: 2 ** 31, block: block0 });
    expect(after.rejected).toEqual({ ...leader.rejected, 'orderer.badBlock': (leader.rejected['orderer.badBlock'] ?? 0) + 1 });
    expect(withoutCounters(after)).toEqual(withoutCounters(leader));
    expect(onlyReporting(effects)).toBe(true);
  });
});
