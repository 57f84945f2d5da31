import { create, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { decodeWith } from '../../src/core';
import { type Content, Envelope, GossipMessage } from '../../src/messages';
import * as A from '../../src/messages/arbitraries';
import { GossipMessageSchema } from '../../src/messages/proto/schema';
import { decodeEnvelope, decodeGossipMessage, encodeEnvelope, encodeGossipMessage, gossipPb } from '../../src/wire';
import { prng, scramble } from './noncanonical';
import { isUnrepresentableAt, representable } from './representable';

const RUNS = { numRuns: 300 };

describe('[WIRE-FUNC-ROUND-TRIP.2] decode(encode(m)) = m', () => {
  it.each(A.CONTENT_CASES)('[WIRE-FUNC-ROUND-TRIP.2] every %s envelope, made representable, round-trips', (k) => {
    const content = A.contentArbitraries[k]() as fc.Arbitrary<Content>;
    const envelope = A.envelopeOf(A.gossipMessageOf(content)).map(representable);
    fc.assert(
      fc.property(envelope, (env) => {
        const bytes = encodeEnvelope(env as Envelope);
        if (!bytes.ok) throw new Error(bytes.error.message);
        const back = decodeEnvelope(bytes.value);
        if (!back.ok) throw new Error(back.error.message);
        expect(back.value).toStrictEqual(env);
        // What decoding gives is a value of the io-ts model, which is what the reducers take.
        expect(decodeWith(Envelope, back.value).ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('[WIRE-FUNC-ROUND-TRIP.2] a bare GossipMessage round-trips, 64-bit fields exactly', () => {
    fc.assert(
      fc.property(A.gossipMessage().map(representable), (m) => {
        const bytes = encodeGossipMessage(m);
        if (!bytes.ok) throw new Error(bytes.error.message);
        expect(decodeGossipMessage(bytes.value)).toStrictEqual({ ok: true, value: m });
      }),
      RUNS,
    );
  });

  it('[WIRE-FUNC-ROUND-TRIP.2] any generated envelope either round-trips or is refused at a field the wire cannot carry', () => {
    let refused = 0;
    fc.assert(
      fc.property(A.envelope(), (env) => {
        const bytes = encodeEnvelope(env);
        if (bytes.ok) {
          expect(decodeEnvelope(bytes.value)).toStrictEqual({ ok: true, value: env });
          return;
        }
        refused++;
        expect(bytes.error.reason).toBe('notRepresentable');
        expect(bytes.error.message.startsWith(`${bytes.error.path}: `)).toBe(true);
        expect(isUnrepresentableAt(env, bytes.error.path)).toBe(true);
      }),
      { numRuns: 500 },
    );
    // The arbitraries draw binary strings half the time: both branches must have been taken.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(500);
  });

  it('[WIRE-FUNC-ROUND-TRIP.2] a value outside the io-ts model is refused as invalid at its io-ts path', () => {
    fc.assert(
      fc.property(A.malformedEnvelope(), (bad) => {
        const r = encodeEnvelope(bad.value as Envelope);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.reason).toBe('invalid');
          expect(r.error.path).toBe(bad.path);
        }
      }),
      { numRuns: 200 },
    );
  });
});

it('[WIRE-FUNC-ROUND-TRIP.2] encoding never throws for generated messages, representable or not', () => {
  fc.assert(fc.property(A.gossipMessage(), (m) => void encodeGossipMessage(m as GossipMessage)), { numRuns: 300 });
});

it('[WIRE-FUNC-ROUND-TRIP.2] [WIRE-FUNC-RECEIVED-BYTES.1] an envelope received with payload bytes other than ours: encode(decode(b)) = b, and decoding that again gives the same value', () => {
  fc.assert(
    fc.property(A.gossipMessage().map(representable), fc.integer(), (m, seed) => {
      const own = encodeGossipMessage(m);
      if (!own.ok) throw new Error(own.error.message);
      const payload = scramble(own.value, GossipMessageSchema, prng(seed));
      const b = toBinary(gossipPb.EnvelopeSchema, create(gossipPb.EnvelopeSchema, { payload, signature: Uint8Array.of(1) }));
      const decoded = decodeEnvelope(b);
      if (!decoded.ok) throw new Error(decoded.error.message);
      const again = encodeEnvelope(decoded.value);
      expect(again.ok && Buffer.from(again.value).equals(Buffer.from(b))).toBe(true);
      expect(again.ok && decodeEnvelope(again.value)).toStrictEqual(decoded);
    }),
    { numRuns: 200 },
  );
});
