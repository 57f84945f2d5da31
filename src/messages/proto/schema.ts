/**
 * The protobuf schemas that signing reads and writes, as plain tables: Fabric's `gossip` messages
 * (fabric-protos gossip/message.proto) and the `common` messages a block and a transaction are made
 * of (common/common.proto, google/protobuf/timestamp.proto). Field numbers and types are the ones
 * src/wire/proto declares ([WIRE-MSG-SCHEMA.1]); test/messages/proto-schema.test.ts compares the
 * two, field by field, so that they cannot drift apart.
 *
 * src/wire parses and writes with protobuf-es; src/messages may not depend on it (it is a leaf, see
 * .dependency-cruiser.cjs), and the bytes a signature covers are made here.
 */

/** Scalars carried as varints, each read the way Go's unmarshaller reads it (see tree.ts). */
export type VarintKind = 'uint64' | 'int64' | 'uint32' | 'int32' | 'enum' | 'bool';
export type FieldKind = VarintKind | 'bytes' | 'string' | 'message';

export interface FieldSpec {
  readonly no: number;
  /** Fabric's field name (for tests and messages). */
  readonly name: string;
  readonly kind: FieldKind;
  readonly repeated: boolean;
  /** The oneof the field belongs to: explicit presence, and setting it clears its siblings. */
  readonly oneof?: string;
  readonly message?: MessageSchema;
}

export interface MessageSchema {
  /** The full protobuf name, e.g. `gossip.GossipMessage`. */
  readonly name: string;
  /** In field-number order: the order Go's marshaller writes them in. */
  readonly fields: readonly FieldSpec[];
  readonly byNo: ReadonlyMap<number, FieldSpec>;
}

type FieldInit = readonly [no: number, name: string, kind: FieldKind | MessageSchema, options?: { readonly repeated?: true; readonly oneof?: string }];

function message(name: string, inits: readonly FieldInit[]): MessageSchema {
  const fields = inits
    .map(([no, fieldName, kind, options]): FieldSpec => {
      const base = typeof kind === 'string' ? { kind } : { kind: 'message' as const, message: kind };
      return { no, name: fieldName, ...base, repeated: options?.repeated === true, ...(options?.oneof === undefined ? {} : { oneof: options.oneof }) };
    })
    .sort((a, b) => a.no - b.no);
  return { name, fields, byNo: new Map(fields.map((f) => [f.no, f])) };
}

const repeated = { repeated: true } as const;
const content = { oneof: 'content' } as const;

// ---- google.protobuf and common (a block, a transaction)

export const TimestampSchema = message('google.protobuf.Timestamp', [[1, 'seconds', 'int64'], [2, 'nanos', 'int32']]);
export const ChannelHeaderSchema = message('common.ChannelHeader', [
  [1, 'type', 'int32'], [2, 'version', 'int32'], [3, 'timestamp', TimestampSchema], [4, 'channel_id', 'string'],
  [5, 'tx_id', 'string'], [6, 'epoch', 'uint64'], [7, 'extension', 'bytes'], [8, 'tls_cert_hash', 'bytes'],
]);
export const HeaderSchema = message('common.Header', [[1, 'channel_header', 'bytes'], [2, 'signature_header', 'bytes']]);
export const CommonPayloadSchema = message('common.Payload', [[1, 'header', HeaderSchema], [2, 'data', 'bytes']]);
export const CommonEnvelopeSchema = message('common.Envelope', [[1, 'payload', 'bytes'], [2, 'signature', 'bytes']]);
export const SignatureHeaderSchema = message('common.SignatureHeader', [[1, 'creator', 'bytes'], [2, 'nonce', 'bytes']]);
export const MetadataSignatureSchema = message('common.MetadataSignature', [[1, 'signature_header', 'bytes'], [2, 'signature', 'bytes'], [3, 'identifier_header', 'bytes']]);
export const MetadataSchema = message('common.Metadata', [[1, 'value', 'bytes'], [2, 'signatures', MetadataSignatureSchema, repeated]]);
export const BlockHeaderSchema = message('common.BlockHeader', [[1, 'number', 'uint64'], [2, 'previous_hash', 'bytes'], [3, 'data_hash', 'bytes']]);
export const BlockDataSchema = message('common.BlockData', [[1, 'data', 'bytes', repeated]]);
export const BlockMetadataSchema = message('common.BlockMetadata', [[1, 'metadata', 'bytes', repeated]]);
export const BlockSchema = message('common.Block', [[1, 'header', BlockHeaderSchema], [2, 'data', BlockDataSchema], [3, 'metadata', BlockMetadataSchema]]);

// ---- gossip

export const SecretSchema = message('gossip.Secret', [[1, 'internalEndpoint', 'string', { oneof: 'content' }]]);
export const SecretEnvelopeSchema = message('gossip.SecretEnvelope', [[1, 'payload', 'bytes'], [2, 'signature', 'bytes']]);
export const EnvelopeSchema = message('gossip.Envelope', [[1, 'payload', 'bytes'], [2, 'signature', 'bytes'], [3, 'secret_envelope', SecretEnvelopeSchema]]);

export const PeerTimeSchema = message('gossip.PeerTime', [[1, 'inc_num', 'uint64'], [2, 'seq_num', 'uint64']]);
export const MemberSchema = message('gossip.Member', [[1, 'endpoint', 'string'], [2, 'metadata', 'bytes'], [3, 'pki_id', 'bytes']]);
export const AliveMessageSchema = message('gossip.AliveMessage', [[1, 'membership', MemberSchema], [2, 'timestamp', PeerTimeSchema], [4, 'identity', 'bytes']]);
export const MembershipRequestSchema = message('gossip.MembershipRequest', [[1, 'self_information', EnvelopeSchema], [2, 'known', 'bytes', repeated]]);
export const MembershipResponseSchema = message('gossip.MembershipResponse', [[1, 'alive', EnvelopeSchema, repeated], [2, 'dead', EnvelopeSchema, repeated]]);
export const PayloadSchema = message('gossip.Payload', [[1, 'seq_num', 'uint64'], [2, 'data', 'bytes'], [3, 'private_data', 'bytes', repeated]]);
export const DataMessageSchema = message('gossip.DataMessage', [[1, 'payload', PayloadSchema]]);
const pullFields = (second: FieldInit): FieldInit[] => [[1, 'nonce', 'uint64'], second, [3, 'msg_type', 'enum']];
export const GossipHelloSchema = message('gossip.GossipHello', pullFields([2, 'metadata', 'bytes']));
export const DataDigestSchema = message('gossip.DataDigest', pullFields([2, 'digests', 'bytes', repeated]));
export const DataRequestSchema = message('gossip.DataRequest', pullFields([2, 'digests', 'bytes', repeated]));
export const DataUpdateSchema = message('gossip.DataUpdate', pullFields([2, 'data', EnvelopeSchema, repeated]));
export const EmptySchema = message('gossip.Empty', []);
export const ConnEstablishSchema = message('gossip.ConnEstablish', [[1, 'pki_id', 'bytes'], [2, 'identity', 'bytes'], [3, 'tls_cert_hash', 'bytes'], [4, 'probe', 'bool']]);
export const ChaincodeSchema = message('gossip.Chaincode', [[1, 'name', 'string'], [2, 'version', 'string'], [3, 'metadata', 'bytes']]);
export const PropertiesSchema = message('gossip.Properties', [[1, 'ledger_height', 'uint64'], [2, 'left_channel', 'bool'], [3, 'chaincodes', ChaincodeSchema, repeated]]);
export const StateInfoSchema = message('gossip.StateInfo', [[2, 'timestamp', PeerTimeSchema], [3, 'pki_id', 'bytes'], [4, 'channel_MAC', 'bytes'], [5, 'properties', PropertiesSchema]]);
export const StateInfoSnapshotSchema = message('gossip.StateInfoSnapshot', [[1, 'elements', EnvelopeSchema, repeated]]);
export const StateInfoPullRequestSchema = message('gossip.StateInfoPullRequest', [[1, 'channel_MAC', 'bytes']]);
export const RemoteStateRequestSchema = message('gossip.RemoteStateRequest', [[1, 'start_seq_num', 'uint64'], [2, 'end_seq_num', 'uint64']]);
export const RemoteStateResponseSchema = message('gossip.RemoteStateResponse', [[1, 'payloads', PayloadSchema, repeated]]);
export const LeadershipMessageSchema = message('gossip.LeadershipMessage', [[1, 'pki_id', 'bytes'], [2, 'timestamp', PeerTimeSchema], [3, 'is_declaration', 'bool']]);
export const PeerIdentitySchema = message('gossip.PeerIdentity', [[1, 'pki_id', 'bytes'], [2, 'cert', 'bytes'], [3, 'metadata', 'bytes']]);
export const AcknowledgementSchema = message('gossip.Acknowledgement', [[1, 'error', 'string']]);
/**
 * The private-data cases: the model never holds them, so their insides are not needed; they are
 * here because, as members of the content oneof, they displace an earlier content field.
 */
export const RemotePvtDataRequestSchema = message('gossip.RemotePvtDataRequest', []);
export const RemotePvtDataResponseSchema = message('gossip.RemotePvtDataResponse', []);
export const PrivateDataMessageSchema = message('gossip.PrivateDataMessage', []);

export const GossipMessageSchema = message('gossip.GossipMessage', [
  [1, 'nonce', 'uint64'], [2, 'channel', 'bytes'], [3, 'tag', 'enum'],
  [5, 'alive_msg', AliveMessageSchema, content], [6, 'mem_req', MembershipRequestSchema, content],
  [7, 'mem_res', MembershipResponseSchema, content], [8, 'data_msg', DataMessageSchema, content],
  [9, 'hello', GossipHelloSchema, content], [10, 'data_dig', DataDigestSchema, content],
  [11, 'data_req', DataRequestSchema, content], [12, 'data_update', DataUpdateSchema, content],
  [13, 'empty', EmptySchema, content], [14, 'conn', ConnEstablishSchema, content],
  [15, 'state_info', StateInfoSchema, content], [16, 'state_snapshot', StateInfoSnapshotSchema, content],
  [17, 'state_info_pull_req', StateInfoPullRequestSchema, content], [18, 'state_request', RemoteStateRequestSchema, content],
  [19, 'state_response', RemoteStateResponseSchema, content], [20, 'leadership_msg', LeadershipMessageSchema, content],
  [21, 'peer_identity', PeerIdentitySchema, content], [22, 'ack', AcknowledgementSchema, content],
  [23, 'privateReq', RemotePvtDataRequestSchema, content], [24, 'privateRes', RemotePvtDataResponseSchema, content],
  [25, 'private_data', PrivateDataMessageSchema, content],
]);
