/**
 * Ports of Fabric's gossip/state/payloads_buffer_test.go, with Fabric's names, sequence numbers and
 * assertions. How the mechanism differs: the buffer is a pure value here (src/dissemination/
 * payload-buffer.ts), so
 * - Push(payload) returning true/false is `pushRejection(buffer, seq) === undefined`, and a push
 *   that returns true is `push(buffer, payload)`; Size() is `bufferSize`, Next() is `buffer.next`;
 * - Ready() "has signalled" is "the run from next is not empty" (`readyRun(buffer).length > 0`):
 *   Fabric's channel is a notification of exactly that, which a pure value needs no channel for;
 *   Fabric's sleeps and goroutines (a push 100ms later, 10 concurrent pushes, 500ms waits for a
 *   signal that must not come) become the same sequence of pushes on one value, without time;
 * - Pop() returns the payload at next or nil; here `popReady` pops the whole ready run, so a single
 *   Pop is asserted as "the ready run is exactly [that payload]" before popping it, and a nil Pop
 *   as "the run is empty and popReady changes nothing".
 * Where the dissemination reducer is the buffer's consumer (Fabric's deliverPayloads), the port
 * also drives it: NewPayloadsBuffer(height) is the reducer's init, and a Ready-then-Pop is a commit.
 */
import { bufferSize, popReady, push, pushRejection, readyRun, type PayloadBuffer } from '../../src/dissemination';
import { block, Driver, fromOrderer } from './fixture';

/** Fabric's randomPayloadWithSeqNum: the payload carries a real (orderer-signed) block here. */
const payload = (seq: number) => ({ seq, block: block(seq) });

/** Fabric's Push: true iff added. */
function pushed(buffer: PayloadBuffer, seq: number): { ok: boolean; buffer: PayloadBuffer } {
  if (pushRejection(buffer, seq) !== undefined) return { ok: false, buffer };
  return { ok: true, buffer: push(buffer, payload(seq)) };
}

const isReady = (b: PayloadBuffer): boolean => readyRun(b).length > 0;

/** Fabric's Pop of one payload, when exactly that one is ready (the consumer's loop pops runs of one here). */
function popOne(b: PayloadBuffer, seq: number): PayloadBuffer {
  expect(readyRun(b).map((p) => p.seq)).toEqual([seq]);
  const after = popReady(b);
  expect(after.next).toBe(seq + 1);
  return after;
}

/** Fabric's Pop returning nil: nothing at next, and popping changes nothing. */
function popNil(b: PayloadBuffer): void {
  expect(readyRun(b)).toEqual([]);
  expect(popReady(b)).toEqual(b);
}

describe('payload buffer: ports of Fabric payloads_buffer_test.go', () => {
  it('[DIS-FUNC-BUFFER-PUSH.1] TestNewPayloadsBuffer: a buffer created at 10 expects 10 next', () => {
    const d = Driver.start(10);
    expect(d.state.context.buffer.next).toBe(10);
    expect(bufferSize(d.state.context.buffer)).toBe(0);
  });

  it('[DIS-FUNC-BUFFER-PUSH.1] TestPayloadsBufferImpl_Push: 4 below next 5 is refused (next 5, size 0); 5 is taken (next still 5, size 1)', () => {
    let buffer: PayloadBuffer = Driver.start(5).state.context.buffer;
    let r = pushed(buffer, 4);
    expect(r.ok).toBe(false);
    buffer = r.buffer;
    expect(buffer.next).toBe(5);
    expect(bufferSize(buffer)).toBe(0);
    r = pushed(buffer, 5);
    expect(r.ok).toBe(true);
    buffer = r.buffer;
    expect(buffer.next).toBe(5);
    expect(bufferSize(buffer)).toBe(1);
  });

  it('[DIS-FUNC-BUFFER-PUSH.1] [DIS-FUNC-COMMIT-IN-ORDER.1] TestPayloadsBufferImpl_Ready: not ready at next 1 until 1 is pushed; then Pop gives seq 1', () => {
    let buffer: PayloadBuffer = Driver.start(1).state.context.buffer;
    expect(buffer.next).toBe(1);
    expect(isReady(buffer)).toBe(false);
    buffer = pushed(buffer, 1).buffer;
    expect(isReady(buffer)).toBe(true);
    expect(readyRun(buffer)[0]!.seq).toBe(1);
    popOne(buffer, 1); // asserts the pop itself
    // The consumer (the dissemination reducer's commit) does the same: the block at the height is committed at once.
    const d = Driver.start(1);
    d.step(fromOrderer(1));
    expect(d.committed()).toEqual([1]);
    expect(d.state.context.buffer).toEqual({ next: 2, payloads: [] });
  });

  it('[DIS-FUNC-BUFFER-PUSH.1] TestPayloadsBufferImpl_ConcurrentPush: 10 pushes of the same payload at next 7: one is taken, ready once, size 1, and it cannot be pushed again', () => {
    const nextSeqNum = 7;
    const concurrency = 10;
    let buffer: PayloadBuffer = Driver.start(nextSeqNum).state.context.buffer;
    expect(buffer.next).toBe(nextSeqNum);
    let accepted = 0;
    let readySignals = 0;
    for (let i = 0; i < concurrency; i++) {
      const wasReady = isReady(buffer);
      const r = pushed(buffer, nextSeqNum);
      if (r.ok) accepted += 1;
      // Fabric signals Ready on the push that makes next present, and only if no signal is pending.
      if (!wasReady && isReady(r.buffer)) readySignals += 1;
      buffer = r.buffer;
    }
    expect(accepted).toBe(1);
    expect(readySignals).toBe(1);
    expect(bufferSize(buffer)).toBe(1);
    expect(pushed(buffer, nextSeqNum).ok).toBe(false);
    // Through the reducer: one fetched batch carrying the payload 10 times commits it once (Push's dedup alone).
    const d = Driver.start(nextSeqNum);
    d.step({ type: 'BLOCKS_FETCHED', nowMs: 0, fromPkiId: 'Org1MSP/peer1' as never, blocks: Array.from({ length: concurrency }, () => ({ seq: nextSeqNum as never, block: block(nextSeqNum) })) });
    expect(d.committed()).toEqual([nextSeqNum]);
    expect(d.state.context.buffer).toEqual({ next: nextSeqNum + 1, payloads: [] });
  });

  it('[DIS-FUNC-BUFFER-PUSH.1] [DIS-FUNC-COMMIT-IN-ORDER.1] TestPayloadsBufferImpl_Interleave: pushes and pops interleaved after Ready never leave a spurious Ready or a payload behind', () => {
    let buffer: PayloadBuffer = Driver.start(1).state.context.buffer;
    expect(buffer.next).toBe(1);
    // First two sequences arrive; the buffer is emptied without interleave.
    buffer = pushed(buffer, 1).buffer;
    buffer = pushed(buffer, 2).buffer;
    expect(isReady(buffer)).toBe(true);
    // The consumer empties the buffer.
    expect(readyRun(buffer).map((p) => p.seq)).toEqual([1, 2]);
    buffer = popReady(buffer);
    expect(buffer).toEqual({ next: 3, payloads: [] });
    // Not ready: no new sequence since.
    expect(isReady(buffer)).toBe(false);
    // Next sequences come while the consumer is emptying the buffer.
    buffer = pushed(buffer, 3).buffer;
    expect(isReady(buffer)).toBe(true);
    buffer = popOne(buffer, 3);
    // ... block 3 is processed; meanwhile 4 is pushed, and the consumer grabs it.
    buffer = pushed(buffer, 4).buffer;
    buffer = popOne(buffer, 4);
    // Meanwhile 5 is pushed; the consumer grabs it.
    buffer = pushed(buffer, 5).buffer;
    buffer = popOne(buffer, 5);
    // Nothing is ready (1), Pop gives nil, nothing is ready (2), Pop gives nil, nothing is ready (3).
    expect(isReady(buffer)).toBe(false);
    popNil(buffer);
    expect(isReady(buffer)).toBe(false);
    popNil(buffer);
    expect(isReady(buffer)).toBe(false);
    expect(buffer).toEqual({ next: 6, payloads: [] });
  });
});
