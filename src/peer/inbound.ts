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

export function admitEnvelope(payload: unknown): Admitted {
  const decoded = decodeWith(Envelope, payload);
  if (!decoded.ok) return { ok: false, rejection: decoded.error };
  const tag = checkTag(decoded.value.payload);
  if (!tag.ok) return { ok: false, rejection: { kind: 'illegalTag', path: 'payload.tag', message: `payload.tag: ${tag.reason}` } };
  return { ok: true, envelope: decoded.value };
}
