/**
 * The differential property ([GEN-FUNC-COMPILED-EQUIVALENCE.1]): from a generated input, run a
 * generated sequence of events through xstate's pure initialTransition()/transition() and
 * through the compiled interpreter, and after every step require the same value (with xstate's
 * key order), the same active nodes in xstate's `_nodes` order, the same status, a deep-equal
 * context and the same action list ({type, params} of every action xstate lists, in order).
 * Events are either a timer armed by an earlier step (a delayed raise not yet cancelled or
 * fired, chosen by position) or a random event from the machine's event set. On generated
 * choices a step starts from the other interpreter's state, converted
 * ([GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1]), or from the compiled state whose own fields went
 * through JSON ([GEN-FUNC-COMPILED-PLAIN-STATE.1]).
 */
import fc from 'fast-check';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { compileMachine, fromXstateSnapshot, toXstateSnapshot, type CompiledState, type ExecutableAction } from '../../src/core/compiled';

export interface DifferentialSubject<TInput, TEvent extends { type: string }> {
  readonly machine: AnyStateMachine;
  readonly input: fc.Arbitrary<TInput>;
  readonly event: fc.Arbitrary<TEvent>;
  readonly maxSteps: number;
  readonly numRuns: number;
}

interface Command<TEvent> {
  /** Fire the armed timer at this position (modulo their number), or, with none armed, send `event`. */
  readonly timer: number | undefined;
  readonly event: TEvent;
  readonly xstateFromCompiled: boolean;
  /** Where the compiled step starts: its own state, xstate's converted, or its own through JSON. */
  readonly compiledFrom: 'own' | 'xstate' | 'json';
}

interface ListedAction {
  readonly type: string;
  readonly params?: unknown;
}

function commandArb<TEvent>(event: fc.Arbitrary<TEvent>): fc.Arbitrary<Command<TEvent>> {
  return fc.record({
    timer: fc.option(fc.nat(7), { nil: undefined, freq: 2 }),
    event,
    xstateFromCompiled: fc.boolean(),
    compiledFrom: fc.constantFrom('own' as const, 'xstate' as const, 'json' as const),
  });
}

const asListed = (actions: readonly ListedAction[]): ExecutableAction[] => actions.map((a) => ({ type: a.type, params: a.params }));

const show = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function expectSame(step: () => string, xs: AnyMachineSnapshot, xa: readonly ListedAction[], cs: CompiledState, ca: readonly ExecutableAction[]): void {
  const xNodes = (xs as unknown as { _nodes: { order: number }[] })._nodes.map((n) => n.order);
  const got = { value: JSON.stringify(cs.value), nodes: cs.nodes, status: cs.status, context: cs.context, actions: ca };
  const want = { value: JSON.stringify(xs.value), nodes: xNodes, status: xs.status, context: xs.context, actions: asListed(xa) };
  try {
    expect(got).toStrictEqual(want);
  } catch (e) {
    throw new Error(`compiled and xstate differ after ${step()}:\n${(e as Error).message}`);
  }
}

/** The interpreter's own fields through JSON; the context is the machine's and keeps its identity. */
function throughJson(state: CompiledState): CompiledState {
  const { context, ...own } = state;
  return { ...(JSON.parse(JSON.stringify(own)) as Omit<CompiledState, 'context'>), context };
}

/** Tracks what a host would: delayed raises arm a timer under their id, cancels and firing disarm it. */
function applyTimers(timers: Map<string, unknown>, actions: readonly ListedAction[]): void {
  for (const a of actions) {
    const p = a.params as { id?: string; delay?: unknown; event?: unknown; sendId?: string } | undefined;
    if (a.type === 'xstate.raise' && typeof p?.delay === 'number') {
      timers.delete(String(p.id));
      timers.set(String(p.id), p.event);
    } else if (a.type === 'xstate.cancel') {
      timers.delete(String(p?.sendId));
    }
  }
}

export function runDifferential<TInput, TEvent extends { type: string }>(subject: DifferentialSubject<TInput, TEvent>): void {
  const compiled = compileMachine(subject.machine);
  const run = (input: TInput, commands: readonly Command<TEvent>[]): void => {
    let [xs, xa] = initialTransition(subject.machine, input) as [AnyMachineSnapshot, ListedAction[]];
    let [cs, ca] = compiled.initialTransition(input as never) as readonly [CompiledState, readonly ExecutableAction[]];
    expectSame(() => 'initialTransition', xs, xa, cs, ca);
    const timers = new Map<string, unknown>();
    applyTimers(timers, xa);
    commands.forEach((cmd, i) => {
      let event: unknown = cmd.event;
      if (cmd.timer !== undefined && timers.size > 0) {
        const [id, timerEvent] = [...timers.entries()][cmd.timer % timers.size] as [string, unknown];
        timers.delete(id);
        event = timerEvent;
      }
      const xFrom = cmd.xstateFromCompiled ? toXstateSnapshot(subject.machine, cs) : xs;
      const cFrom = cmd.compiledFrom === 'xstate' ? fromXstateSnapshot(xs) : cmd.compiledFrom === 'json' ? throughJson(cs) : cs;
      [xs, xa] = transition(subject.machine, xFrom, event as never) as [AnyMachineSnapshot, ListedAction[]];
      [cs, ca] = compiled.transition(cFrom, event as never) as readonly [CompiledState, readonly ExecutableAction[]];
      expectSame(() => `step ${i} (${show(event)})`, xs, xa, cs, ca);
      applyTimers(timers, xa);
    });
  };
  fc.assert(fc.property(subject.input, fc.array(commandArb(subject.event), { maxLength: subject.maxSteps }), run), {
    numRuns: subject.numRuns,
  });
}
