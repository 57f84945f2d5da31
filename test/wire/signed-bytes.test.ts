/**
 * The bytes a signature covers (src/messages/proto, which may not use the wire codec) are the wire
 * codec's own encoding: the same bytes for every value, and no wire form for the same values.
 * [MSG-FUNC-SIGNED-BYTES.1] [WIRE-FUNC-DETERMINISTIC-ENCODING.1]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { marshalBlock, marshalGossipMessage, marshalSecret, payloadBytesSay, type Envelope } from '../../src/messages';
import * as A from '../../src/messages/arbitraries';
import { canonicalize } from '../../src/messages/proto/tree';
import * as S from '../../src/messages/proto/schema';
import { decodeEnvelope, decodeGossipMessage, decodeWire, encodeBlock, encodeEnvelope, encodeGossipMessage, gossipPb as pb } from '../../src/wire';
import { fromHex, toHex } from './hex';
import { representable } from './representable';

const hexOf = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : toHex(b));

describe('[MSG-FUNC-SIGNED-BYTES.1] signed bytes = the wire encoding', () => {
  it('[MSG-FUNC-SIGNED-BYTES.1] [WIRE-FUNC-DETERMINISTIC-ENCODING.1] every generated message: the same bytes, or no wire form in both', () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(A.gossipMessage(), A.gossipMessage().map(representable)), (m) => {
        const wire = encodeGossipMessage(m);
        const own = marshalGossipMessage(m);
        if (!wire.ok) refused++;
        expect(hexOf(own)).toBe(wire.ok ? toHex(wire.value) : undefined);
      }),
      { numRuns: 500 },
    );
    // Raw arbitraries hold wide code units half the time: both outcomes must have been seen.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(500);
  });

  it('[MSG-FUNC-SIGNED-BYTES.1] [WIRE-FUNC-BLOCK.1] every generated block: the same common.Block, or no wire form in both', () => {
    fc.assert(
      fc.property(fc.oneof(A.block(), A.block().map(representable)), (b) => {
        const wire = encodeBlock(b);
        expect(hexOf(marshalBlock(b))).toBe(wire.ok ? toHex(wire.value) : undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('[MSG-FUNC-SIGNED-BYTES.1] [WIRE-FUNC-SECRET.2] the Secret a secret envelope signs is the one the wire codec writes', () => {
    fc.assert(
      fc.property(A.envelope('always').map(representable), (env) => {
        const bytes = encodeEnvelope(env);
        if (!bytes.ok) throw new Error(bytes.error.message);
        const wire = decodeWire(pb.EnvelopeSchema, bytes.value);
        if (!wire.ok) throw new Error(wire.error.message);
        expect(hexOf(marshalSecret(env.secretEnvelope?.payload))).toBe(toHex(wire.value.secretEnvelope?.payload ?? new Uint8Array(0)));
        expect(hexOf(marshalGossipMessage(env.payload))).toBe(toHex(wire.value.payload));
      }),
      { numRuns: 200 },
    );
  });

  it('[MSG-FUNC-SIGNED-BYTES.1] values outside the model have no signed bytes, and nothing throws', () => {
    fc.assert(fc.property(A.malformedMessage(), (bad) => void marshalGossipMessage(bad.value)), { numRuns: 300 });
    for (const junk of [null, undefined, 7, 'x', [], {}, { content: null }, { nonce: 1, channel: '', tag: 'EMPTY', content: { $case: 'empty', empty: {} } }]) {
      expect(marshalGossipMessage(junk)).toBeUndefined();
    }
    const cyclic: Record<string, unknown> = { nonce: 0n, channel: '', tag: 'EMPTY' };
    cyclic['content'] = { $case: 'memReq', memReq: { selfInformation: { payload: cyclic, signature: '' }, known: [] } };
    expect(marshalGossipMessage(cyclic)).toBeUndefined();
  });
});

describe('[MSG-FUNC-SIGNED-BYTES.1] against Go: the conformance vectors', () => {
  interface Vector { readonly name: string; readonly type: string; readonly hex: string; readonly expect: { readonly ok: boolean; readonly canonical?: boolean } }
  const vectors = (JSON.parse(readFileSync(join(__dirname, '../vectors/wire.json'), 'utf8')) as { vectors: Vector[] }).vectors;
  const envelopes = vectors.filter((v) => v.type === 'gossip.Envelope' && v.expect.ok);

  it('[MSG-FUNC-SIGNED-BYTES.1] [WIRE-FUNC-RECEIVED-BYTES.1] the payload Go wrote is our encoding of what it says, or is kept as received', () => {
    expect(envelopes.length).toBeGreaterThan(20);
    for (const v of envelopes) {
      const wire = decodeWire(pb.EnvelopeSchema, fromHex(v.hex));
      const model = decodeEnvelope(fromHex(v.hex));
      if (!wire.ok || !model.ok) throw new Error(`${v.name} does not decode`);
      const env: Envelope = model.value;
      const own = hexOf(marshalGossipMessage(env.payload));
      const goPayload = toHex(wire.value.payload);
      if (env.payloadBytes === undefined) {
        // Nothing kept: the bytes Go wrote are the ones we sign for this payload.
        expect([v.name, own]).toEqual([v.name, goPayload]);
      } else {
        expect([v.name, env.payloadBytes]).toEqual([v.name, Buffer.from(wire.value.payload).toString('latin1')]);
        expect(own).not.toBe(goPayload);
        // What they say, without unknown fields and in Go's order, is our encoding of the payload.
        expect([v.name, hexOf(canonicalize(S.GossipMessageSchema, wire.value.payload))]).toEqual([v.name, own]);
      }
    }
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] every GossipMessage vector the model reads (unknown fields, a duplicated field) says, in Go\'s order, what our encoding of it says', () => {
    const messages = vectors.filter((v) => v.type === 'gossip.GossipMessage' && v.expect.ok);
    expect(messages.map((v) => v.name)).toEqual(expect.arrayContaining(['unknown fields', 'unknown field inside a nested message', 'duplicate scalar field']));
    for (const v of messages) {
      const model = decodeGossipMessage(fromHex(v.hex));
      if (!model.ok) throw new Error(`${v.name} does not decode`);
      expect([v.name, hexOf(canonicalize(S.GossipMessageSchema, fromHex(v.hex)))]).toEqual([v.name, hexOf(marshalGossipMessage(model.value))]);
      expect([v.name, payloadBytesSay(fromHex(v.hex), model.value)]).toEqual([v.name, true]);
    }
  });
});
