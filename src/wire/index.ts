/**
 * The wire codec: Fabric's gossip protobuf bytes ↔ the io-ts model (spec/wire.md, docs/wire.md).
 * Every function returns a WireResult and never throws, whatever the input.
 *
 * Two layers: `decodeWire*`/`encodeWire` give protobuf-es messages, exact and lossless (unknown
 * fields and private data included); `decode*`/`encode*` map to and from the model that the
 * reducers take, refusing what the model cannot hold with a typed error naming the field.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type * as t from 'io-ts';
import { decodeWith } from '../core/decode';
import { Block, Envelope, GossipMessage } from '../messages';
import { blockFromWire, blockToWire, fabricTransactionBytes } from './block';
import { bytesToModel } from './bytes';
import { attempt, fail, type WireResult } from './errors';
import { envelopeToWire, gossipMessageBytes } from './from-model';
import * as pb from './gen/gossip/message_pb';
import { serializedIdentityFromWire, serializedIdentityToWire, type SerializedIdentity } from './identity';
import { decodeProto, encodeProto } from './proto-codec';
import { envelopeFromWire, gossipMessageFromWire } from './to-model';

export type { WireError, WireErrorReason, WireResult } from './errors';
export type { SerializedIdentity } from './identity';
export { MAX_NESTING_DEPTH } from '../messages/proto/framing';

/** The io-ts check at the encoding edge: a value outside the model is `invalid` at its io-ts path. */
function modelOrFail<A, O>(codec: t.Type<A, O, unknown>, value: unknown): A {
  const decoded = decodeWith(codec, value);
  if (!decoded.ok) fail('invalid', decoded.error.path, decoded.error.message.replace(/^[^:]*: /, ''));
  return decoded.value;
}

// ---- Model layer: [WIRE-FUNC-ROUND-TRIP.2] decode(encode(m)) = m wherever encode succeeds, and
// encode(decode(b)) = b for every canonical b; everything decode returns can be encoded again.

export const decodeEnvelope = (bytes: Uint8Array): WireResult<Envelope> =>
  attempt('Envelope', () => envelopeFromWire(decodeProto(pb.EnvelopeSchema, bytes, 'Envelope'), 'Envelope'));

export const decodeGossipMessage = (bytes: Uint8Array): WireResult<GossipMessage> =>
  attempt('GossipMessage', () => gossipMessageFromWire(decodeProto(pb.GossipMessageSchema, bytes, 'GossipMessage'), 'GossipMessage'));

export const encodeEnvelope = (envelope: Envelope): WireResult<Uint8Array> =>
  attempt('', () => encodeProto(pb.EnvelopeSchema, envelopeToWire(modelOrFail(Envelope, envelope), ''), ''));

export const encodeGossipMessage = (message: GossipMessage): WireResult<Uint8Array> =>
  attempt('', () => gossipMessageBytes(modelOrFail(GossipMessage, message), ''));

/** A marshalled common.Block (what Payload.data holds) as the model's Block. */
export const decodeBlock = (bytes: Uint8Array): WireResult<Block> => attempt('Block', () => blockFromWire(bytes, 'Block'));

export const encodeBlock = (block: Block): WireResult<Uint8Array> => attempt('', () => blockToWire(modelOrFail(Block, block), ''));

/**
 * A transaction whose channel header names `channelId`, as a model byte string: a block whose
 * first transaction is one of these carries `channelId` on the wire ([WIRE-FUNC-BLOCK.1]).
 */
export const fabricTransaction = (channelId: string, body: string): WireResult<string> =>
  attempt('', () => bytesToModel(fabricTransactionBytes(channelId, body)));

export const decodeSerializedIdentity = (bytes: Uint8Array): WireResult<SerializedIdentity> =>
  attempt('SerializedIdentity', () => serializedIdentityFromWire(bytes, 'SerializedIdentity'));

export const encodeSerializedIdentity = (id: SerializedIdentity): WireResult<Uint8Array> => attempt('', () => serializedIdentityToWire(id, ''));

// ---- Wire layer

/** Any generated message, e.g. `decodeWire(pb.GossipMessageSchema, bytes)`; the root path is the message's name. */
export function decodeWire<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array): WireResult<MessageShape<Desc>> {
  return attempt(schema.name, () => decodeProto(schema, bytes, schema.name));
}

export function encodeWire<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): WireResult<Uint8Array> {
  return attempt(schema.name, () => encodeProto(schema, message, schema.name));
}

export * as gossipPb from './gen/gossip/message_pb';
export * as commonPb from './gen/common/common_pb';
export * as mspPb from './gen/msp/identities_pb';
