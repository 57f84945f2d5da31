/**
 * The composed peer's safety predicates: every subsystem's own invariants, applied to the states
 * the peer holds ([PEER-SAFE-SUBSYSTEM-INVARIANTS.1]). A host adds what only it can see (e.g. that
 * its record of the leadership callback matches the peer's flag).
 */
import { channelStateInvariants, currentChannelPeers, isStopped as isChannelStopped } from '../channel';
import { firstViolation } from '../core/invariants';
import { disseminationStateInvariants } from '../dissemination';
import { electionStateInvariants } from '../election';
import { membershipInvariants } from '../membership';
import { pullStateInvariants } from '../pull';
import { identityStoreStateInvariants } from '../security';
import { stateTransferStateInvariants } from '../statetransfer';
import type { CryptoSuite } from '../core';
import type { PeerState } from './state';
import { channelMembersAfresh, sameMembers, sameOrgPeers } from './views';

/**
 * [PEER-SAFE-SUBSYSTEM-INVARIANTS.1] the first violation, as "<subsystem id>: <message>", or
 * undefined. The identity store's invariants need the peer's crypto suite; given it, they are checked too.
 */
export function peerStateViolation(s: PeerState, crypto?: CryptoSuite): string | undefined {
  if (s.stopped) return undefined;
  const membership = firstViolation(membershipInvariants, s.membership);
  if (membership) return membership;
  if (crypto !== undefined) {
    const identities = firstViolation(identityStoreStateInvariants(crypto), s.identities);
    if (identities) return identities;
  }
  for (const [channel, ch] of Object.entries(s.channels)) {
    const v =
      firstViolation(channelStateInvariants, ch.gossipChannel) ??
      firstViolation(electionStateInvariants, ch.election) ??
      firstViolation(disseminationStateInvariants, ch.dissemination) ??
      firstViolation(pullStateInvariants, ch.pull) ??
      (ch.stateTransfer === undefined ? undefined : firstViolation(stateTransferStateInvariants, ch.stateTransfer));
    if (v) return `${channel}: ${v}`;
    // [CHN-ASM-INPUTS.1] the members the channel last heard (lists whose entries are reused from the last ones) are membership's now.
    const fresh = channelMembersAfresh(s);
    const heard = ch.gossipChannel.context;
    if (!isChannelStopped(ch.gossipChannel) && !(sameMembers(heard.alive, fresh.alive) && sameMembers(heard.dead, fresh.dead))) return `${channel}: CHN-ASM-INPUTS.1: the channel's member lists are not membership's`;
    // [PEER-FUNC-CHANNEL-VIEW.1] the view the election and block pull hold, kept from the changes, is the same-org part of the channel view.
    const sameOrg = sameOrgPeers(s, currentChannelPeers(ch.gossipChannel));
    if (sameOrg.length !== ch.view.length || sameOrg.some((p, i) => p !== ch.view[i])) return `${channel}: PEER-FUNC-CHANNEL-VIEW.1: the same-org view [${ch.view.join(', ')}] is not [${sameOrg.join(', ')}]`;
  }
  return undefined;
}
