/** The timer events the chart arms are the ones the codec names (a host decodes fired timers with it). */
import { isRight } from 'fp-ts/Either';
import { pkiId } from '../../src/core';
import { CHECK_INTERVAL_EVENT, createStateTransferReducer, RESPONSE_TIMEOUT_EVENT, StateTransferTimerEvent } from '../../src/statetransfer';
import { FABRIC_STATE_PARAMS, verify } from './fixture';

describe('state transfer timers', () => {
  it('[STX-FUNC-ANTI-ENTROPY-ROUND.1] [STX-FUNC-RETRY.1] init arms checkInterval; a round arms responseTimeout; both decode as timer events', () => {
    const r = createStateTransferReducer({ verifyBlock: verify });
    const [s0, outs0] = r.init({ selfId: pkiId('me'), seed: 1, params: FABRIC_STATE_PARAMS, ledgerHeight: 1 });
    const armed0 = outs0.flatMap((o) => (o.kind === 'setTimer' ? [o] : []));
    expect(armed0.map((o) => [(o.event as { type: string }).type, o.delayMs])).toEqual([[CHECK_INTERVAL_EVENT, FABRIC_STATE_PARAMS.checkIntervalMs]]);
    const [s1] = r.step(s0, { type: 'HEIGHTS_ADVERTISED', peers: [{ pkiId: pkiId('a'), height: 5 }] });
    const [, outs2] = r.step(s1, { type: CHECK_INTERVAL_EVENT });
    const armed2 = outs2.flatMap((o) => (o.kind === 'setTimer' ? [(o.event as { type: string }).type] : []));
    expect(armed2).toEqual([RESPONSE_TIMEOUT_EVENT]);
    expect(outs2.filter((o) => o.kind === 'sendStateRequest')).toHaveLength(1);
    for (const type of [CHECK_INTERVAL_EVENT, RESPONSE_TIMEOUT_EVENT]) expect(isRight(StateTransferTimerEvent.decode({ type }))).toBe(true);
  });
});
