/** The top-level codecs: what arrives on a gossip stream. */
import * as t from 'io-ts';
import { Content, type ContentCase, type ContentOf } from './content';
import { envelopeOf, gossipMessageOf } from './envelope';

export const GossipMessage = gossipMessageOf(Content);
export type GossipMessage = t.TypeOf<typeof GossipMessage>;

export const Envelope = envelopeOf(Content, 'Envelope');
export type Envelope = t.TypeOf<typeof Envelope>;

/** A message whose content is known to be of one case. */
export type GossipMessageOf<K extends ContentCase> = Omit<GossipMessage, 'content'> & { content: ContentOf<K> };
export type EnvelopeOf<K extends ContentCase> = Omit<Envelope, 'payload'> & { payload: GossipMessageOf<K> };

export function isContent<K extends ContentCase>(env: Envelope, k: K): env is EnvelopeOf<K> {
  return env.payload.content.$case === k;
}
