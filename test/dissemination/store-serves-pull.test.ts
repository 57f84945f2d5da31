/** The block store keeps envelopes for pull, reports its changes, and Fabric's block ingress filter. */
import { createDisseminationReducer, dataEnvelope, disseminationViolations, storedBlocks, storedSeqs, wantedByIngressFilter, type DisseminationCommand, type DisseminationState } from '../../src/dissemination';
import { block, CHANNEL, fromOrderer, ordererKey, pushed, suite, TEST_PARAMS } from './fixture';

const pulling = createDisseminationReducer({ crypto: suite, trustedOrderers: [ordererKey.identity], reportStored: true });

function run(events: readonly DisseminationCommand[], ledgerHeight = 1, maxBlockCountToStore = 10) {
  let [state] = pulling.init({ channel: CHANNEL, ledgerHeight, params: { ...TEST_PARAMS, maxBlockCountToStore } });
  const stored: { added: readonly number[]; removed: readonly number[] }[] = [];
  for (const event of events) {
    const [after, outs] = pulling.step(state, event);
    const violations = disseminationViolations({ before: state, event, outputs: outs.filter((o) => o.kind !== 'stored') as never, after });
    if (violations.length > 0) throw new Error(violations.join('; '));
    for (const o of outs) if (o.kind === 'stored') stored.push({ added: o.added, removed: o.removed });
    // `stored` comes last, after the step's other outputs.
    const at = outs.findIndex((o) => o.kind === 'stored');
    if (at >= 0) expect(at).toBe(outs.length - 1);
    state = after;
  }
  return { state: state as DisseminationState, stored };
}

describe('block store serves pull', () => {
  it('[DIS-FUNC-STORE-SERVES-PULL.1] [DIS-SAFE-STORED-ENVELOPES.1] an accepted pushed block is kept with the envelope it came in', () => {
    const env = dataEnvelope(CHANNEL, 1, block(1));
    const { state, stored } = run([pushed(1, 'Org1MSP/peer1', env)]);
    expect(storedSeqs(state)).toEqual([1]);
    expect(storedBlocks(state)).toEqual([{ seq: 1, envelope: env, addedAtMs: 0, expired: false }]);
    expect(stored).toEqual([{ added: [1], removed: [] }]);
  });

  it('[DIS-FUNC-STORE-SERVES-PULL.1] an orderer block is kept as the DataMessage the leader gossips', () => {
    const { state } = run([fromOrderer(1)]);
    expect(storedBlocks(state)).toEqual([{ seq: 1, envelope: dataEnvelope(CHANNEL, 1, block(1)), addedAtMs: 0, expired: false }]);
  });

  it('[DIS-FUNC-STORE-SERVES-PULL.1] [DIS-SAFE-STORED-ENVELOPES.1] eviction by the window drops the envelopes too and is reported', () => {
    const { state, stored } = run([pushed(1), pushed(2), pushed(3), pushed(6)], 1, 2);
    // Window 2: 6 invalidates 1, 2 and 3 (more than 2 below it).
    expect(storedSeqs(state)).toEqual([6]);
    expect(storedBlocks(state).map((b) => b.envelope.payload.content.dataMsg.payload.seqNum)).toEqual([6]);
    expect(stored).toEqual([
      { added: [1], removed: [] },
      { added: [2], removed: [] },
      { added: [3], removed: [] },
      { added: [6], removed: [1, 2, 3] },
    ]);
  });

  it('[DIS-FUNC-STORE-SERVES-PULL.1] a step that leaves the store as it was emits no stored output', () => {
    const { stored } = run([pushed(1), pushed(1)]);
    expect(stored).toEqual([{ added: [1], removed: [] }]);
  });

  it('[DIS-FUNC-STORE-SERVES-PULL.1] without reportStored the reducer emits no stored output', () => {
    const plain = createDisseminationReducer({ crypto: suite, trustedOrderers: [ordererKey.identity] });
    const [s] = plain.init({ channel: CHANNEL, ledgerHeight: 1, params: TEST_PARAMS });
    const [after, outs] = plain.step(s, pushed(1));
    expect(outs.map((o) => o.kind)).toEqual(['forward', 'commit']);
    expect(storedSeqs(after)).toEqual([1]);
  });

  it('[DIS-FUNC-PULL-INGRESS-FILTER.1] a digest entry is wanted iff its seq is at or above the ledger height', () => {
    const { state } = run([pushed(1), pushed(2)]);
    // Blocks 1 and 2 committed: the height is 3.
    expect(wantedByIngressFilter(state, 2)).toBe(false);
    expect(wantedByIngressFilter(state, 3)).toBe(true);
    expect(wantedByIngressFilter(state, 40)).toBe(true);
  });
});
