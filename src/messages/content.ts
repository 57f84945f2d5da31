/**
 * The content variants of GossipMessage (fabric-protos gossip/message.proto), with Fabric's
 * field names in camelCase. Envelopes nested inside a message are typed by the content they must
 * carry (an alive envelope in a membership request, StateInfo envelopes in a snapshot, ...), so a
 * wrong nested type is rejected at the edge with the path of the bad field.
 */
import * as t from 'io-ts';
import { decodesUnchangedWhenIs } from '../core/decode-guard';
import { PeerTime, Uint64 } from '../core/peer-time';
import { Block } from './block';
import { Bytes, PullMsgType, SafeUint } from './primitives';
import { envelopeOf } from './envelope';

const oneof = <K extends string, C extends t.Mixed>(key: K, codec: C) =>
  t.type({ $case: t.literal(key), [key]: codec } as { $case: t.LiteralC<K> } & Record<K, C>, key);

/**
 * A oneof position that admits a single case (the content of a nested alive or StateInfo
 * envelope). `$case` is checked first so that a wrong case is reported at the oneof's own path,
 * as the tagged union `Content` reports an unknown case, and not as a missing `aliveMsg` field
 * ([MSG-FUNC-DECODE-ERROR.1]).
 */
function onlyCase<C extends t.Mixed & { readonly props: { readonly $case: { readonly value: string } } }>(codec: C) {
  const key = codec.props.$case.value;
  // A value passing codec.is has the case, so decode is codec's own decode.
  return decodesUnchangedWhenIs(
    new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
      codec.name,
      codec.is,
      (u, c) => (t.UnknownRecord.is(u) && u['$case'] === key ? codec.validate(u, c) : t.failure(u, c)),
      codec.encode,
    ),
    [codec],
  );
}

export const Member = t.type({ endpoint: t.string, metadata: Bytes, pkiId: Bytes }, 'Member');
export const AliveMessage = t.intersection(
  [t.type({ membership: Member, timestamp: PeerTime }), t.partial({ identity: Bytes })],
  'AliveMessage',
);
export const AliveContent = oneof('aliveMsg', AliveMessage);

export const LeadershipMessage = t.type({ pkiId: Bytes, timestamp: PeerTime, isDeclaration: t.boolean }, 'LeadershipMessage');
export const LeadershipContent = oneof('leadershipMsg', LeadershipMessage);

export const Chaincode = t.type({ name: t.string, version: t.string, metadata: Bytes }, 'Chaincode');
export const Properties = t.type(
  { ledgerHeight: SafeUint, leftChannel: t.boolean, chaincodes: t.readonlyArray(Chaincode) },
  'Properties',
);
export const StateInfo = t.type(
  { timestamp: PeerTime, pkiId: Bytes, channelMAC: Bytes, properties: Properties },
  'StateInfo',
);
export const StateInfoContent = oneof('stateInfo', StateInfo);

export const Payload = t.type({ seqNum: SafeUint, data: Block, privateData: t.readonlyArray(Bytes) }, 'Payload');
export const DataMessage = t.type({ payload: Payload }, 'DataMessage');
export const DataContent = oneof('dataMsg', DataMessage);

export const PeerIdentity = t.type({ pkiId: Bytes, cert: Bytes, metadata: Bytes }, 'PeerIdentity');
export const PeerIdentityContent = oneof('peerIdentity', PeerIdentity);

const AliveEnvelope = envelopeOf(onlyCase(AliveContent), 'AliveEnvelope');

export const MembershipRequest = t.type(
  { selfInformation: AliveEnvelope, known: t.readonlyArray(Bytes) },
  'MembershipRequest',
);
export const MembershipResponse = t.type(
  { alive: t.readonlyArray(AliveEnvelope), dead: t.readonlyArray(AliveEnvelope) },
  'MembershipResponse',
);

export const GossipHello = t.type({ nonce: Uint64, metadata: Bytes, msgType: PullMsgType }, 'GossipHello');
export const DataDigest = t.type({ nonce: Uint64, digests: t.readonlyArray(Bytes), msgType: PullMsgType }, 'DataDigest');
export const DataRequest = t.type({ nonce: Uint64, digests: t.readonlyArray(Bytes), msgType: PullMsgType }, 'DataRequest');
export const DataUpdate = t.type(
  {
    nonce: Uint64,
    data: t.readonlyArray(envelopeOf(t.union([DataContent, PeerIdentityContent]), 'PulledItemEnvelope')),
    msgType: PullMsgType,
  },
  'DataUpdate',
);

export const StateInfoSnapshot = t.type(
  { elements: t.readonlyArray(envelopeOf(onlyCase(StateInfoContent), 'StateInfoEnvelope')) },
  'StateInfoSnapshot',
);
export const StateInfoPullRequest = t.type({ channelMAC: Bytes }, 'StateInfoPullRequest');
export const RemoteStateRequest = t.type({ startSeqNum: SafeUint, endSeqNum: SafeUint }, 'RemoteStateRequest');
export const RemoteStateResponse = t.type({ payloads: t.readonlyArray(Payload) }, 'RemoteStateResponse');
export const ConnEstablish = t.type({ pkiId: Bytes, identity: Bytes, tlsCertHash: Bytes, probe: t.boolean }, 'ConnEstablish');
export const Acknowledgement = t.type({ error: t.string }, 'Acknowledgement');
export const Empty = t.type({}, 'Empty');

/** Every variant of GossipMessage.content (private-data variants are not modelled; see spec). */
export const Content = t.union(
  [
    AliveContent,
    oneof('memReq', MembershipRequest),
    oneof('memRes', MembershipResponse),
    DataContent,
    oneof('hello', GossipHello),
    oneof('dataDig', DataDigest),
    oneof('dataReq', DataRequest),
    oneof('dataUpdate', DataUpdate),
    oneof('empty', Empty),
    oneof('conn', ConnEstablish),
    StateInfoContent,
    oneof('stateSnapshot', StateInfoSnapshot),
    oneof('stateInfoPullReq', StateInfoPullRequest),
    oneof('stateRequest', RemoteStateRequest),
    oneof('stateResponse', RemoteStateResponse),
    LeadershipContent,
    PeerIdentityContent,
    oneof('ack', Acknowledgement),
  ],
  'Content',
);
export type Content = t.TypeOf<typeof Content>;
export type ContentCase = Content['$case'];
export type ContentOf<K extends ContentCase> = Extract<Content, { $case: K }>;
