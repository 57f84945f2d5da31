/** [WIRE-FUNC-BLOCK.1] The block in a payload: Fabric's common.Block ↔ the model's Block. */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Block } from '../../src/messages';
import { commonPb as cpb, decodeBlock, encodeBlock, fabricTransaction } from '../../src/wire';

const bin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const tx = (channel: string, body = 'tx') => {
  const r = fabricTransaction(channel, body);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const errorOf = (r: { ok: boolean; error?: unknown }) => (r.ok ? undefined : r.error);

/** A block as Fabric's orderer lays it out: five metadata entries, a signature header with a nonce. */
function fabricBlock(txs: readonly string[], header = true): Uint8Array {
  const signatureHeader = toBinary(cpb.SignatureHeaderSchema, create(cpb.SignatureHeaderSchema, { creator: bin('orderer'), nonce: bin('nonce') }));
  const sigs = toBinary(cpb.MetadataSchema, create(cpb.MetadataSchema, { value: bin('v'), signatures: [{ signatureHeader, signature: bin('sig') }] }));
  return toBinary(cpb.BlockSchema, create(cpb.BlockSchema, {
    ...(header ? { header: { number: 7n, previousHash: bin('prev'), dataHash: bin('hash') } } : {}),
    data: { data: txs.map(bin) },
    metadata: { metadata: [sigs, new Uint8Array(0), new Uint8Array([1]), new Uint8Array(0), new Uint8Array(0)] },
  }));
}

describe('[WIRE-FUNC-BLOCK.1] blocks', () => {
  it('[WIRE-FUNC-BLOCK.1] a Fabric block maps to the model: channel from the first transaction, orderer signatures from metadata[0]', () => {
    const r = decodeBlock(fabricBlock([tx('mychannel'), 'opaque second tx']));
    expect(r).toStrictEqual({
      ok: true,
      value: {
        header: { number: 7, previousHash: 'prev', dataHash: 'hash', channelId: 'mychannel' },
        data: [tx('mychannel'), 'opaque second tx'],
        metadata: { signatures: [{ identity: 'orderer', signature: 'sig' }] },
      },
    });
  });

  it('[WIRE-FUNC-BLOCK.1] a block without header or transactions, or whose first transaction is not an envelope, is invalid where Fabric\'s VerifyBlock fails', () => {
    expect(errorOf(decodeBlock(fabricBlock([tx('c')], false)))).toMatchObject({ reason: 'invalid', path: 'Block.header' });
    expect(errorOf(decodeBlock(fabricBlock([])))).toMatchObject({ reason: 'invalid', path: 'Block.data.data' });
    expect(errorOf(decodeBlock(fabricBlock(['\u0008'])))).toMatchObject({ reason: 'malformed', path: 'Block.data.data.0.payload' });
    // An envelope whose payload has no header: protoutil's "payload header is empty".
    expect(errorOf(decodeBlock(fabricBlock(['\u000a\u0002\u0012\u0000'])))).toMatchObject({ reason: 'invalid', path: 'Block.data.data.0.payload.header' });
  });

  it('[WIRE-FUNC-BLOCK.1] encoding writes Fabric\'s layout and decodes back to the same block', () => {
    const block: Block = { header: { number: 3, previousHash: 'p', dataHash: 'd', channelId: 'ch' }, data: [tx('ch'), 'b'], metadata: { signatures: [{ identity: 'o', signature: 's' }, { identity: '', signature: 't' }] } };
    const r = encodeBlock(block);
    if (!r.ok) throw new Error(r.error.message);
    expect(decodeBlock(r.value)).toStrictEqual({ ok: true, value: block });
    const wire = cpbBlock(r.value);
    expect(wire.metadata?.metadata.length).toBe(5);
    expect(wire.metadata?.metadata.slice(1).every((m) => m.length === 0)).toBe(true);
  });

  it('[WIRE-FUNC-BLOCK.1] a model block whose channel is not the one its first transaction carries cannot be encoded', () => {
    const base: Block = { header: { number: 3, previousHash: '', dataHash: '', channelId: 'ch' }, data: [tx('other')], metadata: { signatures: [] } };
    expect(errorOf(encodeBlock(base))).toMatchObject({ reason: 'notRepresentable', path: 'header.channelId' });
    expect(errorOf(encodeBlock({ ...base, data: ['tx-ch-3'] }))).toMatchObject({ reason: 'notRepresentable', path: 'header.channelId' });
    expect(errorOf(encodeBlock({ ...base, data: [] }))).toMatchObject({ reason: 'notRepresentable', path: 'data' });
  });
});

function cpbBlock(bytes: Uint8Array) {
  return fromBinary(cpb.BlockSchema, bytes);
}
