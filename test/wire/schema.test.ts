/**
 * [WIRE-MSG-SCHEMA.1] The .proto files carry Fabric's message names, field names, numbers and
 * types. The table below is written again from fabric-gossip.md §11 and fabric-protos
 * common/common.proto, msp/identities.proto, independently of src/wire/proto, and compared with
 * the generated descriptors.
 */
import type { DescMessage } from '@bufbuild/protobuf';
import * as common from '../../src/wire/gen/common/common_pb';
import * as gossip from '../../src/wire/gen/gossip/message_pb';
import * as msp from '../../src/wire/gen/msp/identities_pb';

/** `name = number type` per field, as fabric-protos declares them (repeated written `[]type`). */
const FABRIC: Record<string, readonly string[]> = {
  'gossip.Envelope': ['payload = 1 bytes', 'signature = 2 bytes', 'secret_envelope = 3 gossip.SecretEnvelope'],
  'gossip.SecretEnvelope': ['payload = 1 bytes', 'signature = 2 bytes'],
  'gossip.Secret': ['internalEndpoint = 1 string'],
  'gossip.GossipMessage': [
    'nonce = 1 uint64', 'channel = 2 bytes', 'tag = 3 gossip.GossipMessage.Tag',
    'alive_msg = 5 gossip.AliveMessage', 'mem_req = 6 gossip.MembershipRequest', 'mem_res = 7 gossip.MembershipResponse',
    'data_msg = 8 gossip.DataMessage', 'hello = 9 gossip.GossipHello', 'data_dig = 10 gossip.DataDigest',
    'data_req = 11 gossip.DataRequest', 'data_update = 12 gossip.DataUpdate', 'empty = 13 gossip.Empty',
    'conn = 14 gossip.ConnEstablish', 'state_info = 15 gossip.StateInfo', 'state_snapshot = 16 gossip.StateInfoSnapshot',
    'state_info_pull_req = 17 gossip.StateInfoPullRequest', 'state_request = 18 gossip.RemoteStateRequest',
    'state_response = 19 gossip.RemoteStateResponse', 'leadership_msg = 20 gossip.LeadershipMessage',
    'peer_identity = 21 gossip.PeerIdentity', 'ack = 22 gossip.Acknowledgement', 'privateReq = 23 gossip.RemotePvtDataRequest',
    'privateRes = 24 gossip.RemotePvtDataResponse', 'private_data = 25 gossip.PrivateDataMessage',
  ],
  'gossip.StateInfo': ['timestamp = 2 gossip.PeerTime', 'pki_id = 3 bytes', 'channel_MAC = 4 bytes', 'properties = 5 gossip.Properties'],
  'gossip.Properties': ['ledger_height = 1 uint64', 'left_channel = 2 bool', 'chaincodes = 3 []gossip.Chaincode'],
  'gossip.StateInfoSnapshot': ['elements = 1 []gossip.Envelope'],
  'gossip.StateInfoPullRequest': ['channel_MAC = 1 bytes'],
  'gossip.ConnEstablish': ['pki_id = 1 bytes', 'identity = 2 bytes', 'tls_cert_hash = 3 bytes', 'probe = 4 bool'],
  'gossip.PeerIdentity': ['pki_id = 1 bytes', 'cert = 2 bytes', 'metadata = 3 bytes'],
  'gossip.DataRequest': ['nonce = 1 uint64', 'digests = 2 []bytes', 'msg_type = 3 gossip.PullMsgType'],
  'gossip.GossipHello': ['nonce = 1 uint64', 'metadata = 2 bytes', 'msg_type = 3 gossip.PullMsgType'],
  'gossip.DataUpdate': ['nonce = 1 uint64', 'data = 2 []gossip.Envelope', 'msg_type = 3 gossip.PullMsgType'],
  'gossip.DataDigest': ['nonce = 1 uint64', 'digests = 2 []bytes', 'msg_type = 3 gossip.PullMsgType'],
  'gossip.DataMessage': ['payload = 1 gossip.Payload'],
  'gossip.PrivateDataMessage': ['payload = 1 gossip.PrivatePayload'],
  'gossip.Payload': ['seq_num = 1 uint64', 'data = 2 bytes', 'private_data = 3 []bytes'],
  'gossip.PrivatePayload': [
    'collection_name = 1 string', 'namespace = 2 string', 'tx_id = 3 string', 'private_rwset = 4 bytes',
    'private_sim_height = 5 uint64', 'collection_configs = 6 protos.CollectionConfigPackage',
  ],
  'gossip.AliveMessage': ['membership = 1 gossip.Member', 'timestamp = 2 gossip.PeerTime', 'identity = 4 bytes'],
  'gossip.LeadershipMessage': ['pki_id = 1 bytes', 'timestamp = 2 gossip.PeerTime', 'is_declaration = 3 bool'],
  'gossip.PeerTime': ['inc_num = 1 uint64', 'seq_num = 2 uint64'],
  'gossip.MembershipRequest': ['self_information = 1 gossip.Envelope', 'known = 2 []bytes'],
  'gossip.MembershipResponse': ['alive = 1 []gossip.Envelope', 'dead = 2 []gossip.Envelope'],
  'gossip.Member': ['endpoint = 1 string', 'metadata = 2 bytes', 'pki_id = 3 bytes'],
  'gossip.Empty': [],
  'gossip.RemoteStateRequest': ['start_seq_num = 1 uint64', 'end_seq_num = 2 uint64'],
  'gossip.RemoteStateResponse': ['payloads = 1 []gossip.Payload'],
  'gossip.RemotePvtDataRequest': ['digests = 1 []gossip.PvtDataDigest'],
  'gossip.PvtDataDigest': ['tx_id = 1 string', 'namespace = 2 string', 'collection = 3 string', 'block_seq = 4 uint64', 'seq_in_block = 5 uint64'],
  'gossip.RemotePvtDataResponse': ['elements = 1 []gossip.PvtDataElement'],
  'gossip.PvtDataElement': ['digest = 1 gossip.PvtDataDigest', 'payload = 2 []bytes'],
  'gossip.PvtDataPayload': ['tx_seq_in_block = 1 uint64', 'payload = 2 bytes'],
  'gossip.Acknowledgement': ['error = 1 string'],
  'gossip.Chaincode': ['name = 1 string', 'version = 2 string', 'metadata = 3 bytes'],
  'common.Block': ['header = 1 common.BlockHeader', 'data = 2 common.BlockData', 'metadata = 3 common.BlockMetadata'],
  'common.BlockHeader': ['number = 1 uint64', 'previous_hash = 2 bytes', 'data_hash = 3 bytes'],
  'common.BlockData': ['data = 1 []bytes'],
  'common.BlockMetadata': ['metadata = 1 []bytes'],
  'common.Metadata': ['value = 1 bytes', 'signatures = 2 []common.MetadataSignature'],
  'common.MetadataSignature': ['signature_header = 1 bytes', 'signature = 2 bytes', 'identifier_header = 3 bytes'],
  'common.SignatureHeader': ['creator = 1 bytes', 'nonce = 2 bytes'],
  'common.Envelope': ['payload = 1 bytes', 'signature = 2 bytes'],
  'common.Payload': ['header = 1 common.Header', 'data = 2 bytes'],
  'common.Header': ['channel_header = 1 bytes', 'signature_header = 2 bytes'],
  'common.ChannelHeader': [
    'type = 1 int32', 'version = 2 int32', 'timestamp = 3 google.protobuf.Timestamp', 'channel_id = 4 string', 'tx_id = 5 string',
    'epoch = 6 uint64', 'extension = 7 bytes', 'tls_cert_hash = 8 bytes',
  ],
  'msp.SerializedIdentity': ['mspid = 1 string', 'id_bytes = 2 bytes'],
};

const SCALAR_NAMES: Record<number, string> = { 4: 'uint64', 8: 'bool', 9: 'string', 12: 'bytes', 5: 'int32', 13: 'uint32' };

function describeFields(desc: DescMessage): string[] {
  return desc.fields.map((f) => {
    const type =
      f.fieldKind === 'message' ? f.message.typeName
      : f.fieldKind === 'enum' ? f.enum.typeName
      : f.fieldKind === 'scalar' ? SCALAR_NAMES[f.scalar]
      : f.fieldKind === 'list' ? `[]${f.listKind === 'message' ? f.message.typeName : f.listKind === 'enum' ? f.enum.typeName : SCALAR_NAMES[f.scalar]}`
      : 'map';
    return `${f.name} = ${f.number} ${type}`;
  });
}

const ALL: readonly DescMessage[] = ([...Object.values(gossip), ...Object.values(common), ...Object.values(msp)] as unknown[]).filter(
  (x): x is DescMessage => typeof x === 'object' && x !== null && (x as { kind?: string }).kind === 'message',
);

describe('[WIRE-MSG-SCHEMA.1] the .proto files declare Fabric\'s messages', () => {
  it.each(Object.keys(FABRIC))('[WIRE-MSG-SCHEMA.1] %s has Fabric\'s fields, numbers and types', (name) => {
    const desc = ALL.find((d) => d.typeName === name);
    expect(desc).toBeDefined();
    if (desc) expect(describeFields(desc)).toEqual(FABRIC[name]);
  });

  it('[WIRE-MSG-SCHEMA.1] the enums have Fabric\'s names and numbers', () => {
    expect(gossip.GossipMessage_TagSchema.values.map((v) => `${v.name}=${v.number}`)).toEqual(
      ['UNDEFINED=0', 'EMPTY=1', 'ORG_ONLY=2', 'CHAN_ONLY=3', 'CHAN_AND_ORG=4', 'CHAN_OR_ORG=5']);
    expect(gossip.PullMsgTypeSchema.values.map((v) => `${v.name}=${v.number}`)).toEqual(['UNDEFINED=0', 'BLOCK_MSG=1', 'IDENTITY_MSG=2']);
    expect(common.BlockMetadataIndexSchema.values.map((v) => `${v.name}=${v.number}`)).toEqual(
      ['SIGNATURES=0', 'LAST_CONFIG=1', 'TRANSACTIONS_FILTER=2', 'ORDERER=3', 'COMMIT_HASH=4']);
  });

  it('[WIRE-MSG-SCHEMA.1] the gossip service has Fabric\'s two methods', () => {
    expect(gossip.Gossip.methods.map((m) => `${m.name} ${m.methodKind} ${m.input.typeName} ${m.output.typeName}`)).toEqual([
      'GossipStream bidi_streaming gossip.Envelope gossip.Envelope',
      'Ping unary gossip.Empty gossip.Empty',
    ]);
  });

  it('[WIRE-MSG-SCHEMA.1] every gossip message of the .proto is in the table', () => {
    const declared = ALL.filter((d) => d.typeName.startsWith('gossip.')).map((d) => d.typeName).sort();
    expect(declared).toEqual(Object.keys(FABRIC).filter((k) => k.startsWith('gossip.')).sort());
  });
});
