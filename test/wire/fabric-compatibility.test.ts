/**
 * Port of Fabric's gossip/protoext/compatibility_test.go: digests written by Fabric v1.2 (before
 * digests became bytes) still read as the same messages, byte for byte. The Go test decodes them
 * from an Envelope's payload (EnvelopeToGossipMessage); so does this one, with the wire codec.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import type { GossipMessage } from '../../src/messages';
import { decodeEnvelope, encodeGossipMessage, gossipPb as pb } from '../../src/wire';
import { fromHex, toHex } from './hex';

const V12_DATA_DIGEST = '12096d796368616e6e656c52171201ff1202ffff1203ffffff1204ffffffff1203313030';
const V12_DATA_REQUEST = '12096d796368616e6e656c5a171201ff1202ffff1203ffffff1204ffffffff1203313030';

/** {255}, {255, 255}, {255, 255, 255}, {255, 255, 255, 255} and "100", as Latin-1 model byte strings. */
const DIGESTS = ['\u00ff', '\u00ff\u00ff', '\u00ff\u00ff\u00ff', '\u00ff\u00ff\u00ff\u00ff', '100'];
const expected = (content: GossipMessage['content']): GossipMessage => ({ nonce: 0n, channel: 'mychannel', tag: 'UNDEFINED', content });

describe('Fabric gossip/protoext/compatibility_test.go port', () => {
  it.each([
    ['data digest', V12_DATA_DIGEST, expected({ $case: 'dataDig', dataDig: { nonce: 0n, digests: DIGESTS, msgType: 'UNDEFINED' } })],
    ['data request', V12_DATA_REQUEST, expected({ $case: 'dataReq', dataReq: { nonce: 0n, digests: DIGESTS, msgType: 'UNDEFINED' } })],
  ])('[WIRE-MSG-BYTES.1] [WIRE-FUNC-RECEIVED-BYTES.1] TestUnmarshalV12Digests: a v1.2 %s decodes to the same message', (_name, hex, message) => {
    const envelope = toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload: fromHex(hex) }));
    // proto.Equal: the decoded message, field for field; the bytes are our encoding of it, so none are kept.
    expect(decodeEnvelope(envelope)).toStrictEqual({ ok: true, value: { payload: message, signature: '' } });
    const ours = encodeGossipMessage(message);
    expect(ours.ok && toHex(ours.value)).toBe(hex);
  });
});
