/**
 * Blocks fetched by state transfer (BLOCKS_FETCHED): Fabric's blocking add into the payload buffer,
 * committed in order with pushed and orderer blocks, never stored or forwarded; the refusal that
 * stands for Fabric's wait above 2 × blockBufferSize; and the opt-in `bufferSize` output.
 */
import fc from 'fast-check';
import { pkiId } from '../../src/core';
import {
  createDisseminationReducer,
  DisseminationCommand,
  disseminationHeight,
  disseminationStateInvariants,
  disseminationViolations,
  storedSeqs,
  type DisseminationFetchingReducer,
  type DisseminationPullingFetchingReducer,
  type DisseminationPullingReducer,
  type DisseminationReducer,
  type DisseminationState,
} from '../../src/dissemination';
import { isRight } from 'fp-ts/Either';
import { block, CHANNEL, ordererKey, pushed, suite, TEST_PARAMS, fromOrderer } from './fixture';

const FROM = pkiId('Org1MSP/peer2');
const env = { crypto: suite, trustedOrderers: [ordererKey.identity] };
const plain: DisseminationReducer = createDisseminationReducer(env);
const pulling: DisseminationPullingReducer = createDisseminationReducer({ ...env, reportStored: true });
const fetching: DisseminationFetchingReducer = createDisseminationReducer({ ...env, reportBufferSize: true });
const both: DisseminationPullingFetchingReducer = createDisseminationReducer({ ...env, reportStored: true, reportBufferSize: true });

// Compile-time: `reportStored` alone keeps today's output type; only the opt-in ones can carry bufferSize.
type KindsOf<R extends { step: (...a: never[]) => readonly [unknown, readonly { kind: string }[]] }> = ReturnType<R['step']>[1][number]['kind'];
const pullingHasNoBufferSize: 'bufferSize' extends KindsOf<DisseminationPullingReducer> ? false : true = true;
const plainHasNoFetchedRefused: 'fetchedRefused' extends KindsOf<DisseminationReducer> ? false : true = true;
const fetchingHasBufferSize: 'bufferSize' extends KindsOf<DisseminationFetchingReducer> ? true : false = true;

const fetched = (seqs: readonly number[], from = FROM): DisseminationCommand =>
  ({ type: 'BLOCKS_FETCHED', nowMs: 0, fromPkiId: from, blocks: seqs.map((seq) => ({ seq: seq as never, block: block(seq) })) });
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

type AnyReducer = DisseminationPullingFetchingReducer;
type Out = ReturnType<AnyReducer['step']>[1][number];

/** Steps a reducer, checking every dissemination invariant after every step, and keeps the outputs. */
function run(r: AnyReducer, events: readonly DisseminationCommand[], ledgerHeight = 1, params = {}): { state: DisseminationState; steps: Out[][] } {
  let [state] = r.init({ channel: CHANNEL, ledgerHeight, params: { ...TEST_PARAMS, ...params } });
  const steps: Out[][] = [];
  for (const event of events) {
    const [after, outs] = r.step(state, event);
    const violations = disseminationViolations({ before: state, event, outputs: outs, after });
    if (violations.length > 0) throw new Error(`on ${event.type}: ${violations.join('; ')}`);
    state = after;
    steps.push([...outs]);
  }
  return { state, steps };
}

const commits = (steps: readonly (readonly Out[])[]): number[] => steps.flat().flatMap((o) => (o.kind === 'commit' ? [o.seq] : []));

describe('[DIS-FUNC-FETCHED-BLOCKS.1] [DIS-ASM-FETCHED-BLOCKS.1] fetched blocks enter the payload buffer', () => {
  it('[DIS-FUNC-FETCHED-BLOCKS.1] the command decodes, and a malformed one does not', () => {
    expect(isRight(DisseminationCommand.decode(fetched([1, 2])))).toBe(true);
    expect(isRight(DisseminationCommand.decode({ ...fetched([1]), blocks: [{ seq: -1, block: block(1) }] }))).toBe(false);
    expect(isRight(DisseminationCommand.decode({ ...fetched([1]), fromPkiId: 3 }))).toBe(false);
  });

  it('[DIS-FUNC-FETCHED-BLOCKS.1] [DIS-FUNC-COMMIT-IN-ORDER.1] in-order commit across fetched and pushed blocks: pushed 5..8 wait for fetched 1..4, then all commit in order', () => {
    const { state, steps } = run(both, [pushed(6), pushed(5), pushed(8), pushed(7), fetched(range(1, 4)), pushed(9), fetched(range(8, 12)), fromOrderer(13)]);
    expect(commits(steps)).toEqual(range(1, 13));
    expect(commits([steps[4] ?? []])).toEqual(range(1, 8));
    expect(commits([steps[6] ?? []])).toEqual(range(10, 12));
    expect(disseminationHeight(state)).toBe(14);
  });

  it('[DIS-FUNC-FETCHED-BLOCKS.1] [DIS-SAFE-IN-ORDER-COMMIT.1] no duplicate commit: a fetched batch again, one overlapping the height, a pushed or orderer block already committed', () => {
    const { steps } = run(both, [fetched(range(1, 5)), fetched(range(1, 5)), fetched(range(3, 8)), pushed(8), pushed(9), fetched([9, 10]), fromOrderer(10), fromOrderer(11)]);
    expect(commits(steps)).toEqual(range(1, 11));
    expect(commits([steps[1] ?? []])).toEqual([]);
    expect(commits([steps[2] ?? []])).toEqual([6, 7, 8]);
  });

  it('[DIS-FUNC-FETCHED-BLOCKS.1] fetched blocks are neither stored nor forwarded nor gossiped, and not verified again', () => {
    const { state, steps } = run(both, [pushed(3), fetched(range(1, 4))]);
    expect(storedSeqs(state)).toEqual([3]);
    const kinds = steps[1]?.map((o) => o.kind);
    expect(kinds).toEqual(['commit', 'commit', 'commit', 'commit', 'bufferSize']);
    // A forged block in a batch is committed as handed: verification is state transfer's ([DIS-ASM-FETCHED-BLOCKS.1]).
    const forged = { ...block(1), metadata: { signatures: [] } };
    const [s0] = plain.init({ channel: CHANNEL, ledgerHeight: 1, params: TEST_PARAMS });
    const [, outs] = plain.step(s0, { type: 'BLOCKS_FETCHED', nowMs: 0, fromPkiId: FROM, blocks: [{ seq: 1 as never, block: forged }] });
    expect(outs).toEqual([{ kind: 'commit', seq: 1, block: forged }]);
  });

  it('[DIS-FUNC-FETCHED-BLOCKS.1] the blocking refusal: above 2 × blockBufferSize blocks a batch without the height is refused whole, changing nothing; at the limit it is taken; a batch with the height is always taken', () => {
    const params = { ...TEST_PARAMS, blockBufferSize: 2 }; // limit 4
    const [s0] = fetching.init({ channel: CHANNEL, ledgerHeight: 1, params });
    // Breaking [DIS-ASM-FETCHED-BLOCKS.1] (a batch above a gap) is the only way to fill the buffer past the window.
    const [s1, o1] = fetching.step(s0, fetched(range(3, 6)));
    expect(o1).toEqual([{ kind: 'bufferSize', size: 4 }]);
    expect(disseminationStateInvariants['DIS-SAFE-BUFFER-BOUNDED.1']?.(s1)).toContain('4 payloads buffered');
    // Exactly 2 × blockBufferSize: Fabric waits only while Size() > 2 × blockBufferSize.
    const [s2, o2] = fetching.step(s1, fetched([7]));
    expect(o2).toEqual([{ kind: 'bufferSize', size: 5 }]);
    // Above it: refused whole, the state is the same value, the caller hears why.
    const [s3, o3] = fetching.step(s2, fetched([8, 9]));
    expect(s3).toBe(s2);
    expect(o3.filter((o) => o.kind !== 'log')).toEqual([{ kind: 'fetchedRefused', fromPkiId: FROM, seqs: [8, 9], bufferSize: 5, limit: 4 }]);
    expect(o3.flatMap((o) => (o.kind === 'log' ? [o.fields['rule']] : []))).toEqual(['DIS-FUNC-FETCHED-BLOCKS.1']);
    // Without the opt-in the refusal is a log line only.
    const [p1] = plain.step(plain.init({ channel: CHANNEL, ledgerHeight: 1, params })[0], fetched(range(3, 7)));
    const [p2, po] = plain.step(p1, fetched([8]));
    expect(p2).toBe(p1);
    expect(po.map((o) => o.kind)).toEqual(['log']);
    // The batch with the height is taken over the limit: it commits, which drains the buffer.
    const [s4, o4] = fetching.step(s3, fetched([1, 2]));
    expect(o4).toEqual([...range(1, 7).map((seq) => ({ kind: 'commit', seq, block: block(seq) })), { kind: 'bufferSize', size: 0 }]);
    expect(disseminationHeight(s4)).toBe(8);
    // Offered again once the buffer has room, the refused batch commits.
    const [, o5] = fetching.step(s4, fetched([8, 9]));
    expect(o5.map((o) => (o.kind === 'commit' ? o.seq : o.kind))).toEqual([8, 9]);
  });

  it('[DIS-FUNC-FETCHED-BLOCKS.1] [DIS-SAFE-IN-ORDER-COMMIT.1] [DIS-SAFE-BUFFER-BOUNDED.1] any interleaving of pushed blocks and fetched batches (consecutive, from at most the height, possibly stale): invariants hold after every step, every block commits once, in order', () => {
    const N = 40;
    const action = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), seq: fc.integer({ min: 1, max: N }) }),
      fc.record({ kind: fc.constant('fetch' as const), back: fc.nat(5), length: fc.integer({ min: 1, max: 11 }) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let [state] = both.init({ channel: CHANNEL, ledgerHeight: 1, params: TEST_PARAMS });
        const committed: number[] = [];
        const events: DisseminationCommand[] = [];
        const stepOnce = (event: DisseminationCommand): void => {
          const [after, outs] = both.step(state, event);
          expect(disseminationViolations({ before: state, event, outputs: outs, after })).toEqual([]);
          committed.push(...outs.flatMap((o) => (o.kind === 'commit' ? [o.seq] : [])));
          expect(outs.some((o) => o.kind === 'fetchedRefused')).toBe(false);
          state = after;
          events.push(event);
        };
        for (const a of actions) {
          if (a.kind === 'push') stepOnce(pushed(a.seq));
          else {
            const start = Math.max(1, disseminationHeight(state) - a.back);
            if (start <= N) stepOnce(fetched(range(start, Math.min(N, start + a.length - 1))));
          }
        }
        // State transfer finishes the job: one more batch from the height to N.
        if (disseminationHeight(state) <= N) stepOnce(fetched(range(disseminationHeight(state), N)));
        expect(committed).toEqual(range(1, N));
      }),
      { numRuns: 200 },
    );
  });
});

describe('[DIS-FUNC-BUFFER-SIZE.1] the payload buffer size output is opt-in', () => {
  const events = [pushed(3), pushed(2), pushed(4), fetched([1]), fetched([5]), pushed(7), fetched([6]), pushed(9), fromOrderer(8), { type: 'STOP' } as const, pushed(10)];

  it('[DIS-FUNC-BUFFER-SIZE.1] with reportBufferSize: one bufferSize, last, exactly on the steps that change the size, with the new size', () => {
    const { steps } = run(both, events);
    const sizes = steps.map((outs) => outs.filter((o) => o.kind === 'bufferSize'));
    expect(sizes.map((s) => (s[0]?.kind === 'bufferSize' ? s[0].size : null))).toEqual([1, 2, 3, 0, null, 1, 0, 1, 0, null, null]);
    for (const outs of steps) {
      const at = outs.findIndex((o) => o.kind === 'bufferSize');
      if (at >= 0) expect(at).toBe(outs.length - 1);
      expect(outs.filter((o) => o.kind === 'bufferSize').length).toBeLessThanOrEqual(1);
    }
  });

  it('[DIS-FUNC-BUFFER-SIZE.1] without it (plain, or reportStored alone) no bufferSize or fetchedRefused output, and the other outputs are the same', () => {
    const strip = (steps: readonly (readonly Out[])[]) => steps.map((outs) => outs.filter((o) => o.kind !== 'bufferSize' && o.kind !== 'fetchedRefused'));
    const withBoth = run(both, events).steps;
    const withStored = run(pulling as AnyReducer, events).steps;
    const withFetching = run(fetching as AnyReducer, events).steps;
    const withNothing = run(plain as AnyReducer, events).steps;
    for (const steps of [withStored, withNothing]) expect(steps.flat().some((o) => o.kind === 'bufferSize' || o.kind === 'fetchedRefused')).toBe(false);
    expect(withStored).toEqual(strip(withBoth));
    expect(withNothing).toEqual(strip(withFetching));
    expect(withFetching.flat().some((o) => o.kind === 'stored' || o.kind === 'pulledTaken')).toBe(false);
    expect([pullingHasNoBufferSize, plainHasNoFetchedRefused, fetchingHasBufferSize]).toEqual([true, true, true]);
  });
});
