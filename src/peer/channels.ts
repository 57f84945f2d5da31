/**
 * Channels: joining from a config update (Fabric's updateAnchors -> JoinChan) creates the channel's
 * instances (the channel itself, election, dissemination, block pull); a later config goes to the
 * channel instance (ConfigureChannel); the channel is remembered in stable storage and rejoined
 * after a restart.
 */
import { decodeWith, fnv1a64Hex, nanosFromMs, own, type OrgId, type PkiId } from '../core';
import { electionReducer } from '../election';
import { JoinChannel } from './commands';
import { hasOrgMapOf, type ChannelConfig } from '../channel';
import { channelAt, disseminationAt, electionAt, identitiesAt, membershipAt, pullAt, stateTransferAt } from './instances';
import { channelParamsOf, disseminationParamsOf, electionModeOf, electionParamsOf, pullParamsOf, stateTransferParamsOf } from './params';
import { membershipGauge } from './outbound';
import { effect, input, outputs, reject, update, type Signal } from './signals';
import { withChannelPatched, withPeerState, type ChannelState } from './state';
import { channelMembersOf } from './views';
import type { WireContext } from './wiring';

/** Stable-storage key prefix of a joined channel's last applied config. */
export const JOINED_CHANNEL_KEY = 'channel/';

function anchorsOf(join: JoinChannel): { org: OrgId; endpoint: string }[] {
  // Fabric skips anchor entries with an empty host or port 0 (learnAnchorPeers).
  return join.orgs.flatMap((o) =>
    o.anchorPeers.filter((a) => a.host !== '' && a.port > 0).map((a) => ({ org: o.mspId, endpoint: `${a.host}:${a.port}` })),
  );
}

/** Each channel's pull engine gets its own random stream, derived from the peer's seed. */
function channelSeed(seed: number, channel: string): number {
  return Number.parseInt(fnv1a64Hex(`${seed}|${channel}`).slice(0, 8), 16) | 0;
}

/** The channel subsystem's config: Fabric's JoinChannelMessage (sequence, orgs and their anchor peers). */
const configOf = (join: JoinChannel): ChannelConfig => ({ channel: join.channel, sequence: join.sequence, orgs: join.orgs });

/**
 * [PEER-FUNC-CHANNEL-INSTANCE.1] Fabric's JoinChan: the GossipChannel (its StateInfo at height 1,
 * unpublished), the state provider (with state.enabled), then its UpdateLedgerHeight with the ledger's height, which marks
 * our StateInfo for publication; membership's members are handed over first. The election starts
 * with an empty view: nobody has published StateInfo in the channel yet ([PEER-FUNC-CHANNEL-VIEW.1]).
 */
function createChannel({ state, env, nowMs }: WireContext, join: JoinChannel): readonly Signal[] {
  const ledgerHeight = own(state.initialHeights, join.channel) ?? 0;
  const [gossipChannel, channelOuts] = env.channel.init({
    self: { pkiId: state.self.pkiId, org: state.self.org, identity: state.self.identity, endpoint: state.self.externalEndpoint },
    config: configOf(join),
    startTimeMs: nowMs,
    seed: channelSeed(state.seed, `${join.channel}|stateInfo`),
    params: channelParamsOf(state.config),
  });
  const [election, electionOuts] = electionReducer.init({
    selfId: state.self.pkiId,
    params: electionParamsOf(state.config),
    mode: electionModeOf(state.config),
    peers: [],
  });
  const [dissemination, disseminationOuts] = env.dissemination.init({
    channel: join.channel,
    ledgerHeight,
    params: disseminationParamsOf(state.config),
  });
  const [pull, pullOuts] = env.pull.init({ selfId: state.self.pkiId, seed: channelSeed(state.seed, join.channel), params: pullParamsOf(state.config) });
  // [PEER-FUNC-STATE-TRANSFER.2] Fabric's NewGossipStateProvider starts anti-entropy only with state.enabled.
  const [stateTransfer, stateTransferOuts] = state.config.state.enabled
    ? env.stateTransfer(join.channel).init({
        selfId: state.self.pkiId,
        seed: channelSeed(state.seed, `${join.channel}|stateTransfer`),
        params: stateTransferParamsOf(state.config),
        ledgerHeight,
      })
    : [undefined, []];
  const ch: ChannelState = {
    channel: join.channel,
    sequence: join.sequence,
    orgs: join.orgs.map((o) => o.mspId),
    revokedPkiIds: join.revokedPkiIds ?? [],
    election,
    leadershipIncNum: nanosFromMs(nowMs),
    lastLeadership: {},
    view: [],
    gossipChannel,
    isLeader: false,
    dissemination,
    pull,
    ...(stateTransfer === undefined ? {} : { stateTransfer }),
  };
  const members = channelMembersOf(state);
  return [
    update((s) => withPeerState(s, { channels: { ...s.channels, [join.channel]: ch } })),
    outputs(channelAt(join.channel), channelOuts),
    outputs(electionAt(join.channel), electionOuts),
    outputs(disseminationAt(join.channel), disseminationOuts),
    outputs(pullAt(join.channel), pullOuts),
    outputs(stateTransferAt(join.channel), stateTransferOuts),
    input(channelAt(join.channel), { type: 'MEMBERSHIP_CHANGED', alive: members.alive, dead: members.dead }),
    input(channelAt(join.channel), { type: 'LEDGER_HEIGHT', nowMs, height: ledgerHeight }),
    // [PEER-FUNC-MEMBERSHIP-GAUGE.1] the new channel's view is empty: Fabric's tracker reports 0 at its first tick.
    membershipGauge(join.channel, 0),
  ];
}

/** [PEER-FUNC-JOIN-CHANNEL.1] */
export function joinChannel(ctx: WireContext, join: JoinChannel): readonly Signal[] {
  const { state, nowMs } = ctx;
  if (!join.orgs.some((o) => o.mspId === state.self.org)) {
    return [reject('join.notAMember', `Tried joining channel ${join.channel} but our org (${state.self.org}) isn't among the orgs of the channel`)];
  }
  const existing = own(state.channels, join.channel);
  if (existing !== undefined && join.sequence < existing.sequence) {
    return [effect({ kind: 'log', level: 'debug', message: `ignoring outdated join of ${join.channel} (sequence ${join.sequence} < ${existing.sequence})` })];
  }
  if (existing !== undefined && isUnchanged(existing, join)) {
    return [effect({ kind: 'log', level: 'debug', message: `ignoring config ${join.sequence} of ${join.channel}: its orgs, anchor peers and revocations are the applied ones` })];
  }
  const orgs = join.orgs.map((o) => o.mspId);
  return [
    // [PEER-FUNC-REJOIN-AFTER-RESTART.1] the channel is remembered, as a Fabric peer's ledger remembers it.
    effect({ kind: 'persist', key: `${JOINED_CHANNEL_KEY}${join.channel}`, value: join }),
    ...(existing === undefined
      ? createChannel(ctx, join)
      : [
          update((s) => withChannelPatched(s, join.channel, { sequence: join.sequence, orgs, revokedPkiIds: join.revokedPkiIds ?? [] })),
          // [PEER-FUNC-CHANNEL-INSTANCE.1] Fabric's ConfigureChannel: a removed org's peers leave the channel view.
          input(channelAt(join.channel), { type: 'CONFIG_UPDATED', config: configOf(join) }),
        ]),
    input(membershipAt, { type: 'ANCHOR_PEERS', nowMs, channel: join.channel, anchors: anchorsOf(join) }),
    // [PEER-FUNC-IDENTITY-REVOCATION.1] every applied config update re-validates every identity
    // (Fabric's gossipCallbackWrapper: SuspectPeers, suspecting all), against the config's revocations.
    input(identitiesAt, { type: 'CONFIG_UPDATED', nowMs, revokedPkiIds: revokedAfter(ctx, join) }),
  ];
}

/**
 * [PEER-FUNC-CONFIG-UNCHANGED-IGNORED.1] Fabric's configEventer passes a config on only when its
 * org map (orgs and anchor peers) differs from the last one (orgMapEqual); the reference also
 * carries revocations in the same command, so a change of those is passed on too.
 */
function isUnchanged(existing: ChannelState, join: JoinChannel): boolean {
  const revoked = [...(join.revokedPkiIds ?? [])].sort();
  const applied = [...existing.revokedPkiIds].sort();
  return hasOrgMapOf(existing.gossipChannel, configOf(join)) && revoked.length === applied.length && revoked.every((p, i) => p === applied[i]);
}

/**
 * [PEER-FUNC-IDENTITY-REVOCATION.1] The store holds one revocation list for the peer: what every
 * joined channel's latest config revokes, this join's list replacing its channel's.
 */
function revokedAfter({ state }: WireContext, join: JoinChannel): readonly PkiId[] {
  const others = Object.values(state.channels).filter((ch) => ch.channel !== join.channel).flatMap((ch) => ch.revokedPkiIds);
  return [...new Set([...others, ...(join.revokedPkiIds ?? [])])].sort();
}

/**
 * [PEER-FUNC-REJOIN-AFTER-RESTART.1] At start, every channel found in stable storage is rejoined
 * with its last applied config (in key order, each join seeing the previous ones); an entry that
 * does not decode is rejected like any bad input.
 */
export function rejoinChannel(ctx: WireContext, key: string, stored: unknown): readonly Signal[] {
  const decoded = decodeWith(JoinChannel, stored);
  return decoded.ok ? joinChannel(ctx, decoded.value) : [reject('storage.decodeError', `stored ${key}: ${decoded.error.message}`)];
}

/**
 * [PEER-FUNC-LEAVE-CHANNEL.1] Fabric's Gossip.LeaveChannel: the channel instance marks our StateInfo
 * left and empties its view (which reaches the election and block pull); a channel not joined is
 * ignored, as Fabric returns when it has no GossipChannel for it. Not remembered across a restart.
 */
export function leaveChannel({ state, nowMs }: WireContext, channel: string): readonly Signal[] {
  const ch = own(state.channels, channel);
  if (ch === undefined) return [effect({ kind: 'log', level: 'debug', message: `ignoring leave of ${channel}: not joined` })];
  return [input(channelAt(ch.channel), { type: 'LEAVE', nowMs })];
}
