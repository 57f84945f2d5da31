/**
 * The composed peer's safety predicates: every subsystem's own invariants, applied to the states
 * the peer holds ([PEER-SAFE-SUBSYSTEM-INVARIANTS.1]). A host adds what only it can see (e.g. that
 * its record of the leadership callback matches the peer's flag).
 */
import { channelStateInvariants } from '../channel';
import { firstViolation } from '../core/invariants';
import { disseminationStateInvariants } from '../dissemination';
import { electionStateInvariants } from '../election';
import { membershipInvariants } from '../membership';
import { pullStateInvariants } from '../pull';
import { identityStoreStateInvariants } from '../security';
import { stateTransferStateInvariants } from '../statetransfer';
import type { CryptoSuite } from '../core';
import type { PeerState } from './state';

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
  }
  return undefined;
}
