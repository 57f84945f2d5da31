/**
 * Decode failures of dissemination's codecs name the codec and the field
 * ([MSG-FUNC-DECODE-ERROR.1]): a host counts rejected inputs by these names, so a codec's name is
 * part of its contract.
 */
import type * as t from 'io-ts';
import { decodeWith } from '../../src/core';
import {
  BlockFromOrderer,
  BlockReceived,
  BlocksFetched,
  BlocksPulled,
  DataEnvelope,
  DisseminationCommand,
  DisseminationParams,
  DisseminationStart,
  DisseminationStop,
  DisseminationTimerEvent,
  FetchedBlock,
} from '../../src/dissemination';
import { decodeRejection as rejection } from '../helpers/decode-rejection';
import { block, CHANNEL, TEST_PARAMS } from './fixture';

describe('dissemination codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [DIS-ASM-INPUTS.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['BlockFromOrderer', BlockFromOrderer],
      ['BlockReceived', BlockReceived],
      ['BlocksPulled', BlocksPulled],
      ['FetchedBlock', FetchedBlock],
      ['BlocksFetched', BlocksFetched],
      ['DisseminationStop', DisseminationStop],
      ['DisseminationTimerEvent', DisseminationTimerEvent],
      ['DisseminationCommand', DisseminationCommand],
      ['DisseminationStart', DisseminationStart],
      ['DisseminationParams', DisseminationParams],
      ['DataEnvelope', DataEnvelope],
    ];
    for (const [name, codec] of named) expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [DIS-ASM-INPUTS.1] a bad fetched block or bad parameters are named with their own codec', () => {
    const fetched = { type: 'BLOCKS_FETCHED', nowMs: 0, fromPkiId: 'p1', blocks: [{ seq: 1, block: block(1) }] };
    expect(decodeWith(BlocksFetched, fetched).ok).toBe(true);
    expect(rejection(BlocksFetched, { ...fetched, blocks: [5] }).message).toBe('blocks.0: expected FetchedBlock, got 5');
    const start = { channel: CHANNEL, ledgerHeight: 1, params: TEST_PARAMS };
    expect(decodeWith(DisseminationStart, start).ok).toBe(true);
    expect(rejection(DisseminationStart, { ...start, params: 5 }).message).toBe('params: expected DisseminationParams, got 5');
  });
});
