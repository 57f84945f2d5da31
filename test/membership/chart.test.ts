/**
 * The discovery chart carries membership's decisions ([MEM-FUNC-CHART-CHECKS.1]): each is a
 * guarded transition, and the reducer only adds what needs crypto, computed where the chart would
 * look at it and against the view the chart will decide on.
 */
import { discoveryMachine, lookup, aliveStoreContents, type MembershipOutput } from '../../src/membership';
import { aliveFrom, countingSuite, driverFor, memReq, memRes, peer, pki, received } from './fixtures';

const A = peer('A', 7401);
const B = peer('B', 7402);
const C = peer('C', 7403);
const X = peer('X', 7409, 'Org2MSP', 'x.example:7409');

/** Guards of one event's transitions in `running.inbox.ready`, in the order they are tried (undefined: unguarded). */
function guardsOf(event: string): (string | undefined)[] {
  const ready = discoveryMachine.root.states['running']?.states['inbox']?.states['ready'];
  if (ready === undefined) throw new Error('no running.inbox.ready state');
  return (ready.transitions.get(event) ?? []).map((t) => (typeof t.guard === 'string' ? t.guard : t.guard === undefined ? undefined : 'other'));
}

const kinds = (outs: readonly MembershipOutput[]): string[] => outs.map((o) => o.kind);

describe('[MEM-FUNC-CHART-CHECKS.1] the discovery chart decides; the reducer adds the crypto', () => {
  it('[MEM-FUNC-CHART-CHECKS.1] [MEM-FUNC-ALIVE-FORWARD.1] [MEM-FUNC-MEMREQ-HANDLE.1] each decision is a named guard, tried in Fabric order', () => {
    expect(guardsOf('ALIVE')).toEqual(['isAboutSelf', 'isStale', 'isInvalid', 'hasUnknownSigner', undefined]);
    expect(guardsOf('MEMBERSHIP_REQUEST')).toEqual(['isFromSelf', 'isSpoofed', 'failsValidation', 'isStale', undefined]);
    expect(guardsOf('ANSWER_REQUEST')).toEqual(['requesterMayNotSeeUs', undefined]);
    expect(guardsOf('RESPONSE_ALIVE')).toEqual(['isAboutSelf', 'isStale', 'failsValidation', undefined]);
    expect(guardsOf('RESPONSE_DEAD')).toEqual(['isAboutSelfOrKnownMember', 'isStale', 'failsValidation', undefined]);
    expect(guardsOf('HANDSHAKE_RESULT')).toEqual(['isStrayProbeAnswer', 'isFailedProbe', 'reportsIdentitySwitch', 'isProbeAnswer', 'isFailedHandshake', undefined]);
    expect(guardsOf('PRESUMED_DEAD')).toEqual(['isAliveMember']);
    expect(guardsOf('IDENTITY_PURGED')).toEqual(['isKnownMember', undefined]);
  });

  it('[MEM-FUNC-CHART-CHECKS.1] the chart page says what is decided outside the chart', () => {
    const description = discoveryMachine.root.description ?? '';
    expect(description).toContain('Decided outside this chart');
    expect(description).toContain('MEM-FUNC-CHART-CHECKS.1');
    // Each decision the chart leaves to the reducer or to a helper is named.
    for (const decision of [
      'skipping the signature when the message is about ourselves or older than the msg-store holds',
      'then one per entry, each checked against the view the previous one left',
      "The member's chart decides learn, update or resurrect (handleAlive) and expiry (EXPIRE); the Connect chart decides retries.",
      'the dead check (alive members silent too long), the reconnect loop (every dead member)',
      'the msg-store pass (dropped at 2 × TTL, expired at TTL',
      'a probe answer (a request to each probed member that answered itself), anchors',
    ]) {
      expect(description).toContain(decision);
    }
  });

  it('[MEM-FUNC-CHART-CHECKS.1] no signature is checked for an alive message about ourselves or one the msg-store invalidates', () => {
    const crypto = countingSuite();
    const d = driverFor(A, {}, {}, crypto);
    d.send(received(B, aliveFrom(A, 3)));
    expect(crypto.verifies).toBe(0);
    d.send(received(B, aliveFrom(B, 2)));
    const verified = crypto.verifies;
    expect(verified).toBeGreaterThan(0);
    d.send(received(C, aliveFrom(B, 2)));
    d.send(received(C, aliveFrom(B, 1)));
    expect(crypto.verifies).toBe(verified);
  });

  it("[MEM-FUNC-CHART-CHECKS.1] a peer's first heartbeat, carrying no identity, is verified with the identity of its connection", () => {
    const d = driverFor(A);
    const outs = d.send(received(B, aliveFrom(B, 1)));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
    expect(kinds(outs)).toEqual(['identityLearned', 'identityUsed', 'gossip']);
  });

  it('[MEM-FUNC-CHART-CHECKS.1] [MEM-FUNC-IDENTITY-LEARNED.1] a rejected alive message teaches nothing: neither its sender nor the identity it carries', () => {
    const d = driverFor(A);
    // B sends C's alive message signed by B, carrying C's identity: the identity checks out, the signature does not.
    const outs = d.send(received(B, aliveFrom(C, 1, { withIdentity: true, signer: B.key })));
    expect(kinds(outs)).toEqual(['rejected']);
    expect(d.state.identities.size).toBe(0);
    expect(aliveStoreContents(d.state)).toEqual([]);
    // The same identities, offered by a message that passes, are learned.
    expect(kinds(d.send(received(B, aliveFrom(C, 1, { withIdentity: true }))))).toEqual(['identityLearned', 'identityLearned', 'identityUsed', 'gossip']);
  });

  it('[MEM-FUNC-CHART-CHECKS.1] [MEM-FUNC-MEMRES-HANDLE.1] each response entry is checked against the view the entries before it left', () => {
    const d = driverFor(A);
    // C's first entry carries its identity; the second, newer, does not, and verifies with the identity the first taught.
    d.send(received(B, memRes([aliveFrom(C, 1, { withIdentity: true }), aliveFrom(C, 2, { metadata: 'second' })])));
    expect(lookup(d.state, pki(C))?.metadata).toBe('second');
  });

  it('[MEM-FUNC-CHART-CHECKS.1] [MEM-FUNC-MEMRES-REFUSE.1] the answer to a request is decided on the view the request left: its sender, learned from it, may see us', () => {
    const d = driverFor(X);
    // A foreign peer never heard of before: its org is known only once its request taught its identity.
    const outs = d.send(received(A, memReq(aliveFrom(A, 1, { endpoint: 'a.example:7401' }))));
    expect(kinds(outs)).toEqual(['identityLearned', 'identityUsed', 'send']);
  });
});
