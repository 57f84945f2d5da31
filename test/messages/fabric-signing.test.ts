/**
 * Ports of Fabric's gossip/protoext/signing_test.go. Fabric's identity signer (`return msg, nil`)
 * is the fabric-test suite, whose signature over bytes is those bytes; an always-nil verifier is a
 * suite whose `verify` accepts everything.
 * Adaptations: the model's data message carries a block (Fabric's tests put "data" in
 * Payload.data); the model has no envelope-less signed message and no failing signer, so "nil
 * envelope" and "the signer fails" become their model counterparts (a required envelope absent on
 * the wire; a payload the suite cannot sign); Fabric's test pairs a GossipMessage with unrelated
 * envelope bytes ({2,2,2}), which a receiver never holds (it decodes the message from the bytes),
 * so the envelope is signed over its own payload.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { createFabricTestSuite, type CryptoSuite } from '../../src/core';
import {
  internalEndpointOfSecret, latin1Bytes, marshalGossipMessage, marshalSecret, noopSign, signMessage, verifyEnvelope, type Envelope, type GossipMessage,
} from '../../src/messages';
import { decodeEnvelope, decodeGossipMessage, decodeWire, encodeEnvelope, fabricTransaction, gossipPb as pb } from '../../src/wire';
import { toHex } from '../wire/hex';

const suite = createFabricTestSuite();
const key = suite.keyFor('127.0.0.1:7051', 'Org1MSP');
const bytesOf = (s: string): Uint8Array => latin1Bytes(s) as Uint8Array;
const two = '\u0002\u0002\u0002';

/** Fabric's dataMessage(seqNum, data), with a block whose one transaction carries the channel. */
function dataMessage(seqNum: number, channel = 'testChannelID', tag: GossipMessage['tag'] = 'EMPTY'): GossipMessage {
  const tx = fabricTransaction(channel, 'data');
  if (!tx.ok) throw new Error(tx.error.message);
  const block = { header: { number: seqNum, previousHash: '', dataHash: '', channelId: channel }, data: [tx.value], metadata: { signatures: [] } };
  return { nonce: 0n, channel, tag, content: { $case: 'dataMsg', dataMsg: { payload: { seqNum, data: block, privateData: [] } } } };
}

/** The Envelope protobuf a model envelope is written as. */
function wireEnvelope(env: Envelope): pb.Envelope {
  const bytes = encodeEnvelope(env);
  if (!bytes.ok) throw new Error(bytes.error.message);
  const wire = decodeWire(pb.EnvelopeSchema, bytes.value);
  if (!wire.ok) throw new Error(wire.error.message);
  return wire.value;
}

describe('Fabric gossip/protoext/signing_test.go ports', () => {
  it('[WIRE-FUNC-ABSENT-MESSAGE.1] TestToGossipMessageNilEnvelope: a membership request without its self-information envelope is refused, naming the field', () => {
    const bytes = toBinary(pb.GossipMessageSchema, create(pb.GossipMessageSchema, { tag: pb.GossipMessage_Tag.EMPTY, content: { case: 'memReq', value: {} } }));
    const r = decodeGossipMessage(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ reason: 'invalid', path: 'GossipMessage.mem_req.self_information' });
  });

  it('[MSG-FUNC-SIGNED-BYTES.1] [MSG-MSG-ENVELOPE.2] TestSignedGossipMessageSign: with the identity signer the signature is the envelope\'s payload; a payload that cannot be signed gets none', () => {
    const msg = dataMessage(1);
    const signed = signMessage(suite, key, msg);
    const wire = wireEnvelope(signed);
    // Since the signer is the identity, the signature is the same as the payload.
    expect(toHex(wire.signature)).toBe(toHex(wire.payload));
    expect(toHex(wire.payload)).toBe(toHex(marshalGossipMessage(msg) as Uint8Array));
    // Fabric's failing signer: no envelope. Here a payload without a wire form is left unsigned.
    const unsignable = { ...msg, channel: 'testChannel\u0100' };
    expect(signMessage(suite, key, unsignable).signature).toBe('');
  });

  it('[MSG-FUNC-NOOP-SIGN.1] TestEnvelope_NoopSign: NoopSign gives no signature, and no error', () => {
    const signed = noopSign(dataMessage(1));
    expect(signed.signature).toBe('');
    expect(wireEnvelope(signed).signature).toHaveLength(0);
  });

  it('[MSG-FUNC-ENVELOPE-VERIFY.2] TestSignedGossipMessage_Verify: a verifier that accepts passes a signed envelope; no payload, no signature or a refusing verifier fail', () => {
    const accepting: CryptoSuite = { ...suite, verify: () => true };
    const refusing: CryptoSuite = { ...suite, verify: () => false };
    const msg: Envelope = { payload: dataMessage(1), signature: two, secretEnvelope: { payload: { internalEndpoint: 'localhost:5050' }, signature: two } };
    // IsSigned: an envelope with a payload and a signature.
    expect(msg.signature).not.toBe('');
    expect(verifyEnvelope(accepting, 'peer', msg)).toBe(true);
    // (Fabric's "Missing envelope" has no counterpart: a model message is its envelope.)
    // Empty payload: received payload bytes that are empty.
    expect(verifyEnvelope(accepting, 'peer', { ...msg, payloadBytes: '' })).toBe(false);
    // Empty signature.
    expect(verifyEnvelope(accepting, 'peer', { ...msg, signature: '' })).toBe(false);
    // The verifier's error.
    expect(verifyEnvelope(refusing, 'peer', msg)).toBe(false);
    // The same checks on the secret envelope, with the same identity.
    expect(verifyEnvelope(accepting, 'peer', { ...msg, secretEnvelope: { payload: { internalEndpoint: '' }, payloadBytes: '', signature: two } })).toBe(false);
    expect(verifyEnvelope(accepting, 'peer', { ...msg, secretEnvelope: { payload: { internalEndpoint: 'localhost:5050' }, signature: '' } })).toBe(false);
  });

  it('[WIRE-FUNC-SECRET.2] TestEnvelope: an envelope whose payload is a marshalled data message decodes to a data message', () => {
    const payload = marshalGossipMessage(dataMessage(1, '', 'UNDEFINED')) as Uint8Array;
    const env = toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload, signature: bytesOf(two), secretEnvelope: { payload: bytesOf(two), signature: bytesOf(two) } }));
    const r = decodeEnvelope(env);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.payload.content.$case).toBe('dataMsg');
  });

  it('[MSG-FUNC-SECRET-ENVELOPE.1] [WIRE-FUNC-SECRET.2] TestEnvelope_SignSecret: signing a secret attaches a secret envelope whose internal endpoint reads back', () => {
    const signed = signMessage(suite, key, dataMessage(1, '', 'UNDEFINED'), 'localhost:5050');
    expect(signed.secretEnvelope).toBeDefined();
    const wire = wireEnvelope(signed);
    expect(internalEndpointOfSecret(wire.secretEnvelope?.payload ?? new Uint8Array(0))).toBe('localhost:5050');
    // The identity signer signed the marshalled Secret.
    expect(toHex(wire.secretEnvelope?.signature ?? new Uint8Array(0))).toBe(toHex(marshalSecret({ internalEndpoint: 'localhost:5050' }) as Uint8Array));
  });

  it('[WIRE-FUNC-SECRET.2] TestInternalEndpoint: no secret envelope reads "", a payload that is not a Secret reads "", a Secret reads its endpoint', () => {
    const alive = marshalGossipMessage({
      nonce: 0n, channel: '', tag: 'EMPTY',
      content: { $case: 'aliveMsg', aliveMsg: { membership: { endpoint: 'p:1', metadata: '', pkiId: 'p' }, timestamp: { incNum: 1n, seqNum: 1n } } },
    }) as Uint8Array;
    const received = (secretEnvelope?: { payload: Uint8Array }): Envelope => {
      const r = decodeEnvelope(toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload: alive, ...(secretEnvelope === undefined ? {} : { secretEnvelope }) })));
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const internalEndpoint = (env: Envelope): string => env.secretEnvelope?.payload.internalEndpoint ?? '';
    const foo = toBinary(pb.SecretSchema, create(pb.SecretSchema, { content: { case: 'internalEndpoint', value: 'foo' } }));
    expect(internalEndpoint(received())).toBe('');
    expect(internalEndpointOfSecret(Uint8Array.of(1, 2, 3))).toBe('');
    expect(internalEndpoint(received({ payload: Uint8Array.of(1, 2, 3) }))).toBe('');
    expect(internalEndpointOfSecret(foo)).toBe('foo');
    expect(internalEndpoint(received({ payload: foo }))).toBe('foo');
  });
});
