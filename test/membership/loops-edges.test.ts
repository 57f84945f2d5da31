/**
 * The periodic loops at their edges (src/membership/loops.ts, probes.ts): the msg-store pass at
 * exactly one and two TTLs and an expired entry reported once, a bootstrap peer known by its
 * internal endpoint kept, a sync with pullPeerNum 0, and reconnect probes that share an endpoint
 * or have none. loops.test.ts covers each loop's ordinary round; mutation run 1
 * (docs/mutation.md) found these edges decided by no unit test.
 * Parameters: FABRIC_DISCOVERY_TEST_PARAMS, so the TTL is 3000 ms × 20 = 60000 ms and the store is
 * swept every 600 ms.
 */
import { deadMembers, lookup } from '../../src/membership';
import { pget } from '../../src/core/pmap';
import { aliveFrom, driverFor, memRes, peer, pki, received } from './fixtures';

const A = peer('A', 7151);
const B = peer('B', 7152);
const C = peer('C', 7153);
const E = peer('E', 7155, 'Org1MSP', 'e.example:7155');

const removals = (d: ReturnType<typeof driverFor>) => d.of('log').filter((l) => l.message.startsWith('Removing member:'));
const kept = (d: ReturnType<typeof driverFor>) => d.of('log').filter((l) => l.message.startsWith('Do not remove bootstrap or anchor peer endpoint'));

describe('[MEM-FUNC-MSGSTORE-EXPIRATION.1] the msg-store pass at its edges', () => {
  it('an entry exactly one TTL old is not expired, nor dropped at exactly two; an expired entry is reported once', () => {
    const d = driverFor(A);
    const old = aliveFrom(B, 1);
    d.send(received(B, old));
    d.advanceTo(60000);
    expect(pget(d.state.store, pki(B))?.expired).toBe(false);
    d.advanceTo(60600);
    expect(pget(d.state.store, pki(B))?.expired).toBe(true);
    // Whole, strictly: a log without fields has no `fields` key.
    expect(removals(d)).toStrictEqual([{ kind: 'log', level: 'info', message: `Removing member: Endpoint: localhost:7152, InternalEndpoint: localhost:7152, PKIID: ${pki(B)}` }]);
    d.advanceTo(120000);
    expect(removals(d)).toHaveLength(1);
    d.send(received(B, old)); // still remembered at exactly 2 × TTL: the replay is refused
    expect(lookup(d.state, pki(B))).toBeUndefined();
    d.advanceTo(120600);
    expect(pget(d.state.store, pki(B))).toBeUndefined();
  });

  it('[MEM-FUNC-PURGE.1] a member whose internal endpoint is a bootstrap peer is kept, and said so once per expiry', () => {
    const d = driverFor(A, { bootstrap: ['localhost:7155'] });
    d.send(received(E, aliveFrom(E, 1)));
    d.advanceTo(61200);
    expect(lookup(d.state, pki(E))?.status).toBe('dead');
    expect(kept(d)).toStrictEqual([{ kind: 'log', level: 'info', message: 'Do not remove bootstrap or anchor peer endpoint e.example:7155 from membership' }]);
    expect(removals(d)).toEqual([]);
  });

  it('[MEM-FUNC-PURGE.1] an anchor of any channel protects; a member known without its internal endpoint is not protected by it', () => {
    const d = driverFor(A);
    d.send({ type: 'ANCHOR_PEERS', channel: 'ch1' as never, anchors: [{ org: 'Org1MSP' as never, endpoint: 'localhost:7153' }] });
    d.send({ type: 'ANCHOR_PEERS', channel: 'ch2' as never, anchors: [{ org: 'Org1MSP' as never, endpoint: 'localhost:7155' }] });
    d.send(received(C, aliveFrom(C, 1)));
    // E's alive message without its SecretEnvelope: only its external endpoint is known.
    d.send(received(E, aliveFrom(E, 1, { withSecret: false })));
    d.advanceTo(61200);
    expect(lookup(d.state, pki(C))?.status).toBe('dead');
    expect(lookup(d.state, pki(E))).toBeUndefined();
    expect(removals(d).map((l) => l.message)).toEqual([`Removing member: Endpoint: e.example:7155, InternalEndpoint: , PKIID: ${pki(E)}`]);
  });
});

/** A heard B at 0 and C at `cAtMs`: two members on different clocks. */
function heardBThenC(cAtMs: number) {
  const d = driverFor(A);
  d.send(received(B, aliveFrom(B, 1)));
  d.advanceTo(cAtMs);
  d.send(received(C, aliveFrom(C, 1)));
  return d;
}

describe('[MEM-FUNC-EXPIRE-DEAD.1] the dead check and the store pass on members seen at different times', () => {
  it('a check that expires nobody leaves the members as they were; each member expires on its own clock', () => {
    const d = heardBThenC(1000);
    const members = d.state.members;
    d.advanceTo(3000);
    expect(d.state.members).toBe(members);
    d.advanceTo(3300);
    expect([lookup(d.state, pki(B))?.status, lookup(d.state, pki(C))?.status]).toEqual(['dead', 'alive']);
    d.advanceTo(4200);
    expect(lookup(d.state, pki(C))?.status).toBe('dead');
  });

  it('[MEM-FUNC-MSGSTORE-EXPIRATION.1] an entry added later expires later: its age counts from when it was added', () => {
    const d = heardBThenC(1000);
    d.advanceTo(60600);
    expect([pget(d.state.store, pki(B))?.expired, pget(d.state.store, pki(C))?.expired]).toEqual([true, false]);
    d.advanceTo(61200);
    expect(pget(d.state.store, pki(C))?.expired).toBe(true);
  });
});

describe('[MEM-FUNC-SYNC.1] membership sync at its edges', () => {
  it('[MEM-FUNC-RECONNECT-DEAD.1] sync asks only alive members, reconnect probes only dead ones', () => {
    const d = heardBThenC(2000);
    d.advanceTo(3300);
    expect([lookup(d.state, pki(B))?.status, lookup(d.state, pki(C))?.status]).toEqual(['dead', 'alive']);
    d.advanceTo(4000);
    expect(d.of('send', 4000).map((s) => s.to[0]?.pkiId)).toEqual([pki(C)]);
    d.advanceTo(4500);
    d.send(received(C, aliveFrom(C, 2))); // C stays alive through the reconnect round at 6000
    d.advanceTo(6000);
    expect(d.of('handshake', 6000).map((h) => h.expectedPkiId)).toEqual([pki(B)]);
  });

  it('pullPeerNum 0 sends no request however many members are alive', () => {
    const d = driverFor(A, {}, { pullPeerNum: 0 });
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(C, aliveFrom(C, 1)));
    d.advanceTo(2500);
    expect(d.of('send')).toEqual([]);
    // Nor does it sign an alive message for nobody: every one signed is a heartbeat.
    expect(d.state.seqNum).toBe(BigInt(d.of('gossip').filter((g) => g.envelope.payload.content.aliveMsg.membership.pkiId === pki(A)).length));
  });

  it('pullPeerNum 1 asks one alive member each pullInterval, at its internal endpoint when known', () => {
    const d = driverFor(A, {}, { pullPeerNum: 1 });
    d.send(received(E, aliveFrom(E, 1)));
    d.send(received(C, aliveFrom(C, 1, { withSecret: false })));
    d.advanceTo(2000);
    const byRound = [1000, 2000].map((t) => d.of('send', t).filter((s) => d.outputs.find((o) => o.output === s)?.atMs === t));
    expect(byRound.map((round) => round.length)).toEqual([1, 1]);
    for (const s of d.of('send')) {
      const [to] = s.to;
      expect(to?.endpoint).toBe(to?.pkiId === pki(E) ? 'localhost:7155' : 'localhost:7153');
    }
  });
});

describe('[MEM-FUNC-RECONNECT-DEAD.1] reconnect probes at their edges', () => {
  it('two dead members announced at one endpoint share one probe, which expects the first; each round probes afresh', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1, { endpoint: 'shared:1', withSecret: false })));
    d.send(received(C, aliveFrom(C, 1, { endpoint: 'shared:1', withSecret: false })));
    d.advanceTo(3300);
    expect(deadMembers(d.state)).toHaveLength(2);
    d.advanceTo(6000);
    const probes = d.of('handshake', 6000);
    expect(probes).toHaveLength(1);
    expect(probes[0]).toMatchObject({ endpoint: 'shared:1', attempt: 0 });
    expect([pki(B), pki(C)]).toContain(probes[0]?.expectedPkiId);
    expect([...(pget(d.state.probes, 'shared:1')?.reconnect ?? [])].sort()).toEqual([pki(B), pki(C)].sort());
    d.advanceTo(9000);
    expect(d.of('handshake', 9000)).toHaveLength(1);
  });

  it('a dead member known by no endpoint is not probed', () => {
    const d = driverFor(A);
    d.send(received(C, memRes([], [aliveFrom(B, 1, { endpoint: '', withSecret: false, withIdentity: true })])));
    expect(lookup(d.state, pki(B))?.status).toBe('dead');
    d.advanceTo(6000);
    expect(d.of('handshake')).toEqual([]);
    expect(d.state.probes.size).toBe(0);
  });
});
