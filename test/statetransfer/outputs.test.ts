/**
 * One reducer, stepped by hand, with every output of a step compared whole: the counted rejections
 * name the reason and say why ([STX-FUNC-RESPONSE-ACCEPTED.1], [STX-FUNC-SERVE-ADMISSION.1]), the
 * metrics a host exports, the response built from whatever the host's ledger read returned, and the
 * timers a batch arms. The harness tests look at the network; these look at one step.
 */
import { pkiId, type PkiId } from '../../src/core';
import {
  CHECK_INTERVAL_EVENT,
  createStateTransferReducer,
  isStateTransferStopped,
  RESPONSE_TIMEOUT_EVENT,
  stateTransferRegions,
  type SendStateRequestOutput,
  type StateTransferCommand,
  type StateTransferOutput,
  type StateTransferParams,
  type StateTransferState,
  type StateTransferTimerEvent,
  type VerifyBlock,
} from '../../src/statetransfer';
import { chain, FABRIC_STATE_PARAMS, forgeBlock, CHANNEL, hashHeader, payloadOf, verify } from './fixture';

const me = pkiId('me');
const a = pkiId('a');

/** One instance; `step` keeps the state and returns the step's outputs. */
class One {
  state: StateTransferState;
  private readonly reducer;
  constructor(params: StateTransferParams = FABRIC_STATE_PARAMS, ledgerHeight = 1, verifyBlock: VerifyBlock = verify) {
    this.reducer = createStateTransferReducer({ verifyBlock });
    [this.state] = this.reducer.init({ selfId: me, seed: 3, params, ledgerHeight });
  }
  step(event: StateTransferCommand | StateTransferTimerEvent): readonly StateTransferOutput[] {
    const [next, outs] = this.reducer.step(this.state, event);
    this.state = next;
    return outs;
  }
  /** Hear `heights`, let checkInterval pass, and return the request sent. */
  startRound(heights: { pkiId: PkiId; height: number }[]): SendStateRequestOutput {
    this.step({ type: 'HEIGHTS_ADVERTISED', peers: heights });
    return requestOf(this.step({ type: CHECK_INTERVAL_EVENT }));
  }
  get regions() {
    return stateTransferRegions(this.state);
  }
}

const requestOf = (outs: readonly StateTransferOutput[]): SendStateRequestOutput => {
  const r = outs.find((o): o is SendStateRequestOutput => o.kind === 'sendStateRequest');
  if (r === undefined) throw new Error(`no request in ${outs.map((o) => o.kind).join(', ')}`);
  return r;
};
const messages = (outs: readonly StateTransferOutput[]) => outs.filter((o) => o.kind !== 'setTimer' && o.kind !== 'cancelTimer');
const timers = (outs: readonly StateTransferOutput[]) => outs.flatMap((o) => (o.kind === 'setTimer' ? [[o.event.type, o.delayMs]] : []));
const blocks = (seqs: number[]) => seqs.map((s) => chain(s + 1)[s]!);
const response = (from: PkiId, nonce: bigint, seqs: number[], authorized = true): StateTransferCommand => ({
  type: 'STATE_RESPONSE_RECEIVED',
  nowMs: 0,
  from,
  nonce,
  authorized,
  payloads: blocks(seqs).map(payloadOf),
});
const request = (from: string, nonce: bigint, startSeq: number, endSeq: number, authorized = true): StateTransferCommand => ({
  type: 'STATE_REQUEST_RECEIVED',
  nowMs: 0,
  from: pkiId(from),
  nonce,
  authorized,
  startSeq,
  endSeq,
});
const reject = (reason: string, message: string) => ({ kind: 'rejected', reason, message });

describe('state transfer outputs, step by step', () => {
  it('[STX-FUNC-RESPONSE-ACCEPTED.1] [STX-SAFE-ACCEPT-ONLY-AWAITED.1] a dropped response is counted with its reason and what was expected', () => {
    const one = new One();
    expect(messages(one.step(response(a, 5n, [1])))).toEqual([reject('stateTransfer.noTransfer', 'state response from a while no request is outstanding')]);
    expect(messages(one.step(response(a, 5n, [1], false)))).toEqual([reject('stateTransfer.unauthorized', "state response from a, which fails the channel's read policy")]);
    const { nonce } = one.startRound([{ pkiId: a, height: 30 }]);
    expect(messages(one.step(response(pkiId('b'), nonce, [1])))).toEqual([reject('stateTransfer.wrongPeer', 'state response from b, but a was asked')]);
    expect(messages(one.step(response(a, nonce + 1n, [1])))).toEqual([
      reject('stateTransfer.wrongNonce', `state response from a with nonce ${nonce + 1n}, expected ${nonce}`),
    ]);
    expect(messages(one.step(response(a, nonce, [1], false)))).toEqual([reject('stateTransfer.unauthorized', "state response from a, which fails the channel's read policy")]);
    expect(one.regions.requester).toBe('requesting');
  });

  it('[STX-FUNC-RESPONSE-ACCEPTED.1] [STX-FUNC-RETRY.1] an unusable awaited response is counted with what is wrong, and the batch re-sent with a fresh nonce', () => {
    const one = new One();
    let req = one.startRound([{ pkiId: a, height: 30 }]);
    const retried = (outs: readonly StateTransferOutput[], reason: string, message: string) => {
      const next = requestOf(outs);
      expect(messages(outs)).toEqual([reject(reason, message), next]);
      expect([next.to, next.startSeq, next.endSeq]).toEqual([a, 1, 11]);
      expect(next.nonce).not.toBe(req.nonce);
      // The re-sent batch waits a full responseTimeout of its own (the first one's timer is cancelled, a new one armed).
      expect(timers(outs)).toEqual([[RESPONSE_TIMEOUT_EVENT, FABRIC_STATE_PARAMS.responseTimeoutMs]]);
      req = next;
    };
    retried(one.step(response(a, req.nonce, [])), 'stateTransfer.badResponse', 'state response from a: Received state transfer response without payload');
    retried(one.step(response(a, req.nonce, [1, 3])), 'stateTransfer.badResponse', 'state response from a: payload 1 has seq 3, expected 2');
    // A block the orderer did not sign: VerifyBlock's verdict, with Fabric's prefix, names the block.
    const forged = { ...response(a, req.nonce, [1]), payloads: [payloadOf(blocks([1])[0]!), payloadOf(forgeBlock(CHANNEL, 2, hashHeader(blocks([1])[0]!.header)))] };
    const outs = one.step(forged);
    expect(messages(outs)[0]).toMatchObject({ kind: 'rejected', reason: 'stateTransfer.blockInvalid' });
    expect((messages(outs)[0] as { message: string }).message).toMatch(/^state response from a dropped: Error verifying block with sequence number 2: ./);
    // That was the fourth send (maxRetries 3): the next unusable response ends the round, counted as given up.
    const last = requestOf(outs);
    const twelve = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    expect(messages(one.step(response(a, last.nonce, twelve)))).toEqual([
      reject('stateTransfer.badResponse', 'state response from a: response carries 12 payloads for [1, 11]'),
      { kind: 'metric', name: 'stateTransfer.roundsGivenUp', value: 1 },
    ]);
    expect(one.regions.requester).toBe('idle');
  });

  it('[STX-FUNC-RESPONSE-ACCEPTED.1] VerifyBlock is asked about each block of the awaited response, in order, and of no other response', () => {
    const asked: number[] = [];
    const one = new One(FABRIC_STATE_PARAMS, 1, (seq, block) => {
      asked.push(seq);
      return verify(seq, block);
    });
    const { nonce } = one.startRound([{ pkiId: a, height: 30 }]);
    one.step(response(a, nonce + 1n, [1, 2]));
    one.step(response(pkiId('b'), nonce, [1, 2]));
    one.step(response(a, nonce, [1, 2], false));
    expect(asked).toEqual([]);
    one.step(response(a, nonce, [1, 2, 3]));
    expect(asked).toEqual([1, 2, 3]);
  });

  it('[STX-FUNC-BATCH-RANGE.1] [STX-FUNC-RETRY.1] an accepted response yields its blocks and a count, and the next batch gets a full responseTimeout of its own', () => {
    const one = new One();
    const first = one.startRound([{ pkiId: a, height: 16 }]);
    expect([first.startSeq, first.endSeq]).toEqual([1, 11]);
    const outs = one.step(response(a, first.nonce, [1, 2, 3]));
    const second = requestOf(outs);
    expect(messages(outs)).toEqual([
      { kind: 'blocksFetched', from: a, payloads: blocks([1, 2, 3]).map(payloadOf) },
      { kind: 'metric', name: 'stateTransfer.blocksFetched', value: 3 },
      second,
    ]);
    expect([second.to, second.startSeq, second.endSeq]).toEqual([a, 4, 14]);
    // The batch is a new request: its timeout is armed afresh, not left over from the first.
    expect(timers(outs)).toEqual([[RESPONSE_TIMEOUT_EVENT, FABRIC_STATE_PARAMS.responseTimeoutMs]]);
    const end = one.step(response(a, second.nonce, [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]));
    const third = requestOf(end);
    expect([third.startSeq, third.endSeq]).toEqual([15, 15]);
    // The last batch: blocks and count, no further request, and checkInterval armed again.
    const done = one.step(response(a, third.nonce, [15]));
    expect(messages(done)).toEqual([
      { kind: 'blocksFetched', from: a, payloads: blocks([15]).map(payloadOf) },
      { kind: 'metric', name: 'stateTransfer.blocksFetched', value: 1 },
    ]);
    expect(timers(done)).toEqual([[CHECK_INTERVAL_EVENT, FABRIC_STATE_PARAMS.checkIntervalMs]]);
    expect(one.state.context.transfer).toBeNull();
  });

  it('[STX-FUNC-BATCH-RANGE.1] a response that stops one block short of the round\u2019s last seq continues the round with that block', () => {
    const one = new One({ ...FABRIC_STATE_PARAMS, batchSize: 2 });
    // Round 1 … 4: batches [1, 3], then [4, 4].
    const first = one.startRound([{ pkiId: a, height: 5 }]);
    expect([first.startSeq, first.endSeq]).toEqual([1, 3]);
    const short = one.step(response(a, first.nonce, [1, 2, 3]));
    expect([requestOf(short).startSeq, requestOf(short).endSeq]).toEqual([4, 4]);
    expect(one.regions.requester).toBe('requesting');
  });

  it('[STX-FUNC-PEER-CHOICE.1] [STX-FUNC-BATCH-RANGE.1] an accepted response is kept even when no peer covers the next batch; the round then ends', () => {
    const one = new One();
    const first = one.startRound([{ pkiId: a, height: 30 }]);
    one.step({ type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: a, height: 12 }] });
    const outs = one.step(response(a, first.nonce, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    expect(messages(outs)).toEqual([
      { kind: 'blocksFetched', from: a, payloads: blocks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).map(payloadOf) },
      { kind: 'metric', name: 'stateTransfer.blocksFetched', value: 11 },
    ]);
    expect(one.regions.requester).toBe('idle');
    expect(one.state.context.transfer).toBeNull();
  });

  it('[STX-FUNC-RETRY.1] a response timeout re-sends the batch; the last one gives up and counts it', () => {
    const one = new One({ ...FABRIC_STATE_PARAMS, maxRetries: 1 });
    const first = one.startRound([{ pkiId: a, height: 30 }]);
    const again = one.step({ type: RESPONSE_TIMEOUT_EVENT });
    const second = requestOf(again);
    expect([second.to, second.startSeq, second.endSeq]).toEqual([a, 1, 11]);
    expect(second.nonce).not.toBe(first.nonce);
    expect(one.state.context.transfer?.attempt).toBe(2);
    const gaveUp = one.step({ type: RESPONSE_TIMEOUT_EVENT });
    expect(messages(gaveUp)).toEqual([{ kind: 'metric', name: 'stateTransfer.roundsGivenUp', value: 1 }]);
    expect(timers(gaveUp)).toEqual([[CHECK_INTERVAL_EVENT, FABRIC_STATE_PARAMS.checkIntervalMs]]);
    expect(one.regions.requester).toBe('idle');
  });

  it('[STX-FUNC-PEER-CHOICE.1] a retry goes to a peer that still covers the batch; with none left the round ends', () => {
    const one = new One();
    const first = one.startRound([{ pkiId: a, height: 30 }]);
    const b = pkiId('b');
    // a now advertises only 11 (it no longer covers block 11); b covers it.
    one.step({ type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: a, height: 11 }, { pkiId: b, height: 12 }] });
    const retry = requestOf(one.step({ type: RESPONSE_TIMEOUT_EVENT }));
    expect([retry.to, retry.startSeq, retry.endSeq]).toEqual([b, first.startSeq, first.endSeq]);
    one.step({ type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: a, height: 11 }, { pkiId: b, height: 11 }] });
    expect(messages(one.step({ type: RESPONSE_TIMEOUT_EVENT }))).toEqual([{ kind: 'metric', name: 'stateTransfer.roundsGivenUp', value: 1 }]);
    expect(one.regions.requester).toBe('idle');
  });

  it('[STX-FUNC-ANTI-ENTROPY-ROUND.1] [STX-FUNC-PEER-CHOICE.1] our own advertised height neither sets the round\u2019s end nor makes us a candidate', () => {
    const one = new One();
    const req = one.startRound([{ pkiId: me, height: 100 }, { pkiId: a, height: 5 }]);
    expect([req.to, req.startSeq, req.endSeq]).toEqual([a, 1, 4]);
    expect(one.state.context.transfer?.lastSeq).toBe(4);
    const alone = new One();
    alone.step({ type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: me, height: 100 }] });
    const outs = alone.step({ type: CHECK_INTERVAL_EVENT });
    expect(messages(outs)).toEqual([]);
    expect(timers(outs)).toEqual([[CHECK_INTERVAL_EVENT, FABRIC_STATE_PARAMS.checkIntervalMs]]);
  });

  it('[STX-FUNC-ANTI-ENTROPY-ROUND.1] the round starts from the last reported ledger height', () => {
    const one = new One();
    one.step({ type: 'LEDGER_HEIGHT', height: 7 });
    const req = one.startRound([{ pkiId: a, height: 30 }]);
    expect([req.startSeq, req.endSeq]).toEqual([7, 17]);
  });

  it('[STX-FUNC-BUFFER-WAIT.1] the buffer blocks at exactly 2 × blockBufferSize; a parked batch remembers where it starts and is not yet sent', () => {
    const P = FABRIC_STATE_PARAMS;
    const full = new One();
    full.step({ type: 'BUFFER_SIZE', size: 2 * P.blockBufferSize });
    full.step({ type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: a, height: 30 }] });
    expect(messages(full.step({ type: CHECK_INTERVAL_EVENT }))).toEqual([]);
    const room = new One();
    room.step({ type: 'BUFFER_SIZE', size: 2 * P.blockBufferSize - 1 });
    const first = room.startRound([{ pkiId: a, height: 30 }]);
    // 39 + 11 fetched ≥ 40: park the next batch, [12, 22] of the round ending at 29.
    room.step(response(a, first.nonce, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    expect(room.regions.requester).toBe('awaitingBuffer');
    expect(room.state.context.transfer).toEqual({ lastSeq: 29, request: { to: a, nonce: first.nonce, startSeq: 12, endSeq: 22 }, attempt: 0 });
    // Still full: nothing; room again: the parked batch goes, a first attempt with a fresh nonce.
    expect(messages(room.step({ type: 'BUFFER_SIZE', size: 2 * P.blockBufferSize }))).toEqual([]);
    expect(room.state.context.bufferSize).toBe(2 * P.blockBufferSize);
    // No request is outstanding while parked: a response, even with the last nonce, is dropped.
    expect(messages(room.step(response(a, first.nonce, [12])))).toEqual([reject('stateTransfer.noTransfer', 'state response from a while no request is outstanding')]);
    const resumed = requestOf(room.step({ type: 'BUFFER_SIZE', size: 2 * P.blockBufferSize - 1 }));
    expect([resumed.to, resumed.startSeq, resumed.endSeq]).toEqual([a, 12, 22]);
    expect(resumed.nonce).not.toBe(first.nonce);
    expect(room.state.context.transfer?.attempt).toBe(1);
    expect(room.state.context.bufferSize).toBe(2 * P.blockBufferSize - 1);
  });

  it('[STX-FUNC-BUFFER-WAIT.1] [STX-FUNC-PEER-CHOICE.1] when the buffer frees but no peer covers the parked batch any more, the round ends', () => {
    const one = new One({ ...FABRIC_STATE_PARAMS, blockBufferSize: 1 });
    const first = one.startRound([{ pkiId: a, height: 30 }]);
    one.step(response(a, first.nonce, [1, 2]));
    expect(one.regions.requester).toBe('awaitingBuffer');
    one.step({ type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: a, height: 3 }] });
    expect(messages(one.step({ type: 'BUFFER_SIZE', size: 0 }))).toEqual([]);
    expect(one.regions.requester).toBe('idle');
    expect(one.state.context.transfer).toBeNull();
    expect(one.state.context.bufferSize).toBe(0);
  });

  it('[STX-FUNC-SERVE-RESPONSE.1] [STX-SAFE-SERVED-WITHIN-REQUEST.1] the response keeps the read blocks inside the range, once each, in increasing order', () => {
    const one = new One(FABRIC_STATE_PARAMS, 20);
    const read = one.step(request('q', 9n, 3, 6));
    expect(messages(read)).toEqual([{ kind: 'readLedger', startSeq: 3, endSeq: 6, correlation: 0 }]);
    // A careless host: out of order, a duplicate, blocks outside [3, 6] on both sides.
    const answer = one.step({ type: 'LEDGER_READ', correlation: 0, blocks: blocks([5, 2, 3, 7, 5, 6, 4]) });
    expect(messages(answer)).toEqual([{ kind: 'sendStateResponse', to: pkiId('q'), nonce: 9n, payloads: blocks([3, 4, 5, 6]).map(payloadOf) }]);
    expect(one.regions.responder).toBe('idle');
    expect(one.state.context.reading).toBeNull();
  });

  it('[STX-FUNC-SERVE-ONE-AT-A-TIME.1] [STX-FUNC-SERVE-RESPONSE.1] queued requests are read in order with fresh correlations; overflow and stray reads are counted with why', () => {
    const one = new One({ ...FABRIC_STATE_PARAMS, channelSize: 1 }, 20);
    expect(messages(one.step({ type: 'LEDGER_READ', correlation: 4, blocks: [] }))).toEqual([
      reject('stateTransfer.unexpectedLedgerRead', 'ledger read 4 answers no read in progress'),
    ]);
    expect(messages(one.step(request('q1', 1n, 0, 1)))).toEqual([{ kind: 'readLedger', startSeq: 0, endSeq: 1, correlation: 0 }]);
    expect(messages(one.step(request('q2', 2n, 2, 3)))).toEqual([]);
    expect(messages(one.step(request('q3', 3n, 4, 5)))).toEqual([reject('stateTransfer.requestQueueFull', 'state request from q3 dropped: 1 requests already wait')]);
    // A read answering another correlation while one is in progress is stray too.
    expect(messages(one.step({ type: 'LEDGER_READ', correlation: 1, blocks: [] }))).toEqual([
      reject('stateTransfer.unexpectedLedgerRead', 'ledger read 1 answers no read in progress'),
    ]);
    expect(messages(one.step({ type: 'LEDGER_READ', correlation: 0, blocks: blocks([0, 1]) }))).toEqual([
      { kind: 'sendStateResponse', to: pkiId('q1'), nonce: 1n, payloads: blocks([0, 1]).map(payloadOf) },
      { kind: 'readLedger', startSeq: 2, endSeq: 3, correlation: 1 },
    ]);
    expect(one.state.context.queue).toEqual([]);
    expect(one.regions.responder).toBe('reading');
    expect(messages(one.step({ type: 'LEDGER_READ', correlation: 1, blocks: blocks([2, 3]) }))).toEqual([
      { kind: 'sendStateResponse', to: pkiId('q2'), nonce: 2n, payloads: blocks([2, 3]).map(payloadOf) },
    ]);
    expect(one.regions.responder).toBe('idle');
    // The next request read gets the next correlation.
    expect(messages(one.step(request('q4', 4n, 0, 0)))).toEqual([{ kind: 'readLedger', startSeq: 0, endSeq: 0, correlation: 2 }]);
  });

  it('[STX-FUNC-SERVE-ADMISSION.1] [STX-FUNC-REQUEST-VALIDATION.1] refused requests are counted with Fabric\u2019s messages, while idle and while reading', () => {
    const one = new One(FABRIC_STATE_PARAMS, 20);
    const refusals = () => [
      messages(one.step(request('q', 1n, 0, 1, false))),
      messages(one.step(request('q', 2n, 5, 4))),
      messages(one.step(request('q', 3n, 0, 11))),
    ];
    const expected = [
      [reject('stateTransfer.unauthorized', 'Got unauthorized request from q')],
      [reject('stateTransfer.badRange', 'State request validation failed, Invalid sequence interval [5...4). Ignoring request...')],
      [
        reject(
          'stateTransfer.badRange',
          'State request validation failed, Requesting blocks range [0-11) greater than configured allowed (10) batching size for anti-entropy. Ignoring request...',
        ),
      ],
    ];
    expect(refusals()).toEqual(expected);
    expect(one.regions.responder).toBe('idle');
    one.step(request('q', 4n, 0, 10));
    expect(refusals()).toEqual(expected);
    expect(one.state.context.queue).toEqual([]);
  });

  it('[STX-FUNC-STOP.1] a stopped instance reports both regions as stopped', () => {
    const one = new One();
    expect(isStateTransferStopped(one.state)).toBe(false);
    expect(one.regions).toEqual({ requester: 'idle', responder: 'idle' });
    one.step({ type: 'STOP' });
    expect(isStateTransferStopped(one.state)).toBe(true);
    expect(one.regions).toEqual({ requester: 'stopped', responder: 'stopped' });
  });
});
