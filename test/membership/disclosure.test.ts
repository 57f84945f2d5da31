import { aliveRecipientRule, disclosurePolicy, type AliveEnvelope } from '../../src/membership';
import { envelopeFilterFor } from '../../src/membership/disclosure';
import { aliveFrom, driverFor, peer, pki, received, type TestPeer } from './fixtures';

// Me: Org1 with an external endpoint. B: Org1 without. P: Org2 with, Q: Org2 without. R: Org3 with.
const A = peer('A', 7401, 'Org1MSP');
const B = peer('B', 7402, 'Org1MSP', '');
const P = peer('P', 7403, 'Org2MSP');
const Q = peer('Q', 7404, 'Org2MSP', '');
const R = peer('R', 7405, 'Org3MSP');
const all = [B, P, Q, R];

function viewOfA() {
  const d = driverFor(A);
  for (const p of all) d.send(received(p, aliveFrom(p, 1)));
  return d.state;
}
const alive: Record<string, AliveEnvelope> = Object.fromEntries([A, ...all].map((p) => [p.name, aliveFrom(p, 1)]));
const visibleTo = (remote: TestPeer) => {
  const pol = disclosurePolicy(viewOfA(), { pkiId: pki(remote), endpoint: remote.self.externalEndpoint });
  return Object.keys(alive).filter((n) => pol.sieve(alive[n] as AliveEnvelope));
};

describe('disclosure', () => {
  it('[MEM-FUNC-DISCLOSURE-POLICY.1] a remote sees its own org, and our peers with external endpoints if it has one', () => {
    expect(visibleTo(B)).toEqual(['A', 'B']); // foreign peers are never in a response to our own org
    expect(visibleTo(P)).toEqual(['A', 'P', 'Q']);
    expect(visibleTo(Q)).toEqual(['P', 'Q']);
    expect(visibleTo(R)).toEqual(['A', 'R']);
    const stranger = peer('S', 7406, 'Org4MSP');
    expect(visibleTo(stranger)).toEqual([]);
  });

  it('[MEM-FUNC-ENVELOPE-FILTER.1] the SecretEnvelope is kept only for a remote known to be of our org', () => {
    const s = viewOfA();
    const env = alive['A'] as AliveEnvelope;
    expect(envelopeFilterFor(s, pki(B))(env).secretEnvelope).toBeDefined();
    expect(envelopeFilterFor(s, pki(P))(env).secretEnvelope).toBeUndefined();
    expect(envelopeFilterFor(s, pki(peer('S', 7406, 'Org4MSP')))(env).secretEnvelope).toBeUndefined();
  });

  it('[MEM-FUNC-ALIVE-ROUTING.1] alive push routing follows origin org, target org and external endpoints', () => {
    const s = viewOfA();
    const rule = (origin: string, target: TestPeer) => aliveRecipientRule(s, alive[origin] as AliveEnvelope, { pkiId: pki(target) });
    // In-org origin without external endpoint: only in-org.
    expect([B, P, Q, R].map((t) => rule('B', t))).toEqual(['send', 'deny', 'deny', 'deny']);
    // In-org origin with one: anyone, secret stripped outside the org.
    expect([B, P, Q, R].map((t) => rule('A', t))).toEqual(['send', 'sendWithoutSecret', 'sendWithoutSecret', 'sendWithoutSecret']);
    // Foreign origin: my org or its org, and only to peers with an external endpoint.
    expect([B, P, Q, R].map((t) => rule('P', t))).toEqual(['deny', 'sendWithoutSecret', 'deny', 'deny']);
    expect([B, P, Q, R].map((t) => rule('R', t))).toEqual(['deny', 'deny', 'deny', 'sendWithoutSecret']);
    // Unknown origin or target org: deny.
    const S = peer('S', 7406, 'Org4MSP');
    expect(aliveRecipientRule(s, aliveFrom(S, 1), { pkiId: pki(B) })).toBe('deny');
    expect(rule('A', S)).toBe('deny');
  });

  it('[MEM-FUNC-ALIVE-ROUTING.1] a foreign origin reaches a peer of my org only if that peer has an external endpoint, as known to me', () => {
    const C = peer('C', 7407, 'Org1MSP');
    const d = driverFor(A);
    for (const p of [...all, C]) d.send(received(p, aliveFrom(p, 1)));
    // Known by identity only (a handshake taught it, no alive message): no endpoint known, so none.
    const E = peer('E', 7408, 'Org1MSP');
    d.send({ type: 'IDENTITY_LEARNED', pkiId: pki(E), identity: E.key.identity });
    const rule = (target: TestPeer) => aliveRecipientRule(d.state, alive['P'] as AliveEnvelope, { pkiId: pki(target) });
    expect([C, B, E, A].map(rule)).toEqual(['send', 'deny', 'deny', 'send']);
    const noExt = peer('N', 7409, 'Org1MSP', '');
    const n = driverFor(noExt);
    n.send(received(P, aliveFrom(P, 1)));
    expect(aliveRecipientRule(n.state, alive['P'] as AliveEnvelope, { pkiId: pki(noExt) })).toBe('deny');
  });
});
