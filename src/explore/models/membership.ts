/**
 * Configuration (b) of spec/explore.md: membership-only peers of one org (symbolic crypto, every
 * identity known from the start, as test/membership/membership-node.ts sets them up), each
 * bootstrapping to the first peer. The model is that file's edge without the codec: `gossip`
 * outputs are routed to propagatePeerNum alive members by the peer's routing PRNG under
 * aliveRecipientRule; a `handshake` effect becomes an item in flight to the dialer, whose delivery
 * is a successful handshake with the endpoint's owner and whose loss is a failed one.
 *
 * Checked on every step: the membership invariants (src/membership/invariants.ts); in every
 * configuration: [EXP-SAFE-MEMBERSHIP-KNOWN-PEERS.1]. Not timeless (lastSeen, expiry and incNum
 * are times). Randomness (sync targets, nonces, routing) comes from per-peer seeds: fixed, not
 * enumerated. Peers with equal bootstrap lists and equal seeds play the same role.
 */
import { createSymbolicSuite, orgId, selectPeers, forkPrng, type Prng, type PkiId } from '../../core';
import {
  aliveMembers,
  aliveRecipientRule,
  checkMembershipStep,
  createMembershipReducer,
  pentries,
  FABRIC_DISCOVERY_TEST_PARAMS,
  type MembershipEvent,
  type MembershipOutput,
  type MembershipParams,
  type MembershipReducer,
  type MembershipState,
  type PMap,
  type TimerEvent,
} from '../../membership';
import { withoutSecret, type Envelope } from '../../messages';
import { canonicalText } from '../canonical';
import type { Emit, ExploreModel, PeerStep } from '../model';

export interface MembershipPeer {
  readonly membership: MembershipState;
  /** The composition's routing stream (not membership's own). */
  readonly routing: Prng;
}

export type MembershipMessage =
  | { readonly kind: 'envelope'; readonly envelope: Envelope }
  /** A dial in progress: its answer, due to the dialer. */
  | { readonly kind: 'handshake'; readonly endpoint: string; readonly attempt: number };

export interface MembershipModelOptions {
  readonly peers: number;
  /** Per peer, the indices of the peers it bootstraps to. */
  readonly bootstrap: readonly (readonly number[])[];
  /** Per peer, the seed of its PRNG streams. */
  readonly seeds: readonly number[];
  readonly params?: MembershipParams;
}

/** Fabric's discovery test timing, with membership sync to every peer. */
export const EXPLORE_MEMBERSHIP_PARAMS: MembershipParams = FABRIC_DISCOVERY_TEST_PARAMS;

/** Left out of the state text: constants (config, identities' org), the view memo token, and signatures (a function of signer and payload). */
const OMIT = new Set(['config', 'viewToken', 'signature']);

/**
 * A PMap is written as its entries in iteration order (which can steer routing, so it is kept),
 * without the bucket positions, which are a hash of the keys and would defeat renaming.
 */
const isPMap = (v: object): v is PMap<unknown> => Array.isArray((v as { buckets?: unknown }).buckets) && typeof (v as { size?: unknown }).size === 'number';
const CANONICAL = { omit: OMIT, rewrite: (v: object): unknown => (isPMap(v) ? { $pmap: [...pentries(v)] } : v) };

export function membershipModel(options: MembershipModelOptions): ExploreModel<MembershipPeer, MembershipMessage, TimerEvent> {
  const n = options.peers;
  const params = options.params ?? EXPLORE_MEMBERSHIP_PARAMS;
  const suite = createSymbolicSuite(7);
  const names = Array.from({ length: n }, (_, i) => `peer${i}`);
  const keys = names.map((name) => suite.enroll('Org1MSP', name));
  const ids = keys.map((k) => suite.pkiIdOf(k.identity));
  const endpoints = names.map((_, i) => `localhost:${5610 + i}`);
  const reducers: MembershipReducer[] = keys.map((key) => createMembershipReducer({ crypto: suite, key }));
  const byPkiId = new Map(ids.map((id, i) => [id as string, i]));
  const byEndpoint = new Map(endpoints.map((e, i) => [e, i]));

  const route = (peer: MembershipPeer, self: number, outputs: readonly MembershipOutput[]): { routing: Prng; emits: Emit<MembershipMessage, TimerEvent>[] } => {
    const emits: Emit<MembershipMessage, TimerEvent>[] = [];
    let routing = peer.routing;
    for (const o of outputs) {
      if (o.kind === 'setTimer') emits.push({ kind: 'setTimer', timerId: o.timerId, delayMs: o.delayMs, event: o.event });
      else if (o.kind === 'cancelTimer') emits.push({ kind: 'cancelTimer', timerId: o.timerId });
      else if (o.kind === 'handshake') emits.push({ kind: 'send', to: self, message: { kind: 'handshake', endpoint: o.endpoint, attempt: o.attempt } });
      else if (o.kind === 'send') {
        for (const to of o.to) {
          const index = byPkiId.get(to.pkiId) ?? byEndpoint.get(to.endpoint);
          if (index !== undefined) emits.push({ kind: 'send', to: index, message: { kind: 'envelope', envelope: o.message } });
        }
      } else if (o.kind === 'gossip') {
        const s = peer.membership;
        const pool = aliveMembers(s).filter((m) => m.pkiId !== o.excludePkiId);
        const [chosen, next] = selectPeers(routing, s.config.params.propagatePeerNum, pool, (m) => aliveRecipientRule(s, o.envelope, m) !== 'deny');
        routing = next;
        for (const m of chosen) {
          const to = byPkiId.get(m.pkiId);
          const envelope = aliveRecipientRule(s, o.envelope, m) === 'sendWithoutSecret' ? withoutSecret(o.envelope) : o.envelope;
          if (to !== undefined) emits.push({ kind: 'send', to, message: { kind: 'envelope', envelope: envelope as Envelope } });
        }
      }
      // identityLearned / identityUsed / rejected / closeConnection / log / metric: nothing to route.
    }
    return { routing, emits };
  };

  const step = (self: number, peer: MembershipPeer, event: MembershipEvent): PeerStep<MembershipPeer, MembershipMessage, TimerEvent> => {
    const before = peer.membership;
    const [after, outputs] = (reducers[self] as MembershipReducer).step(before, event);
    const violation = checkMembershipStep(before, event, after, outputs);
    // Routing reads the state after the step (the composition routes with the view it now has).
    const { routing, emits } = route({ membership: after, routing: peer.routing }, self, outputs);
    return { state: { membership: after, routing }, emits, violations: violation === undefined ? [] : [violation] };
  };

  const handshakeAnswer = (self: number, peer: MembershipPeer, m: Extract<MembershipMessage, { kind: 'handshake' }>, nowMs: number, ok: boolean) => {
    const target = byEndpoint.get(m.endpoint);
    const result = ok && target !== undefined
      ? { ok: true as const, pkiId: ids[target] as PkiId, identity: (keys[target] as { identity: string }).identity }
      : { ok: false as const, reason: target === undefined ? 'unknown endpoint' : 'unreachable' };
    return step(self, peer, { type: 'HANDSHAKE_RESULT', nowMs, endpoint: m.endpoint, attempt: m.attempt, result });
  };

  const roles = options.seeds.map(String);
  // A renaming must carry each peer's bootstrap list (in order) onto its image's.
  const admits = (perm: readonly number[]) =>
    options.bootstrap.every((b, i) => {
      const image = options.bootstrap[perm[i] as number] ?? [];
      return image.length === b.length && b.every((j, k) => image[k] === perm[j]);
    });
  return {
    name: `membership-${n}`,
    description: `${n} membership peers of one org, bootstrap ${options.bootstrap.map((b, i) => `${names[i]}->[${b.map((j) => names[j]).join(',')}]`).join(' ')}`,
    peerNames: names,
    timeless: false,
    ...(new Set(roles).size < n ? { symmetry: { roles, admits, tokens: ids.map((id, i) => [id as string, (keys[i] as { identity: string }).identity, endpoints[i] as string]) } } : {}),
    init() {
      return names.map((_, i) => {
        const reducer = reducers[i] as MembershipReducer;
        const seed = options.seeds[i] ?? i;
        const [m0, outs] = reducer.init({
          self: { pkiId: ids[i] as PkiId, identity: (keys[i] as { identity: string }).identity, org: orgId('Org1MSP'), internalEndpoint: endpoints[i] as string, externalEndpoint: endpoints[i] as string, metadata: '' },
          startTimeMs: 0,
          params,
          bootstrap: (options.bootstrap[i] ?? []).map((j) => endpoints[j] as string),
          seed,
        });
        // Every identity is known from the start (a cert store that has already spread them), as in membership-node.ts.
        const known = keys.reduce((m, k) => reducer.step(m, { type: 'IDENTITY_LEARNED', nowMs: 0, pkiId: suite.pkiIdOf(k.identity), identity: k.identity })[0], m0);
        const peer = { membership: known, routing: forkPrng(seed, 'routing') };
        const { routing, emits } = route(peer, i, outs);
        return { state: { membership: known, routing }, emits, violations: [] };
      });
    },
    deliver(self, peer, from, m, nowMs) {
      if (m.kind === 'handshake') return handshakeAnswer(self, peer, m, nowMs, true);
      const info = { pkiId: ids[from] as PkiId, identity: (keys[from] as { identity: string }).identity, endpoint: endpoints[from] as string };
      return step(self, peer, { type: 'MESSAGE_RECEIVED', nowMs, from: info, envelope: m.envelope });
    },
    lost: (self, peer, _from, m, nowMs) => (m.kind === 'handshake' ? handshakeAnswer(self, peer, m, nowMs, false) : undefined),
    fire: (self, peer, event, nowMs) => step(self, peer, { ...event, nowMs }),
    stateKey: (p) => canonicalText(p, CANONICAL),
    messageKey: (m) => canonicalText(m, CANONICAL),
    describeMessage(m) {
      if (m.kind === 'handshake') return `handshake(${m.endpoint}#${m.attempt})`;
      const c = m.envelope.payload.content;
      return c.$case;
    },
    describeState: (p) => `alive [${aliveMembers(p.membership).map((m) => m.pkiId).join(',')}]`,
    /** [EXP-SAFE-MEMBERSHIP-KNOWN-PEERS.1] a peer knows only the configuration's other peers. */
    globalViolations(states) {
      const strangers = states.flatMap((p, i) => [...pentries(p.membership.members)].filter(([id]) => byPkiId.get(id) === undefined || byPkiId.get(id) === i).map(([id]) => `${names[i]} knows ${id}`));
      return strangers.length === 0 ? [] : [`EXP-SAFE-MEMBERSHIP-KNOWN-PEERS.1: ${strangers.join(', ')}`];
    },
  };
}
