/**
 * A tiny test-only peer for the simulator's tests: a flooding counter that can also be scripted.
 *  - command {op:'start'}: floods a fresh message to every other peer;
 *  - receive {kind:'flood', id}: records it and forwards it once to everyone but the sender;
 *  - command {op:'tick', everyMs}: arms a periodic timer 'tick' that counts and re-arms itself;
 *  - command {op:'effects', effects}: returns exactly these effects (to drive the host precisely);
 *  - receive 'boom' or command {op:'throw'}: throws.
 * Every input is logged in the state, so tests can see exactly what the host fed it.
 */
import type { Effect, HostInput, PeerReducer, PeerRef } from '../../src/core';
import { createWorld, peerState, simplePeerSpec, type CreateWorldOptions, type InitPeer, type PeerSpec, type World } from '../../src/sim';

export interface TestPeerState {
  readonly name: string;
  readonly incarnation: number;
  readonly startedAtMs: number;
  readonly ledgerHeights: Readonly<Record<string, number>>;
  readonly durable: Readonly<Record<string, unknown>>;
  readonly known: readonly PeerRef[];
  readonly inputs: readonly HostInput[];
  readonly seen: readonly string[];
  readonly floods: number;
  readonly ticks: number;
  readonly tickEveryMs: number | undefined;
}

type Command =
  | { op: 'start' }
  | { op: 'tick'; everyMs: number }
  | { op: 'effects'; effects: Effect[] }
  | { op: 'throw' };

function flood(s: TestPeerState, id: string, except?: string): Effect {
  return { kind: 'send', to: s.known.filter((p) => p.pkiId !== except), message: { kind: 'flood', id } };
}

function onCommand(s: TestPeerState, cmd: Command): [TestPeerState, Effect[]] {
  switch (cmd.op) {
    case 'start': {
      const id = `${s.name}#${s.incarnation}.${s.floods}`;
      return [{ ...s, floods: s.floods + 1, seen: [...s.seen, id] }, [flood(s, id)]];
    }
    case 'tick':
      return [{ ...s, tickEveryMs: cmd.everyMs }, [{ kind: 'setTimer', timerId: 'tick', delayMs: cmd.everyMs, event: { op: 'tick' } }]];
    case 'effects':
      return [s, cmd.effects];
    case 'throw':
      throw new Error(`${s.name} was told to throw`);
  }
}

function onReceive(s: TestPeerState, input: Extract<HostInput, { kind: 'receive' }>): [TestPeerState, Effect[]] {
  if (input.payload === 'boom') throw new Error('boom');
  const p = input.payload as { kind?: unknown; id?: unknown } | null;
  if (typeof p !== 'object' || p === null || p.kind !== 'flood' || typeof p.id !== 'string') return [s, []];
  if (s.seen.includes(p.id)) return [s, []];
  return [{ ...s, seen: [...s.seen, p.id] }, [flood(s, p.id, input.from.pkiId)]];
}

function onTimer(s: TestPeerState, input: Extract<HostInput, { kind: 'timer' }>): [TestPeerState, Effect[]] {
  if (input.timerId !== 'tick' || s.tickEveryMs === undefined) return [s, []];
  return [{ ...s, ticks: s.ticks + 1 }, [{ kind: 'setTimer', timerId: 'tick', delayMs: s.tickEveryMs, event: { op: 'tick' } }]];
}

export const testPeerReducer: PeerReducer<TestPeerState> = {
  step(state, input) {
    const s = { ...state, inputs: [...state.inputs, input] };
    if (input.kind === 'command') return onCommand(s, input.command as Command);
    if (input.kind === 'receive') return onReceive(s, input);
    if (input.kind === 'timer') return onTimer(s, input);
    return [s, []];
  },
};

/** Every peer knows every other peer (PeerRef by PKI-ID and internal endpoint). */
export function testPeerInit(specs: readonly PeerSpec[], initEffects: (spec: PeerSpec) => Effect[] = () => []): InitPeer<TestPeerState> {
  return (spec, nowMs, context) => [
    {
      name: spec.name,
      incarnation: context.incarnation,
      startedAtMs: nowMs,
      ledgerHeights: context.ledgerHeights,
      durable: context.durable,
      known: specs.filter((o) => o.name !== spec.name).map((o) => ({ pkiId: o.pkiId, endpoint: o.internalEndpoint })),
      inputs: [],
      seen: [],
      floods: 0,
      ticks: 0,
      tickEveryMs: undefined,
    },
    initEffects(spec),
  ];
}

export const NAMES = ['p0', 'p1', 'p2', 'p3'] as const;

export function specsOf(names: readonly string[]): PeerSpec[] {
  return names.map((n, i) => simplePeerSpec(n, i % 2 === 0 ? 'Org1MSP' : 'Org2MSP'));
}

export type TestWorldOptions = Partial<Omit<CreateWorldOptions<TestPeerState>, 'peers' | 'reducer' | 'initPeer'>> & {
  readonly names?: readonly string[];
  readonly initEffects?: (spec: PeerSpec) => Effect[];
};

export function testWorld(options: TestWorldOptions = {}): World<TestPeerState> {
  const specs = specsOf(options.names ?? NAMES);
  return createWorld({
    seed: 1,
    ...options,
    peers: specs,
    reducer: testPeerReducer,
    initPeer: testPeerInit(specs, options.initEffects),
  });
}

export const script = (effects: Effect[]) => ({ op: 'effects', effects });

export const ref = (name: string): PeerRef => ({ pkiId: name as PeerRef['pkiId'], endpoint: `${name}:7051` });

/** The inputs a peer's current incarnation has seen, optionally of one kind. */
export function inputsOf<K extends HostInput['kind']>(w: World<TestPeerState>, name: string, kind: K): Extract<HostInput, { kind: K }>[] {
  return peerState(w, name).inputs.filter((i): i is Extract<HostInput, { kind: K }> => i.kind === kind);
}
