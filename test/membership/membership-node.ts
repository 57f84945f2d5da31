/**
 * A membership-only peer for the simulator: the edge decodes and tag-checks every payload
 * (admitEnvelope), feeds MESSAGE_RECEIVED / HANDSHAKE_RESULT / TIMER_FIRED / commands to the
 * membership reducer, and routes its `gossip` outputs itself (the peer composition's job in the
 * real peer): propagatePeerNum random alive members, excluding the sender, each allowed by
 * aliveRecipientRule, the SecretEnvelope stripped where the rule says so.
 */
import { channelId, decodeWith, forkPrng, orgId, selectPeers, type CryptoSuite, type Effect, type HostInput, type PeerReducer, type PkiId, type Prng, type SigningKey } from '../../src/core';
import { withoutSecret } from '../../src/messages';
import {
  aliveMembers,
  aliveRecipientRule,
  checkMembershipStep,
  createMembershipReducer,
  MembershipEvent,
  type MembershipEvent as MembershipEventT,
  type MembershipInit,
  type MembershipOutput,
  type MembershipReducer,
  type MembershipState,
  type TimerEvent,
} from '../../src/membership';
import { admitEnvelope } from '../../src/peer/inbound';
import type { InitPeer, PeerSpec } from '../../src/sim';

export interface MembershipNodeState {
  readonly membership: MembershipState;
  /** The routing PRNG (the composition's, not membership's own stream). */
  readonly routing: Prng;
  /** Inputs the edge rejected (decode errors, illegal tags, unknown commands). */
  readonly rejected: number;
  /** Membership's `rejected` outputs by reason (what the peer composition counts in PeerState.rejected). */
  readonly rejectedByMembership: Readonly<Record<string, number>>;
  /** The first invariant violation seen in a step of this peer (invariants.ts), if any. */
  readonly violation?: string;
}

/**
 * The discovery chart's membership-sync timer event (discovery-machine.ts, region membershipSync).
 * Fabric's discovery tests call InitiateSync(peerNum) by hand; this host does it by firing that
 * region's timer with pullPeerNum set to peerNum for the one step (the chart re-arms its timer,
 * which the simulator replaces: the periodic schedule is unchanged apart from its phase).
 */
export const MEMBERSHIP_SYNC_AFTER_EVENT = 'xstate.after.pullInterval.discovery.running.membershipSync.waiting';

/** Test-only host command: Fabric's Discovery.InitiateSync(peerNum). */
interface InitiateSync {
  readonly type: 'INITIATE_SYNC';
  readonly peerNum: number;
}

function isInitiateSync(command: unknown): command is InitiateSync {
  const c = command as Partial<InitiateSync> | undefined;
  return c?.type === 'INITIATE_SYNC' && typeof c.peerNum === 'number' && Number.isInteger(c.peerNum) && c.peerNum >= 0;
}

function initiateSync(reducer: MembershipReducer, state: MembershipState, nowMs: number, peerNum: number): readonly [MembershipState, readonly MembershipOutput[]] {
  const params = state.config.params;
  const patched: MembershipState = { ...state, config: { ...state.config, params: { ...params, pullPeerNum: peerNum } } };
  const timerId = `membership/${MEMBERSHIP_SYNC_AFTER_EVENT}`;
  const [after, outs] = reducer.step(patched, { type: 'TIMER_FIRED', nowMs, timerId, machine: 'discovery', afterEvent: MEMBERSHIP_SYNC_AFTER_EVENT });
  return [{ ...after, config: { ...after.config, params } }, outs];
}

/** Turn one host input into a membership event (undefined: not for membership). */
function toEvent(input: HostInput): MembershipEventT | undefined | 'rejected' {
  switch (input.kind) {
    case 'receive': {
      const admitted = admitEnvelope(input.payload);
      if (!admitted.ok) return 'rejected';
      const c = admitted.envelope.payload.content.$case;
      if (c !== 'aliveMsg' && c !== 'memReq' && c !== 'memRes') return undefined;
      return { type: 'MESSAGE_RECEIVED', nowMs: input.nowMs, from: input.from, envelope: admitted.envelope };
    }
    case 'timer':
      return { ...(input.event as TimerEvent), nowMs: input.nowMs };
    case 'handshakeResult':
      return { type: 'HANDSHAKE_RESULT', nowMs: input.nowMs, endpoint: input.endpoint, attempt: input.attempt, result: input.result };
    case 'command': {
      const decoded = decodeWith(MembershipEvent, { ...(input.command as object), nowMs: input.nowMs });
      if (!decoded.ok) return 'rejected';
      const t = decoded.value.type;
      // IDENTITY_PURGED stands for Fabric's IdentitySwitch channel (the discovery tests feed it by hand).
      return t === 'ANCHOR_PEERS' || t === 'STOP' || t === 'UPDATE_METADATA' || t === 'UPDATE_ENDPOINT' || t === 'IDENTITY_PURGED' ? decoded.value : 'rejected';
    }
    default:
      return undefined;
  }
}

function route(s: MembershipNodeState, outs: readonly MembershipOutput[]): [MembershipNodeState, Effect[]] {
  const effects: Effect[] = [];
  let routing = s.routing;
  let rejectedByMembership = s.rejectedByMembership;
  for (const o of outs) {
    if (o.kind === 'rejected') {
      rejectedByMembership = { ...rejectedByMembership, [o.reason]: (rejectedByMembership[o.reason] ?? 0) + 1 };
      continue;
    }
    // A membership-only node has no identity store to hand learned identities to.
    if (o.kind === 'identityLearned' || o.kind === 'identityUsed') continue;
    if (o.kind !== 'gossip') {
      effects.push(o);
      continue;
    }
    const pool = aliveMembers(s.membership).filter((m) => m.pkiId !== o.excludePkiId);
    const k = s.membership.config.params.propagatePeerNum;
    const [chosen, next] = selectPeers(routing, k, pool, (m) => aliveRecipientRule(s.membership, o.envelope, m) !== 'deny');
    routing = next;
    for (const m of chosen) {
      const decision = aliveRecipientRule(s.membership, o.envelope, m);
      const message = decision === 'sendWithoutSecret' ? withoutSecret(o.envelope) : o.envelope;
      effects.push({ kind: 'send', to: [{ pkiId: m.pkiId, endpoint: m.internalEndpoint ?? m.endpoint }], message });
    }
  }
  return [{ ...s, routing, rejectedByMembership }, effects];
}

export function membershipNodeReducer(crypto: CryptoSuite, keys: ReadonlyMap<string, SigningKey>): PeerReducer<MembershipNodeState> {
  const reducers = new Map<string, MembershipReducer>();
  const reducerOf = (pkiId: PkiId): MembershipReducer => {
    let r = reducers.get(pkiId);
    if (r === undefined) {
      const key = keys.get(pkiId);
      if (key === undefined) throw new RangeError(`no key for ${pkiId}`);
      r = createMembershipReducer({ crypto, key });
      reducers.set(pkiId, r);
    }
    return r;
  };
  return {
    step(state, input) {
      if (input.kind === 'command' && isInitiateSync(input.command)) {
        const [membership, outs] = initiateSync(reducerOf(state.membership.self.pkiId), state.membership, input.nowMs, input.command.peerNum);
        const violation = state.violation ?? checkMembershipStep(state.membership, { type: 'TIMER_FIRED', nowMs: input.nowMs, timerId: `membership/${MEMBERSHIP_SYNC_AFTER_EVENT}`, machine: 'discovery', afterEvent: MEMBERSHIP_SYNC_AFTER_EVENT }, membership, outs);
        return route(violation === undefined ? { ...state, membership } : { ...state, membership, violation }, outs);
      }
      const event = toEvent(input);
      if (event === 'rejected') return [{ ...state, rejected: state.rejected + 1 }, []];
      if (event === undefined) return [state, []];
      const [membership, outs] = reducerOf(state.membership.self.pkiId).step(state.membership, event);
      const violation = state.violation ?? checkMembershipStep(state.membership, event, membership, outs);
      return route(violation === undefined ? { ...state, membership } : { ...state, membership, violation }, outs);
    },
  };
}

/**
 * Init for the world: the caller maps a peer spec to its membership configuration, and optionally
 * to the channel anchors it knows at start (a restarted peer re-reads its channel config).
 */
export function membershipNodeInit(
  crypto: CryptoSuite,
  keys: ReadonlyMap<string, SigningKey>,
  configOf: (spec: PeerSpec, nowMs: number, incarnation: number) => MembershipInit,
  anchorsOf: (spec: PeerSpec) => { channel: string; anchors: { org: string; endpoint: string }[] } | undefined = () => undefined,
): InitPeer<MembershipNodeState> {
  return (spec, nowMs, context) => {
    const input = configOf(spec, nowMs, context.incarnation);
    const key = keys.get(spec.pkiId);
    if (key === undefined) throw new RangeError(`no key for ${spec.pkiId}`);
    const reducer = createMembershipReducer({ crypto, key });
    const [membership, outs] = reducer.init(input);
    // Membership alone has no identity pull (the composed peer runs it): this host stands in for a
    // cert store that has already spread every identity, as Fabric's discovery tests' mock accepts
    // every alive message. Alive messages of unknown signers are still dropped, never dialled.
    const known = [...keys.values()].reduce(
      (m, k) => reducer.step(m, { type: 'IDENTITY_LEARNED', nowMs, pkiId: crypto.pkiIdOf(k.identity), identity: k.identity })[0],
      membership,
    );
    const join = anchorsOf(spec);
    const [joined, joinOuts] = join === undefined ? [known, []] : reducer.step(known, { type: 'ANCHOR_PEERS', nowMs, channel: channelId(join.channel), anchors: join.anchors.map((a) => ({ org: orgId(a.org), endpoint: a.endpoint })) });
    const base: MembershipNodeState = { membership: joined, routing: forkPrng(input.seed, 'routing'), rejected: 0, rejectedByMembership: {} };
    return route(base, [...outs, ...joinOuts]);
  };
}
