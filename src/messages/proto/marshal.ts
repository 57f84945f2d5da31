/**
 * The io-ts model → protobuf bytes, as Go marshals the message it stands for: the bytes a signature
 * covers ([MSG-FUNC-SIGNED-BYTES.1]). The mapping is src/wire's ([WIRE-FUNC-DETERMINISTIC-ENCODING.1],
 * [WIRE-FUNC-BLOCK.1]) and so is what has no wire form (a code unit above 0xFF in a bytes field, a
 * lone surrogate in a string field, an empty alive identity, a block whose first transaction does
 * not carry its channel): there the result is undefined. test/wire/signed-bytes.test.ts checks that
 * both give the same bytes, and refuse the same values.
 *
 * Total over `unknown`: a value that is not of the model (a mutated or junk payload) is undefined
 * too, never an exception, so that a caller can sign or verify whatever it was handed.
 */
import { Tag, PullMsgType } from '../primitives';
import { bytesEqual, latin1Bytes, utf8Bytes, utf8Text } from './bytes';
import * as S from './schema';
import { bytesField, canonicalize, messageField, parse, serialize, type FieldValue, type Tree } from './tree';

/** Raised inside this file only; every export catches it. One instance: it carries nothing. */
class Unrepresentable extends Error {}
const NONE = new Unrepresentable('no wire form');
const none = (): never => {
  throw NONE;
};

const UINT64_LIMIT = 1n << 64n;
/** Fabric's protoutil.NewBlock allocates one metadata entry per BlockMetadataIndex value (five). */
const METADATA_ENTRIES = 5;

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : none());
const bytes = (v: unknown): Uint8Array => (typeof v === 'string' ? latin1Bytes(v) : undefined) ?? none();
const str = (v: unknown): Uint8Array => (typeof v === 'string' ? utf8Bytes(v) : undefined) ?? none();
const uint64 = (v: unknown): bigint => (typeof v === 'bigint' && v >= 0n && v < UINT64_LIMIT ? v : none());
const safeUint = (v: unknown): bigint => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : none());
const bool = (v: unknown): bigint => (typeof v === 'boolean' ? (v ? 1n : 0n) : none());
const list = <T extends Uint8Array | Tree>(v: unknown, each: (x: unknown) => T): T[] => (Array.isArray(v) ? v.map(each) : none());

/** Enum names → numbers, read from the codecs, whose keys are in Fabric's order (test/messages/codecs.test.ts). */
const enumNumbers = (keys: object): ReadonlyMap<string, bigint> => new Map(Object.keys(keys).map((k, i) => [k, BigInt(i)]));
const TAGS = enumNumbers(Tag.keys);
const PULL_MSG_TYPES = enumNumbers(PullMsgType.keys);
const enumOf = (numbers: ReadonlyMap<string, bigint>, v: unknown): bigint => (typeof v === 'string' ? numbers.get(v) : undefined) ?? none();

const tree = (entries: readonly (readonly [number, FieldValue | undefined])[]): Tree => {
  const out = new Map<number, FieldValue>();
  for (const [no, v] of entries) if (v !== undefined) out.set(no, v);
  return out;
};

const peerTime = (v: unknown): Tree => {
  const t = rec(v);
  return tree([[1, uint64(t['incNum'])], [2, uint64(t['seqNum'])]]);
};

// ---- The block: common.Block, as src/wire/block.ts writes it

/** Fabric's GetChannelIDFromEnvelope over a marshalled common.Envelope; undefined when it fails. */
export function channelOfTransaction(tx: Uint8Array): string | undefined {
  const envelope = parse(S.CommonEnvelopeSchema, tx);
  const payload = envelope && parse(S.CommonPayloadSchema, bytesField(envelope, 1));
  const header = payload && messageField(payload, 1);
  const channelHeader = header && parse(S.ChannelHeaderSchema, bytesField(header, 1));
  return channelHeader && utf8Text(bytesField(channelHeader, 4));
}

/** SignatureHeader{creator}: what a block's MetadataSignature carries (the model keeps no nonce). */
export const signatureHeaderBytes = (creator: Uint8Array): Uint8Array => serialize(S.SignatureHeaderSchema, tree([[1, creator]]));

function blockTree(v: unknown): Tree {
  const b = rec(v);
  const header = rec(b['header']);
  const txs = list(b['data'], bytes);
  const first = txs[0] ?? none();
  if (channelOfTransaction(first) !== header['channelId']) none();
  const signatures = list(rec(b['metadata'])['signatures'], (s) => {
    const sig = rec(s);
    return tree([[1, signatureHeaderBytes(bytes(sig['identity']))], [2, bytes(sig['signature'])]]);
  });
  const metadata: Uint8Array[] = Array.from({ length: METADATA_ENTRIES }, () => new Uint8Array(0));
  metadata[0] = serialize(S.MetadataSchema, tree([[2, signatures]]));
  return tree([
    [1, tree([[1, safeUint(header['number'])], [2, bytes(header['previousHash'])], [3, bytes(header['dataHash'])]])],
    [2, tree([[1, txs]])],
    [3, tree([[1, metadata]])],
  ]);
}

const payload = (v: unknown): Tree => {
  const p = rec(v);
  return tree([[1, safeUint(p['seqNum'])], [2, serialize(S.BlockSchema, blockTree(p['data']))], [3, list(p['privateData'], bytes)]]);
};

// ---- Envelopes nested in a message

/**
 * [WIRE-FUNC-SECRET.2] What carried Secret bytes say, as Fabric's protoext.InternalEndpoint reads them:
 * the endpoint, or '' when the oneof is unset or the bytes do not parse.
 */
export function internalEndpointOfSecret(carried: Uint8Array): string {
  const parsed = parse(S.SecretSchema, carried);
  return (parsed?.has(1) === true ? utf8Text(bytesField(parsed, 1)) : undefined) ?? '';
}

const secretMatches = (carried: Uint8Array, secret: unknown): boolean => internalEndpointOfSecret(carried) === rec(secret)['internalEndpoint'];

/** The bytes an envelope's payload stands for: the carried ones when they say the payload, else the encoding. */
function payloadBytesOf(e: Rec): Uint8Array {
  if (e['payloadBytes'] === undefined) return gossipMessageBytes(e['payload']);
  const carried = bytes(e['payloadBytes']);
  const said = canonicalize(S.GossipMessageSchema, carried);
  return said !== undefined && bytesEqual(said, gossipMessageBytes(e['payload'])) ? carried : none();
}

function secretBytesOf(s: Rec): Uint8Array {
  if (s['payloadBytes'] === undefined) return serialize(S.SecretSchema, secretTree(s['payload']));
  const carried = bytes(s['payloadBytes']);
  return secretMatches(carried, s['payload']) ? carried : none();
}

const secretTree = (v: unknown): Tree => tree([[1, str(rec(v)['internalEndpoint'])]]);

function envelopeTree(v: unknown): Tree {
  const e = rec(v);
  const secret = e['secretEnvelope'] === undefined ? undefined : rec(e['secretEnvelope']);
  return tree([
    [1, payloadBytesOf(e)],
    [2, bytes(e['signature'])],
    [3, secret === undefined ? undefined : tree([[1, secretBytesOf(secret)], [2, bytes(secret['signature'])]])],
  ]);
}

const envelopes = (v: unknown): Tree[] => list(v, envelopeTree);

// ---- GossipMessage

function aliveTree(a: Rec): Tree {
  const m = rec(a['membership']);
  // [WIRE-FUNC-ALIVE-IDENTITY.1] an empty identity would read back as an absent one.
  const identity = a['identity'] === undefined ? undefined : a['identity'] === '' ? none() : bytes(a['identity']);
  return tree([[1, tree([[1, str(m['endpoint'])], [2, bytes(m['metadata'])], [3, bytes(m['pkiId'])]])], [2, peerTime(a['timestamp'])], [4, identity]]);
}

const pull = (p: Rec, second: FieldValue): Tree => tree([[1, uint64(p['nonce'])], [2, second], [3, enumOf(PULL_MSG_TYPES, p['msgType'])]]);

/** The content oneof: its field number and tree. */
function contentOf(c: Rec): readonly [number, Tree] {
  const body = (): Rec => rec(c[c['$case'] as string]);
  switch (c['$case']) {
    case 'aliveMsg': return [5, aliveTree(body())];
    case 'memReq': return [6, tree([[1, envelopeTree(body()['selfInformation'])], [2, list(body()['known'], bytes)]])];
    case 'memRes': return [7, tree([[1, envelopes(body()['alive'])], [2, envelopes(body()['dead'])]])];
    case 'dataMsg': return [8, tree([[1, payload(body()['payload'])]])];
    case 'hello': return [9, pull(body(), bytes(body()['metadata']))];
    case 'dataDig': return [10, pull(body(), list(body()['digests'], bytes))];
    case 'dataReq': return [11, pull(body(), list(body()['digests'], bytes))];
    case 'dataUpdate': return [12, pull(body(), envelopes(body()['data']))];
    case 'empty':
      body(); // a record, as the model has it
      return [13, tree([])];
    case 'conn': {
      const x = body();
      return [14, tree([[1, bytes(x['pkiId'])], [2, bytes(x['identity'])], [3, bytes(x['tlsCertHash'])], [4, bool(x['probe'])]])];
    }
    case 'stateInfo': {
      const s = body();
      const p = rec(s['properties']);
      const chaincodes = list(p['chaincodes'], (cc) => {
        const x = rec(cc);
        return tree([[1, str(x['name'])], [2, str(x['version'])], [3, bytes(x['metadata'])]]);
      });
      const properties = tree([[1, safeUint(p['ledgerHeight'])], [2, bool(p['leftChannel'])], [3, chaincodes]]);
      return [15, tree([[2, peerTime(s['timestamp'])], [3, bytes(s['pkiId'])], [4, bytes(s['channelMAC'])], [5, properties]])];
    }
    case 'stateSnapshot': return [16, tree([[1, envelopes(body()['elements'])]])];
    case 'stateInfoPullReq': return [17, tree([[1, bytes(body()['channelMAC'])]])];
    case 'stateRequest': return [18, tree([[1, safeUint(body()['startSeqNum'])], [2, safeUint(body()['endSeqNum'])]])];
    case 'stateResponse': return [19, tree([[1, list(body()['payloads'], payload)]])];
    case 'leadershipMsg': {
      const l = body();
      return [20, tree([[1, bytes(l['pkiId'])], [2, peerTime(l['timestamp'])], [3, bool(l['isDeclaration'])]])];
    }
    case 'peerIdentity': {
      const x = body();
      return [21, tree([[1, bytes(x['pkiId'])], [2, bytes(x['cert'])], [3, bytes(x['metadata'])]])];
    }
    case 'ack': return [22, tree([[1, str(body()['error'])]])];
    default: return none();
  }
}

function gossipMessageBytes(v: unknown): Uint8Array {
  const m = rec(v);
  const [no, content] = contentOf(rec(m['content']));
  return serialize(S.GossipMessageSchema, tree([[1, uint64(m['nonce'])], [2, bytes(m['channel'])], [3, enumOf(TAGS, m['tag'])], [no, content]]));
}

function total<A>(run: () => A): A | undefined {
  try {
    return run();
  } catch (e) {
    // A value outside the model (a getter that throws, a cyclic junk payload) is as unrepresentable as a wide code unit.
    if (e instanceof Unrepresentable || e instanceof TypeError || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** [MSG-FUNC-SIGNED-BYTES.1] Go's marshalling of the GossipMessage `m` stands for, or undefined when it has no wire form. */
export const marshalGossipMessage = (m: unknown): Uint8Array | undefined => total(() => gossipMessageBytes(m));

/** [MSG-FUNC-SIGNED-BYTES.1] Secret{internalEndpoint} with its oneof set, as Fabric's producer sets it. */
export const marshalSecret = (secret: unknown): Uint8Array | undefined => total(() => serialize(S.SecretSchema, secretTree(secret)));

/** The model block as a marshalled common.Block ([WIRE-FUNC-BLOCK.1]), or undefined when it has no wire form. */
export const marshalBlock = (block: unknown): Uint8Array | undefined => total(() => serialize(S.BlockSchema, blockTree(block)));

/**
 * [MSG-FUNC-RECEIVED-BYTES.1] Whether carried payload bytes say exactly `payload`: they parse, and
 * without their unknown fields, in Go's order, they are the payload's own encoding.
 */
export function payloadBytesSay(carried: Uint8Array, payload: unknown): boolean {
  const said = canonicalize(S.GossipMessageSchema, carried);
  const own = marshalGossipMessage(payload);
  return said !== undefined && own !== undefined && bytesEqual(said, own);
}

/** [MSG-FUNC-RECEIVED-BYTES.1] Whether carried Secret bytes say `secret` (Go's getter: unset is ''). */
export const secretBytesSay = (carried: Uint8Array, secret: unknown): boolean => total(() => secretMatches(carried, secret)) === true;
