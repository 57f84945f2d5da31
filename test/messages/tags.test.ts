import fc from 'fast-check';
import { checkTag, type ContentCase, type ContentOf, type GossipMessage, type PullMsgType, type Tag } from '../../src/messages';
import { ALL_TAGS, contentArbitraries, gossipMessage, gossipMessageOf, legalTagsOf, legallyTaggedMessage } from '../../src/messages/arbitraries';
import { EXAMPLES, messageOf } from './examples';

const RUNS = { numRuns: 300 };
const retag = (msg: GossipMessage, tag: Tag): GossipMessage => ({ ...msg, tag });
const legalSet = (msg: GossipMessage): Tag[] => ALL_TAGS.filter((tag) => checkTag(retag(msg, tag)).ok);

type PullCase = 'hello' | 'dataDig' | 'dataReq' | 'dataUpdate';
const PULL_CASES: readonly PullCase[] = ['hello', 'dataDig', 'dataReq', 'dataUpdate'];

/** The content `c` (by default the example) of pull case `k` with its msgType replaced. */
function withMsgType(k: PullCase, msgType: PullMsgType, c: ContentOf<PullCase> = EXAMPLES[k]): ContentOf<PullCase> {
  return { ...c, [k]: { ...(c as unknown as Record<string, object>)[k], msgType } } as ContentOf<PullCase>;
}

/**
 * Fabric's IsTagLegal (gossip/protoext/message.go), row by row: the only tags each content may
 * carry. conn, ack and empty never reach the check in Fabric (comm handles them first), so the
 * model lets them carry any tag but UNDEFINED.
 */
const NON_PULL_TABLE: readonly (readonly [Exclude<ContentCase, PullCase>, readonly Tag[]])[] = [
  ['dataMsg', ['CHAN_AND_ORG']],
  ['aliveMsg', ['EMPTY']],
  ['memReq', ['EMPTY']],
  ['memRes', ['EMPTY']],
  ['peerIdentity', ['ORG_ONLY']],
  ['stateInfo', ['CHAN_OR_ORG']],
  ['stateSnapshot', ['CHAN_OR_ORG']],
  ['stateInfoPullReq', ['CHAN_OR_ORG']],
  ['stateRequest', ['CHAN_OR_ORG']],
  ['stateResponse', ['CHAN_OR_ORG']],
  ['leadershipMsg', ['CHAN_AND_ORG']],
  ['conn', ['EMPTY', 'ORG_ONLY', 'CHAN_ONLY', 'CHAN_AND_ORG', 'CHAN_OR_ORG']],
  ['ack', ['EMPTY', 'ORG_ONLY', 'CHAN_ONLY', 'CHAN_AND_ORG', 'CHAN_OR_ORG']],
  ['empty', ['EMPTY', 'ORG_ONLY', 'CHAN_ONLY', 'CHAN_AND_ORG', 'CHAN_OR_ORG']],
];
const PULL_TABLE: readonly (readonly [PullCase, PullMsgType, readonly Tag[]])[] = PULL_CASES.flatMap((k) => [
  [k, 'BLOCK_MSG', ['CHAN_AND_ORG']] as const,
  [k, 'IDENTITY_MSG', ['EMPTY']] as const,
  [k, 'UNDEFINED', []] as const,
]);

describe('[MSG-FUNC-TAG-LEGALITY.1] IsTagLegal, the whole table', () => {
  it('[MSG-FUNC-TAG-LEGALITY.1] the table covers every content case', () => {
    const covered = new Set<string>([...NON_PULL_TABLE.map(([k]) => k), ...PULL_CASES]);
    expect([...covered].sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  it.each(NON_PULL_TABLE)('[MSG-FUNC-TAG-LEGALITY.1] %s is legal exactly with %j', (k, legal) => {
    expect(legalSet(messageOf(EXAMPLES[k]))).toEqual(legal);
  });

  it.each(PULL_TABLE)('[MSG-FUNC-TAG-LEGALITY.1] %s of %s is legal exactly with %j', (k, msgType, legal) => {
    expect(legalSet(messageOf(withMsgType(k, msgType)))).toEqual(legal);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] a rejection says which tag the content needs', () => {
    expect(checkTag(messageOf(EXAMPLES.aliveMsg, 'CHAN_AND_ORG'))).toEqual({ ok: false, reason: 'aliveMsg must be tagged EMPTY, got CHAN_AND_ORG' });
    expect(checkTag(messageOf(withMsgType('hello', 'UNDEFINED'), 'EMPTY'))).toEqual({ ok: false, reason: 'unknown pull message type in hello' });
    expect(checkTag(messageOf(EXAMPLES.ack, 'UNDEFINED'))).toEqual({ ok: false, reason: 'tag UNDEFINED is never legal' });
  });
});

describe('[MSG-FUNC-TAG-LEGALITY.1] tag legality over generated messages', () => {
  it('[MSG-FUNC-TAG-LEGALITY.1] UNDEFINED is illegal for every message', () => {
    fc.assert(fc.property(gossipMessage(), (msg) => {
      expect(checkTag(retag(msg, 'UNDEFINED')).ok).toBe(false);
    }), RUNS);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] a pull message of msgType UNDEFINED is illegal with any tag', () => {
    const pullContent = fc.constantFrom(...PULL_CASES).chain((k) => contentArbitraries[k]().map((c) => withMsgType(k, 'UNDEFINED', c)));
    fc.assert(fc.property(gossipMessageOf(pullContent), (msg) => {
      expect(checkTag(msg).ok).toBe(false);
    }), RUNS);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] legallyTaggedMessage always passes checkTag', () => {
    fc.assert(fc.property(legallyTaggedMessage(), (msg) => {
      expect(checkTag(msg)).toEqual({ ok: true });
    }), RUNS);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] any other tag on a legally tagged message fails, except conn/ack/empty which take any but UNDEFINED', () => {
    fc.assert(fc.property(legallyTaggedMessage(), fc.constantFrom(...ALL_TAGS), (msg, other) => {
      fc.pre(other !== msg.tag);
      const anyTag = ['conn', 'ack', 'empty'].includes(msg.content.$case);
      expect(checkTag(retag(msg, other)).ok).toBe(anyTag && other !== 'UNDEFINED');
    }), RUNS);
  });

  it('[MSG-FUNC-TAG-LEGALITY.1] the arbitraries\' independent reading of IsTagLegal agrees with checkTag', () => {
    fc.assert(fc.property(gossipMessage(), (msg) => {
      expect(legalSet(msg)).toEqual(legalTagsOf(msg.content));
    }), RUNS);
  });
});
