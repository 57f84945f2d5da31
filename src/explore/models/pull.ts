/**
 * Configuration (c) of spec/explore.md: pull engines of one channel, each told its items and the
 * other peers at time 0 (as test/pull/harness.ts spawns them), exchanging Hello, DataDigest,
 * DataRequest and DataUpdate. The host attaches the items to an update and the receiver accepts
 * all of them (an honest network), so UPDATE_RECEIVED lists the update's ids.
 *
 * Checked on every step: the pull invariants (src/pull/invariants.ts); in every configuration:
 * [EXP-SAFE-PULL-NO-FORGERY.1]. Not timeless: remembered hellos expire at absolute times.
 * Randomness (round peers, nonces, owner choice) is the engine's own PRNG stream, seeded per peer:
 * fixed, not enumerated. Peers with equal items and equal seeds play the same role.
 */
import { canonicalEncode, pkiId, type PkiId } from '../../core';
import {
  createPullReducer,
  pullViolations,
  type PullCommand,
  type PullEvent,
  type PullMessageOutput,
  type PullOutput,
  type PullParams,
  type PullState,
} from '../../pull';
import type { Emit, ExploreModel, PeerStep } from '../model';

/** A pull message as it travels: the output without its recipient. */
export type PullMessage = { readonly kind: PullMessageOutput['kind']; readonly nonce: bigint; readonly ids: readonly string[] };

export interface PullPeerSpec {
  readonly items: readonly string[];
  readonly seed: number;
}

export interface PullModelOptions {
  readonly peers: readonly PullPeerSpec[];
  readonly params?: PullParams;
}

/** Fabric pull_test.go's engine timing (test/pull/harness.ts). */
export const EXPLORE_PULL_PARAMS: PullParams = {
  pullIntervalMs: 500,
  pullPeerNum: 10,
  digestWaitTimeMs: 100,
  requestWaitTimeMs: 200,
  responseWaitTimeMs: 200,
};

const toEvent = (from: PkiId, nowMs: number, m: PullMessage): PullCommand => {
  switch (m.kind) {
    case 'sendHello': return { type: 'HELLO_RECEIVED', nowMs, from, nonce: m.nonce };
    case 'sendDigest': return { type: 'DIGEST_RECEIVED', nowMs, from, nonce: m.nonce, ids: m.ids };
    case 'sendRequest': return { type: 'REQUEST_RECEIVED', nowMs, from, nonce: m.nonce, ids: m.ids };
    case 'sendUpdate': return { type: 'UPDATE_RECEIVED', nowMs, from, nonce: m.nonce, ids: m.ids };
  }
};

const SHORT = { sendHello: 'Hello', sendDigest: 'Digest', sendRequest: 'Request', sendUpdate: 'Update' } as const;

export function pullModel(options: PullModelOptions): ExploreModel<PullState, PullMessage, PullEvent> {
  const reducer = createPullReducer();
  const params = options.params ?? EXPLORE_PULL_PARAMS;
  const n = options.peers.length;
  const names = options.peers.map((_, i) => `peer${String.fromCharCode(65 + i)}`);
  const ids = names.map(pkiId);
  const indexOf = new Map(ids.map((id, i) => [id as string, i]));
  const everything = new Set(options.peers.flatMap((p) => p.items));

  const emitsOf = (outputs: readonly PullOutput[]): Emit<PullMessage, PullEvent>[] =>
    outputs.flatMap((o): Emit<PullMessage, PullEvent>[] => {
      if (o.kind === 'setTimer') return [{ kind: 'setTimer', timerId: o.timerId, delayMs: o.delayMs, event: o.event }];
      if (o.kind === 'cancelTimer') return [{ kind: 'cancelTimer', timerId: o.timerId }];
      const to = indexOf.get(o.to);
      if (to === undefined) return [];
      return [{ kind: 'send', to, message: { kind: o.kind, nonce: o.nonce, ids: o.kind === 'sendHello' ? [] : o.ids } }];
    });
  const step = (before: PullState, event: PullCommand | PullEvent): PeerStep<PullState, PullMessage, PullEvent> => {
    const [after, outputs] = reducer.step(before, event);
    return { state: after, emits: emitsOf(outputs), violations: pullViolations({ before, event, outputs, after }) };
  };

  const roles = options.peers.map((p) => canonicalEncode({ items: [...p.items].sort(), seed: p.seed }));
  return {
    name: `pull-${n}`,
    description: `${n} pull engines (${options.peers.map((p, i) => `${names[i]} holds ${p.items.length > 0 ? p.items.join(',') : 'nothing'}`).join('; ')})`,
    peerNames: names,
    timeless: false,
    ...(new Set(roles).size < n ? { symmetry: { roles, tokens: ids.map((id) => [id as string]) } } : {}),
    init() {
      return options.peers.map((p, i) => {
        const [s0, o0] = reducer.init({ selfId: ids[i] as PkiId, seed: p.seed, params });
        const s1 = step(s0, { type: 'PEERS_UPDATED', peers: ids.filter((_, j) => j !== i) });
        const s2 = p.items.length > 0 ? step(s1.state, { type: 'ITEMS_ADDED', ids: p.items }) : { ...s1, emits: [], violations: [] };
        return { state: s2.state, emits: [...emitsOf(o0), ...s1.emits, ...s2.emits], violations: [...s1.violations, ...s2.violations] };
      });
    },
    deliver: (_peer, state, from, message, nowMs) => step(state, toEvent(ids[from] as PkiId, nowMs, message)),
    fire: (_peer, state, event) => step(state, event),
    stateKey(s) {
      const { params: _params, ...context } = s.context;
      return canonicalEncode({ v: s.value, c: context, s: s.status, n: (s as { nodes?: unknown }).nodes });
    },
    messageKey: (m) => canonicalEncode(m),
    describeMessage: (m) => `${SHORT[m.kind]}(${m.ids.join(',')})`,
    describeState: (s) => `holds [${s.context.items.join(',')}] ${JSON.stringify(s.value)}`,
    /** [EXP-SAFE-PULL-NO-FORGERY.1] every item held was held by some peer at the start. */
    globalViolations(states) {
      const forged = states.flatMap((s) => s.context.items.filter((id) => !everything.has(id)).map((id) => `${s.context.selfId} holds ${id}`));
      return forged.length === 0 ? [] : [`EXP-SAFE-PULL-NO-FORGERY.1: ${forged.join(', ')}`];
    },
  };
}
