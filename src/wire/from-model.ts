/**
 * Encoding: the io-ts model → protobuf-es gossip messages. Paths are model paths, as io-ts names
 * them (`payload.content.aliveMsg.identity`). Every value is rebuilt from the model, field by
 * field, so the bytes depend on the value alone and come out in Go's order
 * ([WIRE-FUNC-DETERMINISTIC-ENCODING.1]).
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type * as M from '../messages';
import type { ModelPayload, ModelPeerTime } from './model-types';
import { blockToWire } from './block';
import { checkUtf16, modelToBytes } from './bytes';
import { at, fail } from './errors';
import * as pb from './gen/gossip/message_pb';
import { safeUintToWire, uint64ToWire } from './numbers';
import { encodeProto } from './proto-codec';

type Content = MessageInitShape<typeof pb.GossipMessageSchema>['content'];

const bytes = modelToBytes;
const str = checkUtf16;

/** [WIRE-FUNC-ENUMS.1] The wire number of a model enum name. */
function enumNumber(enumObject: Record<string, string | number>, name: string, path: string): number {
  const n = enumObject[name];
  if (typeof n !== 'number') fail('notRepresentable', path, `${JSON.stringify(name)} is not a value of this enum`);
  return n;
}

const peerTime = (t: ModelPeerTime, path: string) => ({ incNum: uint64ToWire(t.incNum, at(path, 'incNum')), seqNum: uint64ToWire(t.seqNum, at(path, 'seqNum')) });

function payload(p: ModelPayload, path: string): MessageInitShape<typeof pb.PayloadSchema> {
  return {
    seqNum: safeUintToWire(p.seqNum, at(path, 'seqNum')),
    data: blockToWire(p.data, at(path, 'data')),
    privateData: p.privateData.map((x, i) => bytes(x, at(at(path, 'privateData'), i))),
  };
}

const envelopes = (es: readonly M.Envelope[], path: string) => es.map((e, i) => envelopeToWire(e, at(path, i)));
const digests = (ds: readonly string[], path: string) => ds.map((d, i) => bytes(d, at(path, i)));
const pullType = (t: M.PullMsgType, path: string) => enumNumber(pb.PullMsgType as unknown as Record<string, number>, t, path);

function content(c: M.Content, path: string): Content {
  const p = at(path, c.$case);
  switch (c.$case) {
    case 'aliveMsg': {
      const a = c.aliveMsg;
      // [WIRE-FUNC-ALIVE-IDENTITY.1] proto3 cannot tell an empty identity from an absent one.
      if (a.identity === '') fail('notRepresentable', at(p, 'identity'), 'an empty identity reads back as absent; leave it out');
      const m = a.membership;
      const membership = { endpoint: str(m.endpoint, at(at(p, 'membership'), 'endpoint')), metadata: bytes(m.metadata, at(at(p, 'membership'), 'metadata')), pkiId: bytes(m.pkiId, at(at(p, 'membership'), 'pkiId')) };
      const identity = a.identity === undefined ? new Uint8Array(0) : bytes(a.identity, at(p, 'identity'));
      return { case: 'aliveMsg', value: { membership, timestamp: peerTime(a.timestamp, at(p, 'timestamp')), identity } };
    }
    case 'memReq':
      return { case: 'memReq', value: { selfInformation: envelopeToWire(c.memReq.selfInformation, at(p, 'selfInformation')), known: digests(c.memReq.known, at(p, 'known')) } };
    case 'memRes':
      return { case: 'memRes', value: { alive: envelopes(c.memRes.alive, at(p, 'alive')), dead: envelopes(c.memRes.dead, at(p, 'dead')) } };
    case 'dataMsg':
      return { case: 'dataMsg', value: { payload: payload(c.dataMsg.payload, at(p, 'payload')) } };
    case 'hello':
      return { case: 'hello', value: { nonce: uint64ToWire(c.hello.nonce, at(p, 'nonce')), metadata: bytes(c.hello.metadata, at(p, 'metadata')), msgType: pullType(c.hello.msgType, at(p, 'msgType')) } };
    case 'dataDig':
      return { case: 'dataDig', value: { nonce: uint64ToWire(c.dataDig.nonce, at(p, 'nonce')), digests: digests(c.dataDig.digests, at(p, 'digests')), msgType: pullType(c.dataDig.msgType, at(p, 'msgType')) } };
    case 'dataReq':
      return { case: 'dataReq', value: { nonce: uint64ToWire(c.dataReq.nonce, at(p, 'nonce')), digests: digests(c.dataReq.digests, at(p, 'digests')), msgType: pullType(c.dataReq.msgType, at(p, 'msgType')) } };
    case 'dataUpdate':
      return { case: 'dataUpdate', value: { nonce: uint64ToWire(c.dataUpdate.nonce, at(p, 'nonce')), data: envelopes(c.dataUpdate.data, at(p, 'data')), msgType: pullType(c.dataUpdate.msgType, at(p, 'msgType')) } };
    case 'empty':
      return { case: 'empty', value: {} };
    case 'conn': {
      const x = c.conn;
      return { case: 'conn', value: { pkiId: bytes(x.pkiId, at(p, 'pkiId')), identity: bytes(x.identity, at(p, 'identity')), tlsCertHash: bytes(x.tlsCertHash, at(p, 'tlsCertHash')), probe: x.probe } };
    }
    case 'stateInfo': {
      const s = c.stateInfo;
      const pp = at(p, 'properties');
      const properties = {
        ledgerHeight: safeUintToWire(s.properties.ledgerHeight, at(pp, 'ledgerHeight')),
        leftChannel: s.properties.leftChannel,
        chaincodes: s.properties.chaincodes.map((cc, i) => {
          const cp = at(at(pp, 'chaincodes'), i);
          return { name: str(cc.name, at(cp, 'name')), version: str(cc.version, at(cp, 'version')), metadata: bytes(cc.metadata, at(cp, 'metadata')) };
        }),
      };
      return { case: 'stateInfo', value: { timestamp: peerTime(s.timestamp, at(p, 'timestamp')), pkiId: bytes(s.pkiId, at(p, 'pkiId')), channelMAC: bytes(s.channelMAC, at(p, 'channelMAC')), properties } };
    }
    case 'stateSnapshot':
      return { case: 'stateSnapshot', value: { elements: envelopes(c.stateSnapshot.elements, at(p, 'elements')) } };
    case 'stateInfoPullReq':
      return { case: 'stateInfoPullReq', value: { channelMAC: bytes(c.stateInfoPullReq.channelMAC, at(p, 'channelMAC')) } };
    case 'stateRequest':
      return { case: 'stateRequest', value: { startSeqNum: safeUintToWire(c.stateRequest.startSeqNum, at(p, 'startSeqNum')), endSeqNum: safeUintToWire(c.stateRequest.endSeqNum, at(p, 'endSeqNum')) } };
    case 'stateResponse':
      return { case: 'stateResponse', value: { payloads: c.stateResponse.payloads.map((x, i) => payload(x, at(at(p, 'payloads'), i))) } };
    case 'leadershipMsg': {
      const l = c.leadershipMsg;
      return { case: 'leadershipMsg', value: { pkiId: bytes(l.pkiId, at(p, 'pkiId')), timestamp: peerTime(l.timestamp, at(p, 'timestamp')), isDeclaration: l.isDeclaration } };
    }
    case 'peerIdentity': {
      const x = c.peerIdentity;
      return { case: 'peerIdentity', value: { pkiId: bytes(x.pkiId, at(p, 'pkiId')), cert: bytes(x.cert, at(p, 'cert')), metadata: bytes(x.metadata, at(p, 'metadata')) } };
    }
    case 'ack':
      return { case: 'ack', value: { error: str(c.ack.error, at(p, 'error')) } };
  }
}

export function gossipMessageToWire(m: M.GossipMessage, path: string): pb.GossipMessage {
  return create(pb.GossipMessageSchema, {
    nonce: uint64ToWire(m.nonce, at(path, 'nonce')),
    channel: bytes(m.channel, at(path, 'channel')),
    tag: enumNumber(pb.GossipMessage_Tag as unknown as Record<string, number>, m.tag, at(path, 'tag')),
    content: content(m.content, at(path, 'content')),
  });
}

export const gossipMessageBytes = (m: M.GossipMessage, path: string): Uint8Array => encodeProto(pb.GossipMessageSchema, gossipMessageToWire(m, path), path);

/** [WIRE-FUNC-SECRET.2] The secret's oneof is always set, as Fabric's producer sets it; received bytes are written as received. */
function secretEnvelope(s: M.SecretEnvelope, path: string): MessageInitShape<typeof pb.SecretEnvelopeSchema> {
  const payload = s.payloadBytes !== undefined
    ? bytes(s.payloadBytes, at(path, 'payloadBytes'))
    : encodeProto(pb.SecretSchema, create(pb.SecretSchema, { content: { case: 'internalEndpoint', value: str(s.payload.internalEndpoint, at(at(path, 'payload'), 'internalEndpoint')) } }), at(path, 'payload'));
  return { payload, signature: bytes(s.signature, at(path, 'signature')) };
}

/**
 * [WIRE-FUNC-RECEIVED-BYTES.1] An envelope's payload is the bytes it carries, as received (so that
 * a forwarded message is the one its signature covers), else its payload's deterministic encoding.
 */
export function envelopeToWire(e: M.Envelope, path: string): pb.Envelope {
  return create(pb.EnvelopeSchema, {
    payload: e.payloadBytes !== undefined ? bytes(e.payloadBytes, at(path, 'payloadBytes')) : gossipMessageBytes(e.payload, at(path, 'payload')),
    signature: bytes(e.signature, at(path, 'signature')),
    ...(e.secretEnvelope === undefined ? {} : { secretEnvelope: secretEnvelope(e.secretEnvelope, at(path, 'secretEnvelope')) }),
  });
}
