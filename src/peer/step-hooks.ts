/**
 * What an instance hears before each of its steps and what follows each step that changed its
 * state, whatever its outputs were (the engine performs them around the step; the wiring table is
 * wiring.ts): after a membership step, the channels and identity pull hear membership's members
 * when they changed;
 * before a state transfer step, the heights the channel peers advertise.
 */
import { advertisedHeights, hasLeftChannel } from '../channel';
import type { PkiId } from '../core';
import { own } from '../core';
import { aliveMembers } from '../membership';
import { channelAt, identityPullAt, type Address, type SubsystemName } from './instances';
import { input, none, update, type Signal } from './signals';
import { withPeerState, type ChannelState, type PeerState } from './state';
import { channelMembersOf, sameIds, sameMembers } from './views';
import type { WireContext } from './wiring';

// The alive members' PKI-IDs, by membership's (memoised) alive list: one array per view, so that an
// unchanged view is recognised by identity instead of compared member by member. Safe as a
// module-level memo: the key is the (immutable) array aliveMembers returns for one view token, so the ids
// are a function of it; the weak key lets it go with the view.
const alivePkiIds = new WeakMap<readonly { readonly pkiId: PkiId }[], readonly PkiId[]>();
function alivePkiIdsOf(state: PeerState): readonly PkiId[] {
  const members = aliveMembers(state.membership);
  let ids = alivePkiIds.get(members);
  if (ids === undefined) {
    ids = members.map((m) => m.pkiId);
    alivePkiIds.set(members, ids);
  }
  return ids;
}

/**
 * [PEER-FUNC-CHANNEL-INSTANCE.1] [CHN-ASM-INPUTS.1] Every membership step may change who is alive
 * or dead, or which identities are known: each channel instance hears membership's members when
 * they changed (its view follows, and reaches the election and block pull by `viewChanged`), and
 * identity pull the new alive members.
 */
function afterMembershipStep({ state }: WireContext): readonly Signal[] {
  const signals: Signal[] = [];
  const channels = Object.values(state.channels);
  // The lists the first channel last heard lend their entries to the new ones (views.ts).
  const first = channels[0];
  if (first !== undefined) {
    const members = channelMembersOf(state, first.gossipChannel.context);
    for (const ch of channels) {
      const known = ch.gossipChannel.context;
      if (sameMembers(known.alive, members.alive) && sameMembers(known.dead, members.dead)) continue;
      signals.push(input(channelAt(ch.channel), { type: 'MEMBERSHIP_CHANGED', alive: members.alive, dead: members.dead }));
    }
  }
  // [PEER-FUNC-IDENTITY-PULL.1] the identity engine pulls from every alive member (Fabric: all discovery members).
  const peers = alivePkiIdsOf(state);
  if (!sameIds(state.identityPull.peers, peers)) {
    signals.push(update((s) => withPeerState(s, { identityPull: { ...s.identityPull, peers } })), input(identityPullAt, { type: 'PEERS_UPDATED', peers }));
  }
  return signals;
}

/**
 * [PEER-FUNC-STATE-TRANSFER.2] [STX-ASM-INPUTS.1] Before every step of a state transfer instance,
 * it hears the heights the channel peers advertise when they changed since it last heard them:
 * Fabric's state provider reads PeersOfChannel (the channel view, each peer with the ledger height
 * of its StateInfo properties) when it needs them, at each anti-entropy round and when it picks a
 * peer to ask. Read on demand, the view is worked out once per state transfer step instead of once
 * per StateInfo that moves a height (N per block at each of N peers).
 */
function beforeStateTransferStep({ state }: WireContext, at: Address<'stateTransfer'>, event: unknown): readonly Signal[] {
  if ((event as { readonly type?: unknown }).type === 'HEIGHTS_ADVERTISED') return none;
  const ch = own(state.channels, at.channel);
  if (ch?.stateTransfer === undefined) return none;
  const peers = heightsOf(ch.gossipChannel);
  const known = ch.stateTransfer.context.heights;
  const same = known === peers || (known.length === peers.length && known.every((p, i) => p.pkiId === peers[i]!.pkiId && p.height === peers[i]!.height));
  return same ? none : [input(at, { type: 'HEIGHTS_ADVERTISED', peers })];
}

type AdvertisedHeights = ReturnType<typeof advertisedHeights>;
type GossipChannel = ChannelState['gossipChannel'];

/**
 * The heights are a function of the channel's StateInfo cache, alive members, orgs and whether it
 * left (queries.ts `advertisedHeights`); most channel steps (a timer, a StateInfo already held, a
 * pull request) change none of them, so the last answer per cache object is kept and reused while
 * the other three are the same values too. Safe as a module-level memo: the key and the three
 * compared inputs are parts of an immutable channel context (a change makes new objects), so equal
 * identities mean an equal answer; the weak key lets an old cache's entry go.
 */
const heightsByCache = new WeakMap<object, { readonly alive: unknown; readonly orgs: unknown; readonly left: boolean; readonly heights: AdvertisedHeights }>();
function heightsOf(channel: GossipChannel): AdvertisedHeights {
  const { cache, alive, orgs } = channel.context;
  const left = hasLeftChannel(channel);
  const known = heightsByCache.get(cache);
  if (known !== undefined && known.alive === alive && known.orgs === orgs && known.left === left) return known.heights;
  const heights = advertisedHeights(channel);
  heightsByCache.set(cache, { alive, orgs, left, heights });
  return heights;
}

/** What follows every step that changed an instance's state, whatever its outputs were. */
export const AFTER_STEP: { readonly [N in SubsystemName]?: (ctx: WireContext, at: Address<N>) => readonly Signal[] } = {
  membership: afterMembershipStep,
};

/** What an instance hears before each of its steps (`event`, the input about to be stepped). */
export const BEFORE_STEP: { readonly [N in SubsystemName]?: (ctx: WireContext, at: Address<N>, event: unknown) => readonly Signal[] } = {
  stateTransfer: beforeStateTransferStep,
};
