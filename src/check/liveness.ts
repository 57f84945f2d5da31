/**
 * Liveness predicates of the whole-network properties, each with its bound from src/peer/bounds.ts
 * (GEN-LIVE-CHECK-* in spec/check.md). They are asked about live peers only: a peer kept down is gone.
 */
import { hasLeftChannel } from '../channel';
import { aliveMembers } from '../membership';
import type { PeerState } from '../peer';
import { allPeerSlots, ledgerHeight, ordererHeight, type PeerSlot, type World } from '../sim';
import type { LivenessPredicate } from './run';

type W = World<PeerState>;
type Slot = PeerSlot<PeerState>;

/** Live peers in the channel: joined and not left (a peer that left keeps its channel, with an empty view, as in Fabric). */
export function inChannel(slot: Slot, channel: string): boolean {
  const ch = slot.state.channels[channel];
  return ch !== undefined && !hasLeftChannel(ch.gossipChannel);
}

const liveJoined = (w: W, channel: string): Slot[] => allPeerSlots(w).filter((s) => s.alive && inChannel(s, channel));

/**
 * [GEN-LIVE-CHECK-ONE-LEADER.1] [PEER-LIVE-ONE-LEADER-PER-ORG.1] [ELE-LIVE-ONE-LEADER.1] Every org of
 * each channel's last config (`orgsOf`) with a live joined peer has exactly one leader among them; with election, the
 * smallest PKI-ID among the org's peers that led at or after faults stopped.
 */
export function oneLeaderPerOrg(channels: readonly string[], orgsOf: (channel: string) => readonly string[], boundMs: number, electing: boolean): LivenessPredicate {
  const led = new Map<string, Set<string>>();
  const leadersOf = (w: W, channel: string) => liveJoined(w, channel).filter((s) => s.leaderOf.get(channel) === true);
  return {
    name: '[GEN-LIVE-CHECK-ONE-LEADER.1] one leader per org and channel',
    boundMs,
    observe(w) {
      for (const channel of channels) {
        for (const s of leadersOf(w, channel)) {
          const key = `${channel}|${s.spec.org}`;
          const set = led.get(key) ?? new Set<string>();
          set.add(s.spec.pkiId);
          led.set(key, set);
        }
      }
    },
    holds(w) {
      for (const channel of channels) {
        const members = orgsOf(channel);
        const joined = liveJoined(w, channel).filter((s) => members.includes(s.spec.org));
        const orgs = new Set(joined.map((s) => s.spec.org));
        for (const org of orgs) {
          const leaders = joined.filter((s) => s.spec.org === org && s.leaderOf.get(channel) === true);
          if (leaders.length !== 1) return false;
          if (electing) {
            const smallest = [...(led.get(`${channel}|${org}`) ?? [])].sort()[0];
            if (smallest !== undefined && leaders[0]!.spec.pkiId !== smallest) return false;
          }
        }
      }
      return true;
    },
  };
}

/** [GEN-LIVE-CHECK-LEDGER.1] [PEER-LIVE-LEDGER-CATCH-UP.1] Every live joined peer of an org in the channel's last config holds the orderer's chain of each channel. */
export function ledgersCaughtUp(channels: readonly string[], orgsOf: (channel: string) => readonly string[], boundMs: number): LivenessPredicate {
  return {
    name: '[GEN-LIVE-CHECK-LEDGER.1] every live peer holds the orderer chain',
    boundMs,
    holds: (w) => channels.every((c) => liveJoined(w, c).every((s) => !orgsOf(c).includes(s.spec.org) || ledgerHeight(w, s.spec.name, c) === ordererHeight(w, c))),
  };
}

/**
 * [GEN-LIVE-CHECK-MEMBERSHIP.1] [MEM-LIVE-DETECT-DEAD.1] [MEM-LIVE-FULL-MEMBERSHIP.1] Every live
 * peer's alive members of its own org are exactly the org's other live peers (a peer gone for good
 * is declared dead, a restarted one is back).
 */
export function membershipMatchesLife(boundMs: number): LivenessPredicate {
  return {
    name: '[GEN-LIVE-CHECK-MEMBERSHIP.1] every peer sees exactly its org\'s live peers',
    boundMs,
    holds(w) {
      const slots = allPeerSlots(w);
      for (const s of slots) {
        if (!s.alive) continue;
        const want = slots.filter((o) => o.alive && o !== s && o.spec.org === s.spec.org).map((o) => o.spec.pkiId as string).sort();
        const have = aliveMembers(s.state.membership).filter((m) => m.org === s.spec.org).map((m) => m.pkiId as string).sort();
        if (want.length !== have.length || want.some((p, i) => p !== have[i])) return false;
      }
      return true;
    },
  };
}
