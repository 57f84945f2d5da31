import { deadMembers, lookup, type AliveEnvelope } from '../../src/membership';
import type { Envelope } from '../../src/messages';
import { aliveFrom, countingSuite, driverFor, memReq, memRes, peer, pki, received } from './fixtures';

const A = peer('A', 7301);
const B = peer('B', 7302);
const C = peer('C', 7303);
const D = peer('D', 7304);

function responseOf(e: Envelope): { alive: readonly AliveEnvelope[]; dead: readonly AliveEnvelope[]; nonce: bigint } | undefined {
  const c = e.payload.content;
  return c.$case === 'memRes' ? { ...c.memRes, nonce: e.payload.nonce } : undefined;
}
const subjects = (list: readonly AliveEnvelope[]) => list.map((e) => e.payload.content.aliveMsg.membership.pkiId);

describe('membership requests', () => {
  it('[MEM-FUNC-MEMREQ-ANTI-SPOOFING.2] TestMembershipRequestSpoofing (one peer): a request carrying another peer\'s alive message is dropped, counted, changes nothing; from its subject it is answered', () => {
    const d = driverFor(A);
    const cAlive = aliveFrom(C, 1, { withIdentity: true });
    const spoofed = memReq(cAlive);
    const before = d.state;
    const outs = d.send(received(B, spoofed));
    expect(outs).toEqual([{ kind: 'rejected', reason: 'alive.spoofedMemReq', message: expect.stringContaining("doesn't match the handshake") }]);
    expect(d.state).toEqual(before); // not even B's identity (from the connection) is learned
    // Fabric waits a second for anything from g1 to g2: nothing comes, to anyone.
    d.advanceBy(1000);
    expect(d.outputs.map((o) => o.output.kind)).toEqual(['rejected']);
    expect(lookup(d.state, pki(B))).toBeUndefined();
    expect(lookup(d.state, pki(C))).toBeUndefined();
    // The same request sent by the peer it is about gets a response within the second.
    const t0 = d.nowMs;
    d.send(received(C, spoofed));
    d.advanceBy(1000);
    expect(d.of('send', t0).every((s) => s.to.every((to) => to.pkiId === pki(C)))).toBe(true);
    const replies = d.of('send', t0).filter((s) => responseOf(s.message) !== undefined);
    expect(replies.map((s) => s.to)).toEqual([[{ pkiId: pki(C), endpoint: 'localhost:7303' }]]);
    const res = responseOf(replies[0]?.message as Envelope);
    expect(res && { alive: subjects(res.alive), dead: subjects(res.dead), nonce: res.nonce }).toEqual({ alive: [pki(C), pki(A)], dead: [], nonce: 0n });
    expect(d.of('rejected')).toHaveLength(1);
  });

  it('[MEM-FUNC-MEMREQ-ANTI-SPOOFING.2] a spoofed request from a known member, or about ourselves, is dropped and counted without touching the state', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(C, aliveFrom(C, 1)));
    for (const selfInfo of [aliveFrom(C, 2), aliveFrom(A, 9), aliveFrom(C, 3, { signer: B.key })]) {
      const before = d.state;
      const outs = d.send(received(B, memReq(selfInfo, 4n)));
      expect(outs.map((o) => (o.kind === 'rejected' ? o.reason : o.kind))).toEqual(['alive.spoofedMemReq']);
      expect(d.state).toEqual(before);
    }
    expect(d.of('gossip').map((g) => g.envelope.payload.content.aliveMsg.timestamp.seqNum)).toEqual([1n, 1n]); // C's seq 2 was not taken
    expect(d.of('send')).toEqual([]);
  });

  it('[MEM-FUNC-MEMREQ-HANDLE.1] a valid request teaches its sender and is answered on its connection with the nonce', () => {
    const d = driverFor(A);
    d.send(received(B, memReq(aliveFrom(B, 3), 77n)));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
    const [reply] = d.of('send');
    expect(reply?.to).toEqual([{ pkiId: pki(B), endpoint: 'localhost:7302' }]);
    expect(reply && responseOf(reply.message)?.nonce).toBe(77n);
    // Not stored: the same alive pushed afterwards is still new to the store, and forwarded.
    d.send(received(B, aliveFrom(B, 3)));
    expect(d.of('gossip').filter((g) => g.excludePkiId === pki(B))).toHaveLength(1);
    // A forged self-information gets no answer.
    d.send(received(C, memReq(aliveFrom(C, 1, { signer: B.key }))));
    expect(d.of('send')).toHaveLength(1);
  });

  it('[MEM-FUNC-MEMRES-BUILD.1] the response lists visible alive members, our own alive message last, and dead members', () => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    d.advanceTo(3300);
    expect(deadMembers(d.state).map((m) => m.pkiId)).toEqual([pki(C)]);
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(D, memReq(aliveFrom(D, 1))));
    const res = responseOf(d.of('send').filter((s) => s.to[0]?.pkiId === pki(D))[0]?.message as Envelope);
    expect(res && subjects(res.alive).slice(-1)).toEqual([pki(A)]);
    expect(res && subjects(res.alive).slice(0, -1).sort()).toEqual([pki(B), pki(D)].sort());
    expect(res && subjects(res.dead)).toEqual([pki(C)]);
    expect(res?.alive.every((e) => e.secretEnvelope !== undefined)).toBe(true);
  });

  it('[MEM-FUNC-MEMRES-REFUSE.1] a requester that may not see us gets no response and its connection closed', () => {
    const X = peer('X', 7305, 'Org2MSP', '');
    const d = driverFor(A);
    d.send(received(X, memReq(aliveFrom(X, 1))));
    expect(d.of('send')).toEqual([]);
    expect(d.of('closeConnection')).toEqual([{ kind: 'closeConnection', pkiId: pki(X) }]);
  });
});

describe('our own alive message in an answer (Fabric sendMemResponse: selfAliveMessage, else a fresh one)', () => {
  const X = peer('X', 7306, 'Org2MSP', 'x.example:7306');

  it('[MEM-FUNC-MEMRES-REFUSE.1] a refusal before any heartbeat still signs one (a seqNum spent), warns, and closes the connection', () => {
    const noExt = peer('N', 7307, 'Org1MSP', '');
    const d = driverFor(noExt);
    const outs = d.send(received(X, memReq(aliveFrom(X, 1))));
    expect(d.state.seqNum).toBe(1n);
    expect(outs.filter((o) => o.kind === 'log' || o.kind === 'closeConnection')).toStrictEqual([
      { kind: 'log', level: 'warn', message: "Got a membership request from a peer that shouldn't have sent one, closing connection", fields: { from: pki(X) } },
      { kind: 'closeConnection', pkiId: pki(X) },
    ]);
  });

  it('[MEM-FUNC-MEMRES-BUILD.1] before any heartbeat, the answer to a peer of our org carries a fresh alive message with our internal endpoint', () => {
    const d = driverFor(A);
    d.send(received(B, memReq(aliveFrom(B, 1))));
    const res = responseOf(d.of('send')[0]?.message as Envelope);
    const own = res?.alive[res.alive.length - 1];
    expect([own?.payload.content.aliveMsg.timestamp.seqNum, own?.secretEnvelope?.payload.internalEndpoint]).toEqual([1n, 'localhost:7301']);
  });

  it('[MEM-FUNC-MEMRES-BUILD.1] after a heartbeat, the answer carries that heartbeat and is decided on its endpoint, not on a later UPDATE_ENDPOINT', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.advanceTo(300);
    const seq = d.state.seqNum;
    const heartbeat = d.of('gossip').find((g) => g.envelope.payload.content.aliveMsg.membership.pkiId === pki(A))?.envelope;
    d.send({ type: 'UPDATE_ENDPOINT', endpoint: '' });
    d.send(received(X, memReq(aliveFrom(X, 1), 9n)));
    const res = responseOf(d.of('send').find((s) => s.to[0]?.pkiId === pki(X))?.message as Envelope);
    const own = res?.alive[res.alive.length - 1];
    // The heartbeat itself, its SecretEnvelope stripped for a peer of another org.
    expect([own?.payload, own?.signature, own?.secretEnvelope]).toEqual([heartbeat?.payload, heartbeat?.signature, undefined]);
    expect(heartbeat?.secretEnvelope).toBeDefined();
    expect(d.state.seqNum).toBe(seq);
    expect(d.of('closeConnection')).toEqual([]);
  });
});

describe('membership responses', () => {
  it('[MEM-FUNC-MEMRES-HANDLE.1] alive entries are learned, dead entries only when unknown', () => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    d.send(received(B, memRes([aliveFrom(B, 1), aliveFrom(A, 1)], [aliveFrom(C, 2), aliveFrom(D, 1, { withIdentity: true })])));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
    expect(lookup(d.state, pki(C))?.status).toBe('alive');
    expect(lookup(d.state, pki(D))?.status).toBe('dead');
    expect(lookup(d.state, pki(A))).toBeUndefined();
    expect(d.of('gossip')).toHaveLength(1); // only C's pushed alive: response entries are not forwarded
  });

  it('[MEM-FUNC-MEMREQ-HANDLE.1] [MEM-FUNC-MEMRES-HANDLE.1] TestValidation: requests re-validate their alive message, stored responses do not', () => {
    const crypto = countingSuite();
    const d = driverFor(A, {}, {}, crypto);
    const req = memReq(aliveFrom(B, 1));
    d.send(received(B, req));
    expect(crypto.verifies).toBe(2);
    d.send(received(B, aliveFrom(B, 1)));
    d.send(received(B, req));
    expect(crypto.verifies).toBe(6); // validated again: a request is validated before the store check
    const res = memRes([aliveFrom(C, 1, { withIdentity: true }), aliveFrom(D, 1, { withIdentity: true })], [aliveFrom(peer('E', 7306), 1, { withIdentity: true })]);
    const v0 = crypto.verifies;
    d.send(received(C, res));
    expect(crypto.verifies - v0).toBe(6); // three alive messages, envelope and secret each
    for (const env of [...(responseOf(res)?.alive ?? []), ...(responseOf(res)?.dead ?? [])]) d.send(received(C, env));
    const v1 = crypto.verifies;
    d.send(received(C, res));
    d.send(received(C, res));
    expect(crypto.verifies).toBe(v1);
  });
});
