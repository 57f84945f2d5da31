/**
 * The composed peer's safety predicates: every subsystem's own invariants, applied to the states
 * the peer holds ([PEER-SAFE-SUBSYSTEM-INVARIANTS.1]). A host adds what only it can see (e.g. that
 * its record of the leadership callback matches the peer's flag).
 */
import { disseminationStateInvariants } from '../dissemination';
import { electionStateInvariants } from '../election';
import { membershipInvariants } from '../membership';
import { pullStateInvariants } from '../pull';
import type { PeerState } from './state';

/** [PEER-SAFE-SUBSYSTEM-INVARIANTS.1] the first violation, as "<subsystem id>: <message>", or undefined. */
export function peerStateViolation(s: PeerState): string | undefined {
  if (s.stopped) return undefined;
  for (const [id, check] of Object.entries(membershipInvariants)) {
    const v = check(s.membership);
    if (v) return `${id}: ${v}`;
  }
  for (const [channel, ch] of Object.entries(s.channels)) {
    for (const [id, check] of Object.entries(electionStateInvariants)) {
      const v = check(ch.election);
      if (v) return `${channel}: ${id}: ${v}`;
    }
    for (const [id, check] of Object.entries(disseminationStateInvariants)) {
      const v = check(ch.dissemination);
      if (v) return `${channel}: ${id}: ${v}`;
    }
    for (const [id, check] of Object.entries(pullStateInvariants)) {
      const v = check(ch.pull);
      if (v) return `${channel}: ${id}: ${v}`;
    }
  }
  return undefined;
}
