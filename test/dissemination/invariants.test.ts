/**
 * Dissemination's invariants (src/dissemination/invariants.ts) on forged states and steps: each
 * check flags what it names, with its message, and passes its legal neighbour. States come from
 * the real reducer (blocks pushed out of order, so some wait in the buffer); a forged one changes
 * only what the check reads.
 */
import { violations } from '../../src/core/invariants';
import {
  dataEnvelope,
  disseminationStateInvariants,
  disseminationViolations,
  type CommitOutput,
  type DisseminationCommand,
  type DisseminationOutput,
  type DisseminationState,
  type ForwardOutput,
} from '../../src/dissemination';
import { block, CHANNEL, Driver, pushed } from './fixture';

/** At height 1, blocks 3 and 5 pushed: both stored, both waiting in the buffer for 1 and 2. */
function buffered(): DisseminationState {
  const d = Driver.start(1);
  d.step(pushed(3));
  d.step(pushed(5));
  return d.state;
}

type Context = DisseminationState['context'];
const withContext = (s: DisseminationState, c: Partial<Context>): DisseminationState => ({ ...s, context: { ...s.context, ...c } });
const withBuffer = (s: DisseminationState, next: number, seqs: readonly number[], blockBufferSize = s.context.params.blockBufferSize): DisseminationState => {
  const template = s.context.buffer.payloads[0];
  if (template === undefined) throw new Error('the fixture buffers a payload');
  return withContext(s, {
    buffer: { next, payloads: seqs.map((seq) => ({ ...template, seq })) },
    params: { ...s.context.params, blockBufferSize },
  });
};
const stateOnly = (s: DisseminationState): string[] => violations(disseminationStateInvariants, s);
const stepOf = (before: DisseminationState, outputs: readonly DisseminationOutput[], after: DisseminationState, event: DisseminationCommand = pushed(1)): string[] =>
  disseminationViolations({ before, event, outputs, after });
const commit = (seq: number): CommitOutput => ({ kind: 'commit', seq, block: block(seq) });
const forward = (seq: number): ForwardOutput => ({ kind: 'forward', envelope: dataEnvelope(CHANNEL, seq, block(seq)), excludePkiId: 'Org1MSP/peer1' });

describe('[DIS-SAFE-BUFFER-BOUNDED.1] the buffer', () => {
  const s = buffered();

  it('[DIS-SAFE-BUFFER-BOUNDED.1] a real buffer passes: 3 and 5 wait at height 1', () => {
    expect(s.context.buffer.next).toBe(1);
    expect(s.context.buffer.payloads.map((p) => p.seq)).toEqual([3, 5]);
    expect(stateOnly(s)).toEqual([]);
  });

  it('[DIS-SAFE-BUFFER-BOUNDED.1] more payloads than blockBufferSize are flagged by count', () => {
    expect(stateOnly(withBuffer(s, 1, [2, 3, 4], 2))).toEqual(['DIS-SAFE-BUFFER-BOUNDED.1: 3 payloads buffered, blockBufferSize 2']);
    // As many as blockBufferSize: within the count, so it is the window that flags the last one.
    expect(stateOnly(withBuffer(s, 1, [2, 3], 2))).toEqual(['DIS-SAFE-BUFFER-BOUNDED.1: buffered seq 3 outside (1, 3)']);
  });

  it('[DIS-SAFE-BUFFER-BOUNDED.1] a seq at or below next, or at or past next + blockBufferSize, is flagged; the ends of the open window pass', () => {
    expect(stateOnly(withBuffer(s, 4, [4]))).toEqual(['DIS-SAFE-BUFFER-BOUNDED.1: buffered seq 4 outside (4, 24)']);
    expect(stateOnly(withBuffer(s, 4, [3]))).toEqual(['DIS-SAFE-BUFFER-BOUNDED.1: buffered seq 3 outside (4, 24)']);
    expect(stateOnly(withBuffer(s, 4, [24]))).toEqual(['DIS-SAFE-BUFFER-BOUNDED.1: buffered seq 24 outside (4, 24)']);
    expect(stateOnly(withBuffer(s, 4, [25]))).toEqual(['DIS-SAFE-BUFFER-BOUNDED.1: buffered seq 25 outside (4, 24)']);
    expect(stateOnly(withBuffer(s, 4, [5, 23]))).toEqual([]);
  });

  it('[DIS-SAFE-BUFFER-BOUNDED.1] seqs must strictly increase: a repeat or a step back is flagged', () => {
    expect(stateOnly(withBuffer(s, 1, [3, 3]))).toEqual(['DIS-SAFE-BUFFER-BOUNDED.1: buffered seqs not strictly increasing at 3']);
    expect(stateOnly(withBuffer(s, 1, [5, 3]))).toEqual(['DIS-SAFE-BUFFER-BOUNDED.1: buffered seqs not strictly increasing at 3']);
    expect(stateOnly(withBuffer(s, 1, [3, 4]))).toEqual([]);
  });
});

describe('[DIS-SAFE-BLOCK-WINDOW.1] [DIS-SAFE-STORED-ENVELOPES.1] the block store', () => {
  const s = buffered();
  const entry = (seq: number, envelopeSeq = seq) => ({ seq, envelope: dataEnvelope(CHANNEL, envelopeSeq, block(envelopeSeq)) });
  const withStore = (seqs: readonly number[], blocks = seqs.map((q) => entry(q))): DisseminationState =>
    withContext(s, { store: seqs, blocks: blocks as unknown as Context['blocks'] });

  it('[DIS-SAFE-BLOCK-WINDOW.1] stored seqs may span maxBlockCountToStore (10) and no more; an empty store passes', () => {
    expect(s.context.store).toEqual([3, 5]);
    expect(stateOnly(withStore([]))).toEqual([]);
    expect(stateOnly(withStore([1, 11]))).toEqual([]);
    expect(stateOnly(withStore([1, 12]))).toEqual(['DIS-SAFE-BLOCK-WINDOW.1: store spans 11 seqs, window 10']);
  });

  it('[DIS-SAFE-STORED-ENVELOPES.1] one envelope per stored seq, in the same order, each holding its own block', () => {
    expect(stateOnly(withStore([3, 5]))).toEqual([]);
    expect(stateOnly(withStore([3, 5], [entry(3)]))).toEqual(['DIS-SAFE-STORED-ENVELOPES.1: 1 envelopes for 2 stored seqs']);
    expect(stateOnly(withStore([3, 5], [entry(5), entry(3)]))).toEqual(['DIS-SAFE-STORED-ENVELOPES.1: envelope list does not match stored seq 3']);
    expect(stateOnly(withStore([3, 5], [entry(3), entry(5, 4)]))).toEqual(['DIS-SAFE-STORED-ENVELOPES.1: stored seq 5 holds the envelope of block 4']);
  });
});

describe('[DIS-SAFE-IN-ORDER-COMMIT.1] [DIS-SAFE-FORWARD-ONCE.2] steps', () => {
  const before = buffered();
  /** The after-state a step would leave: height `next` (the buffer keeps what is above it), `store` held. */
  const after = (next: number, store = before.context.store): DisseminationState =>
    withContext(before, {
      buffer: { next, payloads: before.context.buffer.payloads.filter((p) => p.seq > next) },
      store,
      blocks: store.map((seq) => ({ seq, envelope: dataEnvelope(CHANNEL, seq, block(seq)) })) as unknown as Context['blocks'],
    });

  it('[DIS-SAFE-IN-ORDER-COMMIT.1] a real step commits 1, then the waiting 2 and 3 are not there yet: 1 alone, height 1 -> 2', () => {
    const d = new Driver(before);
    const outs = d.step(pushed(1));
    expect(outs.filter((o) => o.kind === 'commit').map((o) => (o as CommitOutput).seq)).toEqual([1]);
    expect(stepOf(before, outs, d.state)).toEqual([]);
  });

  it('[DIS-SAFE-IN-ORDER-COMMIT.1] commits must start at the height and go up by one; the height must move by their number', () => {
    expect(stepOf(before, [commit(2)], after(2))).toEqual(['DIS-SAFE-IN-ORDER-COMMIT.1: committed 2 from height 1']);
    expect(stepOf(before, [commit(1), commit(3)], after(3))).toEqual(['DIS-SAFE-IN-ORDER-COMMIT.1: committed 1,3 from height 1']);
    expect(stepOf(before, [commit(1)], after(3))).toEqual(['DIS-SAFE-IN-ORDER-COMMIT.1: height moved 1 -> 3 with 1 commits']);
    expect(stepOf(before, [], after(2))).toEqual(['DIS-SAFE-IN-ORDER-COMMIT.1: height moved 1 -> 2 with 0 commits']);
    expect(stepOf(before, [commit(1), commit(2)], after(3))).toEqual([]);
  });

  it('[DIS-SAFE-FORWARD-ONCE.2] a forward is of a block newly accepted into the store, at most one per step', () => {
    expect(stepOf(before, [forward(7)], after(1, [3, 5, 7]))).toEqual([]);
    expect(stepOf(before, [forward(7), forward(8)], after(1, [3, 5, 7, 8]))).toEqual(['DIS-SAFE-FORWARD-ONCE.2: 2 forwards in one step']);
    expect(stepOf(before, [forward(3)], after(1))).toEqual(['DIS-SAFE-FORWARD-ONCE.2: forwarded block 3 that was already stored']);
    expect(stepOf(before, [forward(7)], after(1))).toEqual(['DIS-SAFE-FORWARD-ONCE.2: forwarded block 7 that the store did not accept']);
  });

  it('[DIS-SAFE-IN-ORDER-COMMIT.1] [DIS-SAFE-BUFFER-BOUNDED.1] a step is checked against both its after-state and itself', () => {
    const broken = withBuffer(after(2), 2, [2]);
    expect(stepOf(before, [commit(1), forward(3)], broken)).toEqual([
      'DIS-SAFE-BUFFER-BOUNDED.1: buffered seq 2 outside (2, 22)',
      'DIS-SAFE-FORWARD-ONCE.2: forwarded block 3 that was already stored',
    ]);
  });
});
