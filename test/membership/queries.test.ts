/**
 * The read-only views the composition, election and tests take of membership
 * (src/membership/queries.ts), compared whole: Lookup with and without an internal endpoint, the
 * org of self and of strangers, the memoised alive list, what a stopped membership answers, our
 * last alive message, and the msg-store's live entries. Written after mutation run 1
 * (docs/mutation.md): the queries were read only field by field.
 */
import {
  aliveMembers,
  aliveMembersUncached,
  aliveStoreContents,
  deadMembers,
  lookup,
  memberEndpoint,
  orgOf,
  preferredEndpoint,
  selfAliveEnvelope,
} from '../../src/membership';
import { aliveFrom, driverFor, memRes, peer, pki, received } from './fixtures';

const A = peer('A', 7451);
const B = peer('B', 7452, 'Org1MSP', 'b.example:7452');
const C = peer('C', 7453, 'Org2MSP');

describe("[MEM-FUNC-VIEW-TOKEN.1] membership's queries", () => {
  it('Lookup gives the whole member: its internal endpoint only when known, its org from its identity', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1, { metadata: 'm' })));
    d.send(received(C, aliveFrom(C, 1, { withSecret: false })));
    expect(lookup(d.state, pki(B))).toStrictEqual({ pkiId: pki(B), endpoint: 'b.example:7452', internalEndpoint: 'localhost:7452', org: 'Org1MSP', metadata: 'm', status: 'alive' });
    expect(lookup(d.state, pki(C))).toStrictEqual({ pkiId: pki(C), endpoint: 'localhost:7453', org: 'Org2MSP', metadata: '', status: 'alive' });
    expect(lookup(d.state, pki(A))).toBeUndefined();
    expect(preferredEndpoint(lookup(d.state, pki(B)) ?? { endpoint: '' })).toBe('localhost:7452');
  });

  it("memberEndpoint is Lookup's external endpoint: '' for a member without one, undefined for self and strangers", () => {
    const d = driverFor(A);
    const D = peer('D', 7454, 'Org1MSP', '');
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(D, aliveFrom(D, 1)));
    expect([B, D, A, C].map((p) => memberEndpoint(d.state, pki(p)))).toEqual(['b.example:7452', '', undefined, undefined]);
    expect([B, D].map((p) => lookup(d.state, pki(p))?.endpoint)).toEqual(['b.example:7452', '']);
  });

  it('orgOf knows self and every learned identity, and nobody else', () => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    expect([orgOf(d.state, pki(A)), orgOf(d.state, pki(C)), orgOf(d.state, pki(B))]).toEqual(['Org1MSP', 'Org2MSP', undefined]);
  });

  it('a dead entry is learned only when its identity is known to check it: carried here, with its org', () => {
    const d = driverFor(A);
    d.send(received(C, memRes([], [aliveFrom(B, 1)])));
    // B's entry carries no identity and nobody vouches for it: the entry fails validation, nothing is learned.
    expect(lookup(d.state, pki(B))).toBeUndefined();
    d.send(received(C, memRes([], [aliveFrom(B, 1, { withIdentity: true })])));
    expect(lookup(d.state, pki(B))).toStrictEqual({ pkiId: pki(B), endpoint: 'b.example:7452', internalEndpoint: 'localhost:7452', org: 'Org1MSP', metadata: '', status: 'dead' });
  });

  it('[MEM-FUNC-VIEW-TOKEN.1] a newer alive message with another internal endpoint renews the alive list', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    const first = aliveMembers(d.state);
    const moved = { ...B, self: { ...B.self, internalEndpoint: 'localhost:7459' } };
    d.send(received(B, aliveFrom(moved, 2)));
    expect(aliveMembers(d.state)).not.toBe(first);
    expect(aliveMembers(d.state)[0]?.internalEndpoint).toBe('localhost:7459');
  });

  it('[MEM-FUNC-VIEW-TOKEN.1] the alive list is one array per view token, equal to the list computed afresh', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    const first = aliveMembers(d.state);
    expect(first).toEqual(aliveMembersUncached(d.state));
    d.send(received(B, aliveFrom(B, 2)));
    expect(aliveMembers(d.state)).toBe(first);
    const dead = deadMembers(d.state);
    d.send(received(C, aliveFrom(C, 1)));
    const second = aliveMembers(d.state);
    expect(second).not.toBe(first);
    // Nobody died: the dead list is the same array, not a copy.
    expect(deadMembers(d.state)).toBe(dead);
    expect(second.map((m) => m.pkiId).sort()).toEqual([pki(B), pki(C)].sort());
    expect(second).toEqual(aliveMembersUncached(d.state));
  });

  it('[MEM-FUNC-VIEW-TOKEN.1] a response teaching 150 members in one step (150 renewals) derives the lists: a member known before keeps its entry object', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    const before = aliveMembers(d.state);
    // More renewals than members listed before and than the least chain kept (64): the chain must
    // reach back to the lists of the token before the response, or they are worked out afresh.
    const taught = Array.from({ length: 150 }, (_, i) => peer(`P${i}`, 8000 + i));
    d.send(received(B, memRes(taught.map((p) => aliveFrom(p, 1, { withIdentity: true })))));
    const after = aliveMembers(d.state);
    expect(after).toHaveLength(151);
    expect(after).toEqual(aliveMembersUncached(d.state));
    // A fresh computation makes a new entry for every member; a derivation keeps B's.
    expect(after.find((m) => m.pkiId === pki(B))).toBe(before[0]);
  });

  it('[MEM-FUNC-STOP.1] a stopped membership has neither alive nor dead members, though Lookup still finds them', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(C, aliveFrom(C, 1)));
    d.advanceTo(3300);
    d.send(received(B, aliveFrom(B, 2)));
    expect([aliveMembers(d.state).length, deadMembers(d.state).length]).toEqual([1, 1]);
    d.send({ type: 'STOP' });
    expect([aliveMembers(d.state), aliveMembersUncached(d.state), deadMembers(d.state)]).toEqual([[], [], []]);
    expect(lookup(d.state, pki(C))?.status).toBe('dead');
  });

  it('our last alive message is the last heartbeat gossiped with company; the store lists only live entries', () => {
    const d = driverFor(A);
    expect(selfAliveEnvelope(d.state)).toBeUndefined();
    d.send(received(B, aliveFrom(B, 1)));
    d.advanceTo(300);
    const beats = d.of('gossip').filter((g) => g.envelope.payload.content.aliveMsg.membership.pkiId === pki(A));
    expect(beats).toHaveLength(1);
    expect(selfAliveEnvelope(d.state)).toBe(beats[0]?.envelope);
    expect(aliveStoreContents(d.state).map(([id]) => id)).toEqual([pki(B)]);
    d.advanceTo(60600); // past the TTL (60000 ms): B's entry is expired, and no longer listed
    expect(aliveStoreContents(d.state)).toEqual([]);
  });
});
