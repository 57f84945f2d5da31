/**
 * Channels: joining from a config update (Fabric's updateAnchors -> JoinChan), the election
 * instance of each channel, and the ledger fed by the ordering service.
 */
import { decodeWith, fnv1a64Hex, nanosFromMs, type OrgId, own } from '../core';
import { electionReducer } from '../election';
import { JoinChannel } from './commands';
import { reject, type Acc } from './acc';
import { performElectionOutputs } from './election-glue';
import { stepMembership } from './membership-glue';
import { performDisseminationInit } from './dissemination-glue';
import { disseminationParamsOf, electionModeOf, electionParamsOf, pullParamsOf } from './params';
import { performPullOutputs, stepPull } from './pull-glue';
import { sameOrgView } from './views';

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

function createChannel(acc: Acc, join: JoinChannel): void {
  const view = sameOrgView(acc);
  const [election, outs] = electionReducer.init({
    selfId: acc.state.self.pkiId,
    params: electionParamsOf(acc.state.config),
    mode: electionModeOf(acc.state.config),
    peers: view,
  });
  const [dissemination, disseminationOuts] = acc.env.dissemination.init({
    channel: join.channel,
    ledgerHeight: own(acc.state.initialHeights, join.channel) ?? 0,
    params: disseminationParamsOf(acc.state.config),
  });
  const [pull, pullOuts] = acc.env.pull.init({ selfId: acc.state.self.pkiId, seed: channelSeed(acc.state.seed, join.channel), params: pullParamsOf(acc.state.config) });
  const ch = {
    channel: join.channel,
    sequence: join.sequence,
    orgs: join.orgs.map((o) => o.mspId),
    election,
    leadershipIncNum: nanosFromMs(acc.nowMs),
    lastLeadership: {},
    view,
    isLeader: false,
    dissemination,
    pull,
  };
  acc.state = { ...acc.state, channels: { ...acc.state.channels, [join.channel]: ch } };
  performElectionOutputs(acc, join.channel, outs);
  performDisseminationInit(acc, join.channel, disseminationOuts);
  performPullOutputs(acc, join.channel, pullOuts);
  stepPull(acc, join.channel, { type: 'PEERS_UPDATED', peers: view });
}

/** [PEER-FUNC-JOIN-CHANNEL.1] */
export function joinChannel(acc: Acc, join: JoinChannel): void {
  if (!join.orgs.some((o) => o.mspId === acc.state.self.org)) {
    return reject(acc, 'join.notAMember', `Tried joining channel ${join.channel} but our org (${acc.state.self.org}) isn't among the orgs of the channel`);
  }
  const existing = own(acc.state.channels, join.channel);
  if (existing !== undefined && join.sequence < existing.sequence) {
    acc.effects.push({ kind: 'log', level: 'debug', message: `ignoring outdated join of ${join.channel} (sequence ${join.sequence} < ${existing.sequence})` });
    return;
  }
  // [PEER-FUNC-REJOIN-AFTER-RESTART.1] the channel is remembered, as a Fabric peer's ledger remembers it.
  acc.effects.push({ kind: 'persist', key: `${JOINED_CHANNEL_KEY}${join.channel}`, value: join });
  if (existing === undefined) createChannel(acc, join);
  else {
    const orgs = join.orgs.map((o) => o.mspId);
    acc.state = { ...acc.state, channels: { ...acc.state.channels, [join.channel]: { ...existing, sequence: join.sequence, orgs } } };
  }
  stepMembership(acc, { type: 'ANCHOR_PEERS', nowMs: acc.nowMs, channel: join.channel, anchors: anchorsOf(join) });
}

/**
 * [PEER-FUNC-REJOIN-AFTER-RESTART.1] At start, rejoin every channel found in stable storage with
 * its last applied config; an entry that does not decode is rejected like any bad input.
 */
export function rejoinChannels(acc: Acc, durable: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(durable).sort()) {
    if (!key.startsWith(JOINED_CHANNEL_KEY)) continue;
    const decoded = decodeWith(JoinChannel, durable[key]);
    if (decoded.ok) joinChannel(acc, decoded.value);
    else reject(acc, 'storage.decodeError', `stored ${key}: ${decoded.error.message}`);
  }
}
