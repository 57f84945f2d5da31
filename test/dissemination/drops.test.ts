/**
 * Every way the intake drops (or does not buffer) a pushed block, in Fabric's order, with the log
 * line it leaves: its level, its message (what, which block, from whom, on which channel) and its
 * fields (the rule, the block, the sender, the height, and VerifyBlock's own detail when it was
 * VerifyBlock that refused). A host reports these lines; an operator reads them.
 */
import { channelId } from '../../src/core';
import { dataEnvelope, type DisseminationOutput } from '../../src/dissemination';
import { block, CHANNEL, Driver, forgeBlock, pushed } from './fixture';

const FROM = 'Org1MSP/peer1';
const logsOf = (outs: readonly DisseminationOutput[]) => outs.filter((o) => o.kind === 'log');
const line = (level: string, what: string, seq: number, rule: string, height: number, detail = what) => ({
  kind: 'log',
  level,
  message: `${what}: block ${seq} from ${FROM} on channel ${CHANNEL}`,
  fields: { rule, seq, from: FROM, height, detail },
});

describe('[DIS-FUNC-CHART-CHECKS.1] what a dropped pushed block leaves behind', () => {
  it('[DIS-FUNC-CHANNEL.1] a message of another channel: a warning, nothing stored', () => {
    const other = channelId('B');
    const d = Driver.start(1);
    const outs = d.step(pushed(1, FROM, dataEnvelope(other, 1, block(1, other))));
    expect(outs).toEqual([line('warn', 'message of another channel', 1, 'DIS-FUNC-CHANNEL.1', 1)]);
    expect(d.state.context.store).toEqual([]);
  });

  it('[DIS-FUNC-STORE-WINDOW.1] a block already stored: a debug line', () => {
    const d = Driver.start(1);
    d.step(pushed(3));
    expect(d.step(pushed(3))).toEqual([line('debug', 'already stored or too old for the block store', 3, 'DIS-FUNC-STORE-WINDOW.1', 1)]);
  });

  it('[DIS-FUNC-VERIFY-SEQ.1] [DIS-FUNC-VERIFY-CHANNEL.1] [DIS-FUNC-VERIFY-DATA-HASH.1] [DIS-FUNC-VERIFY-SIGNATURE.1] VerifyBlock\'s refusals: a warning each, its detail in the fields', () => {
    const other = channelId('B');
    const cases: [string, ReturnType<typeof dataEnvelope>, string, string][] = [
      ['seq does not match the header', dataEnvelope(CHANNEL, 2, block(1)), 'DIS-FUNC-VERIFY-SEQ.1', 'claimed seq 2 but header number is 1'],
      ['block of another channel', dataEnvelope(CHANNEL, 1, block(1, other)), 'DIS-FUNC-VERIFY-CHANNEL.1', `block of channel ${other}, expected ${CHANNEL}`],
      ['data hash mismatch', dataEnvelope(CHANNEL, 1, { ...block(1), data: ['tampered'] }), 'DIS-FUNC-VERIFY-DATA-HASH.1', 'data hash of block 1 does not match its header'],
      // Signed by a peer of the org, not by the trusted orderer.
      ['no valid orderer signature', dataEnvelope(CHANNEL, 1, forgeBlock(CHANNEL, 1, 'prev-0')), 'DIS-FUNC-VERIFY-SIGNATURE.1', 'no trusted orderer signature verifies over the header of block 1'],
    ];
    for (const [what, env, rule, detail] of cases) {
      const d = Driver.start(1);
      const outs = d.step(pushed(env.payload.content.dataMsg.payload.seqNum, FROM, env));
      expect(outs).toEqual([line('warn', what, env.payload.content.dataMsg.payload.seqNum, rule, 1, detail)]);
      expect(d.state.context.store).toEqual([]);
    }
  });

  it('[DIS-FUNC-BUFFER-NONBLOCKING.1] a verified block too far ahead of the height is stored and forwarded but not buffered: an info line', () => {
    const d = Driver.start(1);
    const outs = d.step(pushed(21));
    expect(outs.map((o) => o.kind)).toEqual(['forward', 'log']);
    expect(logsOf(outs)).toEqual([line('info', 'too far ahead of the ledger height to buffer', 21, 'DIS-FUNC-BUFFER-NONBLOCKING.1', 1)]);
    expect(d.state.context.buffer.payloads).toEqual([]);
  });

  it('[DIS-FUNC-BUFFER-PUSH.1] a verified block below the height (already committed) is stored but not buffered: a debug line', () => {
    const d = Driver.start(5);
    const outs = d.step(pushed(2));
    expect(outs.map((o) => o.kind)).toEqual(['forward', 'log']);
    expect(logsOf(outs)).toEqual([line('debug', 'already committed or buffered', 2, 'DIS-FUNC-BUFFER-PUSH.1', 5)]);
  });
});
