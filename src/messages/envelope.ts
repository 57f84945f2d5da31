/**
 * GossipMessage and its signed Envelope, parameterised by the content they may carry. As in Fabric,
 * a signature covers the marshalled GossipMessage ([MSG-MSG-ENVELOPE.2]); an envelope decoded from
 * the wire keeps the bytes it arrived with when they are not the deterministic encoding of its
 * payload (reordered fields, unknown fields), so that they can be verified and forwarded as received
 * ([MSG-FUNC-RECEIVED-BYTES.1]).
 */
import * as t from 'io-ts';
import { Uint64 } from '../core/peer-time';
import { Bytes, Tag } from './primitives';

export function gossipMessageOf<C extends t.Mixed>(content: C, name = 'GossipMessage') {
  return t.type({ nonce: Uint64, channel: Bytes, tag: Tag, content }, name);
}

/** Secret { oneof content { string internalEndpoint } }: only ever travels inside the org. */
export const Secret = t.type({ internalEndpoint: t.string }, 'Secret');
/** `payloadBytes`: the received SecretEnvelope.payload, kept when it is not the marshalled `payload`. */
export const SecretEnvelope = t.intersection([t.type({ payload: Secret, signature: Bytes }), t.partial({ payloadBytes: Bytes })], 'SecretEnvelope');
export type SecretEnvelope = t.TypeOf<typeof SecretEnvelope>;

/** `payloadBytes`: the received Envelope.payload, kept when it is not the deterministic encoding of `payload`. */
export function envelopeOf<C extends t.Mixed>(content: C, name: string) {
  return t.intersection(
    [t.type({ payload: gossipMessageOf(content), signature: Bytes }), t.partial({ secretEnvelope: SecretEnvelope, payloadBytes: Bytes })],
    name,
  );
}
