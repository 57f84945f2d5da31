/**
 * The emitter's invariants on forged states (each flags its case and passes the legal neighbours)
 * and its input codecs, including the flush timer event the chart arms.
 */
import { isRight } from 'fp-ts/Either';
import * as t from 'io-ts';
import { decodeWith } from '../../src/core';
import {
  DEFAULT_EMITTER_PARAMS,
  EmitterAdd,
  EmitterCommand,
  EmitterItem,
  EmitterParams,
  EmitterStop,
  emitterInvariants,
  emitterReducer,
  EmitterTimerEvent,
  FLUSH_TIMER_EVENT,
  type EmitterState,
} from '../../src/emitter';

const params = { ...DEFAULT_EMITTER_PARAMS, propagateIterations: 3 };
const [initial] = emitterReducer.init(params);
const forged = (value: string, owed: number[]): EmitterState =>
  ({ ...initial, value, context: { ...initial.context, buffer: owed.map((n, i) => ({ item: { message: i }, iterationsLeft: n })) } }) as EmitterState;
const violations = (s: EmitterState) =>
  Object.entries(emitterInvariants).flatMap(([id, check]) => {
    const v = check(s);
    return v === undefined ? [] : [`${id}: ${v}`];
  });

describe('emitter invariants', () => {
  it('[EMT-SAFE-BOUNDED-ITERATIONS.1] a buffered item owes between 1 and propagateIterations emissions', () => {
    expect(violations(forged('buffering', [1, 3]))).toEqual([]);
    expect(violations(forged('buffering', [2, 0]))).toEqual(['EMT-SAFE-BOUNDED-ITERATIONS.1: buffered item owes 0 emissions']);
    expect(violations(forged('buffering', [4]))).toEqual(['EMT-SAFE-BOUNDED-ITERATIONS.1: buffered item owes 4 emissions']);
  });

  it('[EMT-FUNC-IDLE-NO-TIMER.1] the buffer is empty exactly when not buffering (stopped aside)', () => {
    expect(violations(forged('idle', []))).toEqual([]);
    expect(violations(forged('stopped', [1]))).toEqual([]);
    expect(violations(forged('buffering', []))).toEqual(['EMT-FUNC-IDLE-NO-TIMER.1: state "buffering" with 0 buffered']);
    expect(violations(forged('idle', [1, 1]))).toEqual(['EMT-FUNC-IDLE-NO-TIMER.1: state "idle" with 2 buffered']);
  });
});

describe('emitter codecs', () => {
  it('[EMT-FUNC-ADD.1] an ADD carries an opaque message and an optional string PKI-ID to exclude; STOP has no fields', () => {
    expect(isRight(EmitterCommand.decode({ type: 'ADD', item: { message: { any: 'thing' } } }))).toBe(true);
    expect(isRight(EmitterCommand.decode({ type: 'ADD', item: { message: 1, excludePkiId: 'p1' } }))).toBe(true);
    expect(isRight(EmitterCommand.decode({ type: 'ADD', item: { message: 1, excludePkiId: 7 } }))).toBe(false);
    expect(isRight(EmitterCommand.decode({ type: 'ADD' }))).toBe(false);
    expect(isRight(EmitterCommand.decode({ type: 'ADD', item: {} }))).toBe(false);
    expect(isRight(EmitterCommand.decode({ type: 'ADD', item: { message: null } }))).toBe(true);
    expect(isRight(EmitterCommand.decode({ type: 'STOP' }))).toBe(true);
    expect(isRight(EmitterCommand.decode({ type: 'FLUSH' }))).toBe(false);
  });

  it('[EMT-FUNC-PERIODIC-FLUSH.1] the timer an ADD arms fires FLUSH_TIMER_EVENT, which the timer codec accepts (and nothing else)', () => {
    const [, outs] = emitterReducer.step(initial, { type: 'ADD', item: { message: 'm' } });
    const timers = outs.filter((o) => o.kind === 'setTimer');
    expect(timers).toHaveLength(1);
    expect(timers[0]).toMatchObject({ delayMs: DEFAULT_EMITTER_PARAMS.maxPropagationBurstLatencyMs, event: { type: FLUSH_TIMER_EVENT } });
    expect(isRight(EmitterTimerEvent.decode({ type: FLUSH_TIMER_EVENT }))).toBe(true);
    expect(isRight(EmitterTimerEvent.decode({ type: 'xstate.after.other' }))).toBe(false);
  });
});

describe('emitter codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [EMT-FUNC-ADD.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['EmitterParams', EmitterParams],
      ['EmitterAdd', EmitterAdd],
      ['EmitterStop', EmitterStop],
      ['EmitterCommand', EmitterCommand],
      ['EmitterTimerEvent', EmitterTimerEvent],
    ];
    for (const [name, codec] of named) {
      const r = decodeWith(codec, 5);
      expect(r.ok ? undefined : r.error).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
    }
    const item = decodeWith(EmitterItem, 5);
    expect(item.ok ? undefined : item.error.codec).toBe('EmitterItem');
  });
});

describe('emitter stop', () => {
  it('[EMT-FUNC-STOP.1] Stop is final: the chart is done, and a later ADD changes nothing', () => {
    const [stopped] = emitterReducer.step(initial, { type: 'STOP' });
    expect(stopped.status).toBe('done');
    const [after, outs] = emitterReducer.step(stopped, { type: 'ADD', item: { message: 'late' } });
    expect(after.context.buffer).toEqual([]);
    expect(outs).toEqual([]);
  });
});
