/**
 * Fabric's gossipBatch (§4.3) for what exists so far: blocks go to propagatePeerNum random same-org
 * peers of the channel's view, leadership messages to every one of them; StateInfo to
 * propagatePeerNum random same-org members, or members of the channel's orgs when its subject has
 * an external endpoint; alive messages to propagatePeerNum random members the disclosure rule
 * allows, with the secret envelope stripped outside the org. The sender is never a target.
 */
import { isOrgInChannel } from '../channel';
import { selectPeers, type PkiId, own } from '../core';
import { aliveMembers, aliveRecipientRule, lookup, preferredEndpoint, type MemberInfo } from '../membership';
import { withoutSecret, type Envelope } from '../messages';
import type { Acc } from './acc';
import type { Routed } from './signals';

function sendTo(acc: Acc, member: MemberInfo, message: Envelope): void {
  acc.effects.push({ kind: 'send', to: [{ pkiId: member.pkiId, endpoint: preferredEndpoint(member) }], message });
}

/** [PEER-FUNC-ALIVE-ROUTING.1] */
function routeAlive(acc: Acc, envelope: Envelope, exclude: string | undefined, pool: readonly MemberInfo[]): void {
  const membership = acc.state.membership;
  const alive = envelope as Parameters<typeof aliveRecipientRule>[1];
  const candidates = pool.filter((m) => m.pkiId !== exclude);
  const [chosen, routing] = selectPeers(acc.state.routing, acc.state.config.propagatePeerNum, candidates, (m) => aliveRecipientRule(membership, alive, m) !== 'deny');
  acc.state = { ...acc.state, routing };
  for (const m of chosen) sendTo(acc, m, aliveRecipientRule(membership, alive, m) === 'sendWithoutSecret' ? withoutSecret(envelope) : envelope);
}

/** [ELE-FUNC-LEADERSHIP-ROUTING.1] every same-org peer of the channel view, never forwarded further. */
function routeLeadership(acc: Acc, channel: string, envelope: Envelope, exclude: string | undefined, pool: readonly MemberInfo[]): void {
  const view = new Set<PkiId>(own(acc.state.channels, channel)?.view ?? []);
  for (const m of pool) if (view.has(m.pkiId) && m.pkiId !== exclude) sendTo(acc, m, envelope);
}

/**
 * [PEER-FUNC-BLOCK-ROUTING.2] Fabric's rule 1: propagatePeerNum random peers of the channel view
 * (same org, eligible: their StateInfo is cached), never the one it came from. Pushed blocks never
 * leave the org, and never reach a peer that has not published StateInfo in the channel.
 */
function routeBlock(acc: Acc, channel: string, envelope: Envelope, exclude: string | undefined, pool: readonly MemberInfo[]): void {
  const view = new Set<PkiId>(own(acc.state.channels, channel)?.view ?? []);
  const candidates = pool.filter((m) => view.has(m.pkiId) && m.pkiId !== exclude);
  const [chosen, routing] = selectPeers(acc.state.routing, acc.state.config.propagatePeerNum, candidates, () => true);
  acc.state = { ...acc.state, routing };
  for (const m of chosen) sendTo(acc, m, envelope);
}

/** Fabric's hasExternalEndpoint: membership's Lookup (self included) knows an external endpoint for the PKI-ID. */
function hasExternalEndpoint(acc: Acc, pkiId: string): boolean {
  if (pkiId === acc.state.self.pkiId) return acc.state.self.externalEndpoint !== '';
  return (lookup(acc.state.membership, pkiId as PkiId)?.endpoint ?? '') !== '';
}

/**
 * [PEER-FUNC-STATE-INFO-ROUTING.1] Fabric's rule 3: propagatePeerNum random alive members of my org;
 * if the StateInfo's subject has an external endpoint, of any org in the channel instead; never
 * the one it came from.
 */
function routeStateInfo(acc: Acc, channel: string, envelope: Envelope, exclude: string | undefined, pool: readonly MemberInfo[]): void {
  const content = envelope.payload.content;
  if (content.$case !== 'stateInfo') return;
  const ch = own(acc.state.channels, channel);
  const myOrg = acc.state.self.org;
  const selector =
    ch !== undefined && hasExternalEndpoint(acc, content.stateInfo.pkiId)
      ? (m: MemberInfo) => isOrgInChannel(ch.gossipChannel, m.org)
      : (m: MemberInfo) => m.org === myOrg;
  const candidates = pool.filter((m) => m.pkiId !== exclude);
  const [chosen, routing] = selectPeers(acc.state.routing, acc.state.config.propagatePeerNum, candidates, selector);
  acc.state = { ...acc.state, routing };
  for (const m of chosen) sendTo(acc, m, envelope);
}

export function routeBatch(acc: Acc, batch: readonly Routed[]): void {
  const pool = aliveMembers(acc.state.membership);
  for (const { item, exclude } of batch) {
    if (item.kind === 'alive') routeAlive(acc, item.envelope, exclude, pool);
    else if (item.kind === 'block') routeBlock(acc, item.channel, item.envelope, exclude, pool);
    else if (item.kind === 'stateInfo') routeStateInfo(acc, item.channel, item.envelope, exclude, pool);
    else routeLeadership(acc, item.channel, item.envelope, exclude, pool);
  }
}
