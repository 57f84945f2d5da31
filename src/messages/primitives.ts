/**
 * Wire primitives. Fabric's `bytes` fields (PKI-IDs, metadata, identities, MACs, digests) are kept
 * as strings: they are opaque to the protocol and strings compare and print cheaply.
 */
import * as t from 'io-ts';
import { NonNegativeInt } from '../core/numbers';

export const Bytes = t.string;

/** GossipMessage.Tag: the routing restriction of a message (§1.4 of the Fabric notes). */
export const Tag = t.keyof(
  { UNDEFINED: null, EMPTY: null, ORG_ONLY: null, CHAN_ONLY: null, CHAN_AND_ORG: null, CHAN_OR_ORG: null },
  'Tag',
);
export type Tag = t.TypeOf<typeof Tag>;

export const PullMsgType = t.keyof({ UNDEFINED: null, BLOCK_MSG: null, IDENTITY_MSG: null }, 'PullMsgType');
export type PullMsgType = t.TypeOf<typeof PullMsgType>;

/** Tags that bind a message to a channel, and tags that keep it inside the org (protoext). */
export const CHANNEL_RESTRICTED_TAGS: readonly Tag[] = ['CHAN_AND_ORG', 'CHAN_ONLY', 'CHAN_OR_ORG'];
export const ORG_RESTRICTED_TAGS: readonly Tag[] = ['CHAN_AND_ORG', 'ORG_ONLY'];

/** A non-negative safe integer (uint64 fields that never approach 2^53: heights, counts). */
export const SafeUint = NonNegativeInt;
