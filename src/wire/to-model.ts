/**
 * Decoding: protobuf-es gossip messages → the io-ts model (src/messages). Paths are protobuf
 * paths (`GossipMessage.alive_msg.membership`); a value the model cannot hold fails with the
 * reason spec/wire.md gives for it. Nested envelopes are decoded from their payload bytes here,
 * so a fault anywhere below is named from the outermost message.
 */
import type * as M from '../messages';
import { bytesEqual, internalEndpointOfSecret, marshalGossipMessage, marshalSecret, type ContentCase } from '../messages';
import { blockFromWire } from './block';
import type { ContentBody as Of } from './model-types';
import { bytesToModel } from './bytes';
import { fail } from './errors';
import * as pb from './gen/gossip/message_pb';
import { safeUintFromWire } from './numbers';
import { decodeProto } from './proto-codec';


/** A sub-message the model requires: absent on the wire is `invalid` ([WIRE-FUNC-ABSENT-MESSAGE.1]). */
function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) fail('invalid', path, 'absent, and the model requires it');
  return value;
}

/** [WIRE-FUNC-ENUMS.1] An enum number the model names, or `invalid`. */
function enumName<E extends Record<string, string | number>>(enumObject: E, value: number, path: string): Extract<keyof E, string> {
  const name = (enumObject as Record<number, string | undefined>)[value];
  if (typeof name !== 'string') fail('invalid', path, `enum value ${value} is not one the model knows`);
  return name as Extract<keyof E, string>;
}

const peerTime = (t: pb.PeerTime | undefined, path: string) => {
  const v = required(t, path);
  return { incNum: v.incNum, seqNum: v.seqNum };
};

const member = (m: pb.Member | undefined, path: string): Of<'aliveMsg'>['membership'] => {
  const v = required(m, path);
  return { endpoint: v.endpoint, metadata: bytesToModel(v.metadata), pkiId: bytesToModel(v.pkiId) };
};

/** [WIRE-FUNC-ALIVE-IDENTITY.1] An empty identity is an absent one, as in proto3. */
function alive(a: pb.AliveMessage, path: string): Of<'aliveMsg'> {
  const base = { membership: member(a.membership, `${path}.membership`), timestamp: peerTime(a.timestamp, `${path}.timestamp`) };
  return a.identity.length === 0 ? base : { ...base, identity: bytesToModel(a.identity) };
}

function payload(p: pb.Payload, path: string): Of<'dataMsg'>['payload'] {
  return {
    seqNum: safeUintFromWire(p.seqNum, `${path}.seq_num`),
    data: blockFromWire(p.data, `${path}.data`),
    privateData: p.privateData.map(bytesToModel),
  };
}

const properties = (p: pb.Properties | undefined, path: string): Of<'stateInfo'>['properties'] => {
  const v = required(p, path);
  return {
    ledgerHeight: safeUintFromWire(v.ledgerHeight, `${path}.ledger_height`),
    leftChannel: v.leftChannel,
    chaincodes: v.chaincodes.map((c) => ({ name: c.name, version: c.version, metadata: bytesToModel(c.metadata) })),
  };
};

const pullType = (t: pb.PullMsgType, path: string) => enumName(pb.PullMsgType, t, path);

/** The content cases whose payloads Fabric keeps opaque: the model has no place for them ([WIRE-FUNC-PRIVATE-DATA.1]). */
const UNMODELLED = { privateReq: 'privateReq', privateRes: 'privateRes', privateData: 'private_data' } as const;

/** Fabric's proto field name of each modelled content case (the model uses protobuf-es's camelCase). */
const FIELD_OF: Record<ContentCase, string> = {
  aliveMsg: 'alive_msg', memReq: 'mem_req', memRes: 'mem_res', dataMsg: 'data_msg', hello: 'hello', dataDig: 'data_dig',
  dataReq: 'data_req', dataUpdate: 'data_update', empty: 'empty', conn: 'conn', stateInfo: 'state_info',
  stateSnapshot: 'state_snapshot', stateInfoPullReq: 'state_info_pull_req', stateRequest: 'state_request',
  stateResponse: 'state_response', leadershipMsg: 'leadership_msg', peerIdentity: 'peer_identity', ack: 'ack',
};

function content(c: pb.GossipMessage['content'], path: string): M.Content {
  const here = (k: ContentCase) => `${path}.${FIELD_OF[k]}`;
  switch (c.case) {
    case undefined:
      return fail('invalid', `${path}.content`, 'no content (Fabric drops such a message as of unknown type)');
    case 'privateReq': case 'privateRes': case 'privateData':
      return fail('unmodelled', `${path}.${UNMODELLED[c.case]}`, 'private data is decoded by the wire layer (decodeWireGossipMessage) but not modelled');
    case 'aliveMsg':
      return { $case: 'aliveMsg', aliveMsg: alive(c.value, here('aliveMsg')) };
    case 'memReq': {
      const p = here('memReq');
      const selfInformation = envelopeFromWire(required(c.value.selfInformation, `${p}.self_information`), `${p}.self_information`, ['aliveMsg']);
      return { $case: 'memReq', memReq: { selfInformation: selfInformation as Of<'memReq'>['selfInformation'], known: c.value.known.map(bytesToModel) } };
    }
    case 'memRes': {
      const p = here('memRes');
      const list = (es: pb.Envelope[], name: string) => es.map((e, i) => envelopeFromWire(e, `${p}.${name}.${i}`, ['aliveMsg']) as Of<'memRes'>['alive'][number]);
      return { $case: 'memRes', memRes: { alive: list(c.value.alive, 'alive'), dead: list(c.value.dead, 'dead') } };
    }
    case 'dataMsg':
      return { $case: 'dataMsg', dataMsg: { payload: payload(required(c.value.payload, `${here('dataMsg')}.payload`), `${here('dataMsg')}.payload`) } };
    case 'hello':
      return { $case: 'hello', hello: { nonce: c.value.nonce, metadata: bytesToModel(c.value.metadata), msgType: pullType(c.value.msgType, `${here('hello')}.msg_type`) } };
    case 'dataDig':
      return { $case: 'dataDig', dataDig: { nonce: c.value.nonce, digests: c.value.digests.map(bytesToModel), msgType: pullType(c.value.msgType, `${here('dataDig')}.msg_type`) } };
    case 'dataReq':
      return { $case: 'dataReq', dataReq: { nonce: c.value.nonce, digests: c.value.digests.map(bytesToModel), msgType: pullType(c.value.msgType, `${here('dataReq')}.msg_type`) } };
    case 'dataUpdate': {
      const p = here('dataUpdate');
      const data = c.value.data.map((e, i) => envelopeFromWire(e, `${p}.data.${i}`, ['dataMsg', 'peerIdentity']) as Of<'dataUpdate'>['data'][number]);
      return { $case: 'dataUpdate', dataUpdate: { nonce: c.value.nonce, data, msgType: pullType(c.value.msgType, `${p}.msg_type`) } };
    }
    case 'empty':
      return { $case: 'empty', empty: {} };
    case 'conn':
      return {
        $case: 'conn',
        conn: { pkiId: bytesToModel(c.value.pkiId), identity: bytesToModel(c.value.identity), tlsCertHash: bytesToModel(c.value.tlsCertHash), probe: c.value.probe },
      };
    case 'stateInfo': {
      const p = here('stateInfo');
      const s = c.value;
      return {
        $case: 'stateInfo',
        stateInfo: { timestamp: peerTime(s.timestamp, `${p}.timestamp`), pkiId: bytesToModel(s.pkiId), channelMAC: bytesToModel(s.channelMAC), properties: properties(s.properties, `${p}.properties`) },
      };
    }
    case 'stateSnapshot': {
      const p = here('stateSnapshot');
      const elements = c.value.elements.map((e, i) => envelopeFromWire(e, `${p}.elements.${i}`, ['stateInfo']) as Of<'stateSnapshot'>['elements'][number]);
      return { $case: 'stateSnapshot', stateSnapshot: { elements } };
    }
    case 'stateInfoPullReq':
      return { $case: 'stateInfoPullReq', stateInfoPullReq: { channelMAC: bytesToModel(c.value.channelMAC) } };
    case 'stateRequest': {
      const p = here('stateRequest');
      return {
        $case: 'stateRequest',
        stateRequest: { startSeqNum: safeUintFromWire(c.value.startSeqNum, `${p}.start_seq_num`), endSeqNum: safeUintFromWire(c.value.endSeqNum, `${p}.end_seq_num`) },
      };
    }
    case 'stateResponse': {
      const p = here('stateResponse');
      return { $case: 'stateResponse', stateResponse: { payloads: c.value.payloads.map((x, i) => payload(x, `${p}.payloads.${i}`)) } };
    }
    case 'leadershipMsg': {
      const p = here('leadershipMsg');
      const l = c.value;
      return { $case: 'leadershipMsg', leadershipMsg: { pkiId: bytesToModel(l.pkiId), timestamp: peerTime(l.timestamp, `${p}.timestamp`), isDeclaration: l.isDeclaration } };
    }
    case 'peerIdentity':
      return { $case: 'peerIdentity', peerIdentity: { pkiId: bytesToModel(c.value.pkiId), cert: bytesToModel(c.value.cert), metadata: bytesToModel(c.value.metadata) } };
    case 'ack':
      return { $case: 'ack', ack: { error: c.value.error } };
  }
}

export function gossipMessageFromWire(m: pb.GossipMessage, path: string): M.GossipMessage {
  return { nonce: m.nonce, channel: bytesToModel(m.channel), tag: enumName(pb.GossipMessage_Tag, m.tag, `${path}.tag`), content: content(m.content, path) };
}

/**
 * [WIRE-FUNC-SECRET.2] The internal endpoint as Fabric's protoext.InternalEndpoint reads it: the
 * Secret's, or '' when its oneof is unset or the payload is not a Secret at all. The received
 * payload is kept when it is not the marshalled Secret ([WIRE-FUNC-RECEIVED-BYTES.1]).
 */
function secretEnvelope(s: pb.SecretEnvelope): M.SecretEnvelope {
  const payload = { internalEndpoint: internalEndpointOfSecret(s.payload) };
  const out = { payload, signature: bytesToModel(s.signature) };
  return sameBytes(marshalSecret(payload), s.payload) ? out : { ...out, payloadBytes: bytesToModel(s.payload) };
}

const sameBytes = (own: Uint8Array | undefined, received: Uint8Array): boolean => own !== undefined && bytesEqual(own, received);

/**
 * An envelope and the GossipMessage in its payload bytes. `cases`, when given, are the content
 * cases this position may carry: [WIRE-FUNC-NESTED-ENVELOPE.1] (checked before the content is
 * mapped, so a wrong case is named at the nested message's content, whatever else is wrong in it).
 */
export function envelopeFromWire(e: pb.Envelope, path: string, cases?: readonly ContentCase[]): M.Envelope {
  const payloadPath = `${path}.payload`;
  const message = decodeProto(pb.GossipMessageSchema, e.payload, payloadPath);
  const got = message.content.case;
  if (cases !== undefined && !cases.includes(got as ContentCase)) {
    const want = cases.map((k) => FIELD_OF[k]).join(' or ');
    fail('invalid', `${payloadPath}.content`, `this envelope must carry ${want}, got ${got === undefined ? 'no content' : (FIELD_OF[got as ContentCase] ?? got)}`);
  }
  const payload = gossipMessageFromWire(message, payloadPath);
  // [WIRE-FUNC-RECEIVED-BYTES.1] the signature covers the bytes received: keep them unless they are the payload's own encoding.
  const signed = sameBytes(marshalGossipMessage(payload), e.payload) ? {} : { payloadBytes: bytesToModel(e.payload) };
  const out = { payload, signature: bytesToModel(e.signature), ...signed };
  return e.secretEnvelope === undefined ? out : { ...out, secretEnvelope: secretEnvelope(e.secretEnvelope) };
}
