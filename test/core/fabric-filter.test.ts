/**
 * Ports of Fabric's gossip/filter/filter_test.go onto `selectPeers` (src/core/prng.ts), Fabric's
 * filter.SelectPeers drawn from a seeded stream ([GEN-FUNC-SELECT-PEERS.1]).
 *
 * Adaptations of the mechanism (never of the assertions): Fabric's RoutingFilter values
 * (SelectAllPolicy, SelectNonePolicy) and its CombineRoutingFilters are, in the reference, plain
 * predicates written where they are used and joined with `&&` (src/peer/routing.ts, e.g.
 * peersByOriginOrgPolicy's select-all and select-none, routeStateInfo's selector combined with the
 * sender's exclusion). So "a filter selects a member" is asserted as "selectPeers with that
 * predicate selects the member", which is how both codes use them; each case runs for many seeds,
 * since Fabric draws its permutation from a random source. AnyMatch and First are used by private
 * data only (n/a, spec/conformance-status.json).
 */
import fc from 'fast-check';
import { seedPrng, selectPeers } from '../../src/core';

/** Fabric's discovery.NetworkMember, the fields the filters read. */
interface Member {
  readonly endpoint: string;
  readonly internalEndpoint: string;
  readonly pkiId: string;
}
type Filter = (m: Member) => boolean;

const selectAll: Filter = () => true;
const selectNone: Filter = () => false;
const and =
  (...filters: Filter[]): Filter =>
  (m) =>
    filters.every((f) => f(m));

const member = (endpoint: string, internalEndpoint = '', pkiId = endpoint): Member => ({ endpoint, internalEndpoint, pkiId });

/** selectPeers at a seed, as Fabric's SelectPeers(k, pool, filter). */
const select = (seed: number, k: number, pool: readonly Member[], f: Filter): Member[] => selectPeers(seedPrng(seed), k, pool, f)[0];

const seeds = fc.integer();

describe('Fabric filter/filter_test.go ports', () => {
  it('[GEN-FUNC-SELECT-PEERS.1] TestSelectPolicies: the select-all policy selects a member, the select-none policy does not', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const nm = member('');
        expect(select(seed, 1, [nm], selectAll)).toEqual([nm]);
        expect(select(seed, 1, [nm], selectNone)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('[GEN-FUNC-SELECT-PEERS.1] TestCombineRoutingFilters: combined filters are a logical AND', () => {
    const a: Filter = (m) => m.endpoint === 'a';
    const b: Filter = (m) => m.internalEndpoint === 'b';
    const nm = member('a', 'b');
    fc.assert(
      fc.property(seeds, (seed) => {
        expect(select(seed, 1, [nm], and(a, b))).toEqual([nm]);
        expect(select(seed, 1, [nm], and(and(a, b), selectNone))).toEqual([]);
        expect(select(seed, 1, [member('', 'b')], and(a, b))).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('[GEN-FUNC-SELECT-PEERS.1] TestSelectPeers: of nm1, nm2, nm3, filter a selects 2, filter b 3, a AND b 2, and a AND b with k = 1 selects 1', () => {
    const a: Filter = (m) => m.endpoint === 'a';
    const b: Filter = (m) => m.internalEndpoint === 'b';
    const pool = [member('a', 'b', 'a'), member('a', 'b', 'b'), member('d', 'b', 'c')];
    const crf = and(a, b);
    fc.assert(
      fc.property(seeds, (seed) => {
        expect(select(seed, 3, pool, a)).toHaveLength(2);
        expect(select(seed, 3, pool, b)).toHaveLength(3);
        expect(select(seed, 3, pool, crf)).toHaveLength(2);
        const one = select(seed, 1, pool, crf);
        expect(one).toHaveLength(1);
        // What is selected passes the filter, and nothing is selected twice.
        expect(one.every(crf)).toBe(true);
        expect(new Set(select(seed, 3, pool, b).map((m) => m.pkiId)).size).toBe(3);
      }),
      { numRuns: 100 },
    );
  });
});
