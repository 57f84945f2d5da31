/**
 * The differential property ([GEN-FUNC-COMPILED-EQUIVALENCE.1]): from a generated input, run a
 * generated sequence of events through xstate's pure initialTransition()/transition() and
 * through the compiled interpreter, and after every step require the same value (with xstate's
 * key order), the same active nodes in xstate's `_nodes` order, the same status, a deep-equal
 * context and the same action list ({type, params} of every action xstate lists, in order); an
 * error thrown by one must be thrown, with the same message, by the other.
 * Events are either a timer armed by an earlier step (a delayed raise not yet cancelled or
 * fired, chosen by position) or a generated event; a subject's `resolve` may rewrite either from
 * the current context (an echoed nonce, a stored PKI-ID, the time a host adds to a timer's event),
 * so that guards comparing payloads with the state are true often enough.
 * After every step the compiled state goes to an xstate snapshot and back and must come back
 * equal ([GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1]); on generated choices a step also starts from
 * the other interpreter's state, converted, or from the compiled state whose own fields went
 * through JSON ([GEN-FUNC-COMPILED-PLAIN-STATE.1]).
 *
 * Runs: each subject's `numRuns`; `DIFF_RUNS=<n>` runs n per subject instead (a longer run), and
 * `DIFF_SEED=<seed>` (with `DIFF_PATH=<path>`) replays the counterexample fast-check printed.
 * With `requireCoverage` and at least the subject's own number of runs, every state node of the
 * chart must have been active after some step (transient ones, which an unguarded eventless
 * transition or onDone leaves in the macrostep that enters them, or the subject declares left by
 * an event raised there, excepted; a declared one must never be active after a step) and every custom
 * action of its implementations listed at least once, so that a generator that never reaches
 * part of the chart fails rather than proves nothing there.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { compileMachine, fromXstateSnapshot, toXstateSnapshot, type CompiledState, type ExecutableAction } from '../../src/core/compiled';

/** An event as the harness handles it: a type, and whatever payload the chart reads. */
export interface AnyEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface DifferentialSubject<TInput, TRaw> {
  readonly machine: AnyStateMachine;
  readonly input: fc.Arbitrary<TInput>;
  readonly event: fc.Arbitrary<TRaw>;
  /**
   * The event to send, from the generated one, the context before the step and, when an armed
   * timer fires, the timer's event (the default sends the timer's event, else the generated one).
   */
  readonly resolve?: (raw: TRaw, context: never, timer: AnyEvent | undefined) => AnyEvent;
  readonly maxSteps: number;
  readonly numRuns: number;
  /** How often a step fires an armed timer rather than send a generated event (default 1/3). */
  readonly timerShare?: number;
  /**
   * Ids of nodes left in the macrostep that enters them by an event raised there (the harness
   * cannot tell those from the structure): not required to be active after a step, and required
   * never to be.
   */
  readonly transientNodes?: readonly string[];
}

/** A subject with its types forgotten, for a table of subjects. */
export type AnySubject = DifferentialSubject<unknown, unknown>;
export const subject = <TInput, TRaw>(s: DifferentialSubject<TInput, TRaw>): AnySubject => s as unknown as AnySubject;

/** What a run of the differential saw, for the coverage check and the report. */
export interface DifferentialCoverage {
  readonly runs: number;
  readonly steps: number;
  /** How many stepped states held each node (by order), and how often each action type was listed. */
  readonly nodes: ReadonlyMap<number, number>;
  readonly actions: ReadonlyMap<string, number>;
}

interface Command<TRaw> {
  /** Fire the armed timer at this position (modulo their number), or, with none armed, send `event`. */
  readonly timer: number | undefined;
  readonly event: TRaw;
  readonly xstateFromCompiled: boolean;
  /** Where the compiled step starts: its own state, xstate's converted, or its own through JSON. */
  readonly compiledFrom: 'own' | 'xstate' | 'json';
}

interface ListedAction {
  readonly type: string;
  readonly params?: unknown;
}

function commandArb<TRaw>(event: fc.Arbitrary<TRaw>, timerShare: number): fc.Arbitrary<Command<TRaw>> {
  const fire = Math.max(1, Math.round(timerShare * 24));
  return fc.record({
    timer: fc.oneof({ arbitrary: fc.constant(undefined), weight: Math.max(1, 24 - fire) }, { arbitrary: fc.nat(7), weight: fire }),
    event,
    xstateFromCompiled: fc.boolean(),
    compiledFrom: fc.constantFrom('own' as const, 'xstate' as const, 'json' as const),
  });
}

const asListed = (actions: readonly ListedAction[]): ExecutableAction[] => actions.map((a) => ({ type: a.type, params: a.params }));

export const show = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function fail(step: () => string, e: unknown): never {
  throw new Error(`compiled and xstate differ after ${step()}:\n${(e as Error).message}`);
}

function expectSame(step: () => string, xs: AnyMachineSnapshot, xa: readonly ListedAction[], cs: CompiledState, ca: readonly ExecutableAction[]): void {
  const xNodes = (xs as unknown as { _nodes: { order: number }[] })._nodes.map((n) => n.order);
  const got = { value: JSON.stringify(cs.value), nodes: cs.nodes, status: cs.status, context: cs.context, actions: ca };
  const want = { value: JSON.stringify(xs.value), nodes: xNodes, status: xs.status, context: xs.context, actions: asListed(xa) };
  try {
    expectStrictEqual(got, want);
  } catch (e) {
    fail(step, e);
  }
}

/** jest's toStrictEqual, with node's deep-strict equality as the fast path (jest's is slow, and only its diff is wanted). */
function expectStrictEqual(got: unknown, want: unknown): void {
  if (isDeepStrictEqual(got, want)) return;
  expect(got).toStrictEqual(want);
  throw new Error(`not deep-strict-equal:\n${show(got)}\n${show(want)}`);
}

/** [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] compiled → xstate snapshot → compiled gives the state back. */
function expectRoundTrip(step: () => string, machine: AnyStateMachine, cs: CompiledState): void {
  try {
    expectStrictEqual(fromXstateSnapshot(toXstateSnapshot(machine, cs)), cs);
  } catch (e) {
    throw new Error(`the snapshot round trip changes the compiled state after ${step()}:\n${(e as Error).message}`, { cause: e });
  }
}

/** The interpreter's own fields through JSON; the context is the machine's and keeps its identity. */
function throughJson(state: CompiledState): CompiledState {
  const { context, ...own } = state;
  return { ...(JSON.parse(JSON.stringify(own)) as Omit<CompiledState, 'context'>), context };
}

/** Tracks what a host would: delayed raises arm a timer under their id, cancels and firing disarm it. */
function applyTimers(timers: Map<string, AnyEvent>, actions: readonly ListedAction[]): void {
  for (const a of actions) {
    const p = a.params as { id?: string; delay?: unknown; event?: AnyEvent; sendId?: string } | undefined;
    if (a.type === 'xstate.raise' && typeof p?.delay === 'number') {
      timers.delete(String(p.id));
      timers.set(String(p.id), p.event as AnyEvent);
    } else if (a.type === 'xstate.cancel') {
      timers.delete(String(p?.sendId));
    }
  }
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function attempt<T>(run: () => T): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** How many runs: the subject's, or DIFF_RUNS when set. */
export function runsFor(numRuns: number): number {
  const env = process.env['DIFF_RUNS'];
  const n = env === undefined || env === '' ? NaN : Number(env);
  return Number.isInteger(n) && n > 0 ? n : numRuns;
}

function replayParameters(): { seed?: number; path?: string } {
  const seed = process.env['DIFF_SEED'];
  const path = process.env['DIFF_PATH'];
  if (seed === undefined || seed === '') return {};
  return { seed: Number(seed), ...(path === undefined || path === '' ? {} : { path }) };
}

interface TransitionLike {
  readonly guard?: unknown;
  readonly target?: readonly unknown[];
}

interface NodeLike {
  readonly order: number;
  readonly id: string;
  readonly type: string;
  readonly parent?: NodeLike;
  readonly states: Readonly<Record<string, NodeLike>>;
  readonly always?: readonly TransitionLike[];
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
}

const leaves = (list: readonly TransitionLike[] | undefined): boolean => (list ?? []).some((t) => t.guard === undefined && (t.target?.length ?? 0) > 0);

/**
 * The state nodes a stepped state can hold: every node but the transient ones, which the
 * macrostep that enters them leaves: a node with an unguarded targeted eventless transition, and
 * a final child of a compound whose onDone is unguarded and targeted.
 */
function restingNodes(machine: AnyStateMachine): { order: number; id: string }[] {
  const out: { order: number; id: string }[] = [];
  const visit = (node: NodeLike): void => {
    const parent = node.parent;
    const doneLeaves = node.type === 'final' && parent?.type === 'compound' && leaves(parent.transitions.get(`xstate.done.state.${parent.id}`));
    if (!leaves(node.always) && !doneLeaves) out.push({ order: node.order, id: node.id });
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root as unknown as NodeLike);
  return out;
}

/** The machine's custom (non-built-in) named actions: the ones a step lists for the host. */
function customActions(machine: AnyStateMachine): string[] {
  const impls = (machine as unknown as { implementations: { actions: Record<string, unknown> } }).implementations.actions;
  return Object.entries(impls)
    .filter(([, impl]) => typeof impl === 'function' && !('resolve' in impl))
    .map(([name]) => name);
}

export interface DifferentialOptions {
  /** Fail unless every resting node was active and every custom action listed (see the header). */
  readonly requireCoverage?: boolean;
}

export function runDifferential<TInput, TRaw>(subject: DifferentialSubject<TInput, TRaw>, options: DifferentialOptions = {}): DifferentialCoverage {
  const { machine } = subject;
  const compiled = compileMachine(machine);
  const resolve = subject.resolve ?? ((raw: TRaw, _context: never, timer: AnyEvent | undefined) => timer ?? (raw as unknown as AnyEvent));
  const nodes = new Map<number, number>();
  const actions = new Map<string, number>();
  let runs = 0;
  let steps = 0;
  const see = (cs: CompiledState, ca: readonly ExecutableAction[]): void => {
    for (const n of cs.nodes) nodes.set(n, (nodes.get(n) ?? 0) + 1);
    for (const a of ca) actions.set(a.type, (actions.get(a.type) ?? 0) + 1);
  };
  const run = (input: TInput, commands: readonly Command<TRaw>[]): void => {
    runs++;
    let [xs, xa] = initialTransition(machine, input) as [AnyMachineSnapshot, ListedAction[]];
    let [cs, ca] = compiled.initialTransition(input as never) as readonly [CompiledState, readonly ExecutableAction[]];
    expectSame(() => 'initialTransition', xs, xa, cs, ca);
    expectRoundTrip(() => 'initialTransition', machine, cs);
    see(cs, ca);
    const timers = new Map<string, AnyEvent>();
    applyTimers(timers, xa);
    for (const [i, cmd] of commands.entries()) {
      let timer: AnyEvent | undefined;
      if (cmd.timer !== undefined && timers.size > 0) {
        const [id, timerEvent] = [...timers.entries()][cmd.timer % timers.size] as [string, AnyEvent];
        timers.delete(id);
        timer = timerEvent;
      }
      const event = resolve(cmd.event, xs.context as never, timer);
      const step = (): string => `step ${i} (${show(event)})`;
      const xFrom = cmd.xstateFromCompiled ? toXstateSnapshot(machine, cs) : xs;
      const cFrom = cmd.compiledFrom === 'xstate' ? fromXstateSnapshot(xs) : cmd.compiledFrom === 'json' ? throughJson(cs) : cs;
      const x = attempt(() => transition(machine, xFrom, event as never) as [AnyMachineSnapshot, ListedAction[]]);
      const c = attempt(() => compiled.transition(cFrom, event as never) as readonly [CompiledState, readonly ExecutableAction[]]);
      steps++;
      if (!x.ok || !c.ok) {
        // Both throw, with the same error, or the difference is the finding; the run ends there.
        if (x.ok !== c.ok || (!x.ok && !c.ok && x.error !== c.error)) {
          fail(step, new Error(`xstate: ${x.ok ? 'no error' : x.error}\ncompiled: ${c.ok ? 'no error' : c.error}`));
        }
        return;
      }
      [xs, xa] = x.value;
      [cs, ca] = c.value;
      expectSame(step, xs, xa, cs, ca);
      expectRoundTrip(step, machine, cs);
      see(cs, ca);
      applyTimers(timers, xa);
    }
  };
  const numRuns = runsFor(subject.numRuns);
  fc.assert(fc.property(subject.input, fc.array(commandArb(subject.event, subject.timerShare ?? 1 / 3), { maxLength: subject.maxSteps, size: 'max' }), run), {
    numRuns,
    ...replayParameters(),
  });
  if (options.requireCoverage === true && numRuns >= subject.numRuns && replayParameters().seed === undefined) {
    const transient = new Set(subject.transientNodes ?? []);
    const resting = restingNodes(machine);
    const unvisited = resting
      .filter((n) => !transient.has(n.id) && !nodes.has(n.order))
      .map((n) => n.id);
    const restedTransient = resting.filter((n) => transient.has(n.id) && nodes.has(n.order)).map((n) => n.id);
    expect({ chart: machine.id, restedTransient }).toEqual({ chart: machine.id, restedTransient: [] });
    const unlisted = customActions(machine).filter((a) => !actions.has(a));
    expect({ chart: machine.id, unvisitedNodes: unvisited, unlistedActions: unlisted }).toEqual({ chart: machine.id, unvisitedNodes: [], unlistedActions: [] });
  }
  return { runs, steps, nodes, actions };
}
