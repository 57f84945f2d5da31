/**
 * The Byzantine peer's choices. Its stream is a src/core Prng held in its state; the fuzz tools'
 * mutators want a `Rand`, which is derived afresh from one draw of that stream, so the peer's
 * state stays a plain value and every run replays from the world's seed.
 */
import { nextInt, type Prng } from '../../core';
import { randFor, type Rand } from '../../messages/mutation/rand';

export type { Rand };

/** [GEN-FUNC-PRNG-DETERMINISM.1] A fuzz `Rand` determined by one draw of `prng`, and the advanced stream. */
export function randFrom(prng: Prng): [Rand, Prng] {
  const [seed, next] = nextInt(prng, 0, 0x7fffffff);
  return [randFor(seed, 0), next];
}
