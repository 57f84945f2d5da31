import fc from 'fast-check';
import type * as t from 'io-ts';
import { canonicalDecode, canonicalEncode, decodeWith, PeerTime } from '../../src/core';
import {
  AliveMessage, Block, Chaincode, Content, Envelope, GossipMessage, LeadershipMessage, Member, Payload, PeerIdentity,
  Properties, SecretEnvelope, StateInfo,
} from '../../src/messages';
import * as A from '../../src/messages/arbitraries';
import { INC_NUM, messageOf } from './examples';

const RUNS = { numRuns: 100 };

/** Each codec beside the arbitrary that must stay aligned with it. */
const ALIGNED: readonly (readonly [string, t.Mixed, fc.Arbitrary<unknown>])[] = [
  ['PeerTime', PeerTime, A.peerTime()],
  ['Member', Member, A.member()],
  ['AliveMessage without identity', AliveMessage, A.aliveMessage('never')],
  ['AliveMessage with identity', AliveMessage, A.aliveMessage('always')],
  ['LeadershipMessage', LeadershipMessage, A.leadershipMessage()],
  ['Chaincode', Chaincode, A.chaincode()],
  ['Properties', Properties, A.properties()],
  ['StateInfo', StateInfo, A.stateInfo()],
  ['Block', Block, A.block()],
  ['Payload', Payload, A.payload()],
  ['PeerIdentity', PeerIdentity, A.peerIdentity()],
  ['SecretEnvelope', SecretEnvelope, A.secretEnvelope()],
  ...A.CONTENT_CASES.map((k) => [`Content ${k}`, Content, A.contentArbitraries[k]()] as const),
  ['GossipMessage (any tag)', GossipMessage, A.gossipMessage()],
  ['legallyTaggedMessage', GossipMessage, A.legallyTaggedMessage()],
  ['Envelope without secret envelope', Envelope, A.envelope('never')],
  ['Envelope with secret envelope', Envelope, A.envelope('always')],
];

/** Every object inside `v` has Object.prototype (fast-check 4 would make some null-prototype). */
function allPlain(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(allPlain);
  if (v !== null && typeof v === 'object') return Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(allPlain);
  return true;
}

describe('message codecs and their arbitraries', () => {
  it('[MSG-MSG-GOSSIP-MESSAGE.1] the arbitraries cover exactly the cases of the Content codec', () => {
    const codecCases = (Content.types as readonly { props: { $case: { value: string } } }[]).map((c) => c.props.$case.value);
    expect([...A.CONTENT_CASES].sort()).toEqual([...codecCases].sort());
    expect(codecCases).toHaveLength(18);
  });

  it('[MSG-MSG-GOSSIP-MESSAGE.1] Tag and PullMsgType keep Fabric enum values in Fabric order', () => {
    expect(A.ALL_TAGS).toEqual(['UNDEFINED', 'EMPTY', 'ORG_ONLY', 'CHAN_ONLY', 'CHAN_AND_ORG', 'CHAN_OR_ORG']);
    expect(A.ALL_PULL_MSG_TYPES).toEqual(['UNDEFINED', 'BLOCK_MSG', 'IDENTITY_MSG']);
  });

  describe.each(ALIGNED)('%s', (_name, codec, arb) => {
    it('[MSG-MSG-GOSSIP-MESSAGE.1] every generated value is a plain object that decodes to itself', () => {
      fc.assert(fc.property(arb, (v) => {
        expect(allPlain(v)).toBe(true);
        expect(decodeWith(codec, v)).toStrictEqual({ ok: true, value: v });
      }), RUNS);
    });

    it('[MSG-MSG-GOSSIP-MESSAGE.1] [MSG-MSG-ENVELOPE.2] encode then decode, and canonical text then decode, give the value back', () => {
      fc.assert(fc.property(arb, (v) => {
        expect(decodeWith(codec, codec.encode(v))).toStrictEqual({ ok: true, value: v });
        expect(decodeWith(codec, canonicalDecode(canonicalEncode(codec.encode(v))))).toStrictEqual({ ok: true, value: v });
      }), RUNS);
    });
  });

  it('[MSG-MSG-UINT64.1] the uint64 arbitrary reaches 2^64 - 1 and spends many draws above 2^53', () => {
    const drawn = fc.sample(A.uint64(), { numRuns: 300, seed: 42 });
    expect(drawn).toContain(A.UINT64_MAX);
    expect(drawn.filter((n) => n > 1n << 53n).length).toBeGreaterThan(100);
    expect(drawn.every((n) => n >= 0n && n <= A.UINT64_MAX)).toBe(true);
  });

  it('[MSG-MSG-UINT64.1] timestamps above 2^53 survive canonical text exactly', () => {
    const big = fc.bigInt({ min: 1n << 53n, max: A.UINT64_MAX });
    fc.assert(fc.property(big, big, (incNum, seqNum) => {
      const msg = messageOf({ $case: 'leadershipMsg', leadershipMsg: { pkiId: 'p', timestamp: { incNum, seqNum }, isDeclaration: false } }, 'CHAN_AND_ORG');
      const text = canonicalEncode(msg);
      expect(text).toContain(`{"$u64":"${incNum.toString()}"}`);
      expect(decodeWith(GossipMessage, canonicalDecode(text))).toStrictEqual({ ok: true, value: msg });
    }), RUNS);
  });

  it('[MSG-MSG-UINT64.1] uint64 fields take bigints and canonical decimal strings in [0, 2^64), nothing else', () => {
    const withInc = (incNum: unknown) => ({ incNum, seqNum: 0n });
    expect(decodeWith(PeerTime, withInc('18446744073709551615'))).toEqual({ ok: true, value: { incNum: A.UINT64_MAX, seqNum: 0n } });
    expect(decodeWith(PeerTime, withInc(INC_NUM.toString()))).toEqual({ ok: true, value: withInc(INC_NUM) });
    for (const bad of ['18446744073709551616', '007', '-1', '1e3', '', 5, 1n << 64n, -1n]) {
      const r = decodeWith(PeerTime, withInc(bad));
      expect(r.ok ? 'decoded' : r.error.path).toBe('incNum');
    }
  });
});

describe('decode errors name the broken field', () => {
  const MALFORMED: readonly (readonly [string, t.Mixed, fc.Arbitrary<A.Malformed>])[] = [
    ['GossipMessage', GossipMessage, A.malformedMessage()],
    ['Envelope', Envelope, A.malformedEnvelope()],
  ];

  it.each(MALFORMED)('[MSG-FUNC-DECODE-ERROR.1] %s with one broken field fails with that field\'s path', (name, codec, arb) => {
    const kindsSeen = new Set<A.FaultKind>();
    fc.assert(fc.property(arb, (m) => {
      kindsSeen.add(m.fault);
      const r = decodeWith(codec, m.value);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toMatchObject({ kind: 'decodeError', codec: name, path: m.path });
      expect(r.error.message.startsWith(`${m.path}: `)).toBe(true);
    }), { numRuns: 400 });
    // The generator must really exercise every kind of fault, or the property proves little.
    expect([...kindsSeen].sort()).toEqual(['missing', 'negative', 'notInteger', 'outOfRange', 'unknownCase', 'unknownEnum', 'wrongType']);
  });

  it('[MSG-FUNC-DECODE-ERROR.1] a value that is not an object fails at the root', () => {
    expect(decodeWith(GossipMessage, 'hello')).toEqual({
      ok: false,
      error: { kind: 'decodeError', codec: 'GossipMessage', path: '', message: '(root): expected GossipMessage, got "hello"' },
    });
  });

  it('[MSG-MSG-GOSSIP-MESSAGE.1] [MSG-FUNC-DECODE-ERROR.1] a private-data case is unknown, reported at content', () => {
    const r = decodeWith(GossipMessage, { nonce: 0n, channel: 'mychannel', tag: 'CHAN_ONLY', content: { $case: 'privateReq', privateReq: { digests: [] } } });
    expect(r.ok ? '' : r.error.path).toBe('content');
    expect(r.ok ? '' : r.error.message).toMatch(/^content: expected Content, got /);
  });
});
