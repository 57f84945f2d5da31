/**
 * Fabric's payload buffer (gossip/state/payloads_buffer.go) and addPayload (state.go) as pure
 * functions over a value: `next` is the next seq to commit (the ledger height), `payloads` the
 * blocks waiting for their predecessors, sorted by seq, without duplicates.
 */
import type { Block } from '../messages';

export interface BufferedPayload {
  readonly seq: number;
  readonly block: Block;
}

export interface PayloadBuffer {
  readonly next: number;
  readonly payloads: readonly BufferedPayload[];
}

export type PushRejection = 'belowNext' | 'duplicate';
export type NonBlockingRejection = PushRejection | 'beyondBufferWindow';

/** [DIS-FUNC-BUFFER-PUSH.1] Push rejects a seq below next and a seq already buffered. */
export function pushRejection(buffer: PayloadBuffer, seq: number): PushRejection | undefined {
  if (seq < buffer.next) return 'belowNext';
  return buffer.payloads.some((p) => p.seq === seq) ? 'duplicate' : undefined;
}

/**
 * [DIS-FUNC-BUFFER-NONBLOCKING.1] A gossiped block more than blockBufferSize − 1 ahead of the
 * height is refused (Fabric's unsigned `seq − height >= blockBufferSize`, which also refuses
 * seq < height; we report that case as belowNext).
 */
export function nonBlockingRejection(buffer: PayloadBuffer, blockBufferSize: number, seq: number): NonBlockingRejection | undefined {
  const pushed = pushRejection(buffer, seq);
  if (pushed !== undefined) return pushed;
  return seq - buffer.next >= blockBufferSize ? 'beyondBufferWindow' : undefined;
}

/** Insert keeping seq order; the caller has checked pushRejection. */
export function push(buffer: PayloadBuffer, payload: BufferedPayload): PayloadBuffer {
  const payloads = [...buffer.payloads, payload].sort((a, b) => a.seq - b.seq);
  return { next: buffer.next, payloads };
}

/** [DIS-FUNC-COMMIT-IN-ORDER.1] The consecutive run starting at next (what deliverPayloads pops). */
export function readyRun(buffer: PayloadBuffer): readonly BufferedPayload[] {
  const run: BufferedPayload[] = [];
  for (const p of buffer.payloads) {
    if (p.seq !== buffer.next + run.length) break;
    run.push(p);
  }
  return run;
}

/** Pop the ready run: next advances past it. */
export function popReady(buffer: PayloadBuffer): PayloadBuffer {
  const run = readyRun(buffer);
  return { next: buffer.next + run.length, payloads: buffer.payloads.slice(run.length) };
}

/** Fabric's payloads.Size(): how many blocks wait in the buffer. */
export const bufferSize = (buffer: PayloadBuffer): number => buffer.payloads.length;

/**
 * [DIS-FUNC-FETCHED-BLOCKS.1] Fabric's blocking add waits while `payloads.Size() >
 * StateBlockBufferSize*2`; a pure reducer cannot wait, so a batch arriving then is refused whole,
 * unless it holds the block at the height: taking that one commits, which is what frees the buffer
 * (in Fabric the commit goroutine drains it meanwhile; here nothing else would).
 */
export function mustRefuseFetched(buffer: PayloadBuffer, blockBufferSize: number, seqs: readonly number[]): boolean {
  return bufferSize(buffer) > 2 * blockBufferSize && !seqs.includes(buffer.next);
}

/** [DIS-FUNC-FETCHED-BLOCKS.1] Push every block Push accepts (not below next, not buffered), whatever its distance from next. */
export function pushAll(buffer: PayloadBuffer, payloads: readonly BufferedPayload[]): PayloadBuffer {
  let b = buffer;
  for (const p of payloads) if (pushRejection(b, p.seq) === undefined) b = push(b, p);
  return b;
}
