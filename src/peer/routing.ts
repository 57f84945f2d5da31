/**
 * [PEER-FUNC-ROUTING-ORDER.1] Fabric's gossipBatch (gossip/gossip/gossip_impl.go, §4.3): one
 * emitted batch is partitioned and routed group by group, in Fabric's order, each
 * filter.SelectPeers drawing from the peer's routing stream:
 *  1. blocks: gossipInChan, one target set per channel for the whole batch, then removeSelfLoop
 *     per message;
 *  2. leadership messages: gossipInChan, every peer passing the channel filter, removeSelfLoop;
 *  3. StateInfo: one selection per message, its sender excluded by the selector;
 *  4. alive messages of my org without external endpoint (isOrgRestricted): one target set of my
 *     org for the batch, removeSelfLoop per message;
 *  5. the other alive messages: one selection per message by peersByOriginOrgPolicy (sender
 *     excluded by the selector), then sendAndFilterSecrets.
 * The pool is Fabric's GetMembership (the alive members); a target gets one `send` each.
 */
import { isOrgInChannel } from '../channel';
import { own, selectPeers, type PkiId } from '../core';
import { aliveMembers, alivePkiId, aliveOf, memberEndpoint, orgOf, preferredEndpoint, type AliveEnvelope, type MemberInfo } from '../membership';
import { withoutSecret, type Envelope } from '../messages';
import type { Acc } from './acc';
import type { Routed } from './signals';
import { withPeerState, type GossipItem } from './state';

type Pool = readonly MemberInfo[];
type Of<K extends GossipItem['kind']> = Routed & { readonly item: Extract<GossipItem, { kind: K }> };

function sendTo(acc: Acc, member: MemberInfo, message: Envelope): void {
  acc.effects.push({ kind: 'send', to: [{ pkiId: member.pkiId, endpoint: preferredEndpoint(member) }], message });
}

/** Fabric's filter.SelectPeers on the routing stream ([GEN-FUNC-SELECT-PEERS.1]). */
function select(acc: Acc, k: number, pool: Pool, accept: (m: MemberInfo) => boolean): MemberInfo[] {
  const [chosen, routing] = selectPeers(acc.state.routing, k, pool, accept);
  acc.state = withPeerState(acc.state, { routing });
  return chosen;
}

/** Fabric's removeSelfLoop: the selected peers but the one the message came from (msg.filter). */
const removeSelfLoop = (peers: readonly MemberInfo[], exclude: string | undefined): MemberInfo[] => peers.filter((m) => m.pkiId !== exclude);

/** Fabric's IsInMyOrg: the PKI-ID's identity is known and its org is mine (self included). */
function isInMyOrg(acc: Acc, pkiId: string): boolean {
  return orgOf(acc.state.membership, pkiId as PkiId) === acc.state.self.org;
}

/** Fabric's hasExternalEndpoint: membership's Lookup (self included) knows an external endpoint for the PKI-ID. */
function hasExternalEndpoint(acc: Acc, pkiId: string): boolean {
  if (pkiId === acc.state.self.pkiId) return acc.state.self.externalEndpoint !== '';
  return (memberEndpoint(acc.state.membership, pkiId as PkiId) ?? '') !== '';
}

// The channel view as a set, one per view array (a view changes far less often than blocks and
// leadership messages are routed). Safe as a module-level memo: the key is a view array held in a
// peer state, which no one mutates (a changed view is a new array), and the weak key lets it go.
const viewSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function viewSet(view: readonly string[]): ReadonlySet<string> {
  let set = viewSets.get(view);
  if (set === undefined) {
    set = new Set(view);
    viewSets.set(view, set);
  }
  return set;
}

/**
 * [PEER-FUNC-BLOCK-ROUTING.3] [ELE-FUNC-LEADERSHIP-ROUTING.1] Fabric's gossipInChan: for each channel
 * (in the order the batch first names it), select once, from the alive members, the peers of the
 * channel view (Fabric's EligibleForChannel ∧ IsMemberInChan ∧ IsInMyOrg: same-org peers whose
 * StateInfo is cached): propagatePeerNum of them for blocks, all of them (in random order) for
 * leadership; then send each message of the channel to those peers but the one it came from, so
 * a forwarded block may reach fewer than propagatePeerNum peers. A channel not joined gets nothing.
 */
function gossipInChan(acc: Acc, messages: readonly Of<'block' | 'leadership'>[], pool: Pool): void {
  const channels: string[] = [];
  for (const m of messages) if (!channels.includes(m.item.channel)) channels.push(m.item.channel);
  for (const channel of channels) {
    const ofChannel = messages.filter((m) => m.item.channel === channel);
    const ch = own(acc.state.channels, channel);
    if (ch === undefined) continue;
    const view = viewSet(ch.view);
    const k = ofChannel[0]?.item.kind === 'leadership' ? pool.length : acc.state.config.propagatePeerNum;
    const peers = select(acc, k, pool, (m) => view.has(m.pkiId));
    for (const { item, exclude } of ofChannel) for (const m of removeSelfLoop(peers, exclude)) sendTo(acc, m, item.envelope);
  }
}

/**
 * [PEER-FUNC-STATE-INFO-ROUTING.1] Fabric's rule 3, one selection per message: propagatePeerNum
 * random alive members of my org; if the StateInfo's subject has an external endpoint, of any org
 * in the channel instead; the one it came from excluded by the selector (so it is replaced).
 */
function routeStateInfo(acc: Acc, { item, exclude }: Of<'stateInfo'>, pool: Pool): void {
  const content = item.envelope.payload.content;
  if (content.$case !== 'stateInfo') return;
  const ch = own(acc.state.channels, item.channel);
  const selector =
    ch !== undefined && hasExternalEndpoint(acc, content.stateInfo.pkiId)
      ? (m: MemberInfo) => m.org !== undefined && isOrgInChannel(ch.gossipChannel, m.org)
      : (m: MemberInfo) => m.org === acc.state.self.org;
  for (const m of select(acc, acc.state.config.propagatePeerNum, pool, (m) => selector(m) && m.pkiId !== exclude)) sendTo(acc, m, item.envelope);
}

const aliveEnvelope = (item: Of<'alive'>['item']): AliveEnvelope => item.envelope as AliveEnvelope;

/** Fabric's aliveMsgsWithNoEndpointAndInOurOrg: routed inside the org only. */
const isOrgRestricted = (acc: Acc, r: Of<'alive'>): boolean => {
  const env = aliveEnvelope(r.item);
  return aliveOf(env).membership.endpoint === '' && isInMyOrg(acc, alivePkiId(env));
};

/**
 * Fabric's peersByOriginOrgPolicy: an origin of unknown org goes to nobody; one of my org to anyone;
 * a foreign one to peers of my org or of its own org (peers of unknown org excluded).
 */
function peersByOriginOrgPolicy(acc: Acc, origin: string): (m: MemberInfo) => boolean {
  const originOrg = orgOf(acc.state.membership, origin as PkiId);
  const myOrg = acc.state.self.org;
  if (originOrg === undefined) return () => false;
  if (originOrg === myOrg) return () => true;
  return (m) => m.org !== undefined && (m.org === myOrg || m.org === originOrg);
}

/**
 * Fabric's sendAndFilterSecrets: an alive message of another org is not sent to a selected peer
 * without external endpoint (that peer is skipped, not replaced); a peer outside my org gets the
 * envelope without its SecretEnvelope.
 */
function sendAndFilterSecrets(acc: Acc, envelope: AliveEnvelope, peers: readonly MemberInfo[]): void {
  const fromOtherOrg = !isInMyOrg(acc, alivePkiId(envelope));
  for (const m of peers) {
    if (fromOtherOrg && !hasExternalEndpoint(acc, m.pkiId)) continue;
    sendTo(acc, m, m.org === acc.state.self.org ? envelope : (withoutSecret(envelope) as Envelope));
  }
}

/**
 * [PEER-FUNC-ALIVE-ROUTING.2] Alive messages: the org-restricted ones (my org, no external
 * endpoint) share one selection of propagatePeerNum members of my org, each sent to those but its
 * sender; every other one gets its own selection of propagatePeerNum members by
 * peersByOriginOrgPolicy (its sender excluded by the selector), then sendAndFilterSecrets.
 */
function routeAlive(acc: Acc, messages: readonly Of<'alive'>[], pool: Pool): void {
  const orgMsgs: Of<'alive'>[] = [];
  const rest: Of<'alive'>[] = [];
  for (const r of messages) (isOrgRestricted(acc, r) ? orgMsgs : rest).push(r);
  // Fabric selects for the org group even when it is empty; no draw is made for nothing here.
  if (orgMsgs.length > 0) {
    const peers = select(acc, acc.state.config.propagatePeerNum, pool, (m) => m.org === acc.state.self.org);
    for (const { item, exclude } of orgMsgs) for (const m of removeSelfLoop(peers, exclude)) sendTo(acc, m, item.envelope);
  }
  for (const { item, exclude } of rest) {
    const env = aliveEnvelope(item);
    const byOrigin = peersByOriginOrgPolicy(acc, alivePkiId(env));
    const peers = select(acc, acc.state.config.propagatePeerNum, pool, (m) => byOrigin(m) && m.pkiId !== exclude);
    sendAndFilterSecrets(acc, env, peers);
  }
}

const ofKind = <K extends GossipItem['kind']>(batch: readonly Routed[], kind: K): Of<K>[] => batch.filter((r): r is Of<K> => r.item.kind === kind);

/** [PEER-FUNC-ROUTING-ORDER.1] Fabric's gossipBatch, group by group in its order. */
export function routeBatch(acc: Acc, batch: readonly Routed[]): void {
  const pool = aliveMembers(acc.state.membership);
  gossipInChan(acc, ofKind(batch, 'block'), pool);
  gossipInChan(acc, ofKind(batch, 'leadership'), pool);
  for (const r of ofKind(batch, 'stateInfo')) routeStateInfo(acc, r, pool);
  routeAlive(acc, ofKind(batch, 'alive'), pool);
}
