/**
 * The channel's data. Fabric's flags live in the chart (joined/left, clean/dirty); everything else
 * is here: the config, this peer's StateInfo, the StateInfo cache and membership's last word.
 */
import { forkPrng, nanosFromMs, type ChannelId, type CryptoSuite, type OrgId, type PeerTime, type PeerRef, type PkiId, type Prng, type SigningKey } from '../core';
import { signMessage } from '../messages';
import type { ChannelConfig, ChannelMember, ChannelSelf, ChannelStart, StateInfoEnvelope } from './inputs';
import { emptyStateInfoCache, type StateInfoCache } from './cache';
import { DEFAULT_CHANNEL_PARAMS, type ChannelParams } from './params';
import { stateInfoMessage, type StateInfoMessage, type StateInfoProperties } from './wire';

/** What the reducer is built with: crypto is injected so that steps stay pure. */
export interface ChannelEnv {
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
}


export interface ChannelContext {
  readonly channel: ChannelId;
  readonly self: ChannelSelf;
  readonly params: ChannelParams;
  /** Fabric's incTime: the incarnation of every StateInfo this instance creates. */
  readonly incNum: bigint;
  /** The last applied config's sequence and orgs (Fabric's joinMsg and orgs). */
  readonly sequence: number;
  readonly orgs: readonly OrgId[];
  /** The last applied config, for the config eventer's "did the org map change" test. */
  readonly config: ChannelConfig;
  /** This peer's current StateInfo, unsigned (Fabric's selfStateInfoMsg). */
  readonly selfMessage: StateInfoMessage;
  /** Fabric's shouldGossipStateInfo: our StateInfo changed since it was last published. */
  readonly dirty: boolean;
  /** The last signed one (Fabric's selfStateInfoSignedMsg, what Self() returns). */
  readonly selfSigned: StateInfoEnvelope;
  /** Fabric's stateInfoMsgStore: the newest StateInfo per PKI-ID, own included once published. */
  readonly cache: StateInfoCache;
  /** Membership's last report: alive members (GetMembership) and dead ones (Lookup finds both). */
  readonly alive: readonly ChannelMember[];
  readonly dead: readonly ChannelMember[];
  /** The peers the last StateInfo pull request went to (chosen with prng). */
  readonly requestTargets: readonly PeerRef[];
  readonly prng: Prng;
}

/**
 * [CHN-MSG-STATE-INFO.1] The next PeerTime of this peer's StateInfo: {incTime, now in ns}, kept
 * strictly increasing when two updates share a millisecond.
 */
export function nextSelfTimestamp(context: Pick<ChannelContext, 'incNum' | 'selfMessage'>, nowMs: number): PeerTime {
  const last = context.selfMessage.content.stateInfo.timestamp.seqNum;
  const now = nanosFromMs(nowMs);
  return { incNum: context.incNum, seqNum: now > last ? now : last + 1n };
}

export function withProperties(
  env: ChannelEnv,
  context: Pick<ChannelContext, 'incNum' | 'selfMessage' | 'self' | 'channel'>,
  nowMs: number,
  properties: StateInfoProperties,
): StateInfoMessage {
  return stateInfoMessage(env.crypto, context.self.pkiId, context.channel, nextSelfTimestamp(context, nowMs), properties);
}

export const orgsOf = (config: ChannelConfig): readonly OrgId[] => config.orgs.map((o) => o.mspId);

/**
 * [CHN-MSG-STATE-INFO.1] At creation Fabric builds and signs a StateInfo with ledger height 1 and
 * leaves it unpublished (not dirty).
 */
export function initialChannelContext(env: ChannelEnv, input: ChannelStart): ChannelContext {
  const incNum = nanosFromMs(input.startTimeMs);
  const selfMessage = stateInfoMessage(env.crypto, input.self.pkiId, input.config.channel, { incNum, seqNum: incNum }, {
    ledgerHeight: 1,
    leftChannel: false,
    chaincodes: [],
  });
  return {
    channel: input.config.channel,
    self: input.self,
    params: input.params,
    incNum,
    sequence: input.config.sequence,
    orgs: orgsOf(input.config),
    config: input.config,
    selfMessage,
    dirty: false,
    selfSigned: signMessage(env.crypto, env.key, selfMessage),
    cache: emptyStateInfoCache,
    alive: [],
    dead: [],
    requestTargets: [],
    prng: forkPrng(input.seed, `channel/${input.config.channel}`),
  };
}

/**
 * xstate builds a throw-away initial snapshot without input before the real one; this is that
 * placeholder's context (never stepped).
 */
export function placeholderChannelContext(): ChannelContext {
  const self = { pkiId: 'placeholder' as PkiId, org: 'placeholder' as OrgId, identity: '', endpoint: '' };
  const config: ChannelConfig = { channel: 'placeholder' as ChannelId, sequence: 0, orgs: [] };
  const selfMessage: StateInfoMessage = {
    nonce: 0n,
    channel: '',
    tag: 'CHAN_OR_ORG',
    content: { $case: 'stateInfo', stateInfo: { timestamp: { incNum: 0n, seqNum: 0n }, pkiId: self.pkiId, channelMAC: '', properties: { ledgerHeight: 1, leftChannel: false, chaincodes: [] } } },
  };
  return {
    channel: config.channel,
    self,
    params: DEFAULT_CHANNEL_PARAMS,
    incNum: 0n,
    sequence: 0,
    orgs: [],
    config,
    selfMessage,
    dirty: false,
    selfSigned: { payload: selfMessage, signature: '' },
    cache: emptyStateInfoCache,
    alive: [],
    dead: [],
    requestTargets: [],
    prng: forkPrng(0, 'channel/placeholder'),
  };
}
