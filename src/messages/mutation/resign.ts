/**
 * Re-signing a mutated envelope with a real peer's key, so that the mutation gets past signature
 * checks and reaches the logic behind them (a real member claiming a future PeerTime, a leader
 * declaring for another channel). Nested envelopes (memReq's self information, memRes entries,
 * pulled blocks) are signed first, since the outer signature covers them. Each signature covers
 * what an honest signer's would ([MSG-FUNC-SIGNED-BYTES.1]): the payload's encoding, so any bytes
 * the envelope carried (those of the payload before the mutation) are dropped.
 */
import type { CryptoSuite, SigningKey } from '../../core';
import { payloadSignature, secretSignature } from '../signing';
import { DELETE, getAt, setAt, type Path, type Segment } from './paths';

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
export function resign(suite: Pick<CryptoSuite, 'name' | 'sign'>, v: unknown, keyFor: (envelope: Record<string, unknown>) => SigningKey): unknown {
  let out = v;
  for (const path of envelopePaths(v)) {
    const env = getAt(out, path) as Record<string, unknown>;
    const key = keyFor(env);
    // A payload that has no signed bytes (junk, or no wire form outside the symbolic suite) stays as it is: the peer must refuse it too.
    const signature = payloadSignature(suite, key, env['payload']);
    if (signature === '') continue;
    out = setAt(out, [...path, 'signature'], signature);
    if ('payloadBytes' in env) out = setAt(out, [...path, 'payloadBytes'], DELETE);
    const secret = env['secretEnvelope'];
    if (!isRecord(secret)) continue;
    const secretSig = secretSignature(suite, key, secret['payload']);
    if (secretSig === '') continue;
    out = setAt(out, [...path, 'secretEnvelope', 'signature'], secretSig);
    if ('payloadBytes' in secret) out = setAt(out, [...path, 'secretEnvelope', 'payloadBytes'], DELETE);
  }
  return out;
}
