/**
 * Admitting a leadership message (Fabric's GossipChannel.HandleMessage + validateLeadershipMessage):
 * only for a joined channel; the sender and the creator must both be of my org; the signature must
 * verify against the creator's known identity; only a strictly newer PeerTime per creator passes
 * (the leadership message store); then the election hears it. Never forwarded.
 */
import { isNewer, own, pkiId, type ConnectionInfo } from '../../core';
import { orgOf, pget } from '../../membership';
import { verifyEnvelope, type EnvelopeOf } from '../../messages';
import { electionAt } from '../instances';
import { input, none, reject, update, type Signal } from '../signals';
import { withChannelPatched, type ChannelState } from '../state';
import type { WireContext } from '../wiring';

function creatorIdentity({ state }: WireContext, from: ConnectionInfo, creator: string): string | undefined {
  if (creator === from.pkiId) return from.identity;
  return pget(state.membership.identities, creator)?.identity;
}

/** Fabric's election.GetMsgExpirationTimeout: the leadership message store's TTL. */
const leaderMsgExpirationMs = ({ state }: WireContext): number => state.config.election.leaderAliveThresholdMs * 10;

/**
 * [PEER-FUNC-LEADERSHIP-STORE-EXPIRY.1] Fabric's expirable message store marks an entry expired after
 * the TTL (it still blocks older messages) and removes it after twice the TTL; entries are forgotten
 * here at the next leadership message after that, so the store holds only creators heard lately.
 */
function forgetExpired(store: ChannelState['lastLeadership'], nowMs: number, ttlMs: number): ChannelState['lastLeadership'] {
  const stale = Object.keys(store).filter((k) => nowMs - (store[k]?.addedAtMs ?? nowMs) > 2 * ttlMs);
  if (stale.length === 0) return store;
  const kept = { ...store };
  for (const k of stale) delete kept[k];
  return kept;
}

/** [ELE-FUNC-FOREIGN-ORG-ISOLATION.1] [ELE-SAFE-FOREIGN-ORG-ISOLATION.1] */
export function admitLeadership(ctx: WireContext, from: ConnectionInfo, env: EnvelopeOf<'leadershipMsg'>): readonly Signal[] {
  const { state, env: peerEnv, nowMs } = ctx;
  const msg = env.payload.content.leadershipMsg;
  const channel = env.payload.channel;
  const ch = own(state.channels, channel);
  if (ch === undefined) return [reject('leadership.unknownChannel', `leadership message for channel ${channel} we have not joined`)];
  const myOrg = state.self.org;
  // [PEER-FUNC-LEADERSHIP-OWN-ECHO.1] our own message relayed back: harmless, counted as what it is.
  if (msg.pkiId === state.self.pkiId) return [reject('leadership.ownMessage', `our own leadership message came back from ${from.pkiId}`)];
  if (peerEnv.crypto.orgOf(from.identity) !== myOrg) return [reject('leadership.foreignSender', `leadership message from ${from.pkiId} of another org`)];
  const identity = creatorIdentity(ctx, from, msg.pkiId);
  const creatorOrg = identity === undefined ? orgOf(state.membership, pkiId(msg.pkiId)) : peerEnv.crypto.orgOf(identity);
  if (creatorOrg !== myOrg) return [reject('leadership.foreignCreator', `leadership message created by ${msg.pkiId}, not of our org`)];
  if (identity === undefined || !verifyEnvelope(peerEnv.crypto, identity, env)) {
    return [reject('leadership.badSignature', `leadership message of ${msg.pkiId} does not verify`)];
  }
  const store = forgetExpired(ch.lastLeadership, nowMs, leaderMsgExpirationMs(ctx));
  const last = own(store, msg.pkiId);
  if (last !== undefined && !isNewer(msg.timestamp, last.ts)) return none; // a duplicate or a replay: not an error
  const lastLeadership = { ...store, [msg.pkiId]: { ts: msg.timestamp, addedAtMs: nowMs } };
  return [
    update((s) => withChannelPatched(s, channel, { lastLeadership })),
    input(electionAt(ch.channel), { type: 'LEADERSHIP_RECEIVED', from: pkiId(msg.pkiId), isDeclaration: msg.isDeclaration }),
  ];
}
