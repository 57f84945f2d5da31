/**
 * The dissemination chart carries the admission decisions ([DIS-FUNC-CHART-CHECKS.1]): a pushed
 * block is admitted (`intake.ready`) and then offered to the payload buffer (`intake.offering`);
 * an orderer block and a pulled update are accepted or rejected by guarded transitions; the
 * reducer only adds VerifyBlock's verdicts, computed where the chart would look at them.
 */
import { pkiId, type CryptoSuite } from '../../src/core';
import { createDisseminationReducer, dataEnvelope, disseminationMachine, type DisseminationCommand } from '../../src/dissemination';
import { block, CHANNEL, forgeBlock, ordererKey, pushed, suite, TEST_PARAMS } from './fixture';

function counting(): CryptoSuite & { verifies: number } {
  const c = {
    ...suite,
    verifies: 0,
    verify(identity: string, payload: string, signature: string) {
      c.verifies++;
      return suite.verify(identity, payload, signature);
    },
  };
  return c;
}

const pulled = (seqs: readonly number[], forgedAt?: number): DisseminationCommand => ({
  type: 'BLOCKS_PULLED',
  nowMs: 0,
  fromPkiId: pkiId('Org1MSP/peer2'),
  nonce: 7n,
  envelopes: seqs.map((seq) => dataEnvelope(CHANNEL, seq, seq === forgedAt ? forgeBlock(CHANNEL, seq, `prev-${seq - 1}`) : block(seq))),
});

describe('[DIS-FUNC-CHART-CHECKS.1] the dissemination chart decides; the reducer adds VerifyBlock', () => {
  it('[DIS-FUNC-CHART-CHECKS.1] a pushed block is admitted, then offered to the buffer: two stages of the intake region', () => {
    const intake = disseminationMachine.root.states['active']?.states['intake'];
    expect(Object.keys(intake?.states ?? {})).toEqual(['ready', 'offering']);
    const ready = intake?.states['ready'];
    expect((ready?.transitions.get('BLOCK_RECEIVED') ?? []).map((t) => t.guard)).toEqual([
      'isForOtherChannel',
      'isRejectedByStore',
      'failsVerifySeq',
      'failsVerifyChannel',
      'failsVerifyDataHash',
      'lacksOrdererSignature',
      'isVerifiedPulledBlock',
      'isVerified',
      undefined,
    ]);
    expect((intake?.states['offering']?.always ?? []).map((t) => t.guard)).toEqual(['isBeyondBufferWindow', 'isStaleOrBuffered', undefined]);
    expect(disseminationMachine.root.description).toContain('Decided outside this chart');
  });

  it('[DIS-FUNC-CHART-CHECKS.1] a block the store refuses costs no VerifyBlock; a pulled update is verified up to its first bad block', () => {
    const crypto = counting();
    const r = createDisseminationReducer({ crypto, trustedOrderers: [ordererKey.identity], reportStored: true });
    let [s] = r.init({ channel: CHANNEL, ledgerHeight: 1, params: TEST_PARAMS });
    [s] = r.step(s, pushed(1));
    const once = crypto.verifies;
    expect(once).toBeGreaterThan(0);
    [s] = r.step(s, pushed(1));
    expect(crypto.verifies).toBe(once);
    // Blocks 2, 3 (forged: its signer is no trusted orderer, so no signature is checked) and 4:
    // 2 is verified, 3 fails, 4 is never looked at, and nothing is taken.
    const [after, outs] = r.step(s, pulled([2, 3, 4], 3));
    expect(crypto.verifies).toBe(2 * once);
    expect(after).toBe(s);
    expect(outs).toEqual([{ kind: 'updateRejected', fromPkiId: 'Org1MSP/peer2', seq: 3, detail: expect.any(String) }]);
  });

  it('[DIS-FUNC-PULLED-UPDATE-ATOMIC.1] [DIS-FUNC-PULLED-NOT-FORWARDED.1] [DIS-FUNC-COMMIT-IN-ORDER.1] a taken update goes block by block through admission and the buffer, in order, and nothing of it is forwarded', () => {
    const r = createDisseminationReducer({ crypto: suite, trustedOrderers: [ordererKey.identity], reportStored: true });
    const [s0] = r.init({ channel: CHANNEL, ledgerHeight: 1, params: TEST_PARAMS });
    // 2 is taken first (buffered above the height), then 1 (which commits 1 and 2); the second 1
    // is a duplicate the store refuses. Fabric DeMultiplexes pulled blocks and never forwards them.
    const [after, outs] = r.step(s0, pulled([2, 1, 1]));
    expect(outs.map((o) => (o.kind === 'commit' ? `commit:${o.seq}` : o.kind))).toEqual(['commit:1', 'commit:2', 'log', 'stored', 'pulledTaken']);
    expect(after.context.store).toEqual([1, 2]);
    // The same block pushed afterwards is a duplicate for the store: still not forwarded.
    expect(r.step(after, pushed(1))[1].filter((o) => o.kind === 'forward')).toEqual([]);
    // A pushed block the store takes is forwarded, once, excluding its sender.
    const fwd = r.step(after, pushed(3))[1].filter((o) => o.kind === 'forward');
    expect(fwd.map((o) => (o.kind === 'forward' ? o.envelope.payload.content.dataMsg.payload.seqNum : -1))).toEqual([3]);
  });

  it('[DIS-FUNC-STOP.1] [DIS-FUNC-ORDERER-BLOCK-VERIFIED.1] after Stop, a forged orderer block or a bad pulled update is not reported either', () => {
    const r = createDisseminationReducer({ crypto: suite, trustedOrderers: [ordererKey.identity], reportStored: true });
    const [s0] = r.init({ channel: CHANNEL, ledgerHeight: 1, params: TEST_PARAMS });
    const forged: DisseminationCommand = { type: 'BLOCK_FROM_ORDERER', nowMs: 0, seq: 1 as never, block: forgeBlock(CHANNEL, 1, 'prev-0') };
    expect(r.step(s0, forged)[1].map((o) => o.kind)).toEqual(['ordererBlockRejected']);
    const [stopped] = r.step(s0, { type: 'STOP' });
    expect(r.step(stopped, forged)[1]).toEqual([]);
    expect(r.step(stopped, pulled([1], 1))[1]).toEqual([]);
  });
});
