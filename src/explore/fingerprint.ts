/**
 * [EXP-FUNC-STATE-HASHING.1] A configuration's fingerprint: a 53-bit hash of its canonical text
 * (two 32-bit FNV-style lanes with an xorshift finish), as TLC keeps 64-bit fingerprints instead of states.
 * Two different configurations share a fingerprint with probability about n² / 2^54 over n states
 * (under 1e-4 for a million); `exact` mode keys by the text itself and rules collisions out, at the
 * cost of memory.
 */
export function fingerprint53(text: string): number {
  // Multiplications are written as shifts and adds: Math.imul is ~70x slower inside jest's VM
  // sandbox, and the explorer runs there in the tests.
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2325f4e5 | 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 ^= ch;
    h1 = (h1 + (h1 << 1) + (h1 << 4) + (h1 << 7) + (h1 << 8) + (h1 << 24)) | 0; // × 16777619 (FNV-1a)
    h2 ^= ch;
    h2 = (h2 + (h2 << 5) + (h2 << 11) + (h2 << 13) + (h2 << 23)) | 0; // × 8398881
  }
  // Final avalanche (xorshift), each lane folding in the other.
  h1 ^= h2 >>> 15;
  h1 ^= h1 << 13;
  h1 ^= h1 >>> 17;
  h2 ^= h1 >>> 11;
  h2 ^= h2 << 7;
  h2 ^= h2 >>> 19;
  return (h2 >>> 0) * 2097152 + ((h1 >>> 0) & 2097151);
}

/** The estimated probability that some two of `n` distinct states collided (the birthday bound). */
export function collisionProbability(n: number): number {
  return Math.min(1, (n * n) / 2 ** 54);
}
