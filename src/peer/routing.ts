/**
 * Fabric's gossipBatch (§4.3) for what exists so far: leadership messages go to every same-org
 * peer of the channel's view; alive messages to propagatePeerNum random members the disclosure
 * rule allows, with the secret envelope stripped outside the org. The sender is never a target.
 */
import { selectPeers, type PkiId, own } from '../core';
import { aliveMembers, aliveRecipientRule, preferredEndpoint, type MemberInfo } from '../membership';
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
 * [PEER-FUNC-BLOCK-ROUTING.1] Fabric's rule 1: propagatePeerNum random peers of the channel view
 * (same org, in the channel), never the one it came from. Pushed blocks never leave the org.
 */
function routeBlock(acc: Acc, channel: string, envelope: Envelope, exclude: string | undefined, pool: readonly MemberInfo[]): void {
  const view = new Set<PkiId>(own(acc.state.channels, channel)?.view ?? []);
  const candidates = pool.filter((m) => view.has(m.pkiId) && m.pkiId !== exclude);
  const [chosen, routing] = selectPeers(acc.state.routing, acc.state.config.propagatePeerNum, candidates, () => true);
  acc.state = { ...acc.state, routing };
  for (const m of chosen) sendTo(acc, m, envelope);
}

export function routeBatch(acc: Acc, batch: readonly Routed[]): void {
  const pool = aliveMembers(acc.state.membership);
  for (const { item, exclude } of batch) {
    if (item.kind === 'alive') routeAlive(acc, item.envelope, exclude, pool);
    else if (item.kind === 'block') routeBlock(acc, item.channel, item.envelope, exclude, pool);
    else routeLeadership(acc, item.channel, item.envelope, exclude, pool);
  }
}
