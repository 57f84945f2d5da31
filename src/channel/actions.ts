/** Named actions: context updates (assign) and the params of the outputs. Each takes the env first. */
import { selectPeers, type PeerRef, type PkiId } from '../core';
import { signMessage, type Envelope } from '../messages';
import { cacheInOrder, cacheKeeping, cacheWith } from './cache';
import type { ChannelContext, ChannelEnv } from './context';
import { orgsOf, withProperties } from './context';
import type { ChannelEvent, StateInfoEnvelope } from './inputs';
import { lookupMember, rememberViewAfterEntry } from './queries';
import { isNewerThanCached, orgOfPeer, pullRequestRejection, snapshotAdmissions, snapshotRejection, stateInfoRejection, type Rejection } from './verify';
import { stateInfoPullRequest, stateInfoSnapshot, subjectOf } from './wire';

export type Args = { context: ChannelContext; event: ChannelEvent };
type Update = Partial<ChannelContext>;

/**
 * [CHN-FUNC-CONFIG.1] [CHN-FUNC-ORG-REMOVED.1] Take the new orgs and re-validate the cache against
 * them (Fabric's stateInfoMsgStore.validate): a StateInfo of a removed org is dropped, so its peer is
 * neither eligible nor in the view. Our own StateInfo is never dropped (Fabric: "no point in
 * verifying ourselves").
 */
export function applyConfig({ context, event }: Args): Update {
  if (event.type !== 'CONFIG_UPDATED') return {};
  const orgs = orgsOf(event.config);
  const cache = cacheKeeping(context.cache, (pki, c) => pki === context.self.pkiId || orgs.includes(c.org));
  return { sequence: event.config.sequence, orgs, config: event.config, cache };
}

/** [CHN-FUNC-CONFIG.1] A newer config with the same org map only advances the sequence. */
export function recordSequence({ event }: Args): Update {
  return event.type === 'CONFIG_UPDATED' ? { sequence: event.config.sequence, config: event.config } : {};
}

/** [CHN-ASM-INPUTS.1] Membership's last report. */
export function recordMembership({ event }: Args): Update {
  return event.type === 'MEMBERSHIP_CHANGED' ? { alive: event.alive, dead: event.dead } : {};
}

/** [CHN-FUNC-LEDGER-HEIGHT.1] Fabric's UpdateLedgerHeight: new properties, a new timestamp; left_channel kept. */
export function updateLedgerHeight(env: ChannelEnv, { context, event }: Args): Update {
  if (event.type !== 'LEDGER_HEIGHT') return {};
  const props = context.selfMessage.content.stateInfo.properties;
  return { selfMessage: withProperties(env, context, event.nowMs, { ...props, ledgerHeight: event.height }), dirty: true };
}

/** [CHN-FUNC-LEAVE.1] Fabric's LeaveChannel: left_channel = true, a new timestamp. */
export function markLeft(env: ChannelEnv, { context, event }: Args): Update {
  if (event.type !== 'LEAVE') return {};
  const props = context.selfMessage.content.stateInfo.properties;
  return { selfMessage: withProperties(env, context, event.nowMs, { ...props, leftChannel: true }), dirty: true };
}

/** [CHN-FUNC-PUBLISH.1] Fabric's publishSignedStateInfoMessage: sign, remember as Self(), add to our own cache. */
export function signStateInfo(env: ChannelEnv, { context }: Args): Update {
  const selfSigned = signMessage(env.crypto, env.key, context.selfMessage);
  const cache = cacheWith(context.cache, context.self.pkiId, { envelope: selfSigned, org: context.self.org });
  rememberViewAfterEntry(cache, context.cache, context.self.pkiId);
  return { selfSigned, dirty: false, cache };
}

/** [CHN-FUNC-STATE-INFO-RELAY.1] An admitted pushed StateInfo enters the cache. */
export function cacheStateInfo(env: ChannelEnv, { context, event }: Args): Update {
  if (event.type !== 'STATE_INFO_RECEIVED') return {};
  const subject = subjectOf(event.envelope);
  const org = orgOfPeer(env, context, event.identities, subject);
  if (org === undefined) return {};
  const cache = cacheWith(context.cache, subject, { envelope: event.envelope, org });
  rememberViewAfterEntry(cache, context.cache, subject);
  return { cache };
}

/** [CHN-FUNC-SNAPSHOT.1] Each element of an admitted snapshot whose subject membership knows enters the cache if newer. */
export function cacheSnapshot(env: ChannelEnv, { context, event }: Args): Update {
  if (event.type !== 'SNAPSHOT_RECEIVED') return {};
  let cache = context.cache;
  for (const e of snapshotAdmissions(context, event)) {
    const subject = subjectOf(e);
    const org = orgOfPeer(env, context, event.identities, subject);
    if (org === undefined || !isNewerThanCached(cache, e)) continue;
    const previous = cache;
    cache = cacheWith(previous, subject, { envelope: e, org });
    rememberViewAfterEntry(cache, previous, subject);
  }
  return cache === context.cache ? {} : { cache };
}

/** [CHN-FUNC-CACHE-SWEEP.1] Fabric's sweep: drop the StateInfo of every PKI-ID membership no longer knows. */
export function sweepCache({ context }: Args): Update {
  const cache = cacheKeeping(context.cache, (pki) => lookupMember(context, pki as PkiId) !== undefined);
  return cache === context.cache ? {} : { cache };
}

/** Fabric's IsMemberInChan over an alive member: its identity's org is in the channel. */
export function isMemberInChannel(env: ChannelEnv, context: ChannelContext, m: ChannelContext['alive'][number]): boolean {
  if (m.identity === undefined) return false;
  const org = env.crypto.orgOf(m.identity);
  return org !== undefined && context.orgs.includes(org);
}

/** The endpoint Fabric dials a member at (PreferredEndpoint: internal if known, else external). */
const refOf = (m: ChannelContext['alive'][number]): PeerRef => ({
  pkiId: m.pkiId,
  endpoint: m.internalEndpoint !== undefined && m.internalEndpoint !== '' ? m.internalEndpoint : m.endpoint,
});

/** [CHN-FUNC-REQUEST-STATE-INFO.1] min(pullPeerNum, n) random alive members of the channel's orgs. */
export function chooseRequestTargets(env: ChannelEnv, { context }: Args): Update {
  const [chosen, prng] = selectPeers(context.prng, context.params.pullPeerNum, context.alive, (m) => isMemberInChannel(env, context, m));
  return { prng, requestTargets: chosen.map(refOf) };
}

export type RejectParams = Rejection;
export interface GossipParams {
  readonly envelope: StateInfoEnvelope;
  readonly excludePkiId?: PkiId;
}
export interface SendParams {
  readonly to: readonly PeerRef[];
  readonly message: Envelope;
}
export interface LogParams {
  readonly message: string;
}

const NONE: Rejection = { reason: 'stateInfo.none', message: '' };

export const stateInfoRejectionParams = (env: ChannelEnv, { context, event }: Args): RejectParams =>
  (event.type === 'STATE_INFO_RECEIVED' ? stateInfoRejection(env, context, event) : undefined) ?? NONE;
export const snapshotRejectionParams = (env: ChannelEnv, { context, event }: Args): RejectParams =>
  (event.type === 'SNAPSHOT_RECEIVED' ? snapshotRejection(env, context, event) : undefined) ?? NONE;
export const pullRequestRejectionParams = (env: ChannelEnv, { context, event }: Args): RejectParams =>
  (event.type === 'PULL_REQUEST_RECEIVED' ? pullRequestRejection(env, context, event) : undefined) ?? NONE;

/** [CHN-FUNC-STATE-INFO-RELAY.1] Fabric's Forward: to the emitter, never back to the peer it came from. */
export function relayParams({ event }: Args): GossipParams {
  if (event.type !== 'STATE_INFO_RECEIVED') throw new TypeError(`relay on ${event.type}`);
  return { envelope: event.envelope, excludePkiId: event.from };
}

/** [CHN-FUNC-PUBLISH.1] Fabric's Gossip of our own StateInfo: no exclusion. */
export const gossipSelfParams = ({ context }: Args): GossipParams => ({ envelope: context.selfSigned });

/**
 * [CHN-FUNC-SERVE-SNAPSHOT.1] Fabric's createStateInfoSnapshot: a requester of our org gets every
 * cached StateInfo; one of another org gets those of foreign orgs, and of our org only those of
 * peers membership knows with an external endpoint.
 */
export function snapshotParams(env: ChannelEnv, { context, event }: Args): SendParams {
  if (event.type !== 'PULL_REQUEST_RECEIVED') throw new TypeError(`snapshot on ${event.type}`);
  const requesterOrg = orgOfPeer(env, context, event.identities, event.from);
  const sameOrg = requesterOrg === context.self.org;
  const elements = cacheInOrder(context.cache)
    .filter(([pki, c]) => sameOrg || c.org !== context.self.org || (lookupMember(context, pki as PkiId)?.endpoint ?? '') !== '')
    .map(([, c]) => c.envelope);
  return { to: [{ pkiId: event.from, endpoint: event.endpoint }], message: stateInfoSnapshot(context.channel, elements) };
}

/** [CHN-FUNC-REQUEST-STATE-INFO.1] */
export const pullRequestParams = (env: ChannelEnv, { context }: Args): SendParams => ({
  to: context.requestTargets,
  message: stateInfoPullRequest(env.crypto, context.self.pkiId, context.channel),
});

export function ignoredConfigParams({ context, event }: Args): LogParams {
  if (event.type !== 'CONFIG_UPDATED') return { message: '' };
  const c = event.config;
  if (c.channel !== context.channel) return { message: `config of channel ${c.channel} given to channel ${context.channel}, ignored` };
  if (c.orgs.length === 0) return { message: 'Received join channel message with empty set of members' };
  return { message: `Already have a more updated JoinChannel message(${context.sequence}) than ${c.sequence}` };
}
