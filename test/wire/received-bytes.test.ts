/**
 * A receiver verifies the bytes it received, never a re-encoding ([MSG-FUNC-RECEIVED-BYTES.1],
 * [WIRE-FUNC-RECEIVED-BYTES.1]). A remote built on another marshaller (a Fabric peer of another
 * version, another language) may write its GossipMessage with fields in another order, values
 * written twice, unknown fields; it signs those bytes (Fabric's SignedGossipMessage.Sign signs what
 * proto.Marshal gave it), and Fabric's Verify checks the signature over Envelope.payload as received.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { createEcdsaSuite, createFabricTestSuite, type CryptoSuite, type SigningKey } from '../../src/core';
import { marshalGossipMessage, verifyEnvelope, type Envelope, type GossipMessage } from '../../src/messages';
import * as A from '../../src/messages/arbitraries';
import * as S from '../../src/messages/proto/schema';
import { canonicalize } from '../../src/messages/proto/tree';
import { decodeEnvelope, decodeGossipMessage, encodeEnvelope, gossipPb as pb } from '../../src/wire';
import { toHex } from './hex';
import { prng, scramble } from './noncanonical';
import { representable } from './representable';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const bytesOf = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

interface Signer { readonly name: string; readonly suite: CryptoSuite; readonly key: SigningKey; readonly numRuns: number }
const ecdsa = createEcdsaSuite(['Org1MSP']);
const fabricTest = createFabricTestSuite();
const SIGNERS: readonly Signer[] = [
  { name: 'ecdsa-p256', suite: ecdsa, key: ecdsa.keyFromPrivateHex('Org1MSP', '5a'.repeat(32)), numRuns: 40 },
  { name: 'fabric-test', suite: fabricTest, key: fabricTest.keyFor('127.0.0.1:7051', 'Org1MSP'), numRuns: 200 },
];

/** What a remote sends: its own encoding of `m` (scrambled), signed as it is, in an Envelope. */
function received(signer: Signer, m: GossipMessage, seed: number): { payload: Uint8Array; canonical: Uint8Array; envelope: Uint8Array } {
  const canonical = marshalGossipMessage(m);
  if (canonical === undefined) throw new Error('the message has no wire form');
  const payload = scramble(canonical, S.GossipMessageSchema, prng(seed));
  const signature = bytesOf(signer.suite.sign(signer.key, payload));
  return { payload, canonical, envelope: toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload, signature })) };
}

function decoded(bytes: Uint8Array): Envelope {
  const r = decodeEnvelope(bytes);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const message = () => A.gossipMessage().map(representable);

describe('[WIRE-FUNC-RECEIVED-BYTES.1] the payload bytes received, other than ours, read as the same message', () => {
  it('[WIRE-FUNC-RECEIVED-BYTES.1] [MSG-FUNC-RECEIVED-BYTES.1] reordered, duplicated, split, extended: Go reads the message ours writes, and so do both readers here', () => {
    let differing = 0;
    fc.assert(
      fc.property(message(), fc.integer(), (m, seed) => {
        const canonical = marshalGossipMessage(m) as Uint8Array;
        const other = scramble(canonical, S.GossipMessageSchema, prng(seed));
        if (toHex(other) !== toHex(canonical)) differing++;
        // protobuf-es (the wire codec) reads it as Go would ...
        expect(decodeGossipMessage(other)).toStrictEqual({ ok: true, value: m });
        // ... and so does the reading the signing layer uses to tie carried bytes to their payload.
        expect(toHex(canonicalize(S.GossipMessageSchema, other) ?? new Uint8Array(0))).toBe(toHex(canonical));
      }),
      { numRuns: 400 },
    );
    expect(differing).toBeGreaterThan(300);
  });
});

describe.each(SIGNERS)('a message signed by a remote over its own bytes (%s)', (signer) => {
  const { suite, key, numRuns } = signer;

  it('[MSG-FUNC-RECEIVED-BYTES.1] [WIRE-FUNC-RECEIVED-BYTES.1] verifies over the bytes received, keeps them, and forwards them unchanged', () => {
    fc.assert(
      fc.property(message(), fc.integer(), (m, seed) => {
        const sent = received(signer, m, seed);
        const env = decoded(sent.envelope);
        expect(env.payload).toStrictEqual(m);
        const same = toHex(sent.payload) === toHex(sent.canonical);
        expect(env.payloadBytes).toBe(same ? undefined : latin1(sent.payload));
        expect(verifyEnvelope(suite, key.identity, env)).toBe(true);
        // Re-encoding the payload gives other bytes, which the signature does not cover.
        const { payloadBytes: _received, ...reencoded } = env;
        expect(verifyEnvelope(suite, key.identity, reencoded)).toBe(same);
        // Forwarding writes what was received: the next peer verifies the same bytes.
        const forwarded = encodeEnvelope(env);
        expect(forwarded.ok && toHex(forwarded.value)).toBe(toHex(sent.envelope));
      }),
      { numRuns },
    );
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] one byte changed in the payload received: it no longer decodes, or no longer verifies', () => {
    let decodedAfterTamper = 0;
    fc.assert(
      fc.property(message(), fc.integer(), fc.nat(), fc.integer({ min: 1, max: 255 }), (m, seed, at, flip) => {
        const sent = received(signer, m, seed);
        const tampered = Uint8Array.from(sent.payload);
        const i = at % tampered.length;
        tampered[i] = (tampered[i] as number) ^ flip;
        const signature = bytesOf(suite.sign(key, sent.payload));
        const r = decodeEnvelope(toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload: tampered, signature })));
        if (!r.ok) return;
        decodedAfterTamper++;
        expect(verifyEnvelope(suite, key.identity, r.value)).toBe(false);
      }),
      { numRuns },
    );
    // Many flips land in a value (a byte of a string, an unknown field) and still decode: those are the interesting ones.
    expect(decodedAfterTamper).toBeGreaterThan(0);
  });
});

describe('[MSG-FUNC-RECEIVED-BYTES.1] carried bytes stand only for the payload they say', () => {
  const signer = SIGNERS[0] as Signer;
  const alive: GossipMessage = {
    nonce: 0n, channel: '', tag: 'EMPTY',
    content: { $case: 'aliveMsg', aliveMsg: { membership: { endpoint: 'peer0:7051', metadata: '', pkiId: 'p0' }, timestamp: { incNum: 5n, seqNum: 9n } } },
  };
  const sent = received(signer, alive, 7);
  const env = decoded(sent.envelope);

  it('[MSG-FUNC-RECEIVED-BYTES.1] the received message verifies; the same signature and bytes under another payload do not', () => {
    expect(env.payloadBytes).toBeDefined();
    expect(verifyEnvelope(signer.suite, signer.key.identity, env)).toBe(true);
    const later = { ...alive, content: { $case: 'aliveMsg' as const, aliveMsg: { ...(alive.content as { aliveMsg: object }).aliveMsg, timestamp: { incNum: 5n, seqNum: 10n } } } } as GossipMessage;
    expect(verifyEnvelope(signer.suite, signer.key.identity, { ...env, payload: later })).toBe(false);
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] empty or non-byte carried bytes verify for no one (Fabric: "Empty payload")', () => {
    expect(verifyEnvelope(signer.suite, signer.key.identity, { ...env, payloadBytes: '' })).toBe(false);
    expect(verifyEnvelope(signer.suite, signer.key.identity, { ...env, payloadBytes: `${env.payloadBytes ?? ''}\u0100` })).toBe(false);
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] [WIRE-FUNC-RECEIVED-BYTES.1] an alive message received inside a membership response verifies there, and again after the response is forwarded', () => {
    const outer = toBinary(pb.GossipMessageSchema, create(pb.GossipMessageSchema, {
      tag: pb.GossipMessage_Tag.EMPTY,
      content: { case: 'memRes', value: { alive: [{ payload: sent.payload, signature: bytesOf(signer.suite.sign(signer.key, sent.payload)) }] } },
    }));
    const response = decoded(toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload: outer })));
    const inner = response.payload.content.$case === 'memRes' ? response.payload.content.memRes.alive[0] : undefined;
    expect(inner?.payloadBytes).toBe(latin1(sent.payload));
    expect(inner !== undefined && verifyEnvelope(signer.suite, signer.key.identity, inner)).toBe(true);
    const again = encodeEnvelope(response);
    if (!again.ok) throw new Error(again.error.message);
    const forwarded = decoded(again.value);
    const innerAgain = forwarded.payload.content.$case === 'memRes' ? forwarded.payload.content.memRes.alive[0] : undefined;
    expect(innerAgain !== undefined && verifyEnvelope(signer.suite, signer.key.identity, innerAgain)).toBe(true);
  });
});

describe('[WIRE-FUNC-SECRET.2] [MSG-FUNC-RECEIVED-BYTES.1] a secret envelope as received', () => {
  const signer = SIGNERS[0] as Signer;
  const sign = (bytes: Uint8Array): Uint8Array => bytesOf(signer.suite.sign(signer.key, bytes));
  const alive = marshalGossipMessage({
    nonce: 0n, channel: '', tag: 'EMPTY',
    content: { $case: 'aliveMsg', aliveMsg: { membership: { endpoint: 'peer0:7051', metadata: '', pkiId: 'p0' }, timestamp: { incNum: 5n, seqNum: 9n } } },
  }) as Uint8Array;
  const withSecret = (secret: Uint8Array, secretSignature = sign(secret)): Envelope =>
    decoded(toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload: alive, signature: sign(alive), secretEnvelope: { payload: secret, signature: secretSignature } })));
  const secretOf = (endpoint: string): Uint8Array => toBinary(pb.SecretSchema, create(pb.SecretSchema, { content: { case: 'internalEndpoint', value: endpoint } }));

  it.each([
    ['a Secret with an unknown field', Uint8Array.from([...secretOf('in:7051'), 0x10, 0x01]), 'in:7051'],
    ['a Secret whose oneof is written twice (the last one counts)', Uint8Array.from([...secretOf('old:1'), ...secretOf('in:7051')]), 'in:7051'],
    ['bytes that are no Secret (Fabric\'s InternalEndpoint reads "")', Uint8Array.of(1, 2, 3), ''],
  ])('[WIRE-FUNC-SECRET.2] %s: read as Fabric reads it, and verified over the bytes received', (_name, secret, endpoint) => {
    const env = withSecret(secret);
    expect(env.secretEnvelope?.payload).toEqual({ internalEndpoint: endpoint });
    expect(env.secretEnvelope?.payloadBytes).toBe(latin1(secret));
    expect(verifyEnvelope(signer.suite, signer.key.identity, env)).toBe(true);
    // Signed over other bytes (our own encoding of the same endpoint): refused.
    expect(verifyEnvelope(signer.suite, signer.key.identity, withSecret(secret, sign(secretOf(endpoint))))).toBe(false);
    const forwarded = encodeEnvelope(env);
    expect(forwarded.ok && verifyEnvelope(signer.suite, signer.key.identity, decoded(forwarded.value))).toBe(true);
  });

  it('[WIRE-FUNC-SECRET.2] an empty secret payload decodes (endpoint "") but never verifies, as in Fabric ("Empty payload")', () => {
    const env = withSecret(new Uint8Array(0));
    expect(env.secretEnvelope).toMatchObject({ payload: { internalEndpoint: '' }, payloadBytes: '' });
    expect(verifyEnvelope(signer.suite, signer.key.identity, env)).toBe(false);
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] carried Secret bytes that say another endpoint do not verify the endpoint the model claims', () => {
    const env = withSecret(Uint8Array.from([...secretOf('in:7051'), 0x10, 0x01]));
    const redirected = { ...env, secretEnvelope: { ...(env.secretEnvelope as NonNullable<Envelope['secretEnvelope']>), payload: { internalEndpoint: '10.6.6.6:7051' } } };
    expect(verifyEnvelope(signer.suite, signer.key.identity, redirected)).toBe(false);
  });
});
