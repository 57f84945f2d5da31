/**
 * The handshake chart, one connection seen from one side: a start as dialer (probing or not,
 * expecting a PKI-ID or not) or acceptor, the remote's ConnEstablish (or another content) with the
 * reducer's crypto verdict drawn, so that every check of Fabric's order fails first somewhere, a
 * malformed first message, close, and the connTimeout timer. Built from the io-ts inputs
 * (src/security/inputs.ts) over small pools.
 */
import fc from 'fast-check';
import { handshakeMachine, type HandshakeParams } from '../../../src/security';
import { subject } from '../harness';

const conn = fc.record({
  pkiId: fc.constantFrom('', 'p0', 'p0', 'p0', 'p1', 'p1', 'p1'),
  identity: fc.constantFrom('', 'A\np0', 'A\np0', 'A\np0', 'B\np1', 'B\np1', 'B\np1'),
  tlsCertHash: fc.constantFrom('', 'h0', 'h0'),
  probe: fc.constantFrom(false, false, true),
});
const envelope = fc.oneof(
  { arbitrary: conn.map((c) => ({ payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'conn', conn: c } }, signature: 's' })), weight: 6 },
  { arbitrary: fc.constant({ payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'empty', empty: {} } }, signature: 's' }), weight: 1 },
);
const mostly = fc.constantFrom(true, true, true, true, true, false);
const verdict = fc.option(fc.record({ identityValid: mostly, identityHashesToPkiId: mostly, signatureValid: mostly, sameOrgAsExpected: fc.boolean() }), {
  nil: undefined,
  freq: 10,
});
const tlsHashes = { tlsCertHashSeen: fc.constantFrom(undefined, '', 'h0', 'h0', 'h0'), tlsCertHashOwn: fc.constantFrom(undefined, 'mine') };
const start = fc
  .oneof(
    fc.record({ type: fc.constant('START' as const), role: fc.constant('acceptor' as const), ...tlsHashes }, { requiredKeys: ['type', 'role'] }),
    fc.record(
      {
        type: fc.constant('START' as const),
        role: fc.constant('dialer' as const),
        probe: fc.boolean(),
        expectedPkiId: fc.constantFrom('p0', 'p1'),
        expectedIdentity: fc.constantFrom('A\np0', 'B\np1'),
        ...tlsHashes,
      },
      { requiredKeys: ['type', 'role', 'probe'] },
    ),
  )
  .map((s) => ({ ...s, ownEnvelope: { payload: {}, signature: 'mine' } }));
const event = fc.oneof(
  { arbitrary: start, weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('CONN_ESTABLISH_RECEIVED' as const), envelope, verdict }), weight: 5 },
  { arbitrary: fc.constant({ type: 'MALFORMED_RECEIVED' as const, error: 'bad' }), weight: 1 },
  { arbitrary: fc.constant({ type: 'CLOSE' as const }), weight: 1 },
);

export const handshakeSubject = subject<HandshakeParams, unknown>({
  machine: handshakeMachine,
  input: fc.record({ connTimeoutMs: fc.integer({ min: 1, max: 50 }), tlsEnabled: fc.boolean() }) as never,
  event,
  maxSteps: 8,
  numRuns: 1000,
  // connTimeout fires rarely, or few runs would get past the first ConnEstablish.
  timerShare: 1 / 8,
});
