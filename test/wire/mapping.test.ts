/** The mapping rules of spec/wire.md, one or two hand-made byte strings each. */
import { create, toBinary } from '@bufbuild/protobuf';
import type { Envelope, GossipMessage } from '../../src/messages';
import {
  decodeEnvelope, decodeGossipMessage, decodeSerializedIdentity, decodeWire, encodeEnvelope, encodeGossipMessage,
  encodeSerializedIdentity, encodeWire, gossipPb as pb,
} from '../../src/wire';
import { fromHex, toHex } from './hex';

const U64_MAX = (1n << 64n) - 1n;
const msg = (m: Parameters<typeof create<typeof pb.GossipMessageSchema>>[1]) => toBinary(pb.GossipMessageSchema, create(pb.GossipMessageSchema, m));
const errorOf = (r: { ok: boolean; error?: unknown }) => (r.ok ? undefined : r.error);
const alive = { membership: { endpoint: 'p:1', metadata: '', pkiId: 'k' }, timestamp: { incNum: 1n << 63n, seqNum: 1n } };
const aliveMessage: GossipMessage = { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'aliveMsg', aliveMsg: alive } };

/** Written by hand from the protobuf encoding rules: tag EMPTY, then alive_msg (field 5). */
const ALIVE_HEX = '1801 2a19 0a08 0a03703a31 1a016b 120d 08 80808080808080808001 1001';

describe('[WIRE-FUNC-DETERMINISTIC-ENCODING.1] fields in number order, defaults omitted, as Go marshals', () => {
  it('[WIRE-FUNC-DETERMINISTIC-ENCODING.1] an alive message encodes to the hand-computed bytes', () => {
    const r = encodeGossipMessage(aliveMessage);
    expect(r.ok && toHex(r.value)).toBe(ALIVE_HEX.replace(/\s/g, ''));
  });

  it('[WIRE-FUNC-DETERMINISTIC-ENCODING.1] the same value encodes to the same bytes, whatever its key order', () => {
    const reordered = { content: aliveMessage.content, tag: 'EMPTY', channel: '', nonce: 0n } as GossipMessage;
    expect(encodeGossipMessage(reordered)).toStrictEqual(encodeGossipMessage(aliveMessage));
  });
});

describe('[WIRE-MSG-UINT64.1] 64-bit integers', () => {
  it('[WIRE-MSG-UINT64.1] nonces and PeerTimes survive exactly up to 2^64 - 1', () => {
    const m: GossipMessage = { ...aliveMessage, nonce: U64_MAX, content: { $case: 'aliveMsg', aliveMsg: { ...alive, timestamp: { incNum: (1n << 53n) + 1n, seqNum: U64_MAX } } } };
    const r = encodeGossipMessage(m);
    expect(r.ok && decodeGossipMessage(r.value)).toStrictEqual({ ok: true, value: m });
  });

  it('[WIRE-MSG-UINT64.1] a ledger height above 2^53 - 1 is out of the model\'s range, at its field', () => {
    const bytes = msg({ tag: 5, content: { case: 'stateInfo', value: { timestamp: {}, properties: { ledgerHeight: 1n << 53n } } } });
    expect(errorOf(decodeGossipMessage(bytes))).toMatchObject({ reason: 'outOfRange', path: 'GossipMessage.state_info.properties.ledger_height' });
    const ok = msg({ tag: 5, content: { case: 'stateInfo', value: { timestamp: {}, properties: { ledgerHeight: (1n << 53n) - 1n } } } });
    expect(decodeGossipMessage(ok).ok).toBe(true);
  });
});

describe('[WIRE-MSG-BYTES.1] bytes fields are Latin-1 strings', () => {
  it('[WIRE-MSG-BYTES.1] every byte value decodes to the code unit of the same value, and back', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const r = decodeGossipMessage(msg({ channel: all, tag: 1, content: { case: 'empty', value: {} } }));
    expect(r.ok && [...r.value.channel].map((c) => c.charCodeAt(0))).toEqual([...all]);
    expect(r.ok && encodeGossipMessage(r.value)).toStrictEqual({ ok: true, value: msg({ channel: all, tag: 1, content: { case: 'empty', value: {} } }) });
  });

  it('[WIRE-MSG-BYTES.1] a code unit above 0xFF in a bytes field is not representable, at its model path', () => {
    const r = encodeGossipMessage({ ...aliveMessage, channel: 'ch\u0100' });
    expect(errorOf(r)).toMatchObject({ reason: 'notRepresentable', path: 'channel' });
  });
});

describe('[WIRE-MSG-STRINGS.1] string fields are strict UTF-8', () => {
  it('[WIRE-MSG-STRINGS.1] invalid UTF-8 in an endpoint is malformed at its path; valid non-ASCII text round-trips', () => {
    const bad = fromHex('1801 2a07 0a05 0a03 70ff31');
    expect(errorOf(decodeGossipMessage(bad))).toMatchObject({ reason: 'malformed', path: 'GossipMessage.alive_msg.membership.endpoint' });
    const m: GossipMessage = { ...aliveMessage, content: { $case: 'aliveMsg', aliveMsg: { ...alive, membership: { ...alive.membership, endpoint: 'pé€𝄞:1' } } } };
    const r = encodeGossipMessage(m);
    expect(r.ok && decodeGossipMessage(r.value)).toStrictEqual({ ok: true, value: m });
  });

  it('[WIRE-MSG-STRINGS.1] a lone surrogate in a string field is not representable', () => {
    const r = encodeGossipMessage({ ...aliveMessage, content: { $case: 'ack', ack: { error: 'x\uD800' } } });
    expect(errorOf(r)).toMatchObject({ reason: 'notRepresentable', path: 'content.ack.error' });
  });
});

describe('[WIRE-FUNC-STRUCTURE.1] [WIRE-FUNC-ERROR-PATH.1] malformed bytes fail at the field they break', () => {
  const cases: readonly [string, string, string][] = [
    ['a truncated PeerTime varint', '1801 2a0c 120a 08 808080808080808080', 'GossipMessage.alive_msg.timestamp.inc_num'],
    ['a length running past its message', '1801 2a05 0a09 0a03703a31', 'GossipMessage.alive_msg.membership'],
    ['a varint where a message belongs', '1801 2803', 'GossipMessage.alive_msg'],
    ['field number 0', '0001', 'GossipMessage'],
    ['wire type 7', '0f', 'GossipMessage'],
    ['an eleven-byte varint', '08 ffffffffffffffffffff01', 'GossipMessage.nonce'],
    ['an unknown field cut short', '1801 fa0105 0102', 'GossipMessage.#31'],
    // Lengths are read whole, as Go reads them: 2^32 + 1 is not 1 (its low 32 bits).
    ['a length of 2^32 + 1', '1801 12 8180808010 41 6a00', 'GossipMessage.channel'],
    ['an unknown field with a length of 2^49 + 1', '1801 9208 8180808080808010 12', 'GossipMessage.#130'],
    ['field number 2^29 + 1 (above the largest, 2^29 - 1)', '88 80 80 80 10 05 1801 6a00', 'GossipMessage'],
    ['an unknown group holding a length of 2^32 + 1', '1801 b306 12 8180808010 41 b406', 'GossipMessage.#102'],
  ];
  it.each(cases)('[WIRE-FUNC-STRUCTURE.1] %s', (_name, hex, path) => {
    const e = errorOf(decodeGossipMessage(fromHex(hex)));
    expect(e).toMatchObject({ kind: 'wireError', reason: 'malformed', path });
    expect((e as { message: string }).message.startsWith(`${path}: `)).toBe(true);
  });

  it('[WIRE-FUNC-STRUCTURE.1] the largest field number, 2^29 - 1, is a well-framed unknown field', () => {
    const r = decodeWire(pb.GossipMessageSchema, fromHex('f8ffffff0f 00 1801 6a00'));
    expect(r.ok && r.value.$unknown?.map((u) => u.no)).toEqual([2 ** 29 - 1]);
  });

  it('[WIRE-FUNC-ERROR-PATH.1] a fault inside a nested envelope is named from the outermost message, list indices included', () => {
    const good = decodeGossipMessage(fromHex(ALIVE_HEX));
    if (!good.ok) throw new Error(good.error.message);
    const inner = fromHex('1801 2a0c 120a 08 808080808080808080'); // truncated inc_num
    const env = (payload: Uint8Array) => ({ payload, signature: new Uint8Array([1]) });
    const outer = toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, env(msg({ tag: 1, content: { case: 'memRes', value: { alive: [env(fromHex(ALIVE_HEX)), env(inner)] } } }))));
    expect(errorOf(decodeEnvelope(outer))).toMatchObject({ reason: 'malformed', path: 'Envelope.payload.mem_res.alive.1.payload.alive_msg.timestamp.inc_num' });
  });
});

describe('[WIRE-FUNC-UNKNOWN-FIELDS.2] unknown fields', () => {
  // An alive message with unknown field 3 in AliveMessage (a varint) and 99 in GossipMessage (bytes).
  const withUnknown = fromHex(`1801 2a1b ${ALIVE_HEX.replace(/\s/g, '').slice(8, 58)} 1807 9a0603616263`);
  it('[WIRE-FUNC-UNKNOWN-FIELDS.2] are skipped by the model layer and kept, in place, by the wire layer', () => {
    const model = decodeGossipMessage(withUnknown);
    expect(model).toStrictEqual({ ok: true, value: aliveMessage });
    const wire = decodeWire(pb.GossipMessageSchema, withUnknown);
    expect(wire.ok && wire.value.$unknown?.map((u) => u.no)).toEqual([99]);
    expect(wire.ok && encodeWire(pb.GossipMessageSchema, wire.value)).toStrictEqual({ ok: true, value: withUnknown });
  });

  it('[WIRE-FUNC-UNKNOWN-FIELDS.2] [WIRE-FUNC-RECEIVED-BYTES.1] an envelope keeps the payload bytes it received, unknown fields included, and writes them back', () => {
    const bytes = toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload: withUnknown, signature: new Uint8Array([7]) }));
    const r = decodeEnvelope(bytes);
    expect(r).toStrictEqual({ ok: true, value: { payload: aliveMessage, signature: '\u0007', payloadBytes: Buffer.from(withUnknown).toString('latin1') } });
    const again = r.ok ? encodeEnvelope(r.value) : undefined;
    expect(again?.ok && toHex(again.value)).toBe(toHex(bytes));
    // The payload value alone re-encodes without them.
    expect(r.ok && encodeGossipMessage(r.value.payload)).toStrictEqual({ ok: true, value: fromHex(ALIVE_HEX) });
  });
});

describe('[WIRE-FUNC-ENUMS.1] enum numbers the model does not name', () => {
  it('[WIRE-FUNC-ENUMS.1] tag 9 and msg_type 7 are invalid at their fields', () => {
    expect(errorOf(decodeGossipMessage(msg({ tag: 9 as pb.GossipMessage_Tag, content: { case: 'empty', value: {} } })))).toMatchObject({ reason: 'invalid', path: 'GossipMessage.tag' });
    expect(errorOf(decodeGossipMessage(msg({ tag: 4, content: { case: 'hello', value: { msgType: 7 as pb.PullMsgType } } })))).toMatchObject({ reason: 'invalid', path: 'GossipMessage.hello.msg_type' });
  });
});

describe('[WIRE-FUNC-ABSENT-MESSAGE.1] sub-messages the model requires', () => {
  it('[WIRE-FUNC-ABSENT-MESSAGE.1] an alive message without membership, a StateInfo without properties, a message without content', () => {
    expect(errorOf(decodeGossipMessage(msg({ tag: 1, content: { case: 'aliveMsg', value: { timestamp: {} } } })))).toMatchObject({ reason: 'invalid', path: 'GossipMessage.alive_msg.membership' });
    expect(errorOf(decodeGossipMessage(msg({ tag: 5, content: { case: 'stateInfo', value: { timestamp: {} } } })))).toMatchObject({ reason: 'invalid', path: 'GossipMessage.state_info.properties' });
    expect(errorOf(decodeGossipMessage(msg({ tag: 1 })))).toMatchObject({ reason: 'invalid', path: 'GossipMessage.content' });
  });

  it('[WIRE-FUNC-ABSENT-MESSAGE.1] a present but empty sub-message is its zero value', () => {
    const r = decodeGossipMessage(msg({ tag: 1, content: { case: 'aliveMsg', value: { membership: {}, timestamp: {} } } }));
    expect(r.ok && r.value.content).toStrictEqual({ $case: 'aliveMsg', aliveMsg: { membership: { endpoint: '', metadata: '', pkiId: '' }, timestamp: { incNum: 0n, seqNum: 0n } } });
  });
});

describe('[WIRE-FUNC-ALIVE-IDENTITY.1] an alive message\'s identity', () => {
  it('[WIRE-FUNC-ALIVE-IDENTITY.1] empty on the wire is absent in the model; present is kept; an empty one cannot be encoded', () => {
    expect(decodeGossipMessage(fromHex(ALIVE_HEX))).toStrictEqual({ ok: true, value: aliveMessage });
    const withId: GossipMessage = { ...aliveMessage, content: { $case: 'aliveMsg', aliveMsg: { ...alive, identity: 'id' } } };
    const r = encodeGossipMessage(withId);
    expect(r.ok && decodeGossipMessage(r.value)).toStrictEqual({ ok: true, value: withId });
    const empty: GossipMessage = { ...aliveMessage, content: { $case: 'aliveMsg', aliveMsg: { ...alive, identity: '' } } };
    expect(errorOf(encodeGossipMessage(empty))).toMatchObject({ reason: 'notRepresentable', path: 'content.aliveMsg.identity' });
  });
});

describe('[WIRE-FUNC-SECRET.2] the secret envelope', () => {
  const env = (secretPayload: Uint8Array) =>
    toBinary(pb.EnvelopeSchema, create(pb.EnvelopeSchema, { payload: fromHex(ALIVE_HEX), signature: new Uint8Array([7]), secretEnvelope: { payload: secretPayload, signature: new Uint8Array([8]) } }));
  it('[WIRE-FUNC-SECRET.2] the internal endpoint is read from the Secret; an unset Secret reads as ""; encoding sets it, unless the received bytes are kept', () => {
    const r = decodeEnvelope(env(fromHex('0a 0769 6e3a3730 3531')));
    // Our own encoding of the Secret: nothing else is kept.
    expect(r.ok && r.value.secretEnvelope).toStrictEqual({ payload: { internalEndpoint: 'in:7051' }, signature: '\u0008' });
    const unset = decodeEnvelope(env(new Uint8Array(0)));
    expect(unset.ok && unset.value.secretEnvelope?.payload).toStrictEqual({ internalEndpoint: '' });
    // Received bytes (here none) are what the secret's signature covers: kept, and written back as received.
    expect(unset.ok && unset.value.secretEnvelope?.payloadBytes).toBe('');
    const again = unset.ok ? encodeEnvelope(unset.value) : undefined;
    expect(again?.ok && toHex(again.value)).toBe(toHex(env(new Uint8Array(0))));
    // A model value without received bytes: the oneof is set, as Fabric's producer sets it.
    const built = unset.ok ? encodeEnvelope({ ...unset.value, secretEnvelope: { payload: { internalEndpoint: '' }, signature: '\u0008' } }) : undefined;
    expect(built?.ok && toHex(built.value)).toBe(toHex(env(fromHex('0a00'))));
  });

  it('[WIRE-FUNC-SECRET.2] a payload that is no Secret reads as "" (Fabric\'s protoext.InternalEndpoint), its bytes kept', () => {
    const r = decodeEnvelope(env(Uint8Array.of(1, 2, 3)));
    expect(r.ok && r.value.secretEnvelope).toStrictEqual({ payload: { internalEndpoint: '' }, signature: '\u0008', payloadBytes: '\u0001\u0002\u0003' });
  });
});

describe('[WIRE-FUNC-NESTED-ENVELOPE.1] nested envelopes carry what their position requires', () => {
  it('[WIRE-FUNC-NESTED-ENVELOPE.1] a membership request whose self information is a StateInfo is invalid at the nested content', () => {
    const stateInfo = msg({ tag: 5, content: { case: 'stateInfo', value: { timestamp: {}, properties: {} } } });
    const bytes = msg({ tag: 1, content: { case: 'memReq', value: { selfInformation: { payload: stateInfo } } } });
    expect(errorOf(decodeGossipMessage(bytes))).toMatchObject({ reason: 'invalid', path: 'GossipMessage.mem_req.self_information.payload.content' });
  });

  it('[WIRE-FUNC-NESTED-ENVELOPE.1] a data update may carry identities, not alive messages', () => {
    const identity = msg({ tag: 2, content: { case: 'peerIdentity', value: { pkiId: new Uint8Array([1]) } } });
    const ok = msg({ tag: 1, content: { case: 'dataUpdate', value: { msgType: 2, data: [{ payload: identity }] } } });
    expect(decodeGossipMessage(ok).ok).toBe(true);
    const bad = msg({ tag: 1, content: { case: 'dataUpdate', value: { msgType: 2, data: [{ payload: identity }, { payload: fromHex(ALIVE_HEX) }] } } });
    expect(errorOf(decodeGossipMessage(bad))).toMatchObject({ reason: 'invalid', path: 'GossipMessage.data_update.data.1.payload.content' });
  });
});

describe('[WIRE-FUNC-PRIVATE-DATA.1] private data', () => {
  it('[WIRE-FUNC-PRIVATE-DATA.1] is decoded by the wire layer and unmodelled in the model', () => {
    const bytes = msg({ tag: 4, content: { case: 'privateData', value: { payload: { collectionName: 'c', txId: 't', privateSimHeight: U64_MAX, collectionConfigs: { config: [{ payload: { case: 'staticCollectionConfig', value: { name: 'c', blockToLive: 3n } } }] } } } } });
    expect(errorOf(decodeGossipMessage(bytes))).toMatchObject({ reason: 'unmodelled', path: 'GossipMessage.private_data' });
    const wire = decodeWire(pb.GossipMessageSchema, bytes);
    expect(wire.ok && wire.value.content.case === 'privateData' && wire.value.content.value.payload?.privateSimHeight).toBe(U64_MAX);
    expect(errorOf(decodeGossipMessage(msg({ tag: 4, content: { case: 'privateReq', value: { digests: [{ txId: 't' }] } } })))).toMatchObject({ reason: 'unmodelled', path: 'GossipMessage.privateReq' });
    expect(errorOf(decodeGossipMessage(msg({ tag: 4, content: { case: 'privateRes', value: {} } })))).toMatchObject({ reason: 'unmodelled', path: 'GossipMessage.privateRes' });
  });
});

describe('[WIRE-MSG-SERIALIZED-IDENTITY.1] msp.SerializedIdentity', () => {
  it('[WIRE-MSG-SERIALIZED-IDENTITY.1] {mspid, id_bytes} encodes as Fabric marshals it and decodes back', () => {
    const id = { mspId: 'Org1MSP', idBytes: '-----BEGIN CERTIFICATE-----\n' };
    const r = encodeSerializedIdentity(id);
    expect(r.ok && toHex(r.value)).toBe(`0a07${Buffer.from('Org1MSP').toString('hex')}121c${Buffer.from(id.idBytes).toString('hex')}`);
    expect(r.ok && decodeSerializedIdentity(r.value)).toStrictEqual({ ok: true, value: id });
    expect(errorOf(decodeSerializedIdentity(fromHex('0a02ff00')))).toMatchObject({ reason: 'malformed', path: 'SerializedIdentity.mspid' });
  });
});

it('[WIRE-FUNC-ROUND-TRIP.2] an envelope with a secret round-trips through hand-checked bytes', () => {
  const e: Envelope = { payload: aliveMessage, signature: 'sig', secretEnvelope: { payload: { internalEndpoint: 'in:1' }, signature: 's2' } };
  const r = encodeEnvelope(e);
  expect(r.ok && decodeEnvelope(r.value)).toStrictEqual({ ok: true, value: e });
});
