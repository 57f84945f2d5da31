/**
 * The conformance vectors' inputs (test/vectors/wire.json, [WIRE-MSG-VECTORS.1]): model values
 * that the codec encodes, and byte strings built at the protobuf level for what the model cannot
 * say (unknown fields, private data, absent or duplicated fields) or that are broken on purpose.
 * Pure: src/tools/wire-vectors.ts runs them and writes the file.
 */
import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import type { Block, Content, ContentCase, Envelope, EnvelopeOf, GossipMessage, Tag } from '../messages';
import { commonPb, encodeBlock, encodeEnvelope, encodeGossipMessage, encodeSerializedIdentity, fabricTransaction, gossipPb as pb, type WireResult } from '../wire';

export type VectorType = 'gossip.Envelope' | 'gossip.GossipMessage' | 'common.Block' | 'msp.SerializedIdentity';

export interface VectorCase {
  readonly name: string;
  readonly type: VectorType;
  readonly bytes: Uint8Array;
  /** What the case shows, for a reader of the vector file. */
  readonly note: string;
}

const must = <A>(r: WireResult<A>): A => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const bin = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const hex = (h: string): Uint8Array => Uint8Array.from((h.replace(/\s+/g, '').match(/../g) ?? []).map((b) => parseInt(b, 16)));
const proto = <D extends DescMessage>(schema: D, init: MessageInitShape<D>): Uint8Array => toBinary(schema, create(schema, init));

/** A nanosecond incarnation number as Fabric sets it (2024-06-10T12:00:00Z), far above 2^53. */
export const INC_NUM = 1718020800123456789n;
const U64_MAX = (1n << 64n) - 1n;
const PKI = '\u00a3\u0001\u00ff\u0000pki'; // PKI-IDs are raw bytes (SHA-256 in Fabric): not text
const CHANNEL = 'mychannel';

const time = (seqNum: bigint) => ({ incNum: INC_NUM, seqNum });
const message = (tag: Tag, content: Content, channel = '', nonce = 0n): GossipMessage => ({ nonce, channel, tag, content });
const envelope = (payload: GossipMessage, signature = 'sig\u0000\u00ff'): Envelope => ({ payload, signature });

const aliveMsg = (identity?: string): Content => ({
  $case: 'aliveMsg',
  aliveMsg: { membership: { endpoint: 'peer0.org1:7051', metadata: '', pkiId: PKI }, timestamp: time(42n), ...(identity === undefined ? {} : { identity }) },
});
const aliveEnvelope = envelope(message('EMPTY', aliveMsg()));
/** A nested envelope, typed by the case its position requires (the model's narrower envelope types). */
const nested = <K extends ContentCase>(e: Envelope): EnvelopeOf<K> => e as EnvelopeOf<K>;
const stateInfo: Content = {
  $case: 'stateInfo',
  stateInfo: { timestamp: time(INC_NUM + 7n), pkiId: PKI, channelMAC: 'mac', properties: { ledgerHeight: 12, leftChannel: false, chaincodes: [{ name: 'cc', version: '1.0', metadata: 'm' }] } },
};
const block = (seq: number): Block => ({
  header: { number: seq, previousHash: 'prev', dataHash: 'hash', channelId: CHANNEL },
  data: [must(fabricTransaction(CHANNEL, `tx-${seq}`)), 'second transaction, opaque'],
  metadata: { signatures: [{ identity: 'orderer identity', signature: 'orderer sig' }] },
});
const payload = (seq: number) => ({ seqNum: seq, data: block(seq), privateData: [] });
const identityMsg = message('ORG_ONLY', { $case: 'peerIdentity', peerIdentity: { pkiId: PKI, cert: '-----BEGIN CERTIFICATE-----', metadata: '' } });

/** One envelope per content case, each with the tag Fabric gives it (conn, ack and empty take any). */
const MODEL_ENVELOPES: readonly (readonly [string, Envelope, string])[] = [
  ['alive with identity', envelope(message('EMPTY', aliveMsg('Org1MSP identity'))), 'incNum above 2^53; identity present'],
  ['alive without identity', aliveEnvelope, 'identity absent: no field 4 on the wire'],
  ['alive with secret envelope', { ...aliveEnvelope, secretEnvelope: { payload: { internalEndpoint: 'peer0:7051' }, signature: 'secret sig' } }, 'Envelope.secret_envelope with a marshalled Secret'],
  ['membership request', envelope(message('EMPTY', { $case: 'memReq', memReq: { selfInformation: nested<'aliveMsg'>(aliveEnvelope), known: [] } }, '', U64_MAX)), 'nonce 2^64 - 1; nested alive envelope; known empty'],
  ['membership response', envelope(message('EMPTY', { $case: 'memRes', memRes: { alive: [nested<'aliveMsg'>(aliveEnvelope), nested<'aliveMsg'>(aliveEnvelope)], dead: [nested<'aliveMsg'>(aliveEnvelope)] } }, '', 99n)), 'nested envelopes in two lists'],
  ['data message', envelope(message('CHAN_AND_ORG', { $case: 'dataMsg', dataMsg: { payload: payload(5) } }, CHANNEL)), 'Payload.data is a marshalled common.Block'],
  ['hello', envelope(message('CHAN_AND_ORG', { $case: 'hello', hello: { nonce: INC_NUM, metadata: '', msgType: 'BLOCK_MSG' } }, CHANNEL)), 'pull of blocks'],
  ['data digest', envelope(message('EMPTY', { $case: 'dataDig', dataDig: { nonce: 1n, digests: [PKI, 'b'], msgType: 'IDENTITY_MSG' } })), 'pull of identities'],
  ['data request', envelope(message('CHAN_AND_ORG', { $case: 'dataReq', dataReq: { nonce: 2n, digests: ['5', '6'], msgType: 'BLOCK_MSG' } }, CHANNEL)), ''],
  ['data update of identities', envelope(message('EMPTY', { $case: 'dataUpdate', dataUpdate: { nonce: 3n, data: [nested<'peerIdentity'>(envelope(identityMsg))], msgType: 'IDENTITY_MSG' } })), 'nested peer_identity envelope'],
  ['data update of blocks', envelope(message('CHAN_AND_ORG', { $case: 'dataUpdate', dataUpdate: { nonce: 4n, data: [nested<'dataMsg'>(envelope(message('CHAN_AND_ORG', { $case: 'dataMsg', dataMsg: { payload: payload(6) } }, CHANNEL)))], msgType: 'BLOCK_MSG' } }, CHANNEL)), 'nested data_msg envelope'],
  ['empty', envelope(message('CHAN_ONLY', { $case: 'empty', empty: {} }), ''), 'Empty: a zero-length message; empty signature (NoopSign)'],
  ['conn', envelope(message('UNDEFINED', { $case: 'conn', conn: { pkiId: PKI, identity: 'identity', tlsCertHash: 'h', probe: true } })), 'tag UNDEFINED: no field 3 on the wire'],
  ['state info', envelope(message('CHAN_OR_ORG', stateInfo)), 'channel empty (the MAC stands for it)'],
  ['state info snapshot', envelope(message('CHAN_OR_ORG', { $case: 'stateSnapshot', stateSnapshot: { elements: [nested<'stateInfo'>(envelope(message('CHAN_OR_ORG', stateInfo)))] } })), ''],
  ['state info pull request', envelope(message('CHAN_OR_ORG', { $case: 'stateInfoPullReq', stateInfoPullReq: { channelMAC: 'mac' } })), ''],
  ['remote state request', envelope(message('CHAN_OR_ORG', { $case: 'stateRequest', stateRequest: { startSeqNum: 0, endSeqNum: 9 } }, CHANNEL, 77n)), 'start 0: no field 1 on the wire'],
  ['remote state response', envelope(message('CHAN_OR_ORG', { $case: 'stateResponse', stateResponse: { payloads: [payload(1), payload(2)] } }, CHANNEL, 77n)), ''],
  ['leadership declaration', envelope(message('CHAN_AND_ORG', { $case: 'leadershipMsg', leadershipMsg: { pkiId: PKI, timestamp: time(3n), isDeclaration: true } }, CHANNEL)), ''],
  ['peer identity', envelope(identityMsg), ''],
  ['acknowledgement', envelope(message('ORG_ONLY', { $case: 'ack', ack: { error: 'some error, ünïcödé' } }, '', 12345n), ''), 'string field in UTF-8'],
  ['chan and org tag, all-zero alive', envelope(message('CHAN_AND_ORG', { $case: 'aliveMsg', aliveMsg: { membership: { endpoint: '', metadata: '', pkiId: '' }, timestamp: { incNum: 0n, seqNum: 0n } } }), ''), 'every default: empty sub-messages are still written'],
];

const gm = (init: MessageInitShape<typeof pb.GossipMessageSchema>) => proto(pb.GossipMessageSchema, init);
const aliveBytes = must(encodeGossipMessage(aliveEnvelope.payload));

/** Byte strings built below the model: what Fabric may send that the model does not say. */
const WIRE_MESSAGES: readonly (readonly [string, Uint8Array, string])[] = [
  ['unknown fields', hex(`${Buffer.from(aliveBytes).toString('hex')} 9a0603616263 b80601`), 'fields 99 and 103 unknown: kept by the wire layer, skipped by the model'],
  ['unknown field inside a nested message', gm({ tag: 1, content: { case: 'aliveMsg', value: { membership: { endpoint: 'e', $unknown: [{ no: 9, wireType: 0, data: hex('05') }] }, timestamp: { incNum: INC_NUM } } } }), ''],
  ['duplicate scalar field', hex(`0801 0802 ${Buffer.from(gm({ tag: 1, content: { case: 'empty', value: {} } })).toString('hex')}`), 'nonce twice: the last wins, as in Go'],
  ['private data message', gm({ tag: 4, channel: bin(CHANNEL), content: { case: 'privateData', value: { payload: { collectionName: 'col', namespace: 'ns', txId: 'tx1', privateRwset: bin('rw'), privateSimHeight: U64_MAX, collectionConfigs: { config: [{ payload: { case: 'staticCollectionConfig', value: { name: 'col', requiredPeerCount: 1, maximumPeerCount: 3, blockToLive: 10n, memberOnlyRead: true } } }] } } } } }), 'decoded by the wire layer; not modelled'],
  ['private data request', gm({ tag: 4, content: { case: 'privateReq', value: { digests: [{ txId: 'tx1', namespace: 'ns', collection: 'col', blockSeq: 5n, seqInBlock: 1n }] } } }), ''],
  ['private data response', gm({ tag: 4, content: { case: 'privateRes', value: { elements: [{ digest: { txId: 'tx1' }, payload: [bin('p')] }] } } }), ''],
  ['no content', gm({ nonce: 1n, tag: 1 }), 'Fabric drops it as of unknown type'],
  ['unknown tag', gm({ tag: 9 as pb.GossipMessage_Tag, content: { case: 'empty', value: {} } }), ''],
  ['unknown pull type', gm({ tag: 4, content: { case: 'hello', value: { msgType: 3 as pb.PullMsgType } } }), ''],
  ['alive without membership', gm({ tag: 1, content: { case: 'aliveMsg', value: { timestamp: {} } } }), ''],
  ['ledger height of 2^53', gm({ tag: 5, content: { case: 'stateInfo', value: { timestamp: {}, properties: { ledgerHeight: 1n << 53n } } } }), 'the model keeps heights as safe integers'],
  ['membership request carrying a StateInfo', gm({ tag: 1, content: { case: 'memReq', value: { selfInformation: { payload: gm({ tag: 5, content: { case: 'stateInfo', value: { timestamp: {}, properties: {} } } }) } } } }), ''],
  ['truncated', aliveBytes.subarray(0, aliveBytes.length - 3), ''],
  ['truncated inc_num', hex('1801 2a0c 120a 08 808080808080808080'), ''],
  ['length past the end', hex('1801 2a05 0a09 0a03703a31'), ''],
  ['wrong wire type for a message field', hex('1801 2803'), 'Go would keep it as an unknown field; we reject'],
  ['wrong wire type for a scalar field', hex('0a0101 1801 6a00'), 'nonce as bytes: Go keeps it as unknown; we reject'],
  ['field number 0', hex('0001'), ''],
  ['wire type 7', hex('0f'), ''],
  ['end group without start', hex('1801 0c'), ''],
  ['eleven-byte varint', hex('08 ffffffffffffffffffff01'), ''],
  ['ten-byte varint overflowing 64 bits', hex('08 ffffffffffffffffff7f 1801 6a00'), 'Go rejects it; see go.decodes'],
  ['invalid UTF-8 endpoint', hex('1801 2a07 0a05 0a03 70ff31'), ''],
  ['empty input', new Uint8Array(0), 'all defaults and no content'],
];

const WIRE_ENVELOPES: readonly (readonly [string, Uint8Array, string])[] = [
  ['secret never set', proto(pb.EnvelopeSchema, { payload: aliveBytes, signature: bin('s'), secretEnvelope: { payload: new Uint8Array(0), signature: bin('t') } }), 'reads as internalEndpoint ""; re-encoding sets the oneof'],
  ['fault inside a nested envelope', proto(pb.EnvelopeSchema, { payload: gm({ tag: 1, content: { case: 'memRes', value: { alive: [{ payload: aliveBytes }, { payload: hex('1801 2a0c 120a 08 808080808080808080') }] } } }) }), ''],
];

function fabricOrdererBlock(): Uint8Array {
  const signatureHeader = proto(commonPb.SignatureHeaderSchema, { creator: bin('orderer identity'), nonce: bin('nonce') });
  const sigs = proto(commonPb.MetadataSchema, { value: bin('v'), signatures: [{ signatureHeader, signature: bin('sig') }] });
  return proto(commonPb.BlockSchema, {
    header: { number: 9n, previousHash: bin('prev'), dataHash: bin('hash') },
    data: { data: [bin(must(fabricTransaction(CHANNEL, 'tx')))] },
    metadata: { metadata: [sigs, new Uint8Array(0), new Uint8Array([0]), new Uint8Array(0), new Uint8Array(0)] },
  });
}

export function vectorCases(): VectorCase[] {
  return [
    ...MODEL_ENVELOPES.map(([name, e, note]) => ({ name, type: 'gossip.Envelope' as const, bytes: must(encodeEnvelope(e)), note })),
    ...WIRE_MESSAGES.map(([name, bytes, note]) => ({ name, type: 'gossip.GossipMessage' as const, bytes, note })),
    ...WIRE_ENVELOPES.map(([name, bytes, note]) => ({ name, type: 'gossip.Envelope' as const, bytes, note })),
    { name: 'block in our layout', type: 'common.Block', bytes: must(encodeBlock(block(3))), note: 'five metadata entries, signatures in the first' },
    { name: 'block as an orderer writes it', type: 'common.Block', bytes: fabricOrdererBlock(), note: 'Metadata.value, the signature header nonce and the filter entry are dropped by the model' },
    { name: 'block without transactions', type: 'common.Block', bytes: proto(commonPb.BlockSchema, { header: { number: 1n }, data: {} }), note: 'no channel id' },
    { name: 'block number of 2^64 - 1', type: 'common.Block', bytes: proto(commonPb.BlockSchema, { header: { number: U64_MAX }, data: { data: [bin(must(fabricTransaction(CHANNEL, 'tx')))] } }), note: 'above the model\'s safe-integer range' },
    { name: 'serialized identity', type: 'msp.SerializedIdentity', bytes: must(encodeSerializedIdentity({ mspId: 'Org1MSP', idBytes: '-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n' })), note: '' },
  ];
}
