/** The initiator's pure round steps: start a round (hellos), plan the requests, record digests and updates. */
import { nextInt, nextNonce, selectPeers, type PkiId, type Prng } from '../core';
import type { ItemOwners, OutgoingHello, PullContext, PullRound, SentRequest } from './context';

/**
 * [PUL-FUNC-START-ROUND.1] [PUL-SAFE-UNIQUE-NONCES.1] min(pullPeerNum, peers) random peers (never
 * self), each with a fresh 64-bit nonce unique within the round (a colliding draw is redrawn).
 */
export function startRound(context: PullContext): { prng: Prng; round: PullRound } {
  const [chosen, afterSelect] = selectPeers(context.prng, context.params.pullPeerNum, context.peers, (p) => p !== context.selfId);
  let prng = afterSelect;
  const outgoing: OutgoingHello[] = [];
  for (const peer of chosen) {
    let nonce: bigint;
    do [nonce, prng] = nextNonce(prng);
    while (outgoing.some((h) => h.nonce === nonce));
    outgoing.push({ peer, nonce });
  }
  return { prng, round: { outgoing, owners: [], requests: [] } };
}

/** [PUL-FUNC-DIGEST.1] record `from` as an owner of each listed item this peer lacks (once per item). */
export function recordOwners(context: PullContext, from: PkiId, ids: readonly string[]): readonly ItemOwners[] {
  const owners = context.round.owners.slice();
  for (const id of ids) {
    if (context.items.includes(id)) continue;
    const at = owners.findIndex((o) => o.id === id);
    const entry = owners[at];
    if (entry === undefined) owners.push({ id, owners: [from] });
    else if (!entry.owners.includes(from)) owners[at] = { id, owners: [...entry.owners, from] };
  }
  return owners;
}

/**
 * [PUL-FUNC-REQUEST.1] [PUL-SAFE-ONE-REQUEST-PER-OWNER.1] one random owner per wanted item; the
 * items of one owner go in one request with that owner's nonce. Items added since the digest was
 * recorded are not asked for.
 */
export function planRequests(context: PullContext): { prng: Prng; requests: readonly SentRequest[] } {
  let prng = context.prng;
  const byOwner = new Map<PkiId, string[]>();
  for (const { id, owners } of context.round.owners) {
    if (context.items.includes(id)) continue;
    let pick: number;
    [pick, prng] = nextInt(prng, 0, owners.length - 1);
    const owner = owners[pick] as PkiId;
    const list = byOwner.get(owner);
    if (list === undefined) byOwner.set(owner, [id]);
    else list.push(id);
  }
  const requests: SentRequest[] = [];
  for (const [to, ids] of byOwner) {
    const nonce = context.round.outgoing.find((h) => h.peer === to)?.nonce;
    if (nonce !== undefined) requests.push({ to, nonce, ids });
  }
  return { prng, requests };
}

/** Add ids to an id list, keeping it free of duplicates and in arrival order. */
export function addIds(items: readonly string[], ids: readonly string[]): readonly string[] {
  const out = items.slice();
  for (const id of ids) if (!out.includes(id)) out.push(id);
  return out.length === items.length ? items : out;
}

export function removeIds(items: readonly string[], ids: readonly string[]): readonly string[] {
  const out = items.filter((id) => !ids.includes(id));
  return out.length === items.length ? items : out;
}
