/**
 * Ports of Fabric's gossip/protoext/message_test.go: the message-type predicates and the tag rules
 * (IsTagLegal, IsChannelRestricted, IsOrgRestricted).
 * The type predicates (IsAliveMsg, IsDataMsg, IsPullMsg, ...) are, in the model, the content case
 * of a decoded message; the ports build each message as Fabric's test does, marshal it, decode it
 * with the wire codec and ask the case. GetPullMsgType is the composition's pullMsgTypeOf.
 * Adaptations: a data message's Payload.data is a block (Fabric's tests put raw bytes there, which
 * the model cannot read), a DataUpdate carries a real envelope (Fabric's {2,2,2} is no
 * GossipMessage), GetPullMsgType of a non-pull message is undefined (Fabric: UNDEFINED), and an
 * `empty` message is legal with any tag but UNDEFINED ([MSG-FUNC-TAG-LEGALITY.1], "Differs from Fabric").
 */
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  CHANNEL_RESTRICTED_TAGS, checkTag, ORG_RESTRICTED_TAGS, type ContentCase, type Envelope, type GossipMessage, type Tag,
} from '../../src/messages';
import { pullMsgTypeOf } from '../../src/peer/admission/pull-type';
import { decodeGossipMessage, encodeBlock, fabricTransaction, gossipPb as pb } from '../../src/wire';
import { EXAMPLES, messageOf } from './examples';

type Init = MessageInitShape<typeof pb.GossipMessageSchema>;
const bin = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

/** The model value of a message built as Fabric's test builds it. */
function decoded(init: Init): GossipMessage {
  const r = decodeGossipMessage(toBinary(pb.GossipMessageSchema, create(pb.GossipMessageSchema, init)));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A marshalled block in Payload.data, where Fabric's dataMessage(seq, data) puts raw bytes. */
function blockBytes(seqNum: number): Uint8Array {
  const tx = fabricTransaction('', 'data');
  if (!tx.ok) throw new Error(tx.error.message);
  const block = encodeBlock({ header: { number: seqNum, previousHash: '', dataHash: '', channelId: '' }, data: [tx.value], metadata: { signatures: [] } });
  if (!block.ok) throw new Error(block.error.message);
  return block.value;
}
const dataMessage = (seqNum: number): Init['content'] => ({ case: 'dataMsg', value: { payload: { seqNum: BigInt(seqNum), data: blockBytes(seqNum) } } });
/** A nested envelope whose payload is a GossipMessage (Fabric's envelopes()[0] holds {2,2,2}). */
const envelope = () => ({ payload: toBinary(pb.GossipMessageSchema, create(pb.GossipMessageSchema, { content: dataMessage(1) })), signature: bin('\u0002\u0002\u0002') });

const is = (m: GossipMessage, ...cases: ContentCase[]): boolean => cases.includes(m.content.$case);
const asEnvelope = (m: GossipMessage): Envelope => ({ payload: m, signature: '' });
const isPullMsg = (m: GossipMessage): boolean => pullMsgTypeOf(asEnvelope(m)) !== undefined;
const isRemoteStateMessage = (m: GossipMessage): boolean => is(m, 'stateRequest', 'stateResponse');
const isTagLegal = (m: GossipMessage): boolean => checkTag(m).ok;
const isChannelRestricted = (m: GossipMessage): boolean => CHANNEL_RESTRICTED_TAGS.includes(m.tag);
const isOrgRestricted = (m: GossipMessage): boolean => ORG_RESTRICTED_TAGS.includes(m.tag);
const withTag = (content: GossipMessage['content'], tag: Tag): GossipMessage => ({ ...messageOf(content), tag });

describe('Fabric gossip/protoext/message_test.go ports', () => {
  it('[MSG-MSG-GOSSIP-MESSAGE.1] TestCheckGossipMessageTypes: each message built as Fabric builds it decodes to its content case; the pull and remote-state families', () => {
    const digests = [bin('msg1'), bin('msg2'), bin('msg3')];
    expect(is(decoded({ content: { case: 'stateInfoPullReq', value: { channelMAC: Uint8Array.of(17) } } }), 'stateInfoPullReq')).toBe(true);
    const alive = decoded({ content: { case: 'aliveMsg', value: { identity: bin('peerID'), membership: { pkiId: bin('pkiID'), metadata: Uint8Array.of(17), endpoint: 'localhost' }, timestamp: { seqNum: 1n, incNum: 1n } } } });
    expect(is(alive, 'aliveMsg')).toBe(true);
    expect(is(decoded({ content: dataMessage(1) }), 'dataMsg')).toBe(true);
    const dataReq = decoded({ content: { case: 'dataReq', value: { msgType: pb.PullMsgType.UNDEFINED, nonce: 0n, digests } } });
    expect([is(dataReq, 'dataReq'), isPullMsg(dataReq)]).toEqual([true, true]);
    const dataDig = decoded({ content: { case: 'dataDig', value: { msgType: pb.PullMsgType.UNDEFINED, nonce: 0n, digests } } });
    expect([is(dataDig, 'dataDig'), isPullMsg(dataDig)]).toEqual([true, true]);
    const dataUpdate = decoded({ content: { case: 'dataUpdate', value: { msgType: pb.PullMsgType.UNDEFINED, nonce: 0n, data: [envelope()] } } });
    expect([is(dataUpdate, 'dataUpdate'), isPullMsg(dataUpdate)]).toEqual([true, true]);
    const hello = decoded({ content: { case: 'hello', value: { msgType: pb.PullMsgType.UNDEFINED, nonce: 0n } } });
    expect([is(hello, 'hello'), isPullMsg(hello)]).toEqual([true, true]);
    expect(isRemoteStateMessage(decoded({ content: { case: 'stateRequest', value: { startSeqNum: 1n, endSeqNum: 10n } } }))).toBe(true);
    expect(isRemoteStateMessage(decoded({ content: { case: 'stateResponse', value: { payloads: [{ seqNum: 1n, data: blockBytes(1) }] } } }))).toBe(true);
    // And the predicates are not all true of everything.
    expect([isPullMsg(alive), isRemoteStateMessage(alive), is(alive, 'dataMsg')]).toEqual([false, false, false]);
  });

  it('[MSG-MSG-GOSSIP-MESSAGE.1] TestGossipPullMessageType: a pull message\'s type is its msg_type; a data message has none', () => {
    const digests = [bin('msg1'), bin('msg2'), bin('msg3')];
    const typeOf = (m: GossipMessage) => pullMsgTypeOf(asEnvelope(m));
    const hello = decoded({ content: { case: 'hello', value: { msgType: pb.PullMsgType.BLOCK_MSG, nonce: 0n } } });
    expect([is(hello, 'hello'), isPullMsg(hello), typeOf(hello)]).toEqual([true, true, 'BLOCK_MSG']);
    const dataDig = decoded({ content: { case: 'dataDig', value: { msgType: pb.PullMsgType.IDENTITY_MSG, nonce: 0n, digests } } });
    expect([is(dataDig, 'dataDig'), isPullMsg(dataDig), typeOf(dataDig)]).toEqual([true, true, 'IDENTITY_MSG']);
    const dataReq = decoded({ content: { case: 'dataReq', value: { msgType: pb.PullMsgType.BLOCK_MSG, nonce: 0n, digests } } });
    expect([is(dataReq, 'dataReq'), isPullMsg(dataReq), typeOf(dataReq)]).toEqual([true, true, 'BLOCK_MSG']);
    const dataUpdate = decoded({ content: { case: 'dataUpdate', value: { msgType: pb.PullMsgType.IDENTITY_MSG, nonce: 0n, data: [envelope()] } } });
    expect([is(dataUpdate, 'dataUpdate'), isPullMsg(dataUpdate), typeOf(dataUpdate)]).toEqual([true, true, 'IDENTITY_MSG']);
    const data = decoded({ content: dataMessage(1) });
    expect([is(data, 'dataMsg'), typeOf(data)]).toEqual([true, undefined]);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] TestGossipMessageDataMessageTagType: CHAN_AND_ORG is legal and both channel- and org-restricted; the other tags restrict as Fabric says', () => {
    const data = EXAMPLES.dataMsg;
    const chanAndOrg = withTag(data, 'CHAN_AND_ORG');
    expect([isChannelRestricted(chanAndOrg), isOrgRestricted(chanAndOrg), isTagLegal(chanAndOrg)]).toEqual([true, true, true]);
    expect(isTagLegal(withTag(data, 'EMPTY'))).toBe(false);
    expect(isTagLegal(withTag(data, 'UNDEFINED'))).toBe(false);
    expect([isChannelRestricted(withTag(data, 'ORG_ONLY')), isOrgRestricted(withTag(data, 'ORG_ONLY'))]).toEqual([false, true]);
    expect([isChannelRestricted(withTag(data, 'CHAN_OR_ORG')), isOrgRestricted(withTag(data, 'CHAN_OR_ORG'))]).toEqual([true, false]);
    expect([isChannelRestricted(withTag(data, 'EMPTY')), isOrgRestricted(withTag(data, 'EMPTY'))]).toEqual([false, false]);
    expect([isChannelRestricted(withTag(data, 'UNDEFINED')), isOrgRestricted(withTag(data, 'UNDEFINED'))]).toEqual([false, false]);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] TestGossipMessageAliveMessageTagType: an alive message is legal with EMPTY, not with ORG_ONLY', () => {
    expect(isTagLegal(withTag(EXAMPLES.aliveMsg, 'EMPTY'))).toBe(true);
    expect(isTagLegal(withTag(EXAMPLES.aliveMsg, 'ORG_ONLY'))).toBe(false);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] TestGossipMessageMembershipMessageTagType: membership requests and responses are legal with EMPTY', () => {
    expect(isTagLegal(withTag(EXAMPLES.memReq, 'EMPTY'))).toBe(true);
    expect(isTagLegal(withTag(EXAMPLES.memRes, 'EMPTY'))).toBe(true);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] TestGossipMessageIdentityMessageTagType: a peer identity is legal with ORG_ONLY, not with EMPTY', () => {
    expect(isTagLegal(withTag(EXAMPLES.peerIdentity, 'ORG_ONLY'))).toBe(true);
    expect(isTagLegal(withTag(EXAMPLES.peerIdentity, 'EMPTY'))).toBe(false);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] TestGossipMessagePullMessageTagType: block pull with CHAN_AND_ORG, identity pull with EMPTY, an undefined pull type never', () => {
    const dataReq = (msgType: 'BLOCK_MSG' | 'IDENTITY_MSG' | 'UNDEFINED') => ({ $case: 'dataReq' as const, dataReq: { nonce: 0n, digests: [], msgType } });
    const dataDig = (msgType: 'BLOCK_MSG' | 'IDENTITY_MSG' | 'UNDEFINED') => ({ $case: 'dataDig' as const, dataDig: { nonce: 0n, digests: [], msgType } });
    expect(isTagLegal(withTag(dataReq('BLOCK_MSG'), 'CHAN_AND_ORG'))).toBe(true);
    expect(isTagLegal(withTag(dataReq('BLOCK_MSG'), 'EMPTY'))).toBe(false);
    expect(isTagLegal(withTag(dataDig('IDENTITY_MSG'), 'EMPTY'))).toBe(true);
    expect(isTagLegal(withTag(dataDig('IDENTITY_MSG'), 'ORG_ONLY'))).toBe(false);
    expect(isTagLegal(withTag(dataDig('UNDEFINED'), 'ORG_ONLY'))).toBe(false);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] TestGossipMessageStateInfoMessageTagType: the StateInfo family is legal with CHAN_OR_ORG, a StateInfo not with EMPTY', () => {
    for (const k of ['stateInfo', 'stateInfoPullReq', 'stateResponse', 'stateRequest', 'stateSnapshot'] as const) {
      expect([k, isTagLegal(withTag(EXAMPLES[k], 'CHAN_OR_ORG'))]).toEqual([k, true]);
    }
    expect(isTagLegal(withTag(EXAMPLES.stateInfo, 'EMPTY'))).toBe(false);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] TestGossipMessageLeadershipMessageTagType: leadership is legal with CHAN_AND_ORG, not CHAN_OR_ORG; an empty message passes here (Fabric: unknown type)', () => {
    expect(isTagLegal(withTag(EXAMPLES.leadershipMsg, 'CHAN_AND_ORG'))).toBe(true);
    expect(isTagLegal(withTag(EXAMPLES.leadershipMsg, 'CHAN_OR_ORG'))).toBe(false);
    // Differs from Fabric ([MSG-FUNC-TAG-LEGALITY.1]): comm handles empty messages before the tag check, so any tag but UNDEFINED passes.
    expect(isTagLegal(withTag(EXAMPLES.empty, 'CHAN_OR_ORG'))).toBe(true);
    expect(isTagLegal(withTag(EXAMPLES.empty, 'UNDEFINED'))).toBe(false);
  });
});
