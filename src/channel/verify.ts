/**
 * The checks an inbound message must pass, in Fabric's order, each failure with its reason
 * (family `stateInfo.`). They read the state and the input only; the chart turns a verdict into a
 * `rejected` output and nothing else ([CHN-SAFE-REJECT-CHANGES-NOTHING.1]).
 */
import type { OrgId, PkiId } from '../core';
// Straight from their modules: the barrels' re-exports are getters, and these run at every message.
import { channelMac } from '../core/crypto/suite';
import { isNewer } from '../core/peer-time';
import { own } from '../core/records';
import { verifyEnvelope } from '../messages/signing';
import { cachedOf } from './cache';
import type { ChannelContext, ChannelEnv } from './context';
import type { KnownIdentities, PullRequestReceived, SnapshotReceived, StateInfoEnvelope, StateInfoReceived } from './inputs';
import { lookupMember } from './queries';
import { subjectOf, timestampOf } from './wire';

export interface Rejection {
  readonly reason: string;
  readonly message: string;
}

const reject = (reason: string, message: string): Rejection => ({ reason: `stateInfo.${reason}`, message });

/** The identity the composition knows for a PKI-ID; our own is ours. */
export function identityOf(context: ChannelContext, identities: KnownIdentities, pkiId: PkiId): string | undefined {
  return pkiId === context.self.pkiId ? context.self.identity : own(identities, pkiId);
}

export function orgOfPeer(env: ChannelEnv, context: ChannelContext, identities: KnownIdentities, pkiId: PkiId): OrgId | undefined {
  const identity = identityOf(context, identities, pkiId);
  return identity === undefined ? undefined : env.crypto.orgOf(identity);
}

/** Fabric's HandleMessage precondition: the sender's org is known and in the channel. */
function checkSender(env: ChannelEnv, context: ChannelContext, identities: KnownIdentities, from: PkiId): Rejection | undefined {
  const org = orgOfPeer(env, context, identities, from);
  if (org === undefined) return reject('unknownSender', `Couldn't find org identity of peer ${from}`);
  if (!context.orgs.includes(org)) {
    return reject('senderNotInChannel', `Point to point message came from ${from}, org(${org}) but it's not eligible for the channel ${context.channel}`);
  }
  return undefined;
}

/** Node.validateStateInfoMsg: the subject's identity is known and signed the envelope. */
function checkSignature(env: ChannelEnv, context: ChannelContext, identities: KnownIdentities, e: StateInfoEnvelope): Rejection | undefined {
  const subject = subjectOf(e);
  const identity = identityOf(context, identities, subject);
  if (identity === undefined) return reject('unknownSubject', `PKI-ID ${subject} not found in identity mapper`);
  if (!verifyEnvelope(env.crypto, identity, e)) return reject('badSignature', `StateInfo of ${subject} is not signed by its identity`);
  return undefined;
}

function checkMac(env: ChannelEnv, context: ChannelContext, e: StateInfoEnvelope): Rejection | undefined {
  const si = e.payload.content.stateInfo;
  return si.channelMAC === channelMac(env.crypto, si.pkiId as PkiId, context.channel)
    ? undefined
    : reject('badMac', `StateInfo of ${si.pkiId} contains wrong channel MAC(${si.channelMAC})`);
}

/** [CHN-FUNC-STATE-INFO-NEWER.1] The cache keeps one StateInfo per PKI-ID: only a newer PeerTime enters. */
export function isNewerThanCached(cache: ChannelContext['cache'], e: StateInfoEnvelope): boolean {
  const cached = cachedOf(cache, subjectOf(e));
  return cached === undefined || isNewer(timestampOf(e), timestampOf(cached.envelope));
}

/**
 * [CHN-FUNC-STATE-INFO-CHECKS.2] A pushed StateInfo, in Fabric's order: the node-level
 * validateStateInfoMsg (identity, signature), the channel's verifyMsg (MAC of the subject), the
 * sender's org, then stateInfoCache.Add: its CheckValid first (a StateInfo not newer than the
 * cached one is already seen: no rejection here, `isDuplicateStateInfo` drops it silently, before
 * the subject's org is looked at), then the subject's org in the channel.
 */
export function stateInfoRejection(env: ChannelEnv, context: ChannelContext, ev: StateInfoReceived): Rejection | undefined {
  const e = ev.envelope;
  const subject = subjectOf(e);
  const failed = checkSignature(env, context, ev.identities, e) ?? checkMac(env, context, e) ?? checkSender(env, context, ev.identities, ev.from);
  if (failed) return failed;
  if (!isNewerThanCached(context.cache, e)) return undefined;
  const org = orgOfPeer(env, context, ev.identities, subject);
  if (org === undefined || !context.orgs.includes(org)) {
    return reject('subjectNotInChannel', `peer ${subject}'s organization(${org ?? ''}) isn't in the channel ${context.channel}`);
  }
  return undefined;
}

/**
 * [CHN-FUNC-STATE-INFO-CHECKS.2] [CHN-FUNC-STATE-INFO-NEWER.1] A pushed StateInfo that passed the
 * checks before the cache (stateInfoRejection is undefined) but is not newer than the cached one
 * of its subject: Fabric's stateInfoCache.Add returns false at CheckValid (a duplicate, a replay
 * or an older one), HandleMessage neither forwards nor logs it, nothing is counted.
 */
export function isDuplicateStateInfo(context: ChannelContext, ev: StateInfoReceived): boolean {
  return !isNewerThanCached(context.cache, ev.envelope);
}

/**
 * [CHN-FUNC-SNAPSHOT.1] A snapshot: the channel name, the sender's org, then every element in
 * Fabric's order (subject's org known and in the channel, MAC, signature). One bad element drops
 * the whole snapshot.
 */
export function snapshotRejection(env: ChannelEnv, context: ChannelContext, ev: SnapshotReceived): Rejection | undefined {
  const msg = ev.envelope.payload;
  if (msg.channel !== context.channel) return reject('wrongChannel', `Message contains wrong channel(${msg.channel}), expected ${context.channel}`);
  const sender = checkSender(env, context, ev.identities, ev.from);
  if (sender) return sender;
  for (const e of msg.content.stateSnapshot.elements) {
    const subject = subjectOf(e);
    const org = orgOfPeer(env, context, ev.identities, subject);
    if (org === undefined) return reject('unknownSubject', `Couldn't find org identity of peer ${subject}, message sent from ${ev.from}`);
    if (!context.orgs.includes(org)) return reject('subjectNotInChannel', `Peer ${subject} is not in an eligible org, can't process a stateInfo from it, sent from ${ev.from}`);
    const failed = checkMac(env, context, e) ?? checkSignature(env, context, ev.identities, e);
    if (failed) return failed;
  }
  return undefined;
}

/** [CHN-FUNC-SERVE-SNAPSHOT.1] A pull request: the MAC is the requester's, the requester's org is in the channel. */
export function pullRequestRejection(env: ChannelEnv, context: ChannelContext, ev: PullRequestReceived): Rejection | undefined {
  const mac = ev.envelope.payload.content.stateInfoPullReq.channelMAC;
  if (mac !== channelMac(env.crypto, ev.from, context.channel)) return reject('badRequestMac', `StateInfoPullRequest contains wrong channel MAC(${mac})`);
  return checkSender(env, context, ev.identities, ev.from);
}

/** [CHN-FUNC-SNAPSHOT.1] The elements of an admitted snapshot that enter the cache: subjects membership knows, newer than cached. */
export function snapshotAdmissions(context: ChannelContext, ev: SnapshotReceived): StateInfoEnvelope[] {
  return ev.envelope.payload.content.stateSnapshot.elements.filter((e) => lookupMember(context, subjectOf(e)) !== undefined);
}
