/**
 * Local safety predicates, keyed by requirement id; each returns a violation message or undefined.
 * State invariants look at one state; step invariants at one step (before, input, outputs, after).
 */
import { violations } from '../core/invariants';
import type { DisseminationCommand } from './inputs';
import type { BufferReportOutput, DisseminationOutput, DisseminationState, PulledTakenOutput, PushedBlockRejectedOutput, StoredOutput } from './step';

type StateCheck = (s: DisseminationState) => string | undefined;

export const disseminationStateInvariants: Readonly<Record<string, StateCheck>> = {
  /**
   * [DIS-SAFE-BUFFER-BOUNDED.1] buffered seqs are strictly increasing and lie in
   * (next, next + blockBufferSize), so at most blockBufferSize − 1 wait.
   */
  'DIS-SAFE-BUFFER-BOUNDED.1': (s) => {
    const { next, payloads } = s.context.buffer;
    const size = s.context.params.blockBufferSize;
    if (payloads.length > size) return `${payloads.length} payloads buffered, blockBufferSize ${size}`;
    for (let i = 0; i < payloads.length; i++) {
      const seq = (payloads[i] as { seq: number }).seq;
      if (seq <= next || seq >= next + size) return `buffered seq ${seq} outside (${next}, ${next + size})`;
      if (i > 0 && seq <= (payloads[i - 1] as { seq: number }).seq) return `buffered seqs not strictly increasing at ${seq}`;
    }
    return undefined;
  },
  /** [DIS-SAFE-BLOCK-WINDOW.1] no two stored seqs are further apart than maxBlockCountToStore. */
  'DIS-SAFE-BLOCK-WINDOW.1': (s) => {
    const { store, params } = s.context;
    if (store.length === 0) return undefined;
    const span = (store[store.length - 1] as number) - (store[0] as number);
    return span > params.maxBlockCountToStore ? `store spans ${span} seqs, window ${params.maxBlockCountToStore}` : undefined;
  },
  /** [DIS-SAFE-STORED-ENVELOPES.1] every stored seq has exactly one envelope, whose seqNum is that seq. */
  'DIS-SAFE-STORED-ENVELOPES.1': (s) => {
    const { store, blocks } = s.context;
    if (blocks.length !== store.length) return `${blocks.length} envelopes for ${store.length} stored seqs`;
    for (let i = 0; i < store.length; i++) {
      const b = blocks[i];
      if (b === undefined || b.seq !== store[i]) return `envelope list does not match stored seq ${String(store[i])}`;
      if (b.envelope.payload.content.dataMsg.payload.seqNum !== b.seq) return `stored seq ${b.seq} holds the envelope of block ${b.envelope.payload.content.dataMsg.payload.seqNum}`;
    }
    return undefined;
  },
};

export interface DisseminationStepRecord {
  readonly before: DisseminationState;
  readonly event: DisseminationCommand;
  readonly outputs: readonly (DisseminationOutput | StoredOutput | PulledTakenOutput | PushedBlockRejectedOutput | BufferReportOutput)[];
  readonly after: DisseminationState;
}
type StepCheck = (r: DisseminationStepRecord) => string | undefined;

export const disseminationStepInvariants: Readonly<Record<string, StepCheck>> = {
  /**
   * [DIS-SAFE-IN-ORDER-COMMIT.1] a step commits exactly before.next, before.next + 1, ...,
   * after.next − 1: chained over a run, the commits are height0, height0 + 1, ... without gap or repeat.
   */
  'DIS-SAFE-IN-ORDER-COMMIT.1': (r) => {
    const seqs = r.outputs.flatMap((o) => (o.kind === 'commit' ? [o.seq] : []));
    const from = r.before.context.buffer.next;
    const bad = seqs.findIndex((seq, i) => seq !== from + i);
    if (bad >= 0) return `committed ${seqs.join(',')} from height ${from}`;
    const to = r.after.context.buffer.next;
    return to === from + seqs.length ? undefined : `height moved ${from} -> ${to} with ${seqs.length} commits`;
  },
  /**
   * [DIS-SAFE-FORWARD-ONCE.2] a block is forwarded only on its acceptance into the store (not
   * stored before, stored after: expired blocks count as stored until purged), at most once per
   * step; the store then keeps it from being accepted again until it drops it.
   */
  'DIS-SAFE-FORWARD-ONCE.2': (r) => {
    const forwarded = r.outputs.flatMap((o) => (o.kind === 'forward' ? [o.envelope.payload.content.dataMsg.payload.seqNum] : []));
    if (forwarded.length > 1) return `${forwarded.length} forwards in one step`;
    const seq = forwarded[0];
    if (seq === undefined) return undefined;
    if (r.before.context.store.includes(seq)) return `forwarded block ${seq} that was already stored`;
    return r.after.context.store.includes(seq) ? undefined : `forwarded block ${seq} that the store did not accept`;
  },
};

/** Every violated invariant of one step, as `ID: message` (the after-state and the step itself). */
export function disseminationViolations(r: DisseminationStepRecord): string[] {
  return [...violations(disseminationStateInvariants, r.after), ...violations(disseminationStepInvariants, r)];
}
