/** Concrete examples: each content variant, one broken field per variant, nested envelopes of the wrong type. */
import type * as t from 'io-ts';
import { decodeWith } from '../../src/core';
import { Envelope, GossipMessage, type ContentCase } from '../../src/messages';
import { CONTENT_CASES } from '../../src/messages/arbitraries';
import { EXAMPLES, aliveContent, envelopeOf, messageOf, setPath, stateInfoContent } from './examples';

const pathOfFailure = (codec: t.Mixed, value: unknown): string => {
  const r = decodeWith(codec, value);
  return r.ok ? '(decoded)' : r.error.path;
};

describe('content variants by example', () => {
  it.each(CONTENT_CASES)('[MSG-MSG-GOSSIP-MESSAGE.1] the %s example decodes to itself', (k) => {
    const msg = messageOf(EXAMPLES[k]);
    expect(decodeWith(GossipMessage, msg)).toStrictEqual({ ok: true, value: msg });
  });

  it.each(CONTENT_CASES)('[MSG-FUNC-DECODE-ERROR.1] a %s message without its variant field names content.<case>', (k) => {
    const msg = setPath(messageOf(EXAMPLES[k]), `content.${k}`, undefined);
    expect(pathOfFailure(GossipMessage, msg)).toBe(`content.${k}`);
  });

  // One field per variant, broken in a way a careless or hostile peer might: [case, field under content.<case>, bad value, why].
  const BROKEN: readonly (readonly [ContentCase, string, unknown, string])[] = [
    ['aliveMsg', 'timestamp.incNum', -1n, 'negative uint64'],
    ['aliveMsg', 'identity', 42, 'optional field of the wrong type'],
    ['memReq', 'known', 'peer1', 'a string where a list is due'],
    ['memRes', 'alive.1.signature', 5, 'a numeric signature in the second entry'],
    ['dataMsg', 'payload.data.header.number', 1.5, 'a fractional block number'],
    ['hello', 'msgType', 'BLOCKS', 'an unknown PullMsgType'],
    ['dataDig', 'digests.1', 11, 'a numeric digest'],
    ['dataReq', 'nonce', 1n << 64n, 'a nonce of 2^64'],
    ['dataUpdate', 'data.0.payload.content.peerIdentity.cert', undefined, 'an identity without its cert'],
    ['empty', '', null, 'null instead of {}'],
    ['conn', 'probe', 'yes', 'a string flag'],
    ['stateInfo', 'properties.ledgerHeight', -12, 'a negative height'],
    ['stateSnapshot', 'elements.0.payload.content.stateInfo.channelMAC', undefined, 'a StateInfo without MAC'],
    ['stateInfoPullReq', 'channelMAC', undefined, 'a pull request without MAC'],
    ['stateRequest', 'endSeqNum', '14', 'a decimal string where a number is due'],
    ['stateResponse', 'payloads.0.seqNum', -1, 'a negative payload sequence'],
    ['leadershipMsg', 'isDeclaration', 1, 'a number where a flag is due'],
    ['peerIdentity', 'pkiId', null, 'a null PKI-ID'],
    ['ack', 'error', undefined, 'an ack without its error string'],
  ];

  it.each(BROKEN)('[MSG-FUNC-DECODE-ERROR.1] %s with %s broken (%#): path names the field', (k, field, bad) => {
    const path = field === '' ? `content.${k}` : `content.${k}.${field}`;
    const msg = setPath(messageOf(EXAMPLES[k]), path, bad);
    const r = decodeWith(GossipMessage, msg);
    expect(r.ok ? '(decoded)' : r.error.path).toBe(path);
    expect(r.ok ? '' : r.error.message.startsWith(`${path}: `)).toBe(true);
  });
});

describe('[MSG-MSG-NESTED-ENVELOPE-TYPING.1] nested envelopes are typed by the content they must carry', () => {
  const stateInfoEnvelope = envelopeOf(messageOf(stateInfoContent(), 'CHAN_OR_ORG'));
  const aliveEnvelope = envelopeOf(messageOf(aliveContent()));
  const leadershipEnvelope = envelopeOf(messageOf(EXAMPLES.leadershipMsg, 'CHAN_AND_ORG'));

  it('[MSG-MSG-NESTED-ENVELOPE-TYPING.1] a memReq whose selfInformation carries a stateInfo is rejected at its content', () => {
    const msg = setPath(messageOf(EXAMPLES.memReq), 'content.memReq.selfInformation', stateInfoEnvelope);
    const r = decodeWith(GossipMessage, msg);
    expect(r.ok ? '' : r.error.path).toBe('content.memReq.selfInformation.payload.content');
    expect(r.ok ? '' : r.error.message).toMatch(/^content\.memReq\.selfInformation\.payload\.content: expected aliveMsg, got /);
  });

  it('[MSG-MSG-NESTED-ENVELOPE-TYPING.1] the same memReq inside an Envelope is rejected under payload.', () => {
    const msg = setPath(messageOf(EXAMPLES.memReq), 'content.memReq.selfInformation', stateInfoEnvelope);
    expect(pathOfFailure(Envelope, { payload: msg, signature: '' })).toBe('payload.content.memReq.selfInformation.payload.content');
  });

  it('[MSG-MSG-NESTED-ENVELOPE-TYPING.1] a memRes dead entry carrying a leadership message is rejected at that entry', () => {
    const msg = setPath(messageOf(EXAMPLES.memRes), 'content.memRes.dead', [aliveEnvelope, leadershipEnvelope]);
    expect(pathOfFailure(GossipMessage, msg)).toBe('content.memRes.dead.1.payload.content');
  });

  it('[MSG-MSG-NESTED-ENVELOPE-TYPING.1] a StateInfo snapshot element carrying an alive message is rejected', () => {
    const msg = setPath(messageOf(EXAMPLES.stateSnapshot, 'CHAN_OR_ORG'), 'content.stateSnapshot.elements', [stateInfoEnvelope, aliveEnvelope]);
    expect(pathOfFailure(GossipMessage, msg)).toBe('content.stateSnapshot.elements.1.payload.content');
  });

  it('[MSG-MSG-NESTED-ENVELOPE-TYPING.1] a pull update item must be a block or an identity, not a StateInfo', () => {
    const msg = setPath(messageOf(EXAMPLES.dataUpdate), 'content.dataUpdate.data', [stateInfoEnvelope]);
    const r = decodeWith(GossipMessage, msg);
    expect(r.ok ? '' : r.error.path).toBe('content.dataUpdate.data.0.payload.content');
    expect(r.ok ? '' : r.error.message).toContain('expected (dataMsg | peerIdentity)');
  });

  it('[MSG-MSG-NESTED-ENVELOPE-TYPING.1] nested envelopes of the right type, with a secret envelope, decode', () => {
    const signedAlive = { ...aliveEnvelope, secretEnvelope: { payload: { internalEndpoint: '10.0.0.1:7051' }, signature: 's' } };
    const msg = messageOf({ $case: 'memRes', memRes: { alive: [signedAlive], dead: [aliveEnvelope] } });
    expect(decodeWith(GossipMessage, msg)).toStrictEqual({ ok: true, value: msg });
  });
});
