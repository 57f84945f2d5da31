/**
 * Decode failures of state transfer's codecs name the codec and the field
 * ([MSG-FUNC-DECODE-ERROR.1]): a host counts rejected inputs by these names, so a codec's name is
 * part of its contract.
 */
import * as t from 'io-ts';
import { decodeWith } from '../../src/core';
import { decodeRejection as rejection } from '../helpers/decode-rejection';
import {
  AdvertisedHeight,
  BufferSize,
  HeightsAdvertised,
  LedgerHeight,
  LedgerRead,
  StateRequestReceived,
  StateResponseReceived,
  StateTransferCommand,
  StateTransferParams,
  StateTransferStart,
  StateTransferStop,
  StateTransferTimerEvent,
} from '../../src/statetransfer';
import { FABRIC_STATE_PARAMS } from './fixture';

describe('state transfer codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [STX-ASM-INPUTS.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['StateTransferParams', StateTransferParams],
      ['LedgerHeight', LedgerHeight],
      ['AdvertisedHeight', AdvertisedHeight],
      ['HeightsAdvertised', HeightsAdvertised],
      ['BufferSize', BufferSize],
      ['StateRequestReceived', StateRequestReceived],
      ['StateResponseReceived', StateResponseReceived],
      ['LedgerRead', LedgerRead],
      ['StateTransferStop', StateTransferStop],
      ['StateTransferCommand', StateTransferCommand],
      ['StateTransferTimerEvent', StateTransferTimerEvent],
      ['StateTransferStart', StateTransferStart],
    ];
    for (const [name, codec] of named) expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [STX-ASM-INPUTS.1] a bad advertised height or bad parameters are named with their own codec', () => {
    expect(rejection(HeightsAdvertised, { type: 'HEIGHTS_ADVERTISED', peers: [5] }).message).toBe('peers.0: expected AdvertisedHeight, got 5');
    const start = { selfId: 'p1', seed: 1, params: FABRIC_STATE_PARAMS, ledgerHeight: 1 };
    expect(decodeWith(StateTransferStart, start).ok).toBe(true);
    expect(rejection(StateTransferStart, { ...start, params: 5 }).message).toBe('params: expected StateTransferParams, got 5');
    expect(rejection(StateTransferStart, { ...start, params: { ...FABRIC_STATE_PARAMS, batchSize: 0 } }).path).toBe('params.batchSize');
  });
});
