/**
 * GossipMessage and its signed Envelope, parameterised by the content they may carry.
 * Fabric signs the marshalled GossipMessage bytes; we sign canonicalEncode(payload) (see
 * spec/messages.md, [MSG-MSG-ENVELOPE.1]).
 */
import * as t from 'io-ts';
import { Uint64 } from '../core/peer-time';
import { Bytes, Tag } from './primitives';

export function gossipMessageOf<C extends t.Mixed>(content: C, name = 'GossipMessage') {
  return t.type({ nonce: Uint64, channel: Bytes, tag: Tag, content }, name);
}

/** Secret { oneof content { string internalEndpoint } }: only ever travels inside the org. */
export const Secret = t.type({ internalEndpoint: t.string }, 'Secret');
export const SecretEnvelope = t.type({ payload: Secret, signature: Bytes }, 'SecretEnvelope');
export type SecretEnvelope = t.TypeOf<typeof SecretEnvelope>;

export function envelopeOf<C extends t.Mixed>(content: C, name: string) {
  return t.intersection(
    [t.type({ payload: gossipMessageOf(content), signature: Bytes }), t.partial({ secretEnvelope: SecretEnvelope })],
    name,
  );
}
