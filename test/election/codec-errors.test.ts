/**
 * Decode failures of the election's codecs name the codec and the field ([MSG-FUNC-DECODE-ERROR.1]):
 * a host counts rejected inputs by these names, so a codec's name is part of its contract.
 */
import * as t from 'io-ts';
import { decodeRejection as rejection } from '../helpers/decode-rejection';
import {
  ElectionCommand,
  ElectionEvent,
  ElectionMode,
  ElectionParams,
  ElectionStart,
  ElectionTimerEvent,
  LeadershipReceived,
  StopCommand,
  ViewUpdated,
  YieldCommand,
} from '../../src/election';
import { FABRIC_TEST_PARAMS } from './driver';

describe('election codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [ELE-ASM-INPUTS.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['ElectionParams', ElectionParams],
      ['ElectionMode', ElectionMode],
      ['ViewUpdated', ViewUpdated],
      ['LeadershipReceived', LeadershipReceived],
      ['YieldCommand', YieldCommand],
      ['StopCommand', StopCommand],
      ['ElectionCommand', ElectionCommand],
      ['ElectionTimerEvent', ElectionTimerEvent],
    ];
    for (const [name, codec] of named) expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
    expect(rejection(ElectionStart, 5).codec).toBe('ElectionStart');
    // The event codec is a union of the commands and the timers: a non-object is named by the whole.
    expect(rejection(ElectionEvent, 5)).toMatchObject({ codec: 'ElectionEvent', message: '(root): expected ElectionEvent, got 5' });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [ELE-FUNC-MODE.1] a bad nested field of the start input is named with its own codec', () => {
    const start = { selfId: 'p1', params: FABRIC_TEST_PARAMS, mode: 'dynamic' };
    expect(rejection(ElectionStart, { ...start, params: 5 }).message).toBe('params: expected ElectionParams, got 5');
    expect(rejection(ElectionStart, { ...start, mode: 'both' }).message).toBe('mode: expected ElectionMode, got "both"');
  });
});
