/**
 * Inbound leadership messages (Fabric's GossipChannel.HandleMessage + validateLeadershipMessage):
 * only for a joined channel; the sender and the creator must both be of my org; the signature must
 * verify against the creator's known identity; only a strictly newer PeerTime per creator passes
 * (the leadership message store); then the election hears it. Never forwarded.
 */
import { isNewer, pkiId, type ConnectionInfo } from '../core';
import { orgOf, pget } from '../membership';
import { verifyEnvelope, type EnvelopeOf } from '../messages';
import { reject, type Acc } from './acc';
import { stepElection } from './election-glue';

function creatorIdentity(acc: Acc, from: ConnectionInfo, creator: string): string | undefined {
  if (creator === from.pkiId) return from.identity;
  return pget(acc.state.membership.identities, creator)?.identity;
}

/** [ELE-FUNC-FOREIGN-ORG-ISOLATION.1] [ELE-SAFE-FOREIGN-ORG-ISOLATION.1] */
export function receiveLeadership(acc: Acc, from: ConnectionInfo, env: EnvelopeOf<'leadershipMsg'>): void {
  const msg = env.payload.content.leadershipMsg;
  const channel = env.payload.channel;
  const ch = acc.state.channels[channel];
  if (ch === undefined) return reject(acc, 'leadership.unknownChannel', `leadership message for channel ${channel} we have not joined`);
  const myOrg = acc.state.self.org;
  if (acc.env.crypto.orgOf(from.identity) !== myOrg) return reject(acc, 'leadership.foreignSender', `leadership message from ${from.pkiId} of another org`);
  const identity = creatorIdentity(acc, from, msg.pkiId);
  const creatorOrg = identity === undefined ? orgOf(acc.state.membership, pkiId(msg.pkiId)) : acc.env.crypto.orgOf(identity);
  if (creatorOrg !== myOrg) return reject(acc, 'leadership.foreignCreator', `leadership message created by ${msg.pkiId}, not of our org`);
  if (identity === undefined || !verifyEnvelope(acc.env.crypto, identity, env)) {
    return reject(acc, 'leadership.badSignature', `leadership message of ${msg.pkiId} does not verify`);
  }
  const last = ch.lastLeadership[msg.pkiId];
  if (last !== undefined && !isNewer(msg.timestamp, last)) return; // a duplicate or a replay: not an error
  acc.state = {
    ...acc.state,
    channels: { ...acc.state.channels, [channel]: { ...ch, lastLeadership: { ...ch.lastLeadership, [msg.pkiId]: msg.timestamp } } },
  };
  stepElection(acc, channel, { type: 'LEADERSHIP_RECEIVED', from: pkiId(msg.pkiId), isDeclaration: msg.isDeclaration });
}
