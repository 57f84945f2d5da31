/**
 * [MEM-FUNC-IDENTITY-PURGED.1] The identity store purged a PKI-ID: membership forgets its identity
 * and purges its member, whatever its state; an identity it never held changes nothing. Written
 * after mutation run 1 (docs/mutation.md): the unit tests had never sent IDENTITY_PURGED (only
 * the simulation tests, left out of the run, did).
 */
import { aliveMembers, lookup } from '../../src/membership';
import { pget } from '../../src/core/pmap';
import { aliveFrom, driverFor, peer, pki, received } from './fixtures';

const A = peer('A', 7801);
const B = peer('B', 7802);
const Z = peer('Z', 7809, 'Org2MSP');

describe('[MEM-FUNC-IDENTITY-PURGED.1] IDENTITY_PURGED', () => {
  it('a known alive member: its identity and its member go, the view is renewed, and the purge is logged', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    expect(pget(d.state.identities, pki(B))).toBeDefined();
    const token = d.state.viewToken;
    d.clearOutputs();
    d.send({ type: 'IDENTITY_PURGED', pkiId: pki(B) });
    expect(pget(d.state.identities, pki(B))).toBeUndefined();
    expect(lookup(d.state, pki(B))).toBeUndefined();
    expect(aliveMembers(d.state)).toEqual([]);
    expect(d.state.viewToken).not.toBe(token);
    expect(d.of('log')).toEqual([{ kind: 'log', level: 'info', message: `Purging ${pki(B)} from membership: its identity was purged` }]);
  });

  it('an identity held without a member: the identity goes, the view is renewed, nothing is logged', () => {
    const d = driverFor(A);
    d.send({ type: 'IDENTITY_LEARNED', pkiId: pki(Z), identity: Z.key.identity });
    expect(pget(d.state.identities, pki(Z))).toBeDefined();
    const token = d.state.viewToken;
    d.clearOutputs();
    d.send({ type: 'IDENTITY_PURGED', pkiId: pki(Z) });
    expect(pget(d.state.identities, pki(Z))).toBeUndefined();
    expect(d.state.viewToken).not.toBe(token);
    expect(d.of('log')).toEqual([]);
  });

  it('a PKI-ID membership never held changes nothing, not even the view token', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    const before = d.state;
    d.send({ type: 'IDENTITY_PURGED', pkiId: pki(Z) });
    expect(d.state.identities).toBe(before.identities);
    expect(d.state.viewToken).toBe(before.viewToken);
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
  });
});
