/**
 * Decoding at the edge: every inbound value goes through an io-ts codec, and a failure becomes a
 * typed value that names the path of the first bad field (e.g. `content.aliveMsg.timestamp.incNum`),
 * so that a host can count it and a reader can see what was wrong.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { canonicalEncode } from './encoding';
import { decodesToItself } from './decode-guard';

export interface DecodeError {
  readonly kind: 'decodeError';
  /** Which codec rejected the value (e.g. "GossipMessage"). */
  readonly codec: string;
  /** Dotted path of the offending field; "" when the value itself is wrong. */
  readonly path: string;
  readonly message: string;
}

export type Decoded<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: DecodeError };

function pathOf(context: t.Context): string {
  // The first entry is the root (key ""); union members add their own names, which we skip.
  return context
    .slice(1)
    .filter((entry, i, all) => {
      const parent = all[i - 1]?.type ?? context[0]?.type;
      return !(parent instanceof t.UnionType) && !(parent instanceof t.IntersectionType);
    })
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');
}

/** The deepest error is the most specific one (unions report one error per member). */
function mostSpecific(errors: t.Errors): t.ValidationError | undefined {
  let best: t.ValidationError | undefined;
  for (const e of errors) if (!best || e.context.length > best.context.length) best = e;
  return best;
}

/**
 * [GEN-FUNC-DECODE-GUARD.1] The typed value, or an error naming the bad field. A value that already
 * has the type of a codec that decodes such values to themselves is checked by the type guard
 * alone (decode-guard.ts); the result is the one decode gives.
 */
export function decodeWith<A, O>(codec: t.Type<A, O, unknown>, input: unknown): Decoded<A> {
  if (decodesToItself(codec) && codec.is(input)) return { ok: true, value: input };
  return decodeFully(codec, input);
}

/** decodeWith without the type-guard shortcut: always io-ts's decode (what the shortcut must agree with). */
export function decodeFully<A, O>(codec: t.Type<A, O, unknown>, input: unknown): Decoded<A> {
  const result = codec.decode(input);
  if (!isLeft(result)) return { ok: true, value: result.right };
  const err = mostSpecific(result.left);
  const path = err ? pathOf(err.context) : '';
  // A value wrong as a whole is named by the codec asked for, not by the union member or
  // intersection part that happened to fail first; a field by its own type.
  const expected = path === '' ? codec.name : (err?.context[err.context.length - 1]?.type.name ?? codec.name);
  const message = err?.message ?? `expected ${expected}, got ${describe(err?.value)}`;
  return { ok: false, error: { kind: 'decodeError', codec: codec.name, path, message: `${path || '(root)'}: ${message}` } };
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const s = canonicalEncode(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof value;
  }
}
