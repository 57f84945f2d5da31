/** One instance (plus scripted peers) per rule of spec/statetransfer.md; invariants are checked after every step. */
import { isRight } from 'fp-ts/Either';
import { pkiId, type PkiId } from '../../src/core';
import {
  DEFAULT_STATE_TRANSFER_PARAMS,
  EMPTY_MEMORY_LEDGER,
  memoryAppend,
  memoryLastHash,
  memoryLedgerStore,
  memoryReadRange,
  StateTransferCommand,
  stateTransferMachine,
  stateTransferRegions,
  type SendStateRequestOutput,
  type SendStateResponseOutput,
} from '../../src/statetransfer';
import { chain, FABRIC_STATE_PARAMS, forgeBlock, hashHeader, ledgerOf, payloadOf, CHANNEL } from './fixture';
import { StateNet } from './harness';

const P = { ...FABRIC_STATE_PARAMS, checkIntervalMs: 1000, responseTimeoutMs: 300 };
const requestsFrom = (net: StateNet, id: PkiId) =>
  net.sent.filter((s) => s.from === id && s.message.kind === 'sendStateRequest').map((s) => s.message as SendStateRequestOutput);

/** A requester at height 1 that knows of peer `a` at `height`; its requests go nowhere (the test plays `a`). */
function lonelyRequester(height = 30): { net: StateNet; me: PkiId; a: PkiId } {
  const net = new StateNet(P);
  const me = net.spawn('me', 1, 1);
  net.link = () => undefined;
  net.runUntil(0);
  const a = pkiId('a');
  net.command(me, { type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: a, height }] });
  return { net, me, a };
}
const respond = (net: StateNet, me: PkiId, from: PkiId, nonce: bigint, seqs: number[], delayMs = 0, authorized = true) =>
  net.inject(me, { type: 'STATE_RESPONSE_RECEIVED', nowMs: 0, from, nonce, authorized, payloads: seqs.map((s) => payloadOf(chain(s + 1)[s]!)) }, delayMs);

describe('state transfer rules', () => {
  it('[STX-PARAM-DEFAULTS.1] defaults are gossip/state/config.go\u2019s: check 10s, response 3s, batch 10, retries 3, buffer 20, channel 100', () => {
    expect(DEFAULT_STATE_TRANSFER_PARAMS).toEqual({ checkIntervalMs: 10_000, responseTimeoutMs: 3_000, batchSize: 10, maxRetries: 3, blockBufferSize: 20, channelSize: 100 });
    expect(stateTransferMachine.id).toBe('statetransfer');
  });

  it('[STX-ASM-INPUTS.1] the command codec decodes wire-shaped inputs (decimal-string nonce) and refuses a request without `authorized`', () => {
    const ok = StateTransferCommand.decode({ type: 'STATE_REQUEST_RECEIVED', nowMs: 1, from: 'p2', nonce: '18446744073709551615', authorized: true, startSeq: 1, endSeq: 11 });
    expect(isRight(ok) && ok.right.type === 'STATE_REQUEST_RECEIVED' && ok.right.nonce).toBe(18446744073709551615n);
    expect(isRight(StateTransferCommand.decode({ type: 'STATE_REQUEST_RECEIVED', nowMs: 1, from: 'p2', nonce: 1n, startSeq: 1, endSeq: 2 }))).toBe(false);
  });

  it('[STX-ASM-LEDGER.1] [STX-FUNC-LEDGER-CHAIN.1] the ledger appends only the next number chained to the last header hash, and reads what it holds', () => {
    const store = memoryLedgerStore(hashHeader);
    expect(store.lastBlockHash()).toBe('');
    for (const b of chain(3)) expect(store.append(b)).toEqual({ ok: true });
    expect(store.height()).toBe(3);
    expect(store.lastBlockHash()).toBe(hashHeader(chain(3)[2]!.header));
    expect(store.append(chain(5)[4]!)).toMatchObject({ ok: false, reason: 'wrongNumber', detail: 'block number should have been 3 but was 4' });
    const [, broken] = memoryAppend(ledgerOf(3), forgeBlock(CHANNEL, 3, 'not-the-hash'), hashHeader);
    expect(broken).toMatchObject({ ok: false, reason: 'previousHashMismatch' });
    expect(memoryReadRange(ledgerOf(5), 3, 11).map((b) => b.header.number)).toEqual([3, 4]);
    expect(memoryLastHash(EMPTY_MEMORY_LEDGER)).toBe('');
  });

  it('[STX-FUNC-ANTI-ENTROPY-ROUND.1] [STX-FUNC-BATCH-RANGE.1] [STX-SAFE-REQUEST-SHAPE.1] at checkInterval, behind: ask [1, 11] of a peer at 30; not before, and not when level', () => {
    const { net, me, a } = lonelyRequester(30);
    net.runUntil(P.checkIntervalMs - 1);
    expect(requestsFrom(net, me)).toEqual([]);
    net.runUntil(P.checkIntervalMs);
    expect(requestsFrom(net, me).map((r) => [r.to, r.startSeq, r.endSeq])).toEqual([[a, 1, 11]]);
    const level = new StateNet(P);
    const l = level.spawn('l', 1, 5);
    level.spawn('m', 2, 5);
    level.runUntil(5 * P.checkIntervalMs);
    expect(requestsFrom(level, l)).toEqual([]);
  });

  it('[STX-FUNC-RESPONSE-ACCEPTED.1] [STX-SAFE-ACCEPT-ONLY-AWAITED.1] wrong nonce, wrong peer, unauthorized and late responses are dropped; the awaited one is taken and the next batch asked', () => {
    const { net, me, a } = lonelyRequester(30);
    net.command(me, { type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: a, height: 30 }, { pkiId: pkiId('b'), height: 2 }] });
    net.runUntil(P.checkIntervalMs);
    const first = requestsFrom(net, me)[0]!;
    respond(net, me, a, first.nonce + 1n, [1, 2, 3]);
    respond(net, me, pkiId('b'), first.nonce, [1, 2, 3]);
    respond(net, me, a, first.nonce, [1, 2, 3], 0, false);
    net.runUntil(net.nowMs + 1);
    expect(net.fetches).toEqual([]);
    expect(net.rejected.map((r) => r.reason)).toEqual(['stateTransfer.wrongNonce', 'stateTransfer.wrongPeer', 'stateTransfer.unauthorized']);
    respond(net, me, a, first.nonce, [1, 2, 3]);
    net.runUntil(net.nowMs + 1);
    expect(net.fetches.map((f) => f.seqs)).toEqual([[1, 2, 3]]);
    expect(net.height(me)).toBe(4);
    const second = requestsFrom(net, me)[1]!;
    expect([second.startSeq, second.endSeq]).toEqual([4, 14]);
    respond(net, me, a, first.nonce, [4]); // a duplicate of the old answer: its nonce is no longer awaited
    net.runUntil(net.nowMs + P.responseTimeoutMs + 1);
    respond(net, me, a, second.nonce, [4]); // after the timeout: the batch was re-sent with a fresh nonce
    net.runUntil(net.nowMs + 1);
    expect(net.fetches).toHaveLength(1);
    expect(net.rejected.filter((r) => r.reason === 'stateTransfer.wrongNonce')).toHaveLength(3);
  });

  it('[STX-FUNC-RESPONSE-ACCEPTED.1] a response with a forged block, a gap or an empty list is dropped whole and the batch re-sent at once', () => {
    const { net, me, a } = lonelyRequester(30);
    net.runUntil(P.checkIntervalMs);
    const nonceOf = (i: number) => requestsFrom(net, me)[i]!.nonce;
    const forged = payloadOf(forgeBlock(CHANNEL, 2, hashHeader(chain(2)[1]!.header)));
    net.inject(me, { type: 'STATE_RESPONSE_RECEIVED', nowMs: 0, from: a, nonce: nonceOf(0), authorized: true, payloads: [payloadOf(chain(2)[1]!), forged] });
    net.runUntil(net.nowMs + 1);
    respond(net, me, a, nonceOf(1), [1, 3]);
    net.runUntil(net.nowMs + 1);
    respond(net, me, a, nonceOf(2), []);
    net.runUntil(net.nowMs + 1);
    expect(net.fetches).toEqual([]);
    expect(net.rejected.map((r) => r.reason)).toEqual(['stateTransfer.blockInvalid', 'stateTransfer.badResponse', 'stateTransfer.badResponse']);
    expect(requestsFrom(net, me).map((r) => [r.startSeq, r.endSeq])).toEqual([[1, 11], [1, 11], [1, 11], [1, 11]]);
  });

  it('[STX-FUNC-RETRY.1] a batch is sent maxRetries + 1 times, responseTimeout apart, each with a fresh nonce; then the round ends until the next checkInterval', () => {
    const { net, me } = lonelyRequester(30);
    net.runUntil(P.checkIntervalMs + (P.maxRetries + 1) * P.responseTimeoutMs);
    const sent = requestsFrom(net, me);
    expect(sent).toHaveLength(P.maxRetries + 1);
    expect(new Set(sent.map((r) => r.nonce)).size).toBe(P.maxRetries + 1);
    expect(stateTransferRegions(net.state(me)).requester).toBe('idle');
    net.runUntil(net.nowMs + P.checkIntervalMs);
    expect(requestsFrom(net, me)).toHaveLength(P.maxRetries + 2);
  });

  it('[STX-FUNC-BUFFER-WAIT.1] no round while the buffer holds 2 × blockBufferSize; the parked batch goes once it has room', () => {
    const { net, me } = lonelyRequester(30);
    net.command(me, { type: 'BUFFER_SIZE', size: 2 * P.blockBufferSize });
    net.runUntil(3 * P.checkIntervalMs);
    expect(requestsFrom(net, me)).toEqual([]);
    net.command(me, { type: 'BUFFER_SIZE', size: 2 * P.blockBufferSize - 11 });
    net.runUntil(4 * P.checkIntervalMs);
    const first = requestsFrom(net, me)[0]!;
    net.command(me, { type: 'STATE_RESPONSE_RECEIVED', nowMs: net.nowMs, from: pkiId('a'), nonce: first.nonce, authorized: true, payloads: chain(12).slice(1).map(payloadOf) });
    // 29 reported + 11 fetched ≥ 40: the next batch waits for the host's report.
    expect(stateTransferRegions(net.state(me)).requester).toBe('awaitingBuffer');
    expect(requestsFrom(net, me)).toHaveLength(1);
    net.runUntil(net.nowMs + 1); // the harness committed 1..11 and reports an empty buffer
    expect(requestsFrom(net, me).map((r) => [r.startSeq, r.endSeq])).toEqual([[1, 11], [12, 22]]);
  });

  it('[STX-FUNC-REQUEST-VALIDATION.1] [STX-FUNC-SERVE-ADMISSION.1] [STX-FUNC-SERVE-RESPONSE.1] [STX-SAFE-SERVED-WITHIN-REQUEST.1] a valid request is answered with the held blocks of its range and its nonce; bad ranges and unauthorized ones are not', () => {
    const net = new StateNet(P);
    const srv = net.spawn('srv', 1, 8);
    const q = pkiId('q');
    const request = (nonce: bigint, startSeq: number, endSeq: number, authorized = true) =>
      net.inject(srv, { type: 'STATE_REQUEST_RECEIVED', nowMs: 0, from: q, nonce, authorized, startSeq, endSeq });
    request(1n, 5, 15);
    request(2n, 5, 16);
    request(3n, 6, 5);
    request(4n, 0, 3, false);
    request(5n, 20, 25);
    net.runUntil(10);
    const responses = net.sent.filter((s) => s.message.kind === 'sendStateResponse').map((s) => s.message as SendStateResponseOutput);
    expect(responses.map((r) => [r.nonce, r.payloads.map((p) => p.seqNum)])).toEqual([[1n, [5, 6, 7]], [5n, []]]);
    expect(net.rejected.map((r) => r.reason)).toEqual(['stateTransfer.badRange', 'stateTransfer.badRange', 'stateTransfer.unauthorized']);
  });

  it('[STX-FUNC-SERVE-ONE-AT-A-TIME.1] one read at a time, channelSize queued in order, the rest dropped; a stray LEDGER_READ is dropped', () => {
    const net = new StateNet({ ...P, channelSize: 2 });
    const srv = net.spawn('srv', 1, 8);
    net.readDelayMs = 50;
    net.command(srv, { type: 'LEDGER_READ', correlation: 99, blocks: [] });
    for (let i = 1; i <= 4; i++) net.command(srv, { type: 'STATE_REQUEST_RECEIVED', nowMs: 0, from: pkiId(`q${i}`), nonce: BigInt(i), authorized: true, startSeq: 0, endSeq: 1 });
    expect(net.state(srv).context.queue.map((r) => r.from)).toEqual(['q2', 'q3']);
    net.runUntil(500);
    expect(net.sent.map((s) => s.to)).toEqual(['q1', 'q2', 'q3']);
    expect(net.rejected.map((r) => r.reason)).toEqual(['stateTransfer.unexpectedLedgerRead', 'stateTransfer.requestQueueFull']);
    expect(stateTransferRegions(net.state(srv)).responder).toBe('idle');
  });

  it('[STX-FUNC-STOP.1] STOP disarms every timer; nothing is sent or served afterwards', () => {
    const { net, me } = lonelyRequester(30);
    net.command(me, { type: 'STOP' });
    expect(net.armedTimers(me)).toEqual([]);
    net.inject(me, { type: 'STATE_REQUEST_RECEIVED', nowMs: 0, from: pkiId('q'), nonce: 1n, authorized: true, startSeq: 0, endSeq: 0 });
    net.runUntil(10 * P.checkIntervalMs);
    expect(net.sent).toEqual([]);
    expect(net.state(me).status).toBe('done');
  });
});
