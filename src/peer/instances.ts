/**
 * The subsystem instances a peer holds, and how to reach each one: its address, where its state
 * lives in PeerState, which reducer steps it. Node-level instances (membership, emitter, identity
 * pull, the identity store) exist once; channel-level ones (the channel itself, election,
 * dissemination, block pull) once per joined channel. The wiring table (wiring.ts) speaks in these addresses.
 */
import type { ChannelEvent, ChannelOutput, ChannelState as GossipChannelState } from '../channel';
import type { ChannelId } from '../core';
// Straight from their modules: the barrels' re-exports are getters, and these run at every message.
import { own } from '../core/records';
import type { BufferReportOutput, DisseminationCommand, DisseminationOutput, DisseminationState, PulledTakenOutput, PushedBlockRejectedOutput, StoredOutput } from '../dissemination';
import { electionReducer, type ElectionEvent, type ElectionOutput, type ElectionState } from '../election';
import { emitterReducer, type EmitterEvent, type EmitterOutput, type EmitterState } from '../emitter';
import type { MembershipEvent, MembershipOutput, MembershipState } from '../membership';
import type { PullEvent, PullOutput, PullState } from '../pull';
import type { IdentityStoreInput, IdentityStoreOutput, IdentityStoreState } from '../security/identity';
import type { StateTransferCommand, StateTransferOutput, StateTransferState, StateTransferTimerEvent } from '../statetransfer';
import type { PeerEnv } from './acc';
import { withChannelPatched, withPeerState, type PeerState } from './state';

/** Each subsystem's state, input and output types, by name. */
export interface Subsystems {
  readonly membership: { state: MembershipState; event: MembershipEvent; output: MembershipOutput };
  readonly emitter: { state: EmitterState; event: EmitterEvent; output: EmitterOutput };
  readonly identityPull: { state: PullState; event: PullEvent; output: PullOutput };
  readonly identities: { state: IdentityStoreState; event: IdentityStoreInput; output: IdentityStoreOutput };
  readonly election: { state: ElectionState; event: ElectionEvent; output: ElectionOutput };
  readonly dissemination: { state: DisseminationState; event: DisseminationCommand; output: DisseminationOutput | StoredOutput | PulledTakenOutput | PushedBlockRejectedOutput | BufferReportOutput };
  readonly pull: { state: PullState; event: PullEvent; output: PullOutput };
  /** [PEER-FUNC-CHANNEL-INSTANCE.1] Fabric's GossipChannel, StateInfo side (src/channel). */
  readonly channel: { state: GossipChannelState; event: ChannelEvent; output: ChannelOutput };
  /** [PEER-FUNC-STATE-TRANSFER.2] Fabric's GossipStateProvider, anti-entropy and serving (src/statetransfer); only with state.enabled. */
  readonly stateTransfer: { state: StateTransferState; event: StateTransferCommand | StateTransferTimerEvent; output: StateTransferOutput };
}

export type SubsystemName = keyof Subsystems;
export type ChannelSubsystem = 'channel' | 'election' | 'dissemination' | 'pull' | 'stateTransfer';
export type NodeSubsystem = Exclude<SubsystemName, ChannelSubsystem>;

export type Address<N extends SubsystemName = SubsystemName> = N extends ChannelSubsystem
  ? { readonly sub: N; readonly channel: ChannelId }
  : { readonly sub: N };

export type EventOf<N extends SubsystemName> = Subsystems[N]['event'];
export type OutputOf<N extends SubsystemName> = Subsystems[N]['output'];
type StateOf<N extends SubsystemName> = Subsystems[N]['state'];

interface Instance<N extends SubsystemName> {
  /** undefined: no such instance (a channel we have not joined). */
  get(state: PeerState, at: Address<N>): StateOf<N> | undefined;
  put(state: PeerState, at: Address<N>, next: StateOf<N>): PeerState;
  step(env: PeerEnv, state: StateOf<N>, event: EventOf<N>, at: Address<N>): readonly [StateOf<N>, readonly OutputOf<N>[]];
}

/** Where each per-channel instance lives in the peer's per-channel record (ChannelState). */
const CHANNEL_FIELDS = { channel: 'gossipChannel', election: 'election', dissemination: 'dissemination', pull: 'pull', stateTransfer: 'stateTransfer' } as const;

function channelField<K extends ChannelSubsystem>(sub: K): Pick<Instance<K>, 'get' | 'put'> {
  const field = CHANNEL_FIELDS[sub];
  return {
    get: (state, at) => own(state.channels, at.channel)?.[field] as StateOf<K> | undefined,
    put: (state, at, next) => withChannelPatched(state, at.channel, { [field]: next }),
  };
}

export const INSTANCES: { readonly [N in SubsystemName]: Instance<N> } = {
  membership: {
    get: (s) => s.membership,
    put: (s, _, membership) => withPeerState(s, { membership }),
    step: (env, s, e) => env.membership.step(s, e),
  },
  emitter: {
    get: (s) => s.emitter,
    put: (s, _, emitter) => withPeerState(s, { emitter }),
    step: (_, s, e) => emitterReducer.step(s, e),
  },
  identityPull: {
    get: (s) => s.identityPull.engine,
    put: (s, _, engine) => withPeerState(s, { identityPull: { ...s.identityPull, engine } }),
    step: (env, s, e) => env.pull.step(s, e),
  },
  // [PEER-FUNC-IDENTITY-STORE.1] Fabric's identity mapper, one per peer.
  identities: {
    get: (s) => s.identities,
    put: (s, _, identities) => withPeerState(s, { identities }),
    step: (env, s, e) => env.identities.step(s, e),
  },
  election: { ...channelField('election'), step: (_, s, e) => electionReducer.step(s, e) },
  dissemination: { ...channelField('dissemination'), step: (env, s, e) => env.dissemination.step(s, e) },
  pull: { ...channelField('pull'), step: (env, s, e) => env.pull.step(s, e) },
  channel: { ...channelField('channel'), step: (env, s, e) => env.channel.step(s, e) },
  // VerifyBlock is bound to the channel, so each channel's state transfer has its own reducer.
  stateTransfer: { ...channelField('stateTransfer'), step: (env, s, e, at) => env.stateTransfer(at.channel).step(s, e) },
};

export const membershipAt: Address<'membership'> = { sub: 'membership' };
export const emitterAt: Address<'emitter'> = { sub: 'emitter' };
export const identityPullAt: Address<'identityPull'> = { sub: 'identityPull' };
export const identitiesAt: Address<'identities'> = { sub: 'identities' };
// Channel names come from the wire and from commands as plain strings; an unjoined one addresses nothing.
export const electionAt = (channel: string): Address<'election'> => ({ sub: 'election', channel: channel as ChannelId });
export const disseminationAt = (channel: string): Address<'dissemination'> => ({ sub: 'dissemination', channel: channel as ChannelId });
export const pullAt = (channel: string): Address<'pull'> => ({ sub: 'pull', channel: channel as ChannelId });
export const channelAt = (channel: string): Address<'channel'> => ({ sub: 'channel', channel: channel as ChannelId });
export const stateTransferAt = (channel: string): Address<'stateTransfer'> => ({ sub: 'stateTransfer', channel: channel as ChannelId });
