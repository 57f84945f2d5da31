/**
 * `withByzantine`: one PeerReducer for a world in which some peers are Byzantine. Honest peers run
 * the honest reducer on their own state, untouched; a Byzantine peer's state is a ByzantineState
 * that (by default) runs the honest reducer inside, so it is a full insider, and adds hostile
 * traffic on its own timer, on receipt, and on command.
 */
import { forkPrng, nextFloat, nextInt, type Effect, type HostInput, type PeerReducer } from '../../core';
import type { InitPeer, PeerSpec } from '../world';
import { attack, type Hostile } from './attacks';
import type { AttackContext } from './forge';
import { DEFAULT_SEEN_LIMIT, remember } from './seen';
import {
  ATTACK_KINDS,
  BYZANTINE_TIMER_ID,
  isByzantineState,
  type AttackKind,
  type ByzantineCommand,
  type ByzantineOptions,
  type ByzantineState,
  type WithByzantine,
} from './types';

export interface ByzantineWorldParts<S> {
  readonly reducer: PeerReducer<WithByzantine<S>>;
  readonly initPeer: InitPeer<WithByzantine<S>>;
}

interface Resolved {
  readonly seed: number;
  readonly everyMs: number;
  readonly perRound: number;
  readonly replyProbability: number;
  readonly seenLimit: number;
  readonly kinds: readonly AttackKind[];
  readonly shell: boolean;
}

function isByzantineCommand(c: unknown): c is ByzantineCommand {
  const b = (c as { byzantine?: unknown } | null)?.byzantine;
  return b === 'burst' || b === 'pause' || b === 'resume';
}

const toSend = (h: Hostile): Effect => ({ kind: 'send', to: [{ pkiId: h.to.pkiId, endpoint: h.to.externalEndpoint !== '' ? h.to.externalEndpoint : h.to.internalEndpoint }], message: h.payload });

/**
 * [SIM-FUNC-BYZANTINE-WRAPPER.1] [SIM-ASM-BYZANTINE-INSIDER.1] Wrap the honest reducer and init:
 * the named peers become Byzantine, every other peer is stepped by `honest` exactly as before.
 */
export function withByzantine<S>(honest: PeerReducer<S>, honestInit: InitPeer<S>, options: ByzantineOptions & { readonly seed: number }): ByzantineWorldParts<S> {
  const r: Resolved = {
    seed: options.seed,
    everyMs: options.attackEveryMs ?? 500,
    perRound: options.attacksPerRound ?? 2,
    replyProbability: options.replyProbability ?? 0.2,
    seenLimit: options.seenLimit ?? DEFAULT_SEEN_LIMIT,
    kinds: options.kinds ?? ATTACK_KINDS,
    shell: options.honestShell ?? true,
  };
  if (r.kinds.length === 0) throw new RangeError('withByzantine: no attack kinds');
  if (!(r.everyMs > 0)) throw new RangeError('withByzantine: attackEveryMs must be positive');
  const byzantine = new Set(options.byzantine);
  for (const name of byzantine) if (!options.peers.some((p) => p.name === name)) throw new RangeError(`withByzantine: unknown peer ${name}`);
  const contexts = new Map<string, AttackContext>();
  const contextOf = (spec: PeerSpec): AttackContext => {
    let ctx = contexts.get(spec.name);
    if (ctx === undefined) {
      // [SIM-ASM-BYZANTINE-INSIDER.1] its own enrolled key, and no other.
      const key = options.keyOf(spec.name);
      if (key === undefined || key.identity !== spec.identity) throw new RangeError(`withByzantine: no own key for ${spec.name}`);
      ctx = { self: spec, key, suite: options.suite, others: options.peers.filter((p) => p.name !== spec.name), channels: options.channels.length > 0 ? options.channels : ['byzantine'], floodSize: options.floodSize ?? 20 };
      contexts.set(spec.name, ctx);
    }
    return ctx;
  };

  const armTimer = <T>(st: ByzantineState<T>): [ByzantineState<T>, Effect] => {
    const [delayMs, prng] = nextInt(st.prng, Math.ceil(r.everyMs / 2), Math.ceil((r.everyMs * 3) / 2));
    return [{ ...st, prng }, { kind: 'setTimer', timerId: BYZANTINE_TIMER_ID, delayMs, event: { byzantine: 'attack' } }];
  };

  const run = (st: ByzantineState<S>, kinds: readonly AttackKind[], target?: PeerSpec): [ByzantineState<S>, Effect[]] => {
    const ctx = contextOf(st.spec);
    const effects: Effect[] = [];
    let s = st;
    for (const kind of kinds) {
      const [next, hostile] = attack(kind, s, ctx, target);
      s = next;
      effects.push(...hostile.map(toSend));
    }
    return [s, effects];
  };

  const drawKinds = (st: ByzantineState<S>, n: number): [AttackKind[], ByzantineState<S>] => {
    const kinds: AttackKind[] = [];
    let prng = st.prng;
    for (let i = 0; i < n; i++) {
      const [k, p] = nextInt(prng, 0, r.kinds.length - 1);
      prng = p;
      kinds.push(r.kinds[k] as AttackKind);
    }
    return [kinds, { ...st, prng }];
  };

  const stepShell = (st: ByzantineState<S>, input: HostInput): [ByzantineState<S>, Effect[]] => {
    if (st.shell === undefined) return [st, []];
    const [shell, effects] = honest.step(st.shell, input);
    return [{ ...st, shell }, [...effects]];
  };

  const stepByzantine = (st0: ByzantineState<S>, input: HostInput): [ByzantineState<S>, Effect[]] => {
    if (input.kind === 'timer' && input.timerId === BYZANTINE_TIMER_ID) {
      const [kinds, st1] = st0.attacking ? drawKinds(st0, r.perRound) : [[], st0];
      const [st2, effects] = run(st1, kinds);
      const [st3, timer] = armTimer(st2);
      return [st3, [...effects, timer]];
    }
    if (input.kind === 'command' && isByzantineCommand(input.command)) {
      const cmd = input.command;
      if (cmd.byzantine === 'pause') return [{ ...st0, attacking: false }, []];
      if (cmd.byzantine === 'resume') return [{ ...st0, attacking: true }, []];
      const target = cmd.target === undefined ? undefined : contextOf(st0.spec).others.find((p) => p.name === cmd.target);
      const kinds = cmd.attacks.filter((k) => (ATTACK_KINDS as readonly string[]).includes(k));
      return run(st0, kinds, target);
    }
    if (input.kind !== 'receive') return stepShell(st0, input);
    const [st1, shellEffects] = stepShell(remember(st0, input.payload, r.seenLimit), input);
    const [u, prng] = nextFloat(st1.prng);
    const st2 = { ...st1, prng };
    if (!st2.attacking || u >= r.replyProbability) return [st2, shellEffects];
    // A hostile answer to whoever spoke to it.
    const sender = contextOf(st2.spec).others.find((p) => p.pkiId === input.from.pkiId);
    const [kinds, st3] = drawKinds(st2, 1);
    const [st4, hostile] = run(st3, kinds, sender);
    return [st4, [...shellEffects, ...hostile]];
  };

  const reducer: PeerReducer<WithByzantine<S>> = {
    step: (state, input) => (isByzantineState(state) ? stepByzantine(state, input) : honest.step(state, input)),
  };

  const initPeer: InitPeer<WithByzantine<S>> = (spec, nowMs, context) => {
    if (!byzantine.has(spec.name)) return honestInit(spec, nowMs, context);
    contextOf(spec);
    const [shell, shellEffects] = r.shell ? honestInit(spec, nowMs, context) : [undefined, []];
    const st: ByzantineState<S> = {
      byzantine: true,
      spec,
      shell,
      prng: forkPrng(r.seed, `byzantine/${spec.name}/${context.incarnation}`),
      seen: [],
      seenTotal: 0,
      startMs: nowMs,
      fresh: 0,
      attacking: true,
      sent: {},
    };
    const [armed, timer] = armTimer(st);
    return [armed, [...shellEffects, timer]];
  };

  return { reducer, initPeer };
}
