/**
 * Ports of Fabric's gossip/gossip/certstore_test.go TestCertStoreBadSignature and
 * TestCertStoreMismatchedIdentity on the composed peer (TestCertStoreShouldSucceed is in
 * test/peer/identity-pull.test.ts, with the same setup).
 *
 * Fabric's scenario: the certStore's pull mediator receives an identity DataUpdate carrying one
 * PeerIdentity message, then a hello of IDENTITY_MSG; the digest it responds with must hold only
 * its own identity (1 digest) when the update was bad, 2 when it was valid.
 *
 * Adaptations of the mechanism (never of the assertions):
 * - Fabric's mock comm drives a pull round to deliver the update; here the update is fed to the
 *   peer as a received message (as in identity-pull.test.ts), then the hello, and the response is
 *   the peer's `send` effect answering it.
 * - Fabric's mediator has no egress filter; the peer's identity pull filters by the requester's
 *   org ([PEER-FUNC-IDENTITY-EGRESS-FILTER.1]), so the hello's sender is first a member of my org.
 * - Fabric's naive crypto (PKI-ID = cert, signature = the message) becomes the symbolic suite:
 *   a bad signature is a PeerIdentity signed by another key; a mismatched identity is a
 *   PeerIdentity whose PKI-ID is not its certificate's.
 */
import { createSymbolicSuite, type Effect, type SigningKey } from '../../src/core';
import { noopSign, signMessage, type Envelope } from '../../src/messages';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { configOf } from './fixtures';

const suite = createSymbolicSuite(37);
const me = suite.enroll('Org1MSP', 'id1');
const sender = suite.enroll('Org1MSP', 'sender');
const b = suite.enroll('Org1MSP', 'B');
const c = suite.enroll('Org1MSP', 'C');
const d = suite.enroll('Org1MSP', 'D');
const reducer = createPeerReducer(suite, (pki) => (pki === suite.pkiIdOf(me.identity) ? me : undefined));
const [started] = reducer.init({
  self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: suite.orgOf(me.identity)!, internalEndpoint: 'id1:7051', externalEndpoint: 'id1:7051' },
  config: configOf('fabric-1.4', { CORE_PEER_GOSSIP_BOOTSTRAP: '' }),
  startTimeMs: 0,
  seed: 37,
});
const from = { pkiId: suite.pkiIdOf(sender.identity), identity: sender.identity, endpoint: 'sender:7051' };
// Fabric's memberSvc lists one member; here the sender of the messages is that member (its alive
// message, with its identity), so the identity egress filter knows its org (mine).
const senderAlive = signMessage(suite, sender, { nonce: 0n, channel: '', tag: 'EMPTY' as const, content: { $case: 'aliveMsg' as const, aliveMsg: { membership: { endpoint: 'sender:7051', metadata: '', pkiId: from.pkiId }, timestamp: { incNum: 1n, seqNum: 1n }, identity: sender.identity } } });
const [s0] = reducer.step(started, { kind: 'receive', nowMs: 5, from, payload: senderAlive });

/** A PeerIdentity of `subject`'s certificate under `pkiId`, signed by `signer`. */
function peerIdentity(subject: SigningKey, signer: SigningKey, pkiId = suite.pkiIdOf(subject.identity)): Envelope {
  return signMessage(suite, signer, { nonce: 0n, channel: '', tag: 'EMPTY' as const, content: { $case: 'peerIdentity' as const, peerIdentity: { pkiId, cert: subject.identity, metadata: '' } } });
}
/** createUpdateMessage(nonce, idMsg). */
const update = (nonce: bigint, idMsg: Envelope): unknown => ({ payload: { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'dataUpdate', dataUpdate: { nonce, msgType: 'IDENTITY_MSG', data: [idMsg] } } }, signature: '' });
/** testCertificateUpdate's hello (nonce 0, IDENTITY_MSG). */
const hello = noopSign({ nonce: 0n, channel: '', tag: 'EMPTY' as const, content: { $case: 'hello' as const, hello: { nonce: 0n, metadata: '', msgType: 'IDENTITY_MSG' as const } } });

/** testCertificateUpdate: feed the update, then the hello; the digest answering the hello. */
function digestAfter(idMsg: Envelope): { state: PeerState; digests: readonly string[] } {
  const [s1] = reducer.step(s0, { kind: 'receive', nowMs: 10, from, payload: update(5n, idMsg) });
  const [s2, effects] = reducer.step(s1, { kind: 'receive', nowMs: 20, from, payload: hello });
  const responses = effects.flatMap((e: Effect) => {
    if (e.kind !== 'send') return [];
    const content = (e.message as Envelope).payload.content;
    return content.$case === 'dataDig' && content.dataDig.msgType === 'IDENTITY_MSG' ? [content.dataDig.digests] : [];
  });
  // "Didn't respond with a digest message in a timely manner": exactly one response.
  expect(responses).toHaveLength(1);
  return { state: s2, digests: responses[0]! };
}

describe('certstore_test.go: bad identity updates do not enter the cert store', () => {
  it('[PEER-FUNC-IDENTITY-UPDATE-CHECKS.1] [PEER-FUNC-IDENTITY-PULL.1] [PUL-FUNC-HELLO.1] TestCertStoreBadSignature: after an update with a badly signed identity of C, a hello gets a digest of 1 item (our own)', () => {
    const { state, digests } = digestAfter(peerIdentity(c, d));
    expect(digests).toEqual([suite.pkiIdOf(me.identity)]);
    expect(state.rejected['identity.badUpdate']).toBe(1);
  });

  it('[PEER-FUNC-IDENTITY-UPDATE-CHECKS.1] [PEER-FUNC-IDENTITY-PULL.1] [PUL-FUNC-HELLO.1] TestCertStoreMismatchedIdentity: after an update whose identity claims PKI-ID A with certificate D, a hello gets a digest of 1 item (our own)', () => {
    const a = suite.enroll('Org1MSP', 'A');
    const { state, digests } = digestAfter(peerIdentity(d, d, suite.pkiIdOf(a.identity)));
    expect(digests).toEqual([suite.pkiIdOf(me.identity)]);
    expect(state.rejected['identity.badUpdate']).toBe(1);
  });

  it('[PEER-FUNC-IDENTITY-PULL.1] the same harness with TestCertStoreShouldSucceed\'s valid identity of B gives 2 digests (so a count of 1 above is the check, not the harness)', () => {
    const { digests } = digestAfter(peerIdentity(b, b));
    expect([...digests].sort()).toEqual([suite.pkiIdOf(me.identity), suite.pkiIdOf(b.identity)].sort());
  });
});
