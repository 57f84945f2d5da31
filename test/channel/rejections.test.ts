/**
 * Every rejection of an inbound channel message, one input per check and one per pair of checks
 * (the earlier check in Fabric's order must win), with its reason and a message that names what
 * was wrong: the peer, the org or the channel, as Fabric's log lines do (channel.go HandleMessage,
 * verifyMsg, handleStateInfSnapshot, verifyStateInfoMsg; gossip_impl.go validateStateInfoMsg).
 */
import type { ChannelEvent, ChannelOutput } from '../../src/channel';
import { channelId } from '../../src/core';
import { channelA, configOf, identitiesOf, macOf, memberOf, membership, ORG1, ORG2, ORG3, pkiIDinOrg2, pkiIDinOrg3, pullRequestFrom, pushed, snapshotFrom, startChannel, stateInfoOf, testPeer } from './fixture';

const a = testPeer(ORG1, 'a');
const b = testPeer(ORG1, 'b');
const channelB = channelId('B');

/** The only output of one step from a fresh channel of ORG1 (whose view knows a and b), which must be a rejection. */
function rejectionOf(event: ChannelEvent): Extract<ChannelOutput, { kind: 'rejected' }> {
  const d = startChannel({ config: configOf(1, ORG1) });
  d.send(membership([memberOf(a), memberOf(b)]));
  const [after, outputs] = d.reducer.step(d.state, event);
  expect(after).toBe(d.state);
  expect(outputs).toHaveLength(1);
  const o = outputs[0]!;
  if (o.kind !== 'rejected') throw new Error(`expected a rejection, got ${o.kind}`);
  return o;
}

describe('channel rejections', () => {
  it('[CHN-FUNC-STATE-INFO-CHECKS.2] a pushed StateInfo: each check, in Fabric\u2019s order, with a message naming the culprit', () => {
    // Subject unknown (its identity not given), although the sender is not in the channel either.
    let r = rejectionOf({ type: 'STATE_INFO_RECEIVED', from: pkiIDinOrg2.pkiId, envelope: stateInfoOf(b, 1), identities: identitiesOf(pkiIDinOrg2) });
    expect(r.reason).toBe('stateInfo.unknownSubject');
    expect(r.message).toContain(b.pkiId);
    // Signed by another identity, with a wrong MAC as well: the signature is checked first.
    r = rejectionOf(pushed(a, stateInfoOf(b, 1, { signer: a.key, mac: macOf(a) }), b));
    expect(r.reason).toBe('stateInfo.badSignature');
    expect(r.message).toContain(b.pkiId);
    // A MAC of another channel, from a sender not in the channel: the MAC is checked first.
    const wrongMac = macOf(b, channelB);
    r = rejectionOf(pushed(pkiIDinOrg2, stateInfoOf(b, 1, { mac: wrongMac }), b));
    expect(r.reason).toBe('stateInfo.badMac');
    expect(r.message).toContain(b.pkiId);
    expect(r.message).toContain(wrongMac);
    // The sender's identity is unknown.
    r = rejectionOf({ type: 'STATE_INFO_RECEIVED', from: a.pkiId, envelope: stateInfoOf(b, 1), identities: identitiesOf(b) });
    expect(r.reason).toBe('stateInfo.unknownSender');
    expect(r.message).toContain(a.pkiId);
    // The sender is of ORG2, not in the channel, and the subject of ORG3 neither: the sender first.
    r = rejectionOf(pushed(pkiIDinOrg2, stateInfoOf(pkiIDinOrg3, 1), pkiIDinOrg3));
    expect(r.reason).toBe('stateInfo.senderNotInChannel');
    for (const part of [pkiIDinOrg2.pkiId, ORG2, channelA]) expect(r.message).toContain(part);
    // The subject's org is not in the channel.
    r = rejectionOf(pushed(a, stateInfoOf(pkiIDinOrg3, 1), pkiIDinOrg3));
    expect(r.reason).toBe('stateInfo.subjectNotInChannel');
    for (const part of [pkiIDinOrg3.pkiId, ORG3, channelA]) expect(r.message).toContain(part);
  });

  it('[CHN-FUNC-SNAPSHOT.1] a snapshot: channel name, sender, then per element its subject\u2019s org, MAC and signature', () => {
    // Another channel's snapshot from a sender not in the channel: the channel name first.
    let r = rejectionOf(snapshotFrom(pkiIDinOrg2, channelB, [stateInfoOf(a, 1)], a));
    expect(r.reason).toBe('stateInfo.wrongChannel');
    expect(r.message).toContain(channelB);
    expect(r.message).toContain(channelA);
    // The sender's identity unknown, with an element of an unknown subject: the sender first.
    r = rejectionOf({ ...snapshotFrom(a, channelA, [stateInfoOf(b, 1)]), identities: {} } as ChannelEvent);
    expect(r.reason).toBe('stateInfo.unknownSender');
    expect(r.message).toContain(a.pkiId);
    r = rejectionOf(snapshotFrom(pkiIDinOrg2, channelA, [stateInfoOf(a, 1)], a));
    expect(r.reason).toBe('stateInfo.senderNotInChannel');
    expect(r.message).toContain(pkiIDinOrg2.pkiId);
    // An element whose subject is unknown, after a good one: the whole snapshot goes.
    r = rejectionOf(snapshotFrom(a, channelA, [stateInfoOf(a, 1), stateInfoOf(b, 1, { mac: 'x' })]));
    expect(r.reason).toBe('stateInfo.unknownSubject');
    expect(r.message).toContain(b.pkiId);
    expect(r.message).toContain(a.pkiId);
    // An element of ORG3 with a bad MAC: the subject's org first.
    r = rejectionOf(snapshotFrom(a, channelA, [stateInfoOf(pkiIDinOrg3, 1, { mac: 'x' })], pkiIDinOrg3));
    expect(r.reason).toBe('stateInfo.subjectNotInChannel');
    expect(r.message).toContain(pkiIDinOrg3.pkiId);
    expect(r.message).toContain(a.pkiId);
    // A bad MAC and a bad signature: the MAC first; then the signature alone.
    r = rejectionOf(snapshotFrom(a, channelA, [stateInfoOf(b, 1, { mac: 'x', signer: a.key })], b));
    expect(r.reason).toBe('stateInfo.badMac');
    r = rejectionOf(snapshotFrom(a, channelA, [stateInfoOf(b, 1, { signer: a.key })], b));
    expect(r.reason).toBe('stateInfo.badSignature');
    expect(r.message).toContain(b.pkiId);
  });

  it('[CHN-FUNC-SERVE-SNAPSHOT.1] a pull request: the requester\u2019s MAC, then its org', () => {
    // Another peer's MAC, from a requester not in the channel: the MAC first.
    let r = rejectionOf(pullRequestFrom(pkiIDinOrg2, { mac: macOf(a) }));
    expect(r.reason).toBe('stateInfo.badRequestMac');
    expect(r.message).toContain(macOf(a));
    r = rejectionOf(pullRequestFrom(pkiIDinOrg2));
    expect(r.reason).toBe('stateInfo.senderNotInChannel');
    expect(r.message).toContain(pkiIDinOrg2.pkiId);
    r = rejectionOf({ ...pullRequestFrom(a), identities: {} } as ChannelEvent);
    expect(r.reason).toBe('stateInfo.unknownSender');
    expect(r.message).toContain(a.pkiId);
  });
});
