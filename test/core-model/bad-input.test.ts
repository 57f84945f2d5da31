/**
 * [GEN-FUNC-BAD-INPUT.1] at the peer's edge: admitEnvelope decodes and tag-checks every inbound
 * payload and turns a failure into a typed rejection naming the field path; `countRejection` counts it by
 * reason and emits only a log and a metric.
 */
import fc from 'fast-check';
import type { Effect } from '../../src/core';
import { countRejection, type Acc } from '../../src/peer/acc';
import { admitEnvelope } from '../../src/peer/inbound';
import type { PeerState } from '../../src/peer/state';

/** A well-formed alive message envelope (tag EMPTY is the legal one for aliveMsg). */
function aliveEnvelope(overrides: { tag?: unknown; incNum?: unknown } = {}) {
  return {
    payload: {
      nonce: 7n,
      channel: '',
      tag: overrides.tag ?? 'EMPTY',
      content: {
        $case: 'aliveMsg',
        aliveMsg: { membership: { endpoint: 'p0:7051', metadata: '', pkiId: 'p0' }, timestamp: { incNum: overrides.incNum ?? 5n, seqNum: 1n } },
      },
    },
    signature: 'sig',
  };
}

describe('[GEN-FUNC-BAD-INPUT.1] bad input is rejected at the edge, counted, and changes nothing else', () => {
  it('[GEN-FUNC-BAD-INPUT.1] a well-formed envelope with its legal tag is admitted as decoded', () => {
    const admitted = admitEnvelope(aliveEnvelope());
    expect(admitted.ok).toBe(true);
    if (admitted.ok) expect(admitted.envelope.payload.content).toMatchObject({ $case: 'aliveMsg', aliveMsg: { timestamp: { incNum: 5n, seqNum: 1n } } });
  });

  it('[GEN-FUNC-BAD-INPUT.1] garbage is a typed decodeError naming the codec and the path of the bad field', () => {
    const cases: [unknown, string][] = [
      [null, ''],
      ['text', ''],
      [{ ...aliveEnvelope(), signature: 42 }, 'signature'],
      [aliveEnvelope({ incNum: -1n }), 'payload.content.aliveMsg.timestamp.incNum'],
      [aliveEnvelope({ incNum: 'soon' }), 'payload.content.aliveMsg.timestamp.incNum'],
    ];
    for (const [payload, path] of cases) {
      const admitted = admitEnvelope(payload);
      expect(admitted.ok ? undefined : admitted.rejection).toMatchObject({ kind: 'decodeError', codec: 'Envelope', path });
    }
  });

  it('[GEN-FUNC-BAD-INPUT.1] any value that is not an envelope is rejected, never thrown on', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }), (garbage) => {
        const admitted = admitEnvelope(garbage);
        expect(admitted.ok ? 'admitted' : admitted.rejection.kind).toBe('decodeError');
      }),
      { numRuns: 300 },
    );
  });

  it('[GEN-FUNC-BAD-INPUT.1] an illegal tag is rejected as illegalTag at path payload.tag', () => {
    for (const tag of ['UNDEFINED', 'CHAN_AND_ORG', 'ORG_ONLY']) {
      const admitted = admitEnvelope(aliveEnvelope({ tag }));
      expect(admitted.ok ? undefined : admitted.rejection).toMatchObject({ kind: 'illegalTag', path: 'payload.tag' });
    }
  });

  it('[GEN-FUNC-BAD-INPUT.1] a rejection is counted by reason; the only effects are a log and a metric, and no other state changes', () => {
    const untouched = { membership: { marker: 'membership' }, channels: { marker: 'channels' } };
    const state = { ...untouched, rejected: { 'message.decodeError': 2 } } as unknown as PeerState;
    const acc: Acc = { env: undefined as never, nowMs: 10, state, effects: [] };
    countRejection(acc, 'message.decodeError', 'payload: expected Envelope');
    countRejection(acc, 'message.illegalTag', 'payload.tag: aliveMsg must be tagged EMPTY');
    expect(acc.state.rejected).toEqual({ 'message.decodeError': 3, 'message.illegalTag': 1 });
    const { rejected: _counted, ...rest } = acc.state as unknown as Record<string, unknown>;
    expect(rest).toEqual(untouched);
    expect(rest['membership']).toBe((state as unknown as Record<string, unknown>)['membership']);
    expect(state.rejected).toEqual({ 'message.decodeError': 2 });
    expect(acc.effects.map((e: Effect) => e.kind)).toEqual(['log', 'metric', 'log', 'metric']);
  });
});
