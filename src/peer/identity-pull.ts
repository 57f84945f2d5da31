/**
 * Identity pull (Fabric's certstore, §5.3): a node-level instance of the pull engine whose items are
 * signed PeerIdentity messages keyed by PKI-ID, pulled from every alive member (IDENTITY_MSG, tag
 * EMPTY, channel ""). It seeds itself with this peer's own identity; what it learns goes to the
 * membership identity table. Digests and updates pass the egress filter for the requester.
 */
import { fnv1a64Hex, type PkiId, own } from '../core';
import { aliveMembers, lookup, orgOf, preferredEndpoint } from '../membership';
import { noopSign, signMessage, type Content } from '../messages';
import type { PullEvent, PullOutput } from '../pull';
import type { Acc } from './acc';
import type { IdentityEnvelope, IdentityPullState, PeerState } from './state';
import { pullParamsOf } from './params';
import { namespaced } from './timers';


/** [PEER-MSG-PEER-IDENTITY.1] PeerIdentity{pki_id, cert, metadata}, signed by the identity itself. */
function ownIdentityMessage(acc: Acc): IdentityEnvelope {
  const { pkiId, identity } = acc.state.self;
  return signMessage(acc.env.crypto, acc.env.key, { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'peerIdentity', peerIdentity: { pkiId, cert: identity, metadata: '' } } });
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

function send(acc: Acc, to: PkiId, content: Content): void {
  const member = lookup(acc.state.membership, to);
  if (member === undefined) return;
  const message = noopSign({ nonce: 0n, channel: '', tag: 'EMPTY' as const, content });
  acc.effects.push({ kind: 'send', to: [{ pkiId: to, endpoint: preferredEndpoint(member) }], message });
}

function perform(acc: Acc, outs: readonly PullOutput[]): void {
  for (const o of outs) {
    const items = acc.state.identityPull.items;
    switch (o.kind) {
      case 'sendHello':
        send(acc, o.to, { $case: 'hello', hello: { nonce: o.nonce, metadata: '', msgType: 'IDENTITY_MSG' } });
        break;
      case 'sendDigest':
        send(acc, o.to, { $case: 'dataDig', dataDig: { nonce: o.nonce, digests: o.ids.filter((id) => identityVisibleTo(acc.state, o.to, id)), msgType: 'IDENTITY_MSG' } });
        break;
      case 'sendRequest':
        send(acc, o.to, { $case: 'dataReq', dataReq: { nonce: o.nonce, digests: o.ids, msgType: 'IDENTITY_MSG' } });
        break;
      case 'sendUpdate': {
        const data = o.ids.flatMap((id) => { const item = own(items, id); return item !== undefined && identityVisibleTo(acc.state, o.to, id) ? [item] : []; });
        if (data.length > 0) send(acc, o.to, { $case: 'dataUpdate', dataUpdate: { nonce: o.nonce, data, msgType: 'IDENTITY_MSG' } });
        break;
      }
      default:
        acc.effects.push(namespaced({ subsystem: 'identityPull' }, o));
    }
  }
}

export function stepIdentityPull(acc: Acc, event: PullEvent): void {
  const [engine, outs] = acc.env.pull.step(acc.state.identityPull.engine, event);
  acc.state = { ...acc.state, identityPull: { ...acc.state.identityPull, engine } };
  perform(acc, outs);
}

/** [PEER-FUNC-IDENTITY-PULL.1] The engine starts with our own signed identity as its only item. */
export function initIdentityPull(acc: Acc): IdentityPullState {
  const seed = Number.parseInt(fnv1a64Hex(`${acc.state.seed}|identities`).slice(0, 8), 16) | 0;
  const [engine, outs] = acc.env.pull.init({ selfId: acc.state.self.pkiId, seed, params: pullParamsOf(acc.state.config) });
  const own = ownIdentityMessage(acc);
  acc.state = { ...acc.state, identityPull: { engine, items: { [acc.state.self.pkiId]: own }, peers: [] } };
  perform(acc, outs);
  stepIdentityPull(acc, { type: 'ITEMS_ADDED', ids: [acc.state.self.pkiId] });
  return acc.state.identityPull;
}

/** [PEER-FUNC-IDENTITY-PULL.1] The engine pulls from every alive member (Fabric: all discovery members). */
export function refreshIdentityPeers(acc: Acc): void {
  const members = aliveMembers(acc.state.membership);
  const current = acc.state.identityPull.peers;
  if (current.length === members.length && members.every((m, i) => m.pkiId === current[i])) return;
  const peers = members.map((m) => m.pkiId);
  acc.state = { ...acc.state, identityPull: { ...acc.state.identityPull, peers } };
  stepIdentityPull(acc, { type: 'PEERS_UPDATED', peers });
}
