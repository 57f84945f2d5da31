/**
 * [EXP-FUNC-SYMMETRY.1] Peer-permutation symmetry: the permutations of peer indices that map every
 * peer to one of the same role, and the renaming of a key text under one of them.
 *
 * Renaming works on canonical JSON text: every occurrence of a peer's token (as JSON escapes it)
 * is swapped for its image's, all at once, including inside longer strings (a timer id that names
 * an endpoint). This is exact when every occurrence of a token refers to its peer, which the model
 * ensures by choosing tokens no other text contains (and no token contains another, checked here).
 * The renamed text may list object keys out of sorted order; it then matches no canonical text,
 * which loses a merge but never makes a wrong one (two texts are equal only if the configurations
 * are images of each other under a permutation).
 */
import type { Symmetry } from './model';

export type Permutation = readonly number[];

/** Role-preserving permutations (perm[i] = new index of peer i), the identity first. */
export function rolePermutations(roles: readonly string[]): Permutation[] {
  const n = roles.length;
  const out: number[][] = [];
  const current: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  const extend = (i: number): void => {
    if (i === n) {
      out.push(current.slice());
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j] || roles[j] !== roles[i]) continue;
      used[j] = true;
      current.push(j);
      extend(i + 1);
      current.pop();
      used[j] = false;
    }
  };
  extend(0);
  return out;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A renaming function for each permutation (identity: no renaming). */
export function renamers(symmetry: Symmetry | undefined, peerCount: number): { perm: Permutation; rename: (text: string) => string }[] {
  const identity = { perm: Array.from({ length: peerCount }, (_, i) => i), rename: (text: string) => text };
  if (symmetry === undefined) return [identity];
  const escaped = (t: string) => JSON.stringify(t).slice(1, -1);
  const all = symmetry.tokens.flatMap((ts) => ts.map(escaped));
  if (all.some((a, i) => all.some((b, j) => i !== j && b.includes(a)))) throw new RangeError('no symmetry token may contain another');
  const pattern = new RegExp(all.map(escapeRegExp).join('|'), 'g');
  const admitted = rolePermutations(symmetry.roles).filter((perm, index) => index === 0 || (symmetry.admits?.(perm) ?? true));
  return admitted.map((perm, index) => {
    if (index === 0) return identity;
    const map = new Map<string, string>();
    symmetry.tokens.forEach((ts, i) => {
      const target = symmetry.tokens[perm[i] as number] ?? [];
      if (target.length !== ts.length) throw new RangeError('peers of one role must have as many tokens');
      ts.forEach((t, k) => map.set(escaped(t), escaped(target[k] as string)));
    });
    return { perm, rename: (text: string) => text.replace(pattern, (m) => map.get(m) ?? m) };
  });
}
