/**
 * [WIRE-SAFE-DECODE-TOTAL.1] The wire decoder against mutated valid encodings: 100,000 inputs in
 * all, each decoding to a model value or to a typed error, never a throw and never an `internal`
 * error. A decoded value must also be a value of the io-ts model, re-encode, and decode again to
 * itself (decoding yields only what encoding can reproduce). fast-check draws a fresh seed each
 * run and prints it on failure; the corpus itself is drawn once with a fixed seed.
 */
import fc from 'fast-check';
import type * as t from 'io-ts';
import { decodeWith } from '../../src/core';
import { Block, Envelope, GossipMessage } from '../../src/messages';
import * as A from '../../src/messages/arbitraries';
import {
  decodeBlock, decodeEnvelope, decodeGossipMessage, encodeBlock, encodeEnvelope, encodeGossipMessage,
  type WireResult,
} from '../../src/wire';
import { representable } from './representable';

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

const position = fc.nat({ max: 1 << 16 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, byte: fc.oneof(fc.constantFrom(0x00, 0x7f, 0x80, 0xff), fc.nat({ max: 255 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 12 }) }),
);

function mutate(bytes: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = Array.from(bytes);
  for (const m of ms) {
    const i = b.length === 0 ? 0 : m.at % b.length;
    switch (m.kind) {
      case 'flip': if (b.length > 0) b[i] = (b[i] ?? 0) ^ (1 << m.bit); break;
      case 'set': if (b.length > 0) b[i] = m.byte; break;
      case 'truncate': b = b.slice(0, i); break;
      case 'insert': b.splice(i, 0, ...m.bytes); break;
      case 'delete': b.splice(i, m.length); break;
      case 'duplicate': b.splice(i, 0, ...b.slice(i, i + m.length)); break;
    }
  }
  return Uint8Array.from(b);
}

/** A corpus of valid encodings, every content case among them, drawn once with a fixed seed. */
function corpus<T>(arb: fc.Arbitrary<T>, encode: (v: T) => WireResult<Uint8Array>, size: number): Uint8Array[] {
  return fc.sample(arb.map(representable), { numRuns: size, seed: 20240610 }).map((v) => {
    const r = encode(v);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
}

/** The deep checks (io-ts, re-encoding, decoding again) cost more than decoding: run them on one decoded value in DEEP_EVERY. */
const DEEP_EVERY = 8;
let decodedCount = 0;

/** Plain throws rather than expect(): a hundred thousand expect calls would dominate the run time. */
function checkTotal<A>(input: Uint8Array, decode: (b: Uint8Array) => WireResult<A>, encode: (a: A) => WireResult<Uint8Array>, codec: t.Mixed): void {
  const r = decode(input);
  if (!r.ok) {
    const e = r.error;
    if (e.kind !== 'wireError' || e.reason === 'internal' || !e.message.startsWith(`${e.path || '(root)'}: `)) throw new Error(`bad error: ${JSON.stringify(e)}`);
    return;
  }
  if (decodedCount++ % DEEP_EVERY !== 0) return;
  if (!decodeWith(codec, r.value).ok) throw new Error('decoded a value outside the io-ts model');
  const again = encode(r.value);
  if (!again.ok) throw new Error(`decoded but not re-encodable: ${again.error.message}`);
  expect(decode(again.value)).toStrictEqual(r);
}

describe('[WIRE-SAFE-DECODE-TOTAL.1] decoding is total on mutated valid encodings', () => {
  const envelopes = corpus(A.envelope(), encodeEnvelope, 300);
  const messages = corpus(A.gossipMessage(), encodeGossipMessage, 150);
  const blocks = corpus(A.block(), encodeBlock, 50);

  it('[WIRE-SAFE-DECODE-TOTAL.1] 70,000 mutated envelopes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...envelopes), fc.array(mutation, { minLength: 1, maxLength: 4 }), (b, ms) =>
        checkTotal(mutate(b, ms), decodeEnvelope, encodeEnvelope, Envelope)),
      { numRuns: 70_000 },
    );
  });

  it('[WIRE-SAFE-DECODE-TOTAL.1] 20,000 mutated gossip messages', () => {
    fc.assert(
      fc.property(fc.constantFrom(...messages), fc.array(mutation, { minLength: 1, maxLength: 4 }), (b, ms) =>
        checkTotal(mutate(b, ms), decodeGossipMessage, encodeGossipMessage, GossipMessage)),
      { numRuns: 20_000 },
    );
  });

  it('[WIRE-SAFE-DECODE-TOTAL.1] 10,000 mutated blocks and 1,000 random byte strings', () => {
    fc.assert(
      fc.property(fc.constantFrom(...blocks), fc.array(mutation, { minLength: 1, maxLength: 4 }), (b, ms) =>
        checkTotal(mutate(b, ms), decodeBlock, encodeBlock, Block)),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => checkTotal(b, decodeEnvelope, encodeEnvelope, Envelope)),
      { numRuns: 1_000 },
    );
  });
});
