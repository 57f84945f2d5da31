/**
 * The compiled interpreter against xstate on the handshake chart. Events carry the reducer's
 * verdicts drawn at random (the chart never computes crypto), so every guard is exercised both ways.
 */
import fc from 'fast-check';
import { handshakeMachine } from '../../src/security';
import { runDifferential } from '../compiled/harness';

const conn = fc.record({
  pkiId: fc.constantFrom('', 'p0', 'p1'),
  identity: fc.constantFrom('', 'A\np0', 'B\np1'),
  tlsCertHash: fc.constantFrom('', 'h0'),
  probe: fc.boolean(),
});
const envelope = fc.oneof(
  conn.map((c) => ({ payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'conn', conn: c } }, signature: 's' })),
  fc.constant({ payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'empty', empty: {} } }, signature: 's' }),
);
const verdict = fc.option(fc.record({ identityValid: fc.boolean(), identityHashesToPkiId: fc.boolean(), signatureValid: fc.boolean(), sameOrgAsExpected: fc.boolean() }), { nil: undefined });
const start = fc.oneof(
  fc.record({ type: fc.constant('START' as const), role: fc.constant('acceptor' as const), tlsCertHashSeen: fc.constantFrom(undefined, '', 'h0') }),
  fc.record({ type: fc.constant('START' as const), role: fc.constant('dialer' as const), probe: fc.boolean(), expectedPkiId: fc.constantFrom(undefined, 'p0', 'p1'), tlsCertHashSeen: fc.constantFrom(undefined, 'h0') }),
).map((s) => ({ ...s, ownEnvelope: { payload: {}, signature: 'mine' } }));
const event = fc.oneof(
  { arbitrary: start, weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('CONN_ESTABLISH_RECEIVED' as const), envelope, verdict }), weight: 5 },
  { arbitrary: fc.constant({ type: 'MALFORMED_RECEIVED' as const, error: 'bad' }), weight: 1 },
  { arbitrary: fc.constant({ type: 'CLOSE' as const }), weight: 1 },
);

it('[SEC-FUNC-CHECK-ORDER.1] the compiled interpreter agrees with xstate on the handshake chart', () => {
  const input = fc.record({ connTimeoutMs: fc.integer({ min: 1, max: 50 }), tlsEnabled: fc.boolean() });
  runDifferential({ machine: handshakeMachine, input, event: event as fc.Arbitrary<never>, maxSteps: 8, numRuns: 300 });
});
