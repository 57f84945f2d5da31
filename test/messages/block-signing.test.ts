/**
 * What an orderer's block signature covers ([MSG-FUNC-BLOCK-SIGNED-BYTES.1]): Fabric's
 * BlockSignatureVerifier input (Metadata.value ‖ signature header ‖ BlockHeaderBytes), for a block
 * that carries its channel in its first transaction, and a model-only form for the simulator's
 * blocks, whose transactions are opaque strings.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { canonicalEncode, createFabricTestSuite, createSymbolicSuite } from '../../src/core';
import { blockHeaderBytes, blockSignatureVerifies, blockSignedBytes, signBlock, type Block } from '../../src/messages';
import { commonPb, fabricTransaction } from '../../src/wire';
import { toHex } from '../wire/hex';

const CHANNEL = 'mychannel';
const tx = (channel: string, body: string): string => {
  const r = fabricTransaction(channel, body);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const header = (number: number, channelId = CHANNEL): Block['header'] => ({ number, previousHash: 'prev', dataHash: 'hash', channelId });

describe('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] BlockHeaderBytes: the DER of the header, as protoutil writes it', () => {
  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] hand-computed: SEQUENCE { INTEGER, OCTET STRING, OCTET STRING }', () => {
    // 0: INTEGER 02 01 00; two empty OCTET STRINGs 04 00; SEQUENCE of 7 bytes.
    expect(toHex(blockHeaderBytes({ number: 0, previousHash: '', dataHash: '', channelId: '' }) as Uint8Array)).toBe('3007020100' + '0400' + '0400');
    // 128 has its top bit set: a leading 00 keeps it positive (02 02 00 80); "ab" is 04 02 61 62.
    expect(toHex(blockHeaderBytes({ number: 128, previousHash: 'ab', dataHash: '\u00ff', channelId: '' }) as Uint8Array)).toBe('300b' + '02020080' + '04026162' + '0401ff');
    // A 200-byte hash needs the long length form (81 c8), and so does the SEQUENCE (3 + 2 + 3 + 200 = 208: 81 d0).
    const long = 'x'.repeat(200);
    expect(toHex(blockHeaderBytes({ number: 1, previousHash: '', dataHash: long, channelId: '' }) as Uint8Array)).toBe('3081d0' + '020101' + '0400' + '0481c8' + '78'.repeat(200));
  });

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] read back by an independent DER parser (asn1js): the number and both hashes', () => {
    fc.assert(fc.property(fc.maxSafeNat(), fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 40 }), (number, prev, data) => {
      const der = blockHeaderBytes({ number, previousHash: Buffer.from(prev).toString('latin1'), dataHash: Buffer.from(data).toString('latin1'), channelId: '' }) as Uint8Array;
      const parsed = asn1js.fromBER(Uint8Array.from(der).buffer);
      expect(parsed.offset).toBe(der.length);
      const seq = parsed.result as asn1js.Sequence;
      expect(seq).toBeInstanceOf(asn1js.Sequence);
      const [n, p, d] = seq.valueBlock.value as [asn1js.Integer, asn1js.OctetString, asn1js.OctetString];
      expect(n.toBigInt()).toBe(BigInt(number));
      expect(toHex(new Uint8Array(p.valueBlock.valueHexView))).toBe(toHex(prev));
      expect(toHex(new Uint8Array(d.valueBlock.valueHexView))).toBe(toHex(data));
      // DER: one encoding per value, so re-encoding what was parsed gives the same bytes.
      expect(toHex(new Uint8Array(seq.toBER()))).toBe(toHex(der));
    }), { numRuns: 300 });
  });

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] a hash that is not a byte string has no DER', () => {
    expect(blockHeaderBytes({ number: 1, previousHash: '\u0100', dataHash: '', channelId: '' })).toBeUndefined();
  });
});

describe('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] the signed bytes of a block', () => {
  const orderer = 'OrdererMSP\norderer0';

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] a block whose first transaction carries its channel: SignatureHeader{creator} then BlockHeaderBytes, the metadata value empty', () => {
    const block = { header: header(7), data: [tx(CHANNEL, 'a'), 'opaque second'] };
    const signatureHeader = toBinary(commonPb.SignatureHeaderSchema, create(commonPb.SignatureHeaderSchema, { creator: latin1(orderer) }));
    const expected = Buffer.concat([signatureHeader, blockHeaderBytes(block.header) as Uint8Array]);
    expect(toHex(blockSignedBytes(orderer, block) as Uint8Array)).toBe(expected.toString('hex'));
    // With Fabric's test signer (the signature is the message), the signature is exactly that message.
    const suite = createFabricTestSuite();
    const key = { identity: orderer, secret: '' };
    expect(signBlock(suite, key, block)).toBe(expected.toString('latin1'));
  });

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] a block of opaque transactions: 0xFF, then the canonical JSON of creator and header', () => {
    const block = { header: header(7), data: ['tx-mychannel-7'] };
    const signed = blockSignedBytes(orderer, block) as Uint8Array;
    expect(signed[0]).toBe(0xff);
    expect(Buffer.from(signed.subarray(1)).toString('utf8')).toBe(canonicalEncode({ creator: orderer, header: block.header }));
  });

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] the signature binds the creator, every header field and, either way, the channel', () => {
    const suite = createSymbolicSuite(3);
    const key = suite.enroll('OrdererMSP', 'orderer0');
    for (const data of [[tx(CHANNEL, 'a')], ['tx-mychannel-7']]) {
      const block = { header: header(7), data };
      const signature = signBlock(suite, key, block);
      expect(blockSignatureVerifies(suite, key.identity, signature, block)).toBe(true);
      for (const changed of [{ number: 8 }, { previousHash: 'other' }, { dataHash: 'other' }, { channelId: 'otherchannel' }]) {
        expect([changed, blockSignatureVerifies(suite, key.identity, signature, { ...block, header: { ...block.header, ...changed } })]).toEqual([changed, false]);
      }
      const other = suite.enroll('OrdererMSP', 'orderer1');
      expect(blockSignatureVerifies(suite, other.identity, signature, block)).toBe(false);
      expect(blockSignatureVerifies(suite, key.identity, '', block)).toBe(false);
    }
  });

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] a Fabric-layout signature never verifies under the model-only layout, nor the other way round', () => {
    const suite = createFabricTestSuite();
    const fabricBlock = { header: header(7), data: [tx(CHANNEL, 'a')] };
    const modelBlock = { header: header(7), data: ['tx-mychannel-7'] };
    expect(blockSignedBytes(orderer, fabricBlock)?.[0]).not.toBe(0xff);
    const fabricSignature = signBlock(suite, { identity: orderer, secret: '' }, fabricBlock);
    expect(blockSignatureVerifies(suite, orderer, fabricSignature, modelBlock)).toBe(false);
    expect(blockSignatureVerifies(suite, orderer, signBlock(suite, { identity: orderer, secret: '' }, modelBlock), fabricBlock)).toBe(false);
  });

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] a header that is no value (fuzzed) has no signed bytes and verifies for no one', () => {
    const cyclic: Record<string, unknown> = { number: 1 };
    cyclic['self'] = cyclic;
    const block = { header: cyclic as unknown as Block['header'], data: ['x'] };
    expect(blockSignedBytes(orderer, block)).toBeUndefined();
    expect(signBlock(createFabricTestSuite(), { identity: orderer, secret: '' }, block)).toBe('');
  });
});
