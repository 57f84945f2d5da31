/**
 * Branded identifiers. Fabric keeps these as byte slices; we keep them as strings so that they
 * compare, print and hash cheaply. Types come from the codecs (derive, don't duplicate).
 */
import * as t from 'io-ts';

interface PkiIdBrand { readonly PkiId: unique symbol }
/** PKI-ID: in Fabric SHA-256(mspID || identity bytes); here any non-empty string. Ordered bytewise. */
export const PkiId = t.brand(t.string, (s): s is t.Branded<string, PkiIdBrand> => s.length > 0, 'PkiId');
export type PkiId = t.TypeOf<typeof PkiId>;

interface OrgIdBrand { readonly OrgId: unique symbol }
/** Org = the MSP id of an identity (`OrgByPeerIdentity`). */
export const OrgId = t.brand(t.string, (s): s is t.Branded<string, OrgIdBrand> => s.length > 0, 'OrgId');
export type OrgId = t.TypeOf<typeof OrgId>;

interface ChannelIdBrand { readonly ChannelId: unique symbol }
/** A channel name. Empty is not a channel (Fabric uses "" for "no channel"). */
export const ChannelId = t.brand(t.string, (s): s is t.Branded<string, ChannelIdBrand> => s.length > 0, 'ChannelId');
export type ChannelId = t.TypeOf<typeof ChannelId>;

interface BlockSeqBrand { readonly BlockSeq: unique symbol }
/**
 * Block sequence number (uint64 in Fabric). A JS safe integer: a ledger of 2^53 blocks is out of
 * reach, unlike nanosecond timestamps, which is why PeerTime uses bigint and this does not.
 */
export const BlockSeq = t.brand(
  t.number,
  (n): n is t.Branded<number, BlockSeqBrand> => Number.isSafeInteger(n) && n >= 0,
  'BlockSeq',
);
export type BlockSeq = t.TypeOf<typeof BlockSeq>;

/** Unchecked constructors for literals in code and tests; inbound data goes through the codecs. */
export const pkiId = (s: string): PkiId => s as PkiId;
export const orgId = (s: string): OrgId => s as OrgId;
export const channelId = (s: string): ChannelId => s as ChannelId;
export const blockSeq = (n: number): BlockSeq => n as BlockSeq;

/** Fabric compares election ids with bytes.Compare; for ASCII/hex strings this is code-unit order. */
export function comparePkiIds(a: PkiId, b: PkiId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The index of the first entry of `list`, sorted by PKI-ID (as `idOf` reads it), whose PKI-ID is
 * not below `id`: where `id` is, or would go. The one binary search of the sorted member lists and
 * views (membership, channel).
 */
export function lowerBoundByPkiId<T>(list: readonly T[], id: PkiId, idOf: (entry: T) => PkiId): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePkiIds(idOf(list[mid] as T), id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
