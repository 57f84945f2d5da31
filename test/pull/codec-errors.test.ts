/**
 * Decode failures of the pull engine's codecs name the codec and the field
 * ([MSG-FUNC-DECODE-ERROR.1]): a host counts rejected inputs by these names.
 */
import * as t from 'io-ts';
import { decodeRejection as rejection } from '../helpers/decode-rejection';
import {
  DigestReceived,
  HelloReceived,
  ItemsAdded,
  ItemsRemoved,
  PeersUpdated,
  PullCommand,
  PullParams,
  PullStart,
  PullStop,
  PullTimerEvent,
  RequestReceived,
  UpdateReceived,
} from '../../src/pull';
import { FABRIC_TEST_PARAMS } from './harness';

describe('pull codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [PUL-ASM-INPUTS.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['PullParams', PullParams],
      ['ItemsAdded', ItemsAdded],
      ['ItemsRemoved', ItemsRemoved],
      ['PeersUpdated', PeersUpdated],
      ['HelloReceived', HelloReceived],
      ['DigestReceived', DigestReceived],
      ['RequestReceived', RequestReceived],
      ['UpdateReceived', UpdateReceived],
      ['PullStop', PullStop],
      ['PullCommand', PullCommand],
      ['PullTimerEvent', PullTimerEvent],
      ['PullStart', PullStart],
    ];
    for (const [name, codec] of named) expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [PUL-ASM-INPUTS.1] a bad id list or bad parameters are named with their own codec', () => {
    expect(rejection(ItemsAdded, { type: 'ITEMS_ADDED', ids: 5 }).message).toBe('ids: expected ItemIds, got 5');
    expect(rejection(PullStart, { selfId: 'p1', seed: 1, params: 5 }).message).toBe('params: expected PullParams, got 5');
    expect(rejection(PullStart, { selfId: 'p1', seed: 1, params: { ...FABRIC_TEST_PARAMS, pullPeerNum: 0 } }).path).toBe('params.pullPeerNum');
  });
});
