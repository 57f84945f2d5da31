/**
 * The protobuf layer: bytes ↔ generated protobuf-es messages, exact and lossless. Unknown fields
 * are kept (protobuf-es's `$unknown`) and written back after the known ones, as Go does, so
 * `encodeProto(decodeProto(b))` reproduces every canonical encoding, unknown fields included
 * ([WIRE-FUNC-UNKNOWN-FIELDS.2]).
 */
import { fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { checkMessage } from './check';
import { fail, messageOf } from './errors';

/** Parse `bytes` as a `schema` message whose path is `path`; fails with that path's field on a fault. */
export function decodeProto<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array, path: string): MessageShape<Desc> {
  checkMessage(schema, bytes, path);
  try {
    return fromBinary(schema, bytes);
  } catch (e) {
    return fail('malformed', path, messageOf(e));
  }
}

/** Go's order: known fields by number, then unknown fields as received. */
export function encodeProto<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, path: string): Uint8Array {
  try {
    return toBinary(schema, message);
  } catch (e) {
    return fail('internal', path, messageOf(e));
  }
}
