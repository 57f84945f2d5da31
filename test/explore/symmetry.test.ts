/**
 * [EXP-FUNC-SYMMETRY.1] A declared symmetry is checked against the full search: exploring without
 * it and grouping every configuration into orbits (by the symmetric key) must give exactly as many
 * orbits as the reduced search visits configurations. Fewer visited would mean a merge hid part of
 * the space; equal means each orbit was visited once.
 */
import {
  configurationKey,
  explore,
  membershipModel,
  pullModel,
  renamers,
  rolePermutations,
  type Configuration,
  type ExploreModel,
  type ExploreOptions,
} from '../../src/explore';

function orbitCheck<S, M, T>(model: ExploreModel<S, M, T>, options: ExploreOptions): { full: number; orbits: number; reduced: number } {
  const group = renamers(model.symmetry, model.peerNames.length);
  const orbits = new Set<string>();
  const observe = (c: Configuration<unknown, unknown, unknown>) => orbits.add(configurationKey(model, c as Configuration<S, M, T>, 'earliest', group));
  const full = explore(model, { ...options, symmetry: false, exactKeys: true, observe });
  const reduced = explore(model, { ...options, symmetry: true, exactKeys: true });
  expect(full.truncated || reduced.truncated).toBe(false);
  expect(reduced.symmetryGroup).toBe(group.length);
  return { full: full.states, orbits: orbits.size, reduced: reduced.states };
}

describe('symmetry', () => {
  it('[EXP-FUNC-SYMMETRY.1] role-preserving permutations, identity first', () => {
    expect(rolePermutations(['a', 'b', 'b'])).toEqual([[0, 1, 2], [0, 2, 1]]);
    expect(rolePermutations(['x', 'x', 'x'])).toHaveLength(6);
    expect(rolePermutations(['a', 'b', 'c'])).toEqual([[0, 1, 2]]);
  });

  it('[EXP-FUNC-SYMMETRY.1] renaming swaps whole tokens, also inside longer strings, and refuses tokens that contain one another', () => {
    const [, swap] = renamers({ roles: ['r', 'r'], tokens: [['peerA', 'host:1'], ['peerB', 'host:2']] }, 2);
    expect(swap?.rename('{"self":"peerA","to":["peerB"],"timer":"connect/host:1"}')).toBe('{"self":"peerB","to":["peerA"],"timer":"connect/host:2"}');
    expect(() => renamers({ roles: ['r', 'r'], tokens: [['p1'], ['p10']] }, 2)).toThrow(/contain/);
  });

  it('[EXP-FUNC-SYMMETRY.1] two identical pull engines: one configuration per orbit, about half the space', () => {
    const r = orbitCheck(pullModel({ peers: [{ items: ['b1'], seed: 1 }, { items: ['b1'], seed: 1 }] }), { depth: 10, maxStates: 100_000, losses: 1 });
    expect(r.reduced).toBe(r.orbits);
    expect(r.reduced).toBeLessThan(r.full * 0.6);
  });

  it('[EXP-FUNC-SYMMETRY.1] two membership peers bootstrapping to each other: one configuration per orbit', () => {
    const r = orbitCheck(membershipModel({ peers: 2, bootstrap: [[1], [0]], seeds: [1, 1] }), { depth: 4, maxStates: 100_000, losses: 1 });
    expect(r.reduced).toBe(r.orbits);
    expect(r.reduced).toBeLessThan(r.full * 0.6);
  });

  it('[EXP-FUNC-SYMMETRY.1] a hub holding the symmetric peers in an ordered list breaks the symmetry: nothing merges', () => {
    // peerA draws its round's peers from [peerB, peerC] by PRNG, so swapping B and C is no automorphism.
    const r = orbitCheck(pullModel({ peers: [{ items: ['b1'], seed: 1 }, { items: [], seed: 2 }, { items: [], seed: 2 }] }), { depth: 6, maxStates: 100_000 });
    expect(r.reduced).toBe(r.full);
    expect(r.orbits).toBe(r.full);
  });
});
