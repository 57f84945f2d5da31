/**
 * Random runs of one handshake: START, then any mix of honest, forged, garbled and undecodable
 * first messages, timer firings (armed or stale), repeated STARTs and CLOSE. After every step no
 * invariant is violated, nothing throws, every refusal carries a typed reason, and an authenticated
 * PKI-ID is always the PKI-ID of a trusted key that signed exactly the payload received.
 * @fast-check/jest prints the seed and the shrunk counterexample on failure.
 */
import { fc, test } from '@fast-check/jest';
import { decodeWith, type SigningKey } from '../../src/core';
import { Envelope, signMessage } from '../../src/messages';
import { envelope as anyEnvelope, malformedEnvelope } from '../../src/messages/arbitraries';
import {
  CONN_TIMEOUT_EVENT,
  createHandshakeReducer,
  handshakeViolations,
  HandshakeRefusalReason,
  type HandshakeCommand,
  type HandshakeTimerEvent,
} from '../../src/security';
import { createWorld, SUITE_KINDS, type World } from './handshake-fixture';

type Event = HandshakeCommand | HandshakeTimerEvent;
const HASHES = ['', 'h0'];

/** A ConnEstablish claiming to be peer `claimed`, signed by key `signer`, optionally changed after signing. */
const forgery = fc.record({
  kind: fc.constant('conn' as const),
  claimed: fc.nat(3),
  // -1: the claimed peer signs its own message; weighted so that honest messages are common.
  signer: fc.oneof({ arbitrary: fc.constant(-1), weight: 3 }, { arbitrary: fc.nat(3), weight: 1 }),
  tls: fc.constantFrom(...HASHES),
  probe: fc.boolean(),
  blankPkiId: fc.constantFrom(false, false, false, true),
  afterSigning: fc.constantFrom('none', 'none', 'none', 'none', 'signature', 'pkiId', 'probe', 'tls', 'identity'),
});
const raw = fc.record({ kind: fc.constant('raw' as const), value: fc.oneof(anyEnvelope(), malformedEnvelope().map((m) => m.value), fc.anything()) });
const op = fc.oneof(
  { arbitrary: forgery, weight: 6 },
  { arbitrary: raw, weight: 2 },
  { arbitrary: fc.constantFrom({ kind: 'timer' as const }, { kind: 'close' as const }, { kind: 'restart' as const }), weight: 1 },
);
const start = fc.record({
  role: fc.constantFrom('dialer' as const, 'acceptor' as const),
  probe: fc.boolean(),
  expected: fc.integer({ min: -1, max: 3 }),
  seen: fc.option(fc.constantFrom(...HASHES), { nil: undefined }),
});
const params = fc.record({ connTimeoutMs: fc.integer({ min: 1, max: 5000 }), tlsEnabled: fc.boolean() });

/** The event for one op, and the key that signed exactly the payload it carries (if any). */
type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Op = Of<typeof op>;

function eventOf(w: World, pool: readonly SigningKey[], o: Op): { event: Event; signer?: SigningKey } {
  if (o.kind === 'timer') return { event: { type: CONN_TIMEOUT_EVENT } };
  if (o.kind === 'close') return { event: { type: 'CLOSE' } };
  if (o.kind === 'restart') return { event: { type: 'START', role: 'acceptor' } };
  if (o.kind === 'raw') {
    const decoded = decodeWith(Envelope, o.value);
    return { event: decoded.ok ? { type: 'CONN_ESTABLISH_RECEIVED', envelope: decoded.value } : { type: 'MALFORMED_RECEIVED', error: decoded.error.message } };
  }
  const claimed = pool[o.claimed] as SigningKey;
  const signer = (o.signer < 0 ? claimed : pool[o.signer]) as SigningKey;
  const conn = { pkiId: o.blankPkiId ? '' : w.crypto.pkiIdOf(claimed.identity), identity: claimed.identity, tlsCertHash: o.tls, probe: o.probe };
  const env = signMessage(w.crypto, signer, { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'conn', conn } });
  const changed: Record<string, object> = {
    signature: { signature: `${env.signature.slice(1)}0` },
    pkiId: { payload: { ...env.payload, content: { $case: 'conn', conn: { ...conn, pkiId: w.crypto.pkiIdOf((pool[(o.claimed + 1) % 4] as SigningKey).identity) } } } },
    probe: { payload: { ...env.payload, content: { $case: 'conn', conn: { ...conn, probe: !o.probe } } } },
    tls: { payload: { ...env.payload, content: { $case: 'conn', conn: { ...conn, tlsCertHash: `${o.tls}x` } } } },
    identity: { payload: { ...env.payload, content: { $case: 'conn', conn: { ...conn, identity: (pool[(o.claimed + 1) % 4] as SigningKey).identity } } } },
  };
  const mutation = changed[o.afterSigning];
  return mutation === undefined ? { event: { type: 'CONN_ESTABLISH_RECEIVED', envelope: env }, signer } : { event: { type: 'CONN_ESTABLISH_RECEIVED', envelope: { ...env, ...mutation } as Envelope } };
}

for (const kind of SUITE_KINDS) {
  const w = createWorld(kind);
  const me = w.key('A', 'me');
  // Two peers of org A, one of org B, one key no trust root issued.
  const pool: readonly SigningKey[] = [w.key('A', 'p0'), w.key('A', 'p1'), w.key('B', 'p2'), w.untrustedKey('evil')];
  const reducer = createHandshakeReducer({ crypto: w.crypto, key: me });

  type Run = [Of<typeof params>, Of<typeof start>, Op[]];
  /** One handshake; checks every step and returns every output. */
  function run([p, s, ops]: Run) {
    const expected = pool[s.expected];
    const startEv: Event = s.role === 'acceptor'
      ? { type: 'START', role: 'acceptor', tlsCertHashSeen: s.seen, tlsCertHashOwn: 'mine' }
      : { type: 'START', role: 'dialer', probe: s.probe, tlsCertHashSeen: s.seen, expectedPkiId: expected && w.crypto.pkiIdOf(expected.identity), expectedIdentity: expected?.identity };
    const steps = [{ event: startEv, signer: undefined as SigningKey | undefined }, ...ops.map((o) => eventOf(w, pool, o))];
    let [state] = reducer.init(p);
    const all = [];
    for (const { event, signer } of steps) {
      const [after, outputs] = reducer.step(state, event);
      expect(handshakeViolations(w.crypto, { before: state, event, outputs, after })).toEqual([]);
      for (const o of outputs) {
        if (o.kind === 'refused') expect(HandshakeRefusalReason.is(o.reason)).toBe(true);
        if (o.kind !== 'authenticated') continue;
        expect(signer !== undefined && w.crypto.validateIdentity(signer.identity)).toBe(true);
        expect(o.pkiId).toBe(signer && w.crypto.pkiIdOf(signer.identity));
      }
      all.push(...outputs);
      state = after;
    }
    return all;
  }
  const runs = fc.tuple(params, start, fc.array(op, { maxLength: 8 }));

  test.prop([runs], { numRuns: kind === 'ecdsa' ? 60 : 300 })(
    `[SEC-SAFE-AUTHENTICATED-SIGNER.1] [SEC-SAFE-ONE-OUTCOME.1] ${kind}: random and forged handshakes never throw, never authenticate an unsigned PKI-ID, and refuse with typed reasons`,
    (r) => void run(r as Run),
  );

  it(`[SEC-SAFE-AUTHENTICATED-SIGNER.1] ${kind}: the generator reaches authentication and the main refusals`, () => {
    const outs = fc.sample(runs, { numRuns: 150, seed: 42 }).flatMap((r) => run(r as Run));
    const reasons = new Set(outs.flatMap((o) => (o.kind === 'refused' ? [o.reason] : [])));
    expect(outs.some((o) => o.kind === 'authenticated' && o.register)).toBe(true);
    for (const r of ['signature invalid', 'identity invalid', 'malformed message', 'wrong type', 'authentication failure'] as const) expect([r, reasons.has(r)]).toEqual([r, true]);
  });
}
