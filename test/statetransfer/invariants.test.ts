/**
 * State transfer's invariants (src/statetransfer/invariants.ts) on forged steps: each check flags
 * the state or step it names and passes its legal neighbour. States come from a real reducer
 * (idle, requesting, reading with a queue); a forged one changes only what the check reads.
 */
import { pkiId, type PkiId } from '../../src/core';
import {
  CHECK_INTERVAL_EVENT,
  createStateTransferReducer,
  stateTransferStateInvariants,
  stateTransferViolations,
  type SendStateRequestOutput,
  type StateTransferCommand,
  type StateTransferOutput,
  type StateTransferState,
  type StateTransferTimerEvent,
} from '../../src/statetransfer';
import { violations } from '../../src/core/invariants';
import { chain, FABRIC_STATE_PARAMS, payloadOf, verify } from './fixture';

const P = { ...FABRIC_STATE_PARAMS, channelSize: 2 };
const reducer = createStateTransferReducer({ verifyBlock: verify });
const me = pkiId('me');
const a = pkiId('a');
const q = pkiId('q');

/** me at height 1 hears `a` at 30: idle, then requesting [1, 11] of a; as responder, reading q's [0, 3] with one more queued. */
function phases() {
  const [s0] = reducer.init({ selfId: me, seed: 1, params: P, ledgerHeight: 1 });
  const [idle] = reducer.step(s0, { type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: a, height: 30 }] });
  const [requesting, outs] = reducer.step(idle, { type: CHECK_INTERVAL_EVENT });
  const request = outs.find((o): o is SendStateRequestOutput => o.kind === 'sendStateRequest') as SendStateRequestOutput;
  const [reading] = reducer.step(idle, requestFrom(q, 7n, 0, 3));
  const [queued] = reducer.step(reading, requestFrom(pkiId('q2'), 8n, 0, 1));
  return { idle, requesting, request, reading, queued };
}

const requestFrom = (from: PkiId, nonce: bigint, startSeq: number, endSeq: number, authorized = true): StateTransferCommand => ({
  type: 'STATE_REQUEST_RECEIVED',
  nowMs: 0,
  from,
  nonce,
  authorized,
  startSeq,
  endSeq,
});
const responseFrom = (from: PkiId, nonce: bigint, seqs: number[], authorized = true): StateTransferCommand => ({
  type: 'STATE_RESPONSE_RECEIVED',
  nowMs: 0,
  from,
  nonce,
  authorized,
  payloads: seqs.map((s) => payloadOf(chain(s + 1)[s]!)),
});
type Event = StateTransferCommand | StateTransferTimerEvent;
const step = (before: StateTransferState, event: Event, outputs: StateTransferOutput[] = [], after: StateTransferState = before) =>
  stateTransferViolations({ before, event, outputs, after });
const stateOnly = (s: StateTransferState) => violations(stateTransferStateInvariants, s);
const withContext = (s: StateTransferState, c: Partial<StateTransferState['context']>): StateTransferState => ({ ...s, context: { ...s.context, ...c } });
const withRegions = (s: StateTransferState, requester: string, responder: string): StateTransferState => ({ ...s, value: { running: { requester, responder } } });
const sendRequest = (to: PkiId, nonce: bigint, startSeq: number, endSeq: number): StateTransferOutput => ({ kind: 'sendStateRequest', to, nonce, startSeq, endSeq });
const fetched = (from: PkiId, seqs: number[]): StateTransferOutput => ({ kind: 'blocksFetched', from, payloads: seqs.map((s) => payloadOf(chain(s + 1)[s]!)) });
const response = (to: PkiId, nonce: bigint, seqs: number[]): StateTransferOutput => ({ kind: 'sendStateResponse', to, nonce, payloads: seqs.map((s) => payloadOf(chain(s + 1)[s]!)) });
const rejected: StateTransferOutput = { kind: 'rejected', reason: 'stateTransfer.unauthorized', message: 'x' };
const heights = { type: 'HEIGHTS_ADVERTISED', peers: [] } as const;

describe('state transfer invariants', () => {
  it('[STX-FUNC-SERVE-ONE-AT-A-TIME.1] one read at a time, at most channelSize queued, nothing queued or read while idle', () => {
    const { idle, reading, queued } = phases();
    for (const s of [idle, reading, queued]) expect(stateOnly(s)).toEqual([]);
    const entry = queued.context.queue[0]!;
    // channelSize (2) queued is legal; one more is not.
    expect(stateOnly(withContext(queued, { queue: [entry, entry] }))).toEqual([]);
    expect(stateOnly(withContext(queued, { queue: [entry, entry, entry] }))).toEqual([
      'STX-FUNC-SERVE-ONE-AT-A-TIME.1: 3 requests queued, more than channelSize 2',
    ]);
    expect(stateOnly(withContext(reading, { reading: null }))).toEqual(['STX-FUNC-SERVE-ONE-AT-A-TIME.1: reading with no request']);
    expect(stateOnly(withContext(idle, { reading: reading.context.reading }))).toEqual(['STX-FUNC-SERVE-ONE-AT-A-TIME.1: idle with a request read or queued']);
    expect(stateOnly(withContext(idle, { queue: [entry] }))).toEqual(['STX-FUNC-SERVE-ONE-AT-A-TIME.1: idle with a request read or queued']);
    // A queue while reading is the legal neighbour of a queue while idle.
    expect(stateOnly(withContext(reading, { queue: [entry] }))).toEqual([]);
  });

  it('[STX-SAFE-ACCEPT-ONLY-AWAITED.1] a transfer exists exactly while requesting or awaiting the buffer', () => {
    const { idle, requesting } = phases();
    const transfer = requesting.context.transfer;
    expect(stateOnly(withRegions(requesting, 'awaitingBuffer', 'idle'))).toEqual([]);
    expect(stateOnly(withContext(requesting, { transfer: null }))).toEqual(['STX-SAFE-ACCEPT-ONLY-AWAITED.1: requester requesting with transfer absent']);
    expect(stateOnly(withContext(withRegions(requesting, 'awaitingBuffer', 'idle'), { transfer: null }))).toEqual([
      'STX-SAFE-ACCEPT-ONLY-AWAITED.1: requester awaitingBuffer with transfer absent',
    ]);
    expect(stateOnly(withContext(idle, { transfer }))).toEqual(['STX-SAFE-ACCEPT-ONLY-AWAITED.1: requester idle with transfer present']);
  });

  it('[STX-SAFE-REQUEST-SHAPE.1] a request spans at most batchSize + 1 blocks, to another peer above its end, and is the outstanding one', () => {
    const { idle, requesting, request } = phases();
    const timer: Event = { type: CHECK_INTERVAL_EVENT };
    const { nonce } = request;
    expect(request).toMatchObject({ to: a, startSeq: 1, endSeq: 11 });
    expect(step(idle, timer, [rejected, sendRequest(a, nonce, 1, 11)], requesting)).toEqual([]);
    const shape = (to: PkiId, start: number, end: number, heightOfA = 30) =>
      step(idle, timer, [rejected, sendRequest(to, nonce, start, end)], withContext(requesting, { heights: [{ pkiId: a, height: heightOfA }] }));
    expect(shape(a, 5, 4)).toEqual(['STX-SAFE-REQUEST-SHAPE.1: request [5, 4] breaks batchSize 10']);
    expect(shape(a, 1, 12)).toEqual(['STX-SAFE-REQUEST-SHAPE.1: request [1, 12] breaks batchSize 10']);
    expect(shape(a, 1, 11, 12)).toEqual([]);
    expect(shape(a, 1, 11, 11)).toEqual(['STX-SAFE-REQUEST-SHAPE.1: request for 11 to a, which advertises height 11']);
    expect(shape(pkiId('z'), 1, 11)).toEqual(['STX-SAFE-REQUEST-SHAPE.1: request for 11 to z, which advertises height 0']);
    expect(shape(me, 1, 11)).toEqual(['STX-SAFE-REQUEST-SHAPE.1: request to self']);
    expect(step(idle, timer, [sendRequest(a, nonce + 1n, 1, 11)], requesting)).toEqual(['STX-SAFE-REQUEST-SHAPE.1: request sent is not the outstanding one']);
    const b = pkiId('b');
    const both = withContext(requesting, { heights: [{ pkiId: a, height: 30 }, { pkiId: b, height: 30 }] });
    expect(step(idle, timer, [sendRequest(b, nonce, 1, 11)], both)).toEqual(['STX-SAFE-REQUEST-SHAPE.1: request sent is not the outstanding one']);
    expect(step(idle, timer, [sendRequest(a, nonce, 1, 11)], idle)).toEqual(['STX-SAFE-REQUEST-SHAPE.1: request sent is not the outstanding one']);
  });

  it('[STX-SAFE-ACCEPT-ONLY-AWAITED.1] blocks are fetched once, from the awaited response, as a prefix of the asked range; one request per step', () => {
    const { idle, requesting, request } = phases();
    const { nonce } = request;
    const ok = responseFrom(a, nonce, [1, 2, 3]);
    expect(step(requesting, ok, [rejected, fetched(a, [1, 2, 3])], idle)).toEqual([]);
    expect(step(requesting, ok, [fetched(a, [1, 2, 3]), fetched(a, [1, 2, 3])], idle)).toEqual(['STX-SAFE-ACCEPT-ONLY-AWAITED.1: two fetches in one step']);
    expect(step(requesting, heights, [fetched(a, [1])], requesting)).toEqual(['STX-SAFE-ACCEPT-ONLY-AWAITED.1: blocks fetched on HEIGHTS_ADVERTISED']);
    expect(step(withRegions(requesting, 'awaitingBuffer', 'idle'), ok, [fetched(a, [1])], idle)).toEqual([
      'STX-SAFE-ACCEPT-ONLY-AWAITED.1: blocks fetched while no request was outstanding',
    ]);
    // The requester region says requesting but no transfer: the state check flags it too; the step check must as well.
    expect(step(withContext(requesting, { transfer: null }), ok, [fetched(a, [1])], idle)).toContain(
      'STX-SAFE-ACCEPT-ONLY-AWAITED.1: blocks fetched while no request was outstanding',
    );
    const wrong = `STX-SAFE-ACCEPT-ONLY-AWAITED.1: blocks fetched from`;
    expect(step(requesting, responseFrom(a, nonce, [1], false), [fetched(a, [1])], idle)).toEqual([`${wrong} a (nonce ${nonce}), but a was asked with ${nonce}`]);
    expect(step(requesting, responseFrom(pkiId('b'), nonce, [1]), [fetched(a, [1])], idle)).toEqual([`${wrong} b (nonce ${nonce}), but a was asked with ${nonce}`]);
    expect(step(requesting, responseFrom(a, nonce + 1n, [1]), [fetched(a, [1])], idle)).toEqual([`${wrong} a (nonce ${nonce + 1n}), but a was asked with ${nonce}`]);
    expect(step(requesting, ok, [fetched(a, [2, 3])], idle)).toEqual([
      'STX-SAFE-ACCEPT-ONLY-AWAITED.1: fetched blocks are not a prefix of the asked range: payload 0 has seq 2, expected 1',
    ]);
    expect(step(requesting, ok, [fetched(a, [])], idle)).toEqual([
      'STX-SAFE-ACCEPT-ONLY-AWAITED.1: fetched blocks are not a prefix of the asked range: Received state transfer response without payload',
    ]);
    expect(step(idle, { type: CHECK_INTERVAL_EVENT }, [sendRequest(a, nonce, 1, 11), sendRequest(a, nonce, 1, 11)], requesting)).toEqual([
      'STX-SAFE-ACCEPT-ONLY-AWAITED.1: two requests in one step',
    ]);
  });

  it('[STX-SAFE-SERVED-WITHIN-REQUEST.1] a response answers the request read, with at most batchSize + 1 increasing blocks of its range', () => {
    const { idle, reading } = phases();
    const read = reading.context.reading!;
    expect(read).toMatchObject({ from: q, nonce: 7n, startSeq: 0, endSeq: 3 });
    const ledgerRead: Event = { type: 'LEDGER_READ', correlation: read.correlation, blocks: [] };
    const serve = (seqs: number[], before = reading, event: Event = ledgerRead, to = q, nonce = 7n) => step(before, event, [rejected, response(to, nonce, seqs)], idle);
    expect(serve([0, 1, 2, 3])).toEqual([]);
    expect(serve([])).toEqual([]);
    expect(serve([0], reading, heights)).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: a response sent without a ledger read']);
    expect(serve([0], withContext(reading, { reading: null }))).toContain('STX-SAFE-SERVED-WITHIN-REQUEST.1: a response sent without a ledger read');
    expect(serve([0], reading, ledgerRead, pkiId('q2'))).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: response to q2 answers no request read']);
    expect(serve([0], reading, ledgerRead, q, 8n)).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: response to q answers no request read']);
    expect(serve([2, 1])).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: block 1 served for [0, 3]']);
    expect(serve([1, 1])).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: block 1 served for [0, 3]']);
    expect(serve([3, 4])).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: block 4 served for [0, 3]']);
    // A block below the range: the request [2, 3] starts above block 1.
    const high = withContext(reading, { reading: { ...read, startSeq: 2 } });
    expect(serve([2, 3], high)).toEqual([]);
    expect(serve([1, 2], high)).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: block 1 served for [2, 3]']);
    // A payload whose block is not the one its seq names.
    const mislabelled: StateTransferOutput = { kind: 'sendStateResponse', to: q, nonce: 7n, payloads: [{ seqNum: 1, data: chain(3)[2]!, privateData: [] }] };
    expect(step(reading, ledgerRead, [mislabelled], idle)).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: block 1 served for [0, 3]']);
    // batchSize + 1 = 11 blocks in a range of 12 pass; 12 do not.
    const wide = withContext(reading, { reading: { ...read, endSeq: 11 } });
    expect(serve([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], wide)).toEqual([]);
    expect(serve([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], wide)).toEqual(['STX-SAFE-SERVED-WITHIN-REQUEST.1: 12 blocks served, more than batchSize + 1']);
  });

  it('[STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1] an unauthorized request changes nothing but a rejection', () => {
    const { idle, reading, queued } = phases();
    const bad = requestFrom(q, 9n, 0, 1, false);
    const readOut: StateTransferOutput = { kind: 'readLedger', startSeq: 0, endSeq: 1, correlation: 0 };
    expect(step(idle, bad, [rejected], idle)).toEqual([]);
    expect(step(idle, bad, [rejected, readOut], idle)).toEqual(['STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1: unauthorized request from q caused rejected, readLedger']);
    expect(step(reading, bad, [rejected], queued)).toEqual(['STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1: unauthorized request from q was taken']);
    expect(step(idle, bad, [rejected], withContext(idle, { reading: reading.context.reading }))).toContain(
      'STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1: unauthorized request from q was taken',
    );
    // The same step for an authorized request is the legal neighbour.
    expect(step(reading, requestFrom(q, 9n, 0, 1), [], queued)).toEqual([]);
    expect(step(idle, requestFrom(q, 9n, 0, 1), [readOut], reading)).toEqual([]);
  });
});
