/**
 * The block store's TTL as Fabric's msgstore/msgs.go has it (expireMessages, Add, CheckValid, Get),
 * at exact times: the expiry check fires when the host says (the timer's event with its time).
 */
import { BLOCK_EXPIRATION_TIMER_EVENT, createDisseminationReducer, dataEnvelope, storedBlocks, storedSeqs, type DisseminationCommand, type DisseminationState } from '../../src/dissemination';
import { block, CHANNEL, ordererKey, pushed, suite, TEST_PARAMS } from './fixture';

const TTL = 1000;
const pulling = createDisseminationReducer({ crypto: suite, trustedOrderers: [ordererKey.identity], reportStored: true });
const at = (nowMs: number, e: DisseminationCommand): DisseminationCommand => ({ ...e, nowMs }) as DisseminationCommand;
const check = (nowMs: number): DisseminationCommand => ({ type: BLOCK_EXPIRATION_TIMER_EVENT, nowMs });

class Run {
  state: DisseminationState;
  constructor(params: Partial<typeof TEST_PARAMS> = {}) {
    [this.state] = pulling.init({ channel: CHANNEL, ledgerHeight: 1, params: { ...TEST_PARAMS, blockExpirationIntervalMs: TTL, ...params } });
  }
  step(e: DisseminationCommand): string[] {
    const [next, outs] = pulling.step(this.state, e);
    this.state = next;
    return outs.map((o) => (o.kind === 'stored' ? `stored +${o.added.join(',')} -${o.removed.join(',')}` : o.kind === 'pulledTaken' ? `pulledTaken ${o.seqs.join(',')}` : o.kind));
  }
}

describe('[DIS-FUNC-BLOCK-EXPIRATION.1] the block store expires after the TTL and purges after twice the TTL', () => {
  it('[DIS-FUNC-BLOCK-EXPIRATION.1] [DIS-SAFE-FORWARD-ONCE.2] expired at the first check where its age exceeds the TTL, refused until purged, accepted and forwarded again after', () => {
    const r = new Run();
    expect(r.step(at(500, pushed(1)))).toEqual(['forward', 'commit', 'stored +1 -']);
    // Age exactly the TTL: not expired yet (Fabric: time.Since(created) > msgTTL).
    expect(r.step(check(500 + TTL))).toEqual(['cancelTimer', 'setTimer']);
    expect(storedSeqs(r.state)).toEqual([1]);
    // One millisecond more: expired, and no longer offered (the pull engine hears it as removed).
    expect(r.step(check(501 + TTL))).toEqual(['cancelTimer', 'setTimer', 'stored + -1']);
    expect(storedSeqs(r.state)).toEqual([]);
    expect(storedBlocks(r.state)).toEqual([]);
    expect(r.state.context.store).toEqual([1]);
    // Received again while expired: the store still refuses it (no forward).
    expect(r.step(at(600 + TTL, pushed(1, 'Org1MSP/peer2')))).toEqual(['log']);
    // Age exactly twice the TTL: still held.
    expect(r.step(check(500 + 2 * TTL))).toEqual(['cancelTimer', 'setTimer']);
    expect(r.state.context.store).toEqual([1]);
    // Past twice the TTL: purged; nothing offered changes.
    expect(r.step(check(501 + 2 * TTL))).toEqual(['cancelTimer', 'setTimer']);
    expect(r.state.context.store).toEqual([]);
    // Now the same block is accepted and forwarded again (below the height: not committed twice).
    expect(r.step(at(600 + 2 * TTL, pushed(1, 'Org1MSP/peer2')))).toEqual(['forward', 'log', 'stored +1 -']);
    expect(storedSeqs(r.state)).toEqual([1]);
  });

  it('[DIS-FUNC-BLOCK-EXPIRATION.1] one pass never both expires and purges a block; each block ages from its own arrival', () => {
    const r = new Run();
    r.step(at(0, pushed(1)));
    r.step(at(800, pushed(2)));
    // First check long after: block 1 is past 2 × TTL but only expires in this pass; so does 2.
    expect(r.step(check(3 * TTL))).toEqual(['cancelTimer', 'setTimer', 'stored + -1,2']);
    expect(r.state.context.store).toEqual([1, 2]);
    r.step(at(3 * TTL, pushed(3)));
    // Next pass: both expired ones are old enough and go; 3 is young.
    r.step(check(3 * TTL + 10));
    expect(r.state.context.store).toEqual([3]);
    expect(storedSeqs(r.state)).toEqual([3]);
  });

  it('[DIS-FUNC-BLOCK-EXPIRATION.1] [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] an expired block in a pulled update is skipped and not reported as taken, the taken one is not forwarded ([DIS-FUNC-PULLED-NOT-FORWARDED.1]); an orderer block expires too', () => {
    const r = new Run();
    r.step(at(0, { type: 'BLOCK_FROM_ORDERER', nowMs: 0, seq: 1 as never, block: block(1) }));
    r.step(check(TTL + 1));
    expect(storedSeqs(r.state)).toEqual([]);
    const update: DisseminationCommand = { type: 'BLOCKS_PULLED', nowMs: TTL + 2, fromPkiId: 'Org1MSP/peer2' as never, nonce: 7n, envelopes: [dataEnvelope(CHANNEL, 1, block(1)), dataEnvelope(CHANNEL, 2, block(2))] };
    expect(r.step(update)).toEqual(['log', 'commit', 'stored +2 -', 'pulledTaken 2']);
    expect(r.state.context.store).toEqual([1, 2]);
  });

  it('[DIS-FUNC-BLOCK-EXPIRATION.1] [DIS-FUNC-STOP.1] the check is armed at start every TTL / 100 and cancelled by Stop', () => {
    const [s, outs] = pulling.init({ channel: CHANNEL, ledgerHeight: 1, params: { ...TEST_PARAMS, blockExpirationIntervalMs: TTL } });
    expect(outs).toEqual([{ kind: 'setTimer', timerId: BLOCK_EXPIRATION_TIMER_EVENT, delayMs: TTL / 100, event: { type: BLOCK_EXPIRATION_TIMER_EVENT } }]);
    const [, stopOuts] = pulling.step(s, { type: 'STOP' });
    expect(stopOuts).toEqual([{ kind: 'cancelTimer', timerId: BLOCK_EXPIRATION_TIMER_EVENT }]);
  });
});
