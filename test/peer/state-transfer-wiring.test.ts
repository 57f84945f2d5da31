/**
 * State transfer's rows in the composed peer: what a state message and a ledger read become at
 * admission, what its outputs become on the wire, and the refused-batch row. Driven through the
 * public PeerReducer on a running peer of a simulated network (its state taken, then stepped by hand).
 */
import { advertisedHeights } from '../../src/channel';
import { createSymbolicSuite, type Effect, type HostInput } from '../../src/core';
import { WIRING } from '../../src/peer/wiring';
import type { PeerState } from '../../src/peer';
import { advanceTo, cutBlock, ledgerOf, peerState, type World } from '../../src/sim';
import { CHANNEL, configOf, joinAll, joinCommand, network, oneOrg } from './fixtures';

const STATIC = { CORE_PEER_GOSSIP_USELEADERELECTION: 'false' };

/** p0 a static leader of Org1MSP with 5 blocks committed; p1 a follower; the channel also has Org2MSP. */
function running(): World<PeerState> {
  const defs = oneOrg(2, 'fabric-1.4', STATIC).map((p, i) => ({
    ...p,
    config: configOf('fabric-1.4', { ...STATIC, CORE_PEER_GOSSIP_ORGLEADER: i === 0 ? 'true' : 'false', CORE_PEER_GOSSIP_BOOTSTRAP: p.config.bootstrap.join(' ') }),
  }));
  let w = network(defs, 21);
  w = advanceTo(joinAll(advanceTo(w, 1_000), joinCommand(['Org1MSP', 'Org2MSP'])), 15_000);
  for (let i = 0; i < 5; i++) w = advanceTo(cutBlock(w, CHANNEL), w.nowMs + 100);
  return advanceTo(w, w.nowMs + 5_000); // past a publishStateInfoInterval (4 s): the heights are advertised
}

const suite = createSymbolicSuite(21);
const connectionOf = (org: string, name: string) => {
  const key = suite.enroll(org, name);
  return { pkiId: suite.pkiIdOf(key.identity), identity: key.identity, endpoint: `${name}:7051` };
};
const stateMessage = (channel: string, nonce: bigint, content: unknown) => ({ payload: { nonce, channel, tag: 'CHAN_OR_ORG', content }, signature: '' });
const request = (channel: string, startSeqNum: number, endSeqNum: number, nonce = 42n) =>
  stateMessage(channel, nonce, { $case: 'stateRequest', stateRequest: { startSeqNum, endSeqNum } });

/** A host input without its time (the world's now is used); distributed over the union's cases. */
type Untimed = HostInput extends infer H ? (H extends HostInput ? Omit<H, 'nowMs'> : never) : never;

function step(w: World<PeerState>, name: string, input: Untimed): readonly [PeerState, readonly Effect[]] {
  return w.config.reducer.step(peerState(w, name), { ...input, nowMs: w.nowMs } as HostInput);
}
const newRejections = (before: PeerState, after: PeerState): Record<string, number> =>
  Object.fromEntries(Object.entries(after.rejected).filter(([k, v]) => v !== (before.rejected[k] ?? 0)).map(([k, v]) => [k, v - (before.rejected[k] ?? 0)]));

describe('state transfer in the wiring of the composed peer', () => {
  const w = running();

  it('[PEER-FUNC-STATE-TRANSFER.2] every joined channel has a state transfer with state.enabled, none without', () => {
    expect(peerState(w, 'p0.org1msp').channels[CHANNEL]?.stateTransfer).toBeDefined();
    const off = oneOrg(1, 'fabric-2.x');
    let w2 = network(off, 3);
    w2 = advanceTo(joinAll(advanceTo(w2, 1_000), joinCommand(['Org1MSP'])), 2_000);
    const ch = peerState(w2, 'p0.org1msp').channels[CHANNEL];
    expect(ch).toBeDefined();
    expect(ch?.stateTransfer).toBeUndefined();
    const [after] = w2.config.reducer.step(peerState(w2, 'p0.org1msp'), { kind: 'receive', nowMs: w2.nowMs, from: connectionOf('Org1MSP', 'q'), payload: request(CHANNEL, 0, 1) });
    expect(newRejections(peerState(w2, 'p0.org1msp'), after)).toEqual({ 'stateTransfer.unknownChannel': 1 });
  });

  it('[PEER-FUNC-STATE-TRANSFER.2] the state transfer knows the ledger height, and hears the channel peers\' advertised heights before each of its steps', () => {
    const p1 = peerState(w, 'p1.org1msp');
    const ch = p1.channels[CHANNEL];
    const stx = ch?.stateTransfer;
    if (ch === undefined || stx === undefined) throw new Error('p1 has no state transfer');
    expect(ledgerOf(w, 'p1.org1msp', CHANNEL)).toHaveLength(5);
    expect(stx.context.ledgerHeight).toBe(5);
    const p0 = peerState(w, 'p0.org1msp').self.pkiId;
    const advertised = advertisedHeights(ch.gossipChannel);
    expect(advertised).toEqual([{ pkiId: p0, height: 5 }]);
    // Made to forget them, it hears them again before its next step (a state request here), not later.
    const forgetful = { ...stx, context: { ...stx.context, heights: [] } };
    const stale: PeerState = { ...p1, channels: { ...p1.channels, [CHANNEL]: { ...ch, stateTransfer: forgetful } } };
    const [after] = w.config.reducer.step(stale, { kind: 'receive', nowMs: w.nowMs, from: connectionOf('Org1MSP', 'q'), payload: request(CHANNEL, 1, 3) });
    expect(after.channels[CHANNEL]?.stateTransfer?.context.heights).toEqual(advertised);
  });

  it('[PEER-FUNC-STATE-TRANSFER-ADMISSION.1] a request of an org in the channel is served: a readLedger of its range', () => {
    const [after, effects] = step(w, 'p0.org1msp', { kind: 'receive', from: connectionOf('Org2MSP', 'q'), payload: request(CHANNEL, 1, 3) });
    expect(newRejections(peerState(w, 'p0.org1msp'), after)).toEqual({});
    expect(effects.filter((e) => e.kind === 'readLedger')).toEqual([{ kind: 'readLedger', channel: CHANNEL, startSeq: 1, endSeq: 3, correlation: expect.any(Number) }]);
  });

  it('[PEER-FUNC-STATE-TRANSFER-ADMISSION.1] a request from an org outside the channel is counted as unauthorized and reads nothing; one for another channel is counted as unknownChannel', () => {
    const before = peerState(w, 'p0.org1msp');
    const [foreign, foreignEffects] = step(w, 'p0.org1msp', { kind: 'receive', from: connectionOf('Org3MSP', 'x'), payload: request(CHANNEL, 1, 3) });
    expect(newRejections(before, foreign)).toEqual({ 'stateTransfer.unauthorized': 1 });
    expect(foreignEffects.some((e) => e.kind === 'readLedger')).toBe(false);
    const [elsewhere] = step(w, 'p0.org1msp', { kind: 'receive', from: connectionOf('Org1MSP', 'q'), payload: request('otherchannel', 1, 3) });
    expect(newRejections(before, elsewhere)).toEqual({ 'stateTransfer.unknownChannel': 1 });
    expect(elsewhere.channels[CHANNEL]).toEqual(before.channels[CHANNEL]);
  });

  it('[PEER-FUNC-STATE-TRANSFER-LEDGER.1] [PEER-FUNC-STATE-TRANSFER-MESSAGES.1] the ledger\'s answer becomes a response to the requester: unsigned, CHAN_OR_ORG, the channel, the request\'s nonce', () => {
    const requester = peerState(w, 'p1.org1msp').self;
    const from = { pkiId: requester.pkiId, identity: requester.identity, endpoint: requester.internalEndpoint };
    const [asked, effects] = step(w, 'p0.org1msp', { kind: 'receive', from, payload: request(CHANNEL, 1, 3, 99n) });
    const read = effects.find((e): e is Extract<Effect, { kind: 'readLedger' }> => e.kind === 'readLedger');
    expect(read).toBeDefined();
    const blocks = ledgerOf(w, 'p0.org1msp', CHANNEL).filter((e) => e.seq >= 1 && e.seq <= 3).map((e) => ({ seq: e.seq, block: e.block }));
    const [, answered] = w.config.reducer.step(asked, { kind: 'ledgerRead', nowMs: w.nowMs + 1, channel: CHANNEL, correlation: read!.correlation, blocks });
    const sends = answered.filter((e): e is Extract<Effect, { kind: 'send' }> => e.kind === 'send');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.to).toEqual([{ pkiId: requester.pkiId, endpoint: requester.externalEndpoint }]);
    const message = sends[0]!.message as { payload: { nonce: bigint; channel: string; tag: string; content: { $case: string; stateResponse: { payloads: { seqNum: number; data: unknown }[] } } }; signature: string };
    expect(message.signature).toBe('');
    expect(message.payload).toMatchObject({ nonce: 99n, channel: CHANNEL, tag: 'CHAN_OR_ORG' });
    expect(message.payload.content.stateResponse.payloads.map((p) => p.seqNum)).toEqual([1, 2, 3]);
    expect(message.payload.content.stateResponse.payloads.map((p) => p.data)).toEqual(blocks.map((b) => b.block));
  });

  it('[PEER-FUNC-STATE-TRANSFER-LEDGER.1] a ledger read for a channel without state transfer, or whose blocks do not decode, is counted and changes nothing else', () => {
    const before = peerState(w, 'p0.org1msp');
    const [unknown] = step(w, 'p0.org1msp', { kind: 'ledgerRead', channel: 'otherchannel', correlation: 0, blocks: [] });
    expect(newRejections(before, unknown)).toEqual({ 'ledger.unexpectedRead': 1 });
    const [garbage] = step(w, 'p0.org1msp', { kind: 'ledgerRead', channel: CHANNEL, correlation: 0, blocks: [{ seq: 1, block: { header: 'no' } }] } as Untimed);
    expect(newRejections(before, garbage)).toEqual({ 'ledger.decodeError': 1 });
    expect(garbage.channels).toEqual(before.channels);
    // A read nobody asked for: state transfer's own counter.
    const [stray] = step(w, 'p0.org1msp', { kind: 'ledgerRead', channel: CHANNEL, correlation: 12345, blocks: [] });
    expect(newRejections(before, stray)).toEqual({ 'stateTransfer.unexpectedLedgerRead': 1 });
  });

  it('[PEER-FUNC-STATE-TRANSFER.2] Differs from Fabric: a fetched batch refused by a full buffer is only counted (a later round fetches it again); nothing is re-offered', () => {
    const ctx = { state: peerState(w, 'p0.org1msp'), env: undefined as never, nowMs: w.nowMs };
    const signals = WIRING.dissemination.fetchedRefused({ kind: 'fetchedRefused', fromPkiId: 'p1', seqs: [50, 51], bufferSize: 41, limit: 40 }, { sub: 'dissemination', channel: CHANNEL as never }, ctx);
    expect(signals).toEqual([{ kind: 'effect', effect: { kind: 'metric', name: 'stateTransfer.batchesRefused', value: 1, labels: { channel: CHANNEL, from: 'p1' } } }]);
    // The buffer's size does reach state transfer, which parks while it is full.
    const sized = WIRING.dissemination.bufferSize({ kind: 'bufferSize', size: 41 }, { sub: 'dissemination', channel: CHANNEL as never }, ctx);
    expect(sized).toEqual([{ kind: 'input', to: { sub: 'stateTransfer', channel: CHANNEL }, event: { type: 'BUFFER_SIZE', size: 41 } }]);
  });
});
