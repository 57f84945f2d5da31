/**
 * The messages the composition builds from subsystem outputs: signed LeadershipMessages, the
 * point-to-point pull messages of block pull (BLOCK_MSG, CHAN_AND_ORG) and identity pull
 * (IDENTITY_MSG, EMPTY, no channel), state transfer's requests and responses (CHAN_OR_ORG), and
 * the orderer connection of a new leader.
 */
import { own, type ChannelId, type Effect, type PkiId } from '../core';
import { storedBlocks } from '../dissemination';
import type { SendDigestOutput, SendHelloOutput, SendRequestOutput, SendUpdateOutput } from '../pull';
import type { SendStateRequestOutput, SendStateResponseOutput } from '../statetransfer';
import { aliveMembers, lookup, orgOf, preferredEndpoint } from '../membership';
import { noopSign, signMessage, type Content, type Envelope } from '../messages';
import type { PeerEnv } from './acc';
import { deliverGiveUpAfterMsOf } from './params';
import { effect, none, type Signal } from './signals';
import type { ChannelState, PeerState } from './state';

/**
 * [PEER-FUNC-CHANNEL-VIEW.1] [PEER-FUNC-MEMBERSHIP-GAUGE.1] The channel's membership gauge
 * (Fabric's membershipTracker: gossip_membership_total_peers_known{channel}).
 */
export const membershipGauge = (channel: string, peersKnown: number): Signal =>
  effect({ kind: 'metric', name: 'gossip_membership_total_peers_known', value: peersKnown, labels: { channel } });

/** [ELE-MSG-GOSSIP-LEADERSHIP.1] LeadershipMessage{pki_id, timestamp{inc, seq}, is_declaration}, tag CHAN_AND_ORG, signed. */
export function leadershipEnvelope(env: PeerEnv, state: PeerState, ch: ChannelState, isDeclaration: boolean, seqNum: number): Envelope {
  const payload = {
    nonce: 0n,
    channel: ch.channel,
    tag: 'CHAN_AND_ORG' as const,
    content: {
      $case: 'leadershipMsg' as const,
      leadershipMsg: { pkiId: state.self.pkiId, timestamp: { incNum: ch.leadershipIncNum, seqNum: BigInt(seqNum) }, isDeclaration },
    },
  };
  return signMessage(env.crypto, env.key, payload);
}

/**
 * [PEER-FUNC-DELIVER-GIVE-UP.1] [ELE-FUNC-DELIVERY-GAVE-UP.1] An elected leader's deliverer gives up after reconnectTotalTimeThreshold
 * without an ordering service (the host answers ordererGaveUp, step.ts yields); a static leader's never does.
 */
export function connectOrderer(state: PeerState, channel: ChannelId): Effect {
  const giveUpAfterMs = deliverGiveUpAfterMsOf(state.config);
  return giveUpAfterMs === undefined ? { kind: 'connectOrderer', channel } : { kind: 'connectOrderer', channel, giveUpAfterMs };
}

type PullMessageOutput = SendHelloOutput | SendDigestOutput | SendRequestOutput | SendUpdateOutput;
type MsgType = 'BLOCK_MSG' | 'IDENTITY_MSG';
type UpdateData = Extract<Content, { $case: 'dataUpdate' }>['dataUpdate']['data'];

/** The wire content of a pull output; `data` is what an update carries (the caller's items). */
function pullContent(o: PullMessageOutput, msgType: MsgType, data: UpdateData): Content | undefined {
  switch (o.kind) {
    case 'sendHello':
      return { $case: 'hello', hello: { nonce: o.nonce, metadata: '', msgType } };
    case 'sendDigest':
      return { $case: 'dataDig', dataDig: { nonce: o.nonce, digests: o.ids, msgType } };
    case 'sendRequest':
      return { $case: 'dataReq', dataReq: { nonce: o.nonce, digests: o.ids, msgType } };
    case 'sendUpdate':
      return data.length > 0 ? { $case: 'dataUpdate', dataUpdate: { nonce: o.nonce, data, msgType } } : undefined;
  }
}

/** [PEER-FUNC-PULL-SERVES-STORE.1] A block pull message to a member still in the view; an update carries the stored blocks asked for. */
export function blockPullMessage(state: PeerState, channel: ChannelId, o: PullMessageOutput): readonly Signal[] {
  const member = aliveMembers(state.membership).find((m) => m.pkiId === o.to);
  const ch = own(state.channels, channel);
  if (member === undefined || ch === undefined) return none; // gone from the view since the engine chose it
  const wanted = new Set(o.kind === 'sendUpdate' ? o.ids : []);
  const data = storedBlocks(ch.dissemination).filter((b) => wanted.has(String(b.seq))).map((b) => b.envelope);
  const content = pullContent(o, 'BLOCK_MSG', data);
  if (content === undefined) return none;
  const message = noopSign({ nonce: 0n, channel, tag: 'CHAN_AND_ORG' as const, content });
  return [effect({ kind: 'send', to: [{ pkiId: o.to, endpoint: preferredEndpoint(member) }], message })];
}

/**
 * [PEER-FUNC-IDENTITY-EGRESS-FILTER.1] Fabric's sameOrgOrOurOrgPullFilter: a requester of my org may
 * have every identity; a foreign one only those of peers with an external endpoint whose org is
 * mine or its own; a requester whose org is unknown, none.
 */
export function identityVisibleTo(state: PeerState, requester: PkiId, item: string): boolean {
  const membership = state.membership;
  const myOrg = state.self.org;
  const requesterOrg = orgOf(membership, requester);
  if (requesterOrg === undefined) return false;
  if (requesterOrg === myOrg) return true;
  if (item === state.self.pkiId) return state.self.externalEndpoint !== '';
  const member = lookup(membership, item as PkiId);
  return member !== undefined && member.endpoint !== '' && (member.org === myOrg || member.org === requesterOrg);
}

/** [PEER-FUNC-IDENTITY-PULL.1] An identity pull message; digests and updates pass the egress filter for the requester. */
export function identityPullMessage(state: PeerState, o: PullMessageOutput): readonly Signal[] {
  const member = lookup(state.membership, o.to);
  if (member === undefined) return none;
  const visible = (id: string): boolean => identityVisibleTo(state, o.to, id);
  const filtered = o.kind === 'sendDigest' || o.kind === 'sendUpdate' ? { ...o, ids: o.ids.filter(visible) } : o;
  const data = filtered.kind === 'sendUpdate' ? filtered.ids.flatMap((id) => own(state.identityPull.items, id) ?? []) : [];
  const content = pullContent(filtered, 'IDENTITY_MSG', data);
  if (content === undefined) return none;
  const message = noopSign({ nonce: 0n, channel: '', tag: 'EMPTY' as const, content });
  return [effect({ kind: 'send', to: [{ pkiId: o.to, endpoint: preferredEndpoint(member) }], message })];
}

/**
 * [PEER-FUNC-STATE-TRANSFER-MESSAGES.1] Fabric's stateRequestMessage / the response to it: unsigned
 * (point-to-point, attributed to the connection), tag CHAN_OR_ORG, the channel's name, the request's
 * nonce in GossipMessage.nonce (echoed by the response). Sent to the peer's preferred endpoint as
 * membership knows it, alive or dead (Fabric answers on the requester's connection); a peer
 * membership does not know cannot be reached and the message is dropped.
 */
export function stateTransferMessage(state: PeerState, channel: ChannelId, o: SendStateRequestOutput | SendStateResponseOutput): readonly Signal[] {
  const member = lookup(state.membership, o.to);
  if (member === undefined) return none;
  const content: Content = o.kind === 'sendStateRequest'
    ? { $case: 'stateRequest', stateRequest: { startSeqNum: o.startSeq, endSeqNum: o.endSeq } }
    : { $case: 'stateResponse', stateResponse: { payloads: o.payloads } };
  const message = noopSign({ nonce: o.nonce, channel, tag: 'CHAN_OR_ORG' as const, content });
  return [effect({ kind: 'send', to: [{ pkiId: o.to, endpoint: preferredEndpoint(member) }], message })];
}
