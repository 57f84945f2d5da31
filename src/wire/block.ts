/**
 * The block inside a DataMessage payload: `Payload.data` holds a marshalled common.Block. The
 * model's Block (src/messages/block.ts) keeps what gossip's VerifyBlock reads; this file maps it
 * to and from Fabric's common.Block ([WIRE-FUNC-BLOCK.1]):
 *
 * - header.number, previous_hash, data_hash ↔ header.{number, previousHash, dataHash};
 * - data.data[i] (each a marshalled common.Envelope, a transaction) ↔ data[i], opaque bytes;
 * - the model's header.channelId ↔ nothing of its own: Fabric reads a block's channel from the
 *   channel header of its first transaction (protoutil.GetChannelIDFromBlock), and so do we;
 * - metadata.metadata[SIGNATURES] (a marshalled common.Metadata) ↔ metadata.signatures, each
 *   MetadataSignature's signature and its SignatureHeader's creator as {signature, identity}.
 */
import { create } from '@bufbuild/protobuf';
import type { Block } from '../messages';
import {
  BlockSchema,
  ChannelHeaderSchema,
  EnvelopeSchema as CommonEnvelopeSchema,
  HeaderType,
  MetadataSchema,
  PayloadSchema as CommonPayloadSchema,
  SignatureHeaderSchema,
  BlockMetadataIndex,
} from './gen/common/common_pb';
import { bytesToModel, checkUtf16, modelToBytes } from './bytes';
import { at, attempt, fail } from './errors';
import { safeUintFromWire, safeUintToWire } from './numbers';
import { decodeProto, encodeProto } from './proto-codec';

/** Fabric's protoutil.NewBlock allocates one metadata entry per BlockMetadataIndex value. */
const METADATA_ENTRIES = Object.keys(BlockMetadataIndex).filter((k) => Number.isNaN(Number(k))).length;

/** Fabric's GetChannelIDFromEnvelope on one transaction; fails with the path of what is missing. */
function channelOfTransaction(tx: Uint8Array, path: string): string {
  const envelope = decodeProto(CommonEnvelopeSchema, tx, path);
  const payload = decodeProto(CommonPayloadSchema, envelope.payload, `${path}.payload`);
  if (payload.header === undefined) fail('invalid', `${path}.payload.header`, 'transaction payload has no header, so the block has no channel id');
  return decodeProto(ChannelHeaderSchema, payload.header.channelHeader, `${path}.payload.header.channel_header`).channelId;
}

/** [WIRE-FUNC-BLOCK.1] A marshalled common.Block as the model's Block; `path` names Payload.data. */
export function blockFromWire(bytes: Uint8Array, path: string): Block {
  const block = decodeProto(BlockSchema, bytes, path);
  if (block.header === undefined) fail('invalid', `${path}.header`, 'block has no header (Fabric\'s VerifyBlock rejects it too)');
  const txs = block.data?.data ?? [];
  const first = txs[0];
  if (first === undefined) fail('invalid', `${path}.data.data`, 'block has no transactions, so no channel id (Fabric\'s VerifyBlock rejects it too)');
  const channelId = channelOfTransaction(first, `${path}.data.data.0`);
  const sigPath = `${path}.metadata.metadata.${BlockMetadataIndex.SIGNATURES}`;
  const sigEntry = block.metadata?.metadata[BlockMetadataIndex.SIGNATURES];
  const signatures = (sigEntry === undefined ? [] : decodeProto(MetadataSchema, sigEntry, sigPath).signatures).map((s, i) => {
    const headerPath = `${sigPath}.signatures.${i}.signature_header`;
    const creator = decodeProto(SignatureHeaderSchema, s.signatureHeader, headerPath).creator;
    return { identity: bytesToModel(creator), signature: bytesToModel(s.signature) };
  });
  return {
    header: {
      number: safeUintFromWire(block.header.number, `${path}.header.number`),
      previousHash: bytesToModel(block.header.previousHash),
      dataHash: bytesToModel(block.header.dataHash),
      channelId,
    },
    data: txs.map(bytesToModel),
    metadata: { signatures },
  };
}

/**
 * [WIRE-FUNC-BLOCK.1] The model's Block as a marshalled common.Block; `path` is the model path of
 * the block. The channel id must be the one the first transaction carries, since that is where
 * Fabric reads it ([WIRE-FUNC-BLOCK.1]); `fabricTransaction` makes such a transaction.
 */
export function blockToWire(block: Block, path: string): Uint8Array {
  const txs = block.data.map((tx, i) => modelToBytes(tx, at(at(path, 'data'), i)));
  const first = txs[0];
  const channelPath = at(at(path, 'header'), 'channelId');
  if (first === undefined) fail('notRepresentable', at(path, 'data'), 'a block without transactions cannot carry its channel id on the wire');
  const carried = attempt(at(path, 'data.0'), () => channelOfTransaction(first, at(path, 'data.0')));
  if (!carried.ok) fail('notRepresentable', channelPath, `the first transaction carries no channel id (${carried.error.message})`);
  if (carried.value !== block.header.channelId) {
    fail('notRepresentable', channelPath, `the first transaction carries channel ${JSON.stringify(carried.value)}, not ${JSON.stringify(block.header.channelId)}`);
  }
  const signatures = block.metadata.signatures.map((s, i) => {
    const sigPath = at(at(at(path, 'metadata'), 'signatures'), i);
    const header = create(SignatureHeaderSchema, { creator: modelToBytes(s.identity, at(sigPath, 'identity')) });
    return { signatureHeader: encodeProto(SignatureHeaderSchema, header, sigPath), signature: modelToBytes(s.signature, at(sigPath, 'signature')) };
  });
  const metadata: Uint8Array[] = Array.from({ length: METADATA_ENTRIES }, () => new Uint8Array(0));
  metadata[BlockMetadataIndex.SIGNATURES] = encodeProto(MetadataSchema, create(MetadataSchema, { signatures }), at(path, 'metadata'));
  const wire = create(BlockSchema, {
    header: {
      number: safeUintToWire(block.header.number, at(at(path, 'header'), 'number')),
      previousHash: modelToBytes(block.header.previousHash, at(at(path, 'header'), 'previousHash')),
      dataHash: modelToBytes(block.header.dataHash, at(at(path, 'header'), 'dataHash')),
    },
    data: { data: txs },
    metadata: { metadata },
  });
  return encodeProto(BlockSchema, wire, path);
}

/**
 * [WIRE-FUNC-BLOCK.1] A transaction (a marshalled common.Envelope, as a model byte string) whose
 * channel header names `channelId` and whose payload data is `body`: what a block's first
 * transaction must be for the block to carry its channel id. Throws nothing; fails as the codec does.
 */
export function fabricTransactionBytes(channelId: string, body: string, path = ''): Uint8Array {
  const channelHeader = create(ChannelHeaderSchema, { type: HeaderType.ENDORSER_TRANSACTION, channelId: checkUtf16(channelId, at(path, 'channelId')) });
  const payload = create(CommonPayloadSchema, {
    header: { channelHeader: encodeProto(ChannelHeaderSchema, channelHeader, path) },
    data: modelToBytes(body, at(path, 'body')),
  });
  return encodeProto(CommonEnvelopeSchema, create(CommonEnvelopeSchema, { payload: encodeProto(CommonPayloadSchema, payload, path) }), path);
}
