/**
 * Membership's invariants (src/membership/invariants.ts) on forged states and steps: each check
 * flags the state or step it names, with its message, and passes its legal neighbour. The driver
 * runs every check after every real step but no real step ever breaks one, so without these tests
 * a check could say anything (or nothing) unnoticed.
 *
 * The states come from one real peer A (Org1) that knows B (Org1, alive, its bootstrap peer),
 * C (Org1, dead), X (Org2, alive, an anchor), Y (Org2, dead), and Z's identity (Org3, no member);
 * the real steps are a forwarded alive message of X, the bootstrap Connect's request to B and the
 * answer to a membership request of X. A forged state or step changes only what the check reads.
 */
import { pdelete, pget, pset } from '../../src/core/pmap';
import type { PkiId } from '../../src/core';
import {
  aliveEnvelopesIn,
  aliveMembers,
  checkMembershipStep,
  isStopped,
  membershipInvariants,
  membershipStepInvariants,
  silentAliveMember,
  type AliveEnvelope,
  type MembershipEvent,
  type MembershipOutput,
  type MembershipState,
  type MemberSnapshot,
} from '../../src/membership';
import { noopSign, type Envelope } from '../../src/messages';
import type { MembershipDriver } from './driver';
import { aliveFrom, driverFor, memReq, memRes, peer, pki, received } from './fixtures';

const A = peer('A', 7101);
const B = peer('B', 7102);
const C = peer('C', 7103);
const X = peer('X', 7104, 'Org2MSP');
const Y = peer('Y', 7105, 'Org2MSP');
const Z = peer('Z', 7106, 'Org3MSP');
const BOOTSTRAP = 'localhost:7102';
const ANCHOR = 'localhost:7104';

interface Step {
  readonly before: MembershipState;
  readonly event: MembershipEvent;
  readonly after: MembershipState;
  readonly outputs: readonly MembershipOutput[];
}

/** One real step of the driver, with the state before and after it. */
function stepOf(d: MembershipDriver, body: Parameters<MembershipDriver['send']>[0]): Step {
  const before = d.state;
  const outputs = d.send(body);
  return { before, event: { ...body, nowMs: d.nowMs } as MembershipEvent, after: d.state, outputs };
}

function world() {
  const d = driverFor(A, { bootstrap: [BOOTSTRAP] });
  // C and Y are heard at 0, then silent: dead at the check of 3300 (3300 - 0 > aliveExpirationTimeout 3000).
  d.send(received(C, aliveFrom(C, 1)));
  d.send(received(Y, aliveFrom(Y, 1)));
  d.advanceTo(3301);
  d.send(received(B, aliveFrom(B, 1)));
  d.send(received(X, aliveFrom(X, 1)));
  d.advanceTo(3400);
  // X's seq 2 is newer than the store's seq 1: stored, and forwarded excluding X.
  const forward = stepOf(d, received(X, aliveFrom(X, 2)));
  d.send({ type: 'IDENTITY_LEARNED', pkiId: pki(Z), identity: Z.key.identity });
  d.send({ type: 'ANCHOR_PEERS', channel: 'ch' as never, anchors: [{ org: 'Org2MSP' as never, endpoint: ANCHOR }] });
  // The bootstrap Connect's handshake reaches B (Org1): its membership request goes out with a random nonce.
  const bootstrapRequest = stepOf(d, { type: 'HANDSHAKE_RESULT', endpoint: BOOTSTRAP, attempt: 1, result: { ok: true, pkiId: pki(B), identity: B.key.identity } });
  // X (Org2) asks: the answer lists what Org2 may see, without SecretEnvelopes.
  const answer = stepOf(d, received(X, memReq(aliveFrom(X, 3), 5n)));
  d.advanceTo(3600); // a heartbeat with company: selfAlive is set
  const s = d.state;
  d.send({ type: 'STOP' });
  return { s, stopped: d.state, forward, bootstrapRequest, answer };
}

type World = ReturnType<typeof world>;
let s: World['s'], stopped: World['stopped'], forward: Step, bootstrapRequest: Step, answer: Step;
// Built before each test rather than once at load: Stryker counts code run while a test file loads
// as covered by no test ("static"), and each such mutant (half of the folder's) ran every test of
// test/membership instead of those that reach it.
beforeEach(() => {
  ({ s, stopped, forward, bootstrapRequest, answer } = world());
});

const stateOnly = (state: MembershipState): string[] =>
  Object.entries(membershipInvariants).flatMap(([id, check]) => {
    const v = check(state);
    return v === undefined ? [] : [`${id}: ${v}`];
  });
const stepOnly = (outputs: readonly MembershipOutput[], after: MembershipState = s, before: MembershipState = s, event: MembershipEvent = forward.event): string[] =>
  Object.entries(membershipStepInvariants).flatMap(([id, check]) => {
    const v = check(before, event, after, outputs);
    return v === undefined ? [] : [`${id}: ${v}`];
  });
const memberOf = (state: MembershipState, pkiId: PkiId): MemberSnapshot => {
  const m = pget(state.members, pkiId);
  if (m === undefined) throw new Error(`${pkiId} is not a member`);
  return m;
};
const withMember = (state: MembershipState, pkiId: string, m: MemberSnapshot): MembershipState => ({ ...state, members: pset(state.members, pkiId, m) });
// A hand-made change of what the member lists report, with the view token renewed as the reducer would ([MEM-FUNC-VIEW-TOKEN.1]).
const renewed = (state: MembershipState): MembershipState => ({ ...state, viewToken: {} });
const send = (to: { pkiId: PkiId; endpoint: string }[], message: Envelope): MembershipOutput => ({ kind: 'send', to, message });
const toPeer = (p: typeof A, endpoint = p.self.internalEndpoint) => ({ pkiId: pki(p), endpoint });
const gossip = (envelope: AliveEnvelope, excludePkiId?: PkiId): MembershipOutput =>
  excludePkiId === undefined ? { kind: 'gossip', envelope } : { kind: 'gossip', envelope, excludePkiId };
const NOBODY = 'Org9MSP/nobody' as PkiId;

describe('the fixture', () => {
  it('[MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1] [MEM-FUNC-IDENTITY-TABLE.2] A knows B and X alive, C and Y dead; the real states and steps pass every check', () => {
    expect(aliveMembers(s).map((m) => m.pkiId).sort()).toEqual([pki(B), pki(X)]);
    expect([pki(B), pki(C), pki(X), pki(Y)].map((id) => memberOf(s, id).value)).toEqual(['alive', 'dead', 'alive', 'dead']);
    expect(s.aliveCount).toBe(2);
    expect(s.selfAlive).toBeDefined();
    for (const state of [s, stopped, forward.after, bootstrapRequest.after, answer.after]) expect(stateOnly(state)).toEqual([]);
    for (const st of [forward, bootstrapRequest, answer]) {
      expect(stepOnly(st.outputs, st.after, st.before, st.event)).toEqual([]);
      expect(checkMembershipStep(st.before, st.event, st.after, st.outputs)).toBeUndefined();
    }
  });
});

describe('state invariants', () => {
  it('[MEM-FUNC-VIEW-TOKEN.1] a view change under the same token is flagged; with a new token, or once stopped, it passes', () => {
    expect(aliveMembers(s)).toHaveLength(2); // memoised on s.viewToken
    const b = memberOf(s, pki(B));
    const renamed = withMember(s, pki(B), { ...b, context: { ...b.context, metadata: 'changed' } });
    const stale = ['MEM-FUNC-VIEW-TOKEN.1: the memoised alive view is stale (a change did not renew viewToken)'];
    expect(stateOnly(renamed)).toEqual(stale);
    expect(stateOnly({ ...renamed, viewToken: {} })).toEqual([]);
    // A member gone (and counted out) under the same token.
    const gone = { ...s, members: pdelete(s.members, pki(X)), aliveCount: 1 };
    expect(stateOnly(gone)).toEqual(stale);
    expect(stateOnly({ ...gone, viewToken: {} })).toEqual([]);
    // A refresh that changes nothing aliveMembers reports (lastSeen) needs no new token.
    expect(stateOnly(withMember(s, pki(B), { ...b, context: { ...b.context, lastSeenMs: 3599 } }))).toEqual([]);
    // Stopped: the view answers empty, whatever the members.
    expect(isStopped(stopped)).toBe(true);
    expect(stopped.members.size).toBe(4);
    expect(aliveMembers(stopped)).toEqual([]);
    expect(stateOnly(withMember(stopped, pki(B), { ...b, context: { ...b.context, metadata: 'changed' } }))).toEqual([]);
  });

  it('[MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1] a member neither alive nor dead, a chart under another key, or a wrong alive count is flagged', () => {
    const y = memberOf(s, pki(Y));
    expect(stateOnly(renewed(withMember(s, pki(Y), { ...y, value: 'purged' })))).toEqual([
      `MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1: member ${pki(Y)} is "purged", neither alive nor dead`,
    ]);
    expect(stateOnly(renewed(withMember(s, pki(Y), { ...y, value: 'unknown' })))).toEqual([
      `MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1: member ${pki(Y)} is "unknown", neither alive nor dead`,
    ]);
    expect(stateOnly(renewed(withMember(s, pki(Y), { ...y, context: { ...y.context, pkiId: pki(C) } })))).toEqual([
      `MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1: member chart ${pki(C)} stored under ${pki(Y)}`,
    ]);
    // Two alive charts (B, X) and two dead ones (C, Y): only the alive ones count.
    expect(stateOnly({ ...s, aliveCount: 3 })).toEqual(['MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1: aliveCount 3 but 2 alive charts']);
    expect(stateOnly({ ...s, aliveCount: 4 })).toEqual(['MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1: aliveCount 4 but 2 alive charts']);
    expect(stateOnly({ ...s, aliveCount: 1 })).toEqual(['MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1: aliveCount 1 but 2 alive charts']);
    // A dead chart turned alive (with a new token and the count to match) is a legal state.
    expect(stateOnly({ ...withMember(s, pki(Y), { ...y, value: 'alive' }), aliveCount: 3, viewToken: {} })).toEqual([]);
  });

  it('[MEM-SAFE-SELF-EXCLUSION.1] self in its own view is flagged', () => {
    const y = memberOf(s, pki(Y));
    expect(stateOnly(renewed(withMember(s, pki(A), { ...y, context: { ...y.context, pkiId: pki(A) } })))).toEqual(['MEM-SAFE-SELF-EXCLUSION.1: self is in its own view']);
  });

  it('[MEM-FUNC-IDENTITY-TABLE.2] a member whose identity is unknown is flagged; an identity without a member is not', () => {
    expect(stateOnly(renewed({ ...s, identities: pdelete(s.identities, pki(Y)) }))).toEqual([`MEM-FUNC-IDENTITY-TABLE.2: member ${pki(Y)} has no known identity`]);
    expect(stateOnly({ ...s, identities: pdelete(s.identities, pki(Z)) })).toEqual([]);
  });
});

describe('step invariants', () => {
  it('[MEM-SAFE-ALIVE-MONOTONIC.1] a stored timestamp that goes back is flagged; the same or a newer one, or a new member, passes', () => {
    const b = memberOf(s, pki(B));
    expect(b.context.ts).toEqual({ incNum: 0n, seqNum: 1n });
    const at = (ts: { incNum: bigint; seqNum: bigint }) => withMember(s, pki(B), { ...b, context: { ...b.context, ts } });
    expect(stepOnly([], at({ incNum: 0n, seqNum: 0n }))).toEqual([`MEM-SAFE-ALIVE-MONOTONIC.1: member ${pki(B)}: timestamp went back`]);
    expect(stepOnly([], at({ incNum: 0n, seqNum: 5n }), at({ incNum: 1n, seqNum: 0n }))).toEqual([`MEM-SAFE-ALIVE-MONOTONIC.1: member ${pki(B)}: timestamp went back`]);
    expect(stepOnly([], s)).toEqual([]);
    expect(stepOnly([], at({ incNum: 0n, seqNum: 2n }))).toEqual([]);
    expect(stepOnly([], at({ incNum: 1n, seqNum: 0n }))).toEqual([]);
    // B was not a member before: any timestamp is new.
    expect(stepOnly([], at({ incNum: 0n, seqNum: 0n }), { ...s, members: pdelete(s.members, pki(B)) })).toEqual([]);
  });

  it('[MEM-SAFE-ALIVE-MONOTONIC.1] a forward not strictly newer than the store before the step is flagged; a newer one, an unstored one or our heartbeat passes', () => {
    const fwd = forward.outputs.find((o) => o.kind === 'gossip');
    expect(fwd).toEqual({ kind: 'gossip', envelope: aliveFrom(X, 2), excludePkiId: pki(X) });
    expect(pget(forward.before.store, pki(X))?.ts).toEqual({ incNum: 0n, seqNum: 1n });
    expect(stepOnly([fwd as MembershipOutput], forward.after, forward.before)).toEqual([]);
    // Against the store after the step (which holds seq 2), the same forward is not newer.
    expect(pget(forward.after.store, pki(X))?.ts).toEqual({ incNum: 0n, seqNum: 2n });
    const stale = [`MEM-SAFE-ALIVE-MONOTONIC.1: forwarded a stale alive of ${pki(X)}`];
    expect(stepOnly([gossip(aliveFrom(X, 2), pki(B))], forward.after, forward.after)).toEqual(stale);
    expect(stepOnly([gossip(aliveFrom(X, 1), pki(B))], forward.after, forward.after)).toEqual(stale);
    expect(stepOnly([gossip(aliveFrom(X, 3), pki(B))], forward.after, forward.after)).toEqual([]);
    // Z has nothing in the store: any forward of it is new.
    expect(stepOnly([gossip(aliveFrom(Z, 1), pki(B))], forward.after, forward.after)).toEqual([]);
    // Without excludePkiId a gossip output is no forward (our own heartbeat): not judged here.
    expect(stepOnly([gossip(aliveFrom(X, 1))], forward.after, forward.after)).toEqual([]);
  });

  it('[MEM-SAFE-SELF-EXCLUSION.1] our heartbeat is the only gossip about ourselves: a forward of it, or another alive message about us, is flagged', () => {
    const heartbeat = s.selfAlive as AliveEnvelope;
    expect(heartbeat.payload.content.aliveMsg.membership.pkiId).toBe(pki(A));
    expect(stepOnly([gossip(heartbeat)])).toEqual([]);
    const flagged = ['MEM-SAFE-SELF-EXCLUSION.1: forwarded an alive message about ourselves'];
    expect(stepOnly([gossip(heartbeat, pki(B))])).toEqual(flagged);
    expect(stepOnly([gossip(aliveFrom(A, 99))])).toEqual(flagged);
    // Gossip about others, with or without excludePkiId, is not about ourselves.
    expect(stepOnly([gossip(aliveFrom(X, 3)), gossip(aliveFrom(X, 3), pki(B))])).toEqual([]);
  });

  it('[MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] a SecretEnvelope sent to a peer not known to be of our org is flagged, in any alive list of any message', () => {
    const secret = aliveFrom(B, 1);
    expect(secret.secretEnvelope).toBeDefined();
    const leak = (to: PkiId) => [`MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1: internal endpoint sent to ${to} outside the org`];
    expect(stepOnly([send([toPeer(X)], memRes([secret]))])).toEqual(leak(pki(X)));
    expect(stepOnly([send([toPeer(X)], memRes([], [secret]))])).toEqual(leak(pki(X)));
    expect(stepOnly([send([toPeer(X)], memReq(aliveFrom(A, 20), 0n))])).toEqual(leak(pki(X)));
    expect(stepOnly([send([toPeer(X)], secret)])).toEqual(leak(pki(X)));
    expect(stepOnly([send([{ pkiId: NOBODY, endpoint: 'nowhere:1' }], memRes([secret]))])).toEqual(leak(NOBODY));
    // To two recipients, one of our org and one not: the other one is named.
    expect(stepOnly([send([toPeer(B), toPeer(X)], memRes([secret]))])).toEqual(leak(pki(X)));
    // The legal neighbours: the secret to our own org, or no secret to another org.
    expect(stepOnly([send([toPeer(B), toPeer(C)], memRes([secret], [aliveFrom(C, 1)]))])).toEqual([]);
    expect(stepOnly([send([toPeer(X)], memRes([aliveFrom(B, 1, { withSecret: false })], [aliveFrom(C, 1, { withSecret: false })]))])).toEqual([]);
    // A gossip output is routed by the composition ([MEM-FUNC-ALIVE-ROUTING.1]), not judged here.
    const newer = aliveFrom(B, 2);
    expect(newer.secretEnvelope).toBeDefined();
    expect(stepOnly([gossip(newer, pki(X))])).toEqual([]);
  });

  it('[MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] the answer to X carried no SecretEnvelope; the bootstrap request to B carried ours', () => {
    const [toX] = answer.outputs.filter((o): o is Extract<MembershipOutput, { kind: 'send' }> => o.kind === 'send');
    expect(toX?.to).toEqual([toPeer(X)]);
    const listed = aliveEnvelopesIn(toX?.message as Envelope);
    expect([...listed.alive, ...listed.dead].map((e) => e.secretEnvelope)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const [toB] = bootstrapRequest.outputs.filter((o): o is Extract<MembershipOutput, { kind: 'send' }> => o.kind === 'send');
    expect(aliveEnvelopesIn(toB?.message as Envelope).alive[0]?.secretEnvelope?.payload.internalEndpoint).toBe('localhost:7101');
    // Re-addressed to X, the same request would leak our internal endpoint.
    expect(stepOnly([send([toPeer(X)], toB?.message as Envelope)], bootstrapRequest.after, bootstrapRequest.before, bootstrapRequest.event)).toEqual([
      `MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1: internal endpoint sent to ${pki(X)} outside the org`,
    ]);
  });

  it('[MEM-SAFE-NO-THIRD-ORG-RELAY.1] a membership response to org D speaking of a third org is flagged; of D and our org it passes', () => {
    const plain = (p: typeof A) => aliveFrom(p, 1, { withSecret: false });
    expect(stepOnly([send([toPeer(X)], memRes([plain(B), plain(Y)], [plain(C)]))])).toEqual([]);
    expect(stepOnly([send([toPeer(X)], memRes([plain(B), plain(Z)]))])).toEqual([`MEM-SAFE-NO-THIRD-ORG-RELAY.1: told ${pki(X)} (Org2MSP) about ${pki(Z)}`]);
    expect(stepOnly([send([toPeer(X)], memRes([plain(B)], [plain(C), plain(Z)]))])).toEqual([`MEM-SAFE-NO-THIRD-ORG-RELAY.1: told ${pki(X)} (Org2MSP) about ${pki(Z)}`]);
    // A peer whose identity is unknown is of no known org: a third one.
    const U = peer('U', 7107, 'Org2MSP');
    expect(pget(s.identities, pki(U))).toBeUndefined();
    expect(stepOnly([send([toPeer(X)], memRes([plain(U)]))])).toEqual([`MEM-SAFE-NO-THIRD-ORG-RELAY.1: told ${pki(X)} (Org2MSP) about ${pki(U)}`]);
    // To our own org only our org may be spoken of (Fabric's disclosurePolicy: the subject's org is the remote's or mine).
    expect(stepOnly([send([toPeer(B)], memRes([plain(C), plain(X)]))])).toEqual([`MEM-SAFE-NO-THIRD-ORG-RELAY.1: told ${pki(B)} (Org1MSP) about ${pki(X)}`]);
    expect(stepOnly([send([{ pkiId: NOBODY, endpoint: 'nowhere:1' }], memRes([plain(B), plain(X)]))])).toEqual([
      `MEM-SAFE-NO-THIRD-ORG-RELAY.1: told ${NOBODY} (undefined) about ${pki(X)}`,
    ]);
    // Only responses are judged: a request's self-information is the sender's own.
    expect(stepOnly([send([toPeer(X)], memReq(plain(Z), 3n))])).toEqual([]);
  });

  it('[MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1] a peer of our org without external endpoint in a response to another org is flagged; to our org it passes', () => {
    const hidden = aliveFrom(C, 1, { endpoint: '', withSecret: false });
    const disclosed = (to: PkiId) => [`MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1: disclosed ${pki(C)} (no external endpoint) to ${to}`];
    expect(stepOnly([send([toPeer(X)], memRes([hidden]))])).toEqual(disclosed(pki(X)));
    expect(stepOnly([send([toPeer(X)], memRes([], [hidden]))])).toEqual(disclosed(pki(X)));
    expect(stepOnly([send([{ pkiId: NOBODY, endpoint: 'nowhere:1' }], memRes([hidden]))])).toEqual(disclosed(NOBODY));
    // Our own org may learn it; another org may learn our peers that have an external endpoint, and its own without.
    expect(stepOnly([send([toPeer(B)], memRes([hidden]))])).toEqual([]);
    expect(stepOnly([send([toPeer(X)], memRes([aliveFrom(C, 1, { withSecret: false })], [aliveFrom(Y, 1, { endpoint: '', withSecret: false })]))])).toEqual([]);
    // A request carries our own alive message whatever our endpoint (spec: the self-information of requests).
    expect(stepOnly([send([toPeer(X)], memReq(aliveFrom(A, 20, { endpoint: '', withSecret: false }), 3n))])).toEqual([]);
  });

  it('[MEM-SAFE-BOOTSTRAP-SANITY.1] a bootstrap Connect\'s request to a peer of another org is flagged; a sync request, an anchor\'s or our org\'s passes', () => {
    const connects = bootstrapRequest.after.connects;
    expect([pget(connects, BOOTSTRAP)?.context.kind, pget(connects, ANCHOR)?.context.kind]).toEqual(['bootstrap', 'anchor']);
    const request = (nonce: bigint) => memReq(aliveFrom(A, 20, { withSecret: false }), nonce);
    const atConnect = (outputs: readonly MembershipOutput[]) => stepOnly(outputs, bootstrapRequest.after, bootstrapRequest.before, bootstrapRequest.event);
    const atBootstrap = (to: PkiId, message: Envelope) => atConnect([send([{ pkiId: to, endpoint: BOOTSTRAP }], message)]);
    expect(atBootstrap(pki(X), request(7n))).toEqual([`MEM-SAFE-BOOTSTRAP-SANITY.1: bootstrap Connect sent a membership request to ${pki(X)} of another org`]);
    expect(atBootstrap(NOBODY, request(7n))).toEqual([`MEM-SAFE-BOOTSTRAP-SANITY.1: bootstrap Connect sent a membership request to ${NOBODY} of another org`]);
    expect(atBootstrap(pki(B), request(7n))).toEqual([]);
    // Nonce 0: a membership sync or reconnect request, not a Connect's.
    expect(atBootstrap(pki(X), request(0n))).toEqual([]);
    // Only requests: a response with a nonce to the same endpoint is not a Connect's request.
    expect(atBootstrap(pki(X), memRes([aliveFrom(X, 3, { withSecret: false })], [], 7n))).toEqual([]);
    // An anchor Connect may ask another org; an endpoint with no Connect is not judged.
    expect(atConnect([send([toPeer(X, ANCHOR)], request(7n))])).toEqual([]);
    expect(atConnect([send([toPeer(X, 'elsewhere:1')], request(7n))])).toEqual([]);
  });
});

describe('aliveEnvelopesIn', () => {
  it('[MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1] a request carries its self-information, a response its lists, an alive message itself, anything else nothing', () => {
    const self = aliveFrom(A, 1);
    expect(aliveEnvelopesIn(memReq(self, 4n))).toEqual({ alive: [self], dead: [] });
    const alive = [aliveFrom(B, 1), aliveFrom(X, 1)];
    const dead = [aliveFrom(C, 1)];
    const listed = aliveEnvelopesIn(memRes(alive, dead));
    expect(listed.alive).toBe(alive);
    expect(listed.dead).toBe(dead);
    expect(aliveEnvelopesIn(self)).toEqual({ alive: [self], dead: [] });
    expect(aliveEnvelopesIn(self).alive[0]).toBe(self);
    expect(aliveEnvelopesIn(noopSign({ nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'empty', empty: {} } }))).toEqual({ alive: [], dead: [] });
  });
});

describe('checkMembershipStep', () => {
  const staleForward = [gossip(aliveFrom(X, 2), pki(B))];
  const badRequest = send([{ pkiId: pki(X), endpoint: BOOTSTRAP }], memReq(aliveFrom(A, 20, { withSecret: false }), 7n));

  it('[MEM-SAFE-ALIVE-MONOTONIC.1] [MEM-SAFE-BOOTSTRAP-SANITY.1] the first violation, prefixed with its id: step invariants in table order', () => {
    const after = forward.after;
    expect(checkMembershipStep(after, forward.event, after, staleForward)).toBe(`MEM-SAFE-ALIVE-MONOTONIC.1: forwarded a stale alive of ${pki(X)}`);
    expect(checkMembershipStep(bootstrapRequest.before, bootstrapRequest.event, bootstrapRequest.after, [badRequest])).toBe(
      `MEM-SAFE-BOOTSTRAP-SANITY.1: bootstrap Connect sent a membership request to ${pki(X)} of another org`,
    );
    expect(checkMembershipStep(bootstrapRequest.after, bootstrapRequest.event, bootstrapRequest.after, [badRequest, ...staleForward])).toBe(
      `MEM-SAFE-ALIVE-MONOTONIC.1: forwarded a stale alive of ${pki(X)}`,
    );
  });

  it('[MEM-FUNC-IDENTITY-TABLE.2] [MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1] state invariants of the state after the step come first, in table order', () => {
    const noIdentity = renewed({ ...s, identities: pdelete(s.identities, pki(Y)) });
    expect(stepOnly(staleForward, noIdentity, s)).toEqual([`MEM-SAFE-ALIVE-MONOTONIC.1: forwarded a stale alive of ${pki(X)}`]);
    expect(checkMembershipStep(s, forward.event, noIdentity, staleForward)).toBe(`MEM-FUNC-IDENTITY-TABLE.2: member ${pki(Y)} has no known identity`);
    expect(checkMembershipStep(s, forward.event, { ...noIdentity, aliveCount: 5 }, [])).toBe('MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1: aliveCount 5 but 2 alive charts');
    // The state before the step is not judged by the state invariants.
    expect(checkMembershipStep(noIdentity, forward.event, s, [])).toBeUndefined();
  });
});

describe('silentAliveMember', () => {
  it('[MEM-LIVE-DETECT-DEAD.1] an alive member silent for more than aliveExpirationTimeout + aliveExpirationCheckInterval is flagged; dead ones never', () => {
    const bound = s.config.params.aliveExpirationTimeoutMs + s.config.params.aliveExpirationCheckIntervalMs;
    expect(bound).toBe(3300);
    // B was last heard at 3301, X at 3400; C and Y (dead) at 0.
    expect([B, X, C, Y].map((p) => memberOf(s, pki(p)).context.lastSeenMs)).toEqual([3301, 3400, 0, 0]);
    expect(silentAliveMember(s, 3301 + bound)).toBeUndefined();
    expect(silentAliveMember(s, 3301 + bound + 1)).toBe(`${pki(B)} silent for 3301ms but alive`);
    expect(silentAliveMember(s, 3400 + bound)).toBe(`${pki(B)} silent for 3399ms but alive`);
    const withoutB = { ...s, members: pdelete(s.members, pki(B)) };
    expect(silentAliveMember(withoutB, 3400 + bound)).toBeUndefined();
    expect(silentAliveMember(withoutB, 3400 + bound + 1)).toBe(`${pki(X)} silent for 3301ms but alive`);
    // The bound is read from the state's parameters.
    const longer = { ...s, config: { ...s.config, params: { ...s.config.params, aliveExpirationCheckIntervalMs: 400 } } };
    expect(silentAliveMember(longer, 3301 + bound + 100)).toBeUndefined();
    expect(silentAliveMember(longer, 3301 + bound + 101)).toBe(`${pki(B)} silent for 3401ms but alive`);
    const longerTimeout = { ...s, config: { ...s.config, params: { ...s.config.params, aliveExpirationTimeoutMs: 3100 } } };
    expect(silentAliveMember(longerTimeout, 3301 + bound + 100)).toBeUndefined();
    expect(silentAliveMember(longerTimeout, 3301 + bound + 101)).toBe(`${pki(B)} silent for 3401ms but alive`);
  });
});
