/**
 * fast-check arbitraries for every message codec, kept aligned with the codecs by
 * test/messages/codecs.test.ts (architecture §6, principle 10). Values are plain objects
 * (fast-check 4 otherwise mixes in null-prototype records, which `toStrictEqual` and some
 * libraries tell apart) and respect the codecs' refinements: uint64 fields are bigints in
 * [0, 2^64), SafeUint fields are non-negative safe integers, optional fields are absent (never
 * present with `undefined`).
 */
import fc from 'fast-check';
import type * as t from 'io-ts';
import type { PeerTime } from '../core/peer-time';
import type { Block } from './block';
import type * as C from './content';
import type { Content, ContentCase, ContentOf } from './content';
import type { Envelope, GossipMessage } from './gossip-message';
import { PullMsgType, Tag } from './primitives';

type Of<X extends t.Any> = t.TypeOf<X>;

export const UINT64_MAX = (1n << 64n) - 1n;
/** Every Tag and PullMsgType value, read from the codecs so that a new value is generated at once. */
export const ALL_TAGS = Object.keys(Tag.keys) as Tag[];
export const ALL_PULL_MSG_TYPES = Object.keys(PullMsgType.keys) as PullMsgType[];

/** fc.record with ordinary prototypes. */
function plain<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

/** Add `key` with a generated value, or leave it absent, according to `presence`. */
function withOptional<T extends object, K extends string, V>(
  base: fc.Arbitrary<T>,
  key: K,
  value: fc.Arbitrary<V>,
  presence: 'always' | 'never' | 'maybe',
): fc.Arbitrary<T & Partial<Record<K, V>>> {
  if (presence === 'never') return base;
  const present = fc.tuple(base, value).map(([b, v]) => ({ ...b, [key]: v }) as T & Record<K, V>);
  return presence === 'always' ? present : fc.oneof(base, present);
}

const small = <T>(arb: fc.Arbitrary<T>, maxLength = 3) => fc.array(arb, { maxLength });

/** Bytes: mostly ASCII, sometimes any code unit (canonical encoding must survive both). */
export const bytes = (): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ maxLength: 8 }), fc.string({ maxLength: 4, unit: 'binary' }));
/** The uint64 values where bugs hide: both ends, and either side of 2^53 (a JS number's exact limit). */
const UINT64_EDGES = [0n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, 1n << 63n, UINT64_MAX];
/** uint64 as bigint: often above 2^53, where a JS number would lose precision, and often at an edge. */
export const uint64 = (): fc.Arbitrary<bigint> =>
  fc.oneof(fc.bigInt({ min: 0n, max: UINT64_MAX }), fc.bigInt({ min: 1n << 53n, max: UINT64_MAX }), fc.constantFrom(...UINT64_EDGES));
export const safeUint = (): fc.Arbitrary<number> => fc.maxSafeNat();
export const anyTag = (): fc.Arbitrary<Tag> => fc.constantFrom(...ALL_TAGS);
export const pullMsgType = (): fc.Arbitrary<PullMsgType> => fc.constantFrom(...ALL_PULL_MSG_TYPES);

export const peerTime = (): fc.Arbitrary<PeerTime> => plain({ incNum: uint64(), seqNum: uint64() });
export const member = (): fc.Arbitrary<Of<typeof C.Member>> => plain({ endpoint: bytes(), metadata: bytes(), pkiId: bytes() });
export const aliveMessage = (identity: 'always' | 'never' | 'maybe' = 'maybe'): fc.Arbitrary<Of<typeof C.AliveMessage>> =>
  withOptional(plain({ membership: member(), timestamp: peerTime() }), 'identity', bytes(), identity);
export const leadershipMessage = (): fc.Arbitrary<Of<typeof C.LeadershipMessage>> =>
  plain({ pkiId: bytes(), timestamp: peerTime(), isDeclaration: fc.boolean() });
export const chaincode = (): fc.Arbitrary<Of<typeof C.Chaincode>> => plain({ name: bytes(), version: bytes(), metadata: bytes() });
export const properties = (): fc.Arbitrary<Of<typeof C.Properties>> =>
  plain({ ledgerHeight: safeUint(), leftChannel: fc.boolean(), chaincodes: small(chaincode(), 2) });
export const stateInfo = (): fc.Arbitrary<Of<typeof C.StateInfo>> =>
  plain({ timestamp: peerTime(), pkiId: bytes(), channelMAC: bytes(), properties: properties() });

export const block = (): fc.Arbitrary<Block> =>
  plain({
    header: plain({ number: safeUint(), previousHash: bytes(), dataHash: bytes(), channelId: bytes() }),
    data: small(bytes()),
    metadata: plain({ signatures: small(plain({ identity: bytes(), signature: bytes() }), 2) }),
  });
export const payload = (): fc.Arbitrary<Of<typeof C.Payload>> =>
  plain({ seqNum: safeUint(), data: block(), privateData: small(bytes(), 2) });
export const peerIdentity = (): fc.Arbitrary<Of<typeof C.PeerIdentity>> => plain({ pkiId: bytes(), cert: bytes(), metadata: bytes() });

export const secretEnvelope = (): fc.Arbitrary<Envelope['secretEnvelope'] & object> =>
  plain({ payload: plain({ internalEndpoint: bytes() }), signature: bytes() });

/** A GossipMessage around the given content; nested and top-level messages take any tag by default. */
export function gossipMessageOf<Ct>(content: fc.Arbitrary<Ct>, tag: fc.Arbitrary<Tag> = anyTag()) {
  return plain({ nonce: uint64(), channel: bytes(), tag, content });
}

/** An envelope around a generated payload, with or without a secret envelope. */
export function envelopeOf<P>(payloadArb: fc.Arbitrary<P>, secret: 'always' | 'never' | 'maybe' = 'maybe') {
  return withOptional(plain({ payload: payloadArb, signature: bytes() }), 'secretEnvelope', secretEnvelope(), secret);
}

/** `{ $case: key, [key]: value }`: the computed key is why the cast is needed. */
const caseOf =
  <K extends ContentCase>(key: K) =>
  (value: ContentOf<K>[K & keyof ContentOf<K>]): ContentOf<K> =>
    ({ $case: key, [key]: value }) as unknown as ContentOf<K>;

const aliveContent = () => aliveMessage().map(caseOf('aliveMsg'));
const stateInfoContent = () => stateInfo().map(caseOf('stateInfo'));
const aliveEnvelope = () => envelopeOf(gossipMessageOf(aliveContent()));

/** One arbitrary per content case; the mapped type makes a missing case a compile error. */
export const contentArbitraries: { readonly [K in ContentCase]: () => fc.Arbitrary<ContentOf<K>> } = {
  aliveMsg: aliveContent,
  memReq: () => plain({ selfInformation: aliveEnvelope(), known: small(bytes()) }).map(caseOf('memReq')),
  memRes: () => plain({ alive: small(aliveEnvelope(), 2), dead: small(aliveEnvelope(), 2) }).map(caseOf('memRes')),
  dataMsg: () => plain({ payload: payload() }).map(caseOf('dataMsg')),
  hello: () => plain({ nonce: uint64(), metadata: bytes(), msgType: pullMsgType() }).map(caseOf('hello')),
  dataDig: () => plain({ nonce: uint64(), digests: small(bytes()), msgType: pullMsgType() }).map(caseOf('dataDig')),
  dataReq: () => plain({ nonce: uint64(), digests: small(bytes()), msgType: pullMsgType() }).map(caseOf('dataReq')),
  dataUpdate: () => {
    const item = fc.oneof(contentArbitraries.dataMsg(), peerIdentity().map(caseOf('peerIdentity')));
    return plain({ nonce: uint64(), data: small(envelopeOf(gossipMessageOf(item)), 2), msgType: pullMsgType() }).map(caseOf('dataUpdate'));
  },
  empty: () => fc.constant(null).map(() => caseOf('empty')({})),
  conn: () => plain({ pkiId: bytes(), identity: bytes(), tlsCertHash: bytes(), probe: fc.boolean() }).map(caseOf('conn')),
  stateInfo: stateInfoContent,
  stateSnapshot: () => plain({ elements: small(envelopeOf(gossipMessageOf(stateInfoContent())), 2) }).map(caseOf('stateSnapshot')),
  stateInfoPullReq: () => plain({ channelMAC: bytes() }).map(caseOf('stateInfoPullReq')),
  stateRequest: () => plain({ startSeqNum: safeUint(), endSeqNum: safeUint() }).map(caseOf('stateRequest')),
  stateResponse: () => plain({ payloads: small(payload(), 2) }).map(caseOf('stateResponse')),
  leadershipMsg: () => leadershipMessage().map(caseOf('leadershipMsg')),
  peerIdentity: () => peerIdentity().map(caseOf('peerIdentity')),
  ack: () => plain({ error: bytes() }).map(caseOf('ack')),
};

export const CONTENT_CASES = Object.keys(contentArbitraries) as ContentCase[];

export const content = (): fc.Arbitrary<Content> =>
  fc.oneof(...CONTENT_CASES.map((k) => contentArbitraries[k]() as fc.Arbitrary<Content>));

export const gossipMessage = (): fc.Arbitrary<GossipMessage> => gossipMessageOf(content());
export const envelope = (secret: 'always' | 'never' | 'maybe' = 'maybe'): fc.Arbitrary<Envelope> => envelopeOf(gossipMessage(), secret);

/**
 * Fabric's IsTagLegal written out a second time, independently of tags.ts, so that a test can
 * compare the two readings: the tags a message with this content may carry ([] = none).
 * conn, ack and empty are handled before the tag check, so any tag but UNDEFINED is taken.
 */
export function legalTagsOf(c: Content): readonly Tag[] {
  const pullType = (m: { msgType: PullMsgType }): readonly Tag[] =>
    m.msgType === 'BLOCK_MSG' ? ['CHAN_AND_ORG'] : m.msgType === 'IDENTITY_MSG' ? ['EMPTY'] : [];
  switch (c.$case) {
    case 'hello': return pullType(c.hello);
    case 'dataDig': return pullType(c.dataDig);
    case 'dataReq': return pullType(c.dataReq);
    case 'dataUpdate': return pullType(c.dataUpdate);
    case 'dataMsg': case 'leadershipMsg': return ['CHAN_AND_ORG'];
    case 'aliveMsg': case 'memReq': case 'memRes': return ['EMPTY'];
    case 'peerIdentity': return ['ORG_ONLY'];
    case 'stateInfo': case 'stateSnapshot': case 'stateInfoPullReq': case 'stateRequest': case 'stateResponse': return ['CHAN_OR_ORG'];
    case 'conn': case 'ack': case 'empty': return ALL_TAGS.filter((tag) => tag !== 'UNDEFINED');
  }
}

/** A message of any content whose tag is one that IsTagLegal accepts (pull types other than UNDEFINED). */
export const legallyTaggedMessage = (): fc.Arbitrary<GossipMessage> =>
  content()
    .filter((c) => legalTagsOf(c).length > 0)
    .chain((c) => gossipMessageOf(fc.constant(c), fc.constantFrom(...legalTagsOf(c))));

// ---- Malformed values: a valid value with exactly one field broken, and the path of that field.

export type FaultKind = 'missing' | 'wrongType' | 'negative' | 'notInteger' | 'outOfRange' | 'unknownCase' | 'unknownEnum';

export interface Malformed {
  readonly value: unknown;
  /** The broken field as DecodeError.path names it (a broken `$case` is reported at its oneof). */
  readonly path: string;
  readonly fault: FaultKind;
}

type Segment = string | number;
interface Fault {
  readonly at: readonly Segment[];
  readonly fault: FaultKind;
  /** The value put in place of the field; unused for 'missing', which deletes it. */
  readonly replacement?: unknown;
}

/** Fields the codecs declare optional (t.partial): deleting one is no fault. */
function isOptionalField(at: readonly Segment[]): boolean {
  const last = at[at.length - 1];
  return last === 'secretEnvelope' || (last === 'identity' && at[at.length - 2] === 'aliveMsg');
}

/** Fabric's private-data variants, which we do not model: realistic unknown cases. */
const UNKNOWN_CASES = ['privateData', 'privateReq', 'privateRes'];

function faultsAt(at: readonly Segment[], v: unknown): Fault[] {
  const last = at[at.length - 1];
  const faults: Fault[] = typeof last === 'string' && !isOptionalField(at) ? [{ at, fault: 'missing' }] : [];
  const add = (fault: FaultKind, replacement: unknown) => faults.push({ at, fault, replacement });
  if (last === '$case') UNKNOWN_CASES.forEach((c) => add('unknownCase', c));
  else if (typeof v === 'bigint') {
    add('negative', -1n - v);
    add('outOfRange', v + (1n << 64n));
    add('wrongType', true); // not a decimal string: Uint64 accepts those
  } else if (typeof v === 'number') {
    add('negative', -1 - v);
    add('notInteger', 0.5);
    add('wrongType', String(v));
  } else if (typeof v === 'string') {
    if (last === 'tag' || last === 'msgType') add('unknownEnum', `NOT_A_${last}`);
    add('wrongType', 7);
  } else if (typeof v === 'boolean') add('wrongType', 1);
  else add('wrongType', Array.isArray(v) ? 'not-an-array' : 7);
  return faults;
}

function faultsOf(v: unknown, at: readonly Segment[] = []): Fault[] {
  const here = at.length > 0 ? faultsAt(at, v) : [];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => faultsOf(x, [...at, i]))];
  if (v !== null && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => faultsOf(x, [...at, k]))];
  return here;
}

/** A copy of `v` with the fault applied at `at` (the rest shared, which is fine: values are never mutated). */
function applyFault(v: unknown, at: readonly Segment[], f: Fault): unknown {
  const [head, ...rest] = at;
  if (head === undefined) return f.replacement;
  if (Array.isArray(v)) return (v as unknown[]).map((x, i) => (i === head ? applyFault(x, rest, f) : x));
  const obj = v as Record<string, unknown>;
  if (rest.length === 0 && f.fault === 'missing') {
    const { [head]: _deleted, ...others } = obj;
    return others;
  }
  return { ...obj, [head]: applyFault(obj[head], rest, f) };
}

const reportedPath = (at: readonly Segment[]): string => (at[at.length - 1] === '$case' ? at.slice(0, -1) : at).join('.');

/**
 * A value from `valid` with exactly one field broken. The kind of fault is drawn first, uniformly
 * among those the value admits, then the field: rare kinds (a fractional height) are not drowned
 * by the many string fields.
 */
export function malformed(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Malformed> {
  return valid.chain((v) => {
    const faults = faultsOf(v);
    const kinds = [...new Set(faults.map((f) => f.fault))];
    return fc
      .constantFrom(...kinds)
      .chain((kind) => fc.constantFrom(...faults.filter((f) => f.fault === kind)))
      .map((f) => ({ value: applyFault(v, f.at, f), path: reportedPath(f.at), fault: f.fault }));
  });
}

export const malformedMessage = (): fc.Arbitrary<Malformed> => malformed(gossipMessage());
export const malformedEnvelope = (): fc.Arbitrary<Malformed> => malformed(envelope());
