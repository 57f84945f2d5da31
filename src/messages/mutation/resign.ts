/**
 * Re-signing a mutated envelope with a real peer's key, so that the mutation gets past signature
 * checks and reaches the logic behind them (a real member claiming a future PeerTime, a leader
 * declaring for another channel). Nested envelopes (memReq's self information, memRes entries,
 * pulled blocks) are signed first, since the outer signature covers them.
 */
import { canonicalEncode, type CryptoSuite, type SigningKey } from '../../core';
import { getAt, setAt, type Path, type Segment } from './paths';

/** The outer envelope and the first nested ones. */
const MAX_SIGNED = 16;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Paths of the objects holding both `payload` and `signature` ([] = the value itself), deepest
 * first. A secret envelope is signed along with the envelope that carries it, not on its own. An
 * oversize array of envelopes is capped: its copies are of real, validly signed ones already, and
 * signing each would copy the array once per element.
 */
function envelopePaths(v: unknown): Path[] {
  const found: Path[] = [];
  const walk = (x: unknown, at: Segment[]): void => {
    if (x === null || typeof x !== 'object') return;
    if (!Array.isArray(x) && 'payload' in x && 'signature' in x && at[at.length - 1] !== 'secretEnvelope') found.push(at);
    for (const [k, y] of Object.entries(x)) {
      if (found.length >= MAX_SIGNED) return;
      walk(y, [...at, Array.isArray(x) ? Number(k) : k]);
    }
  };
  walk(v, []);
  return found.sort((a, b) => b.length - a.length);
}

/** `keyFor` chooses the signer of each envelope (by what the envelope claims, or not). */
export function resign(suite: Pick<CryptoSuite, 'sign'>, v: unknown, keyFor: (envelope: Record<string, unknown>) => SigningKey): unknown {
  let out = v;
  for (const path of envelopePaths(v)) {
    const env = getAt(out, path) as Record<string, unknown>;
    const key = keyFor(env);
    const secret = env['secretEnvelope'];
    try {
      out = setAt(out, [...path, 'signature'], suite.sign(key, canonicalEncode(env['payload'])));
      if (isRecord(secret)) out = setAt(out, [...path, 'secretEnvelope', 'signature'], suite.sign(key, canonicalEncode(secret['payload'])));
    } catch {
      continue; // a payload canonical encoding refuses stays as it is: the peer must refuse it too
    }
  }
  return out;
}
