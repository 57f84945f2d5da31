/**
 * The edge of a peer: an inbound payload is decoded with io-ts and its tag checked before any
 * subsystem sees it. A rejection is a typed value (which check, which field) that the peer counts
 * and reports; it changes nothing else ([GEN-FUNC-BAD-INPUT.1], [PEER-FUNC-EDGE-DECODE.1]).
 */
import { decodeWith, type DecodeError } from '../core/decode';
import { Envelope, checkTag } from '../messages';

export type Rejection =
  | DecodeError
  | { readonly kind: 'illegalTag'; readonly path: 'payload.tag'; readonly message: string };

export type Admitted = { readonly ok: true; readonly envelope: Envelope } | { readonly ok: false; readonly rejection: Rejection };

/**
 * Verdicts by payload object. In a simulated network one envelope object is handed to every peer
 * it reaches (about 3N receivers for a gossiped alive message), and payloads are values nobody
 * mutates once sent, so the verdict for an object is the verdict for its contents: each receiver
 * gets the same result the decode would give it, computed once. A payload that is not an object
 * (or a different object with equal contents: a mutated copy, bytes from a socket) is decoded
 * afresh. Weak keys: a payload no longer referenced takes its verdict with it.
 */
const verdicts = new WeakMap<object, Admitted>();

function decodeAndCheck(payload: unknown): Admitted {
  const decoded = decodeWith(Envelope, payload);
  if (!decoded.ok) return { ok: false, rejection: decoded.error };
  const tag = checkTag(decoded.value.payload);
  if (!tag.ok) return { ok: false, rejection: { kind: 'illegalTag', path: 'payload.tag', message: `payload.tag: ${tag.reason}` } };
  return { ok: true, envelope: decoded.value };
}

export function admitEnvelope(payload: unknown): Admitted {
  if (typeof payload !== 'object' || payload === null) return decodeAndCheck(payload);
  const known = verdicts.get(payload);
  if (known !== undefined) return known;
  const verdict = decodeAndCheck(payload);
  verdicts.set(payload, verdict);
  return verdict;
}
