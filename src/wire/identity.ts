/**
 * msp.SerializedIdentity {mspid, id_bytes}: what Fabric's identity bytes fields hold (alive and
 * ConnEstablish identities, PeerIdentity.cert, a block signature's creator). The gossip model
 * keeps those fields opaque; this is their wire form for the identity work that reads them
 * ([WIRE-MSG-SERIALIZED-IDENTITY.1]).
 */
import { create } from '@bufbuild/protobuf';
import { bytesToModel, checkUtf16, modelToBytes } from './bytes';
import { at } from './errors';
import { SerializedIdentitySchema } from './gen/msp/identities_pb';
import { decodeProto, encodeProto } from './proto-codec';

/** `idBytes` is a model byte string (Latin-1), for Fabric's X.509 MSP a PEM certificate. */
export interface SerializedIdentity {
  readonly mspId: string;
  readonly idBytes: string;
}

export function serializedIdentityFromWire(bytes: Uint8Array, path: string): SerializedIdentity {
  const id = decodeProto(SerializedIdentitySchema, bytes, path);
  return { mspId: id.mspid, idBytes: bytesToModel(id.idBytes) };
}

export function serializedIdentityToWire(id: SerializedIdentity, path: string): Uint8Array {
  const wire = create(SerializedIdentitySchema, { mspid: checkUtf16(id.mspId, at(path, 'mspId')), idBytes: modelToBytes(id.idBytes, at(path, 'idBytes')) });
  return encodeProto(SerializedIdentitySchema, wire, path);
}
