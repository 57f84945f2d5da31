/**
 * [PEER-FUNC-WIRING-TABLE.1] Performing signals: an input steps the instance it is addressed to and
 * the instance's outputs go through the wiring table, depth first, in order; effects go to the host
 * in that same order. What an instance hears before a step (BEFORE_STEP) is performed before it,
 * what follows a step that changed the instance's state (AFTER_STEP) after its outputs. The engine
 * knows no subsystem: what goes where is wiring.ts, what comes in is admission/.
 */
import { countRejection, type Acc } from './acc';
import { INSTANCES, type Address, type OutputOf, type SubsystemName } from './instances';
import { routeBatch } from './routing';
import type { Signal } from './signals';
import { AFTER_STEP, BEFORE_STEP } from './step-hooks';
import { WIRING, type WireContext } from './wiring';

const contextOf = (acc: Acc): WireContext => ({ state: acc.state, env: acc.env, nowMs: acc.nowMs });

/** Perform an instance's outputs (from a step or from its init) as the wiring table says. */
export function perform<N extends SubsystemName>(acc: Acc, at: Address<N>, outs: readonly OutputOf<N>[]): void {
  const wires = WIRING[at.sub] as unknown as Record<string, (o: OutputOf<N>, at: Address<N>, ctx: WireContext) => readonly Signal[]>;
  for (const o of outs) {
    if (acc.refusal !== undefined) return;
    const wire = wires[o.kind];
    if (wire === undefined) throw new Error(`wiring: ${at.sub} output ${o.kind} has no row`);
    run(acc, wire(o, at, contextOf(acc)));
  }
}

/** Step the instance at `at` with `event` (no-op if it does not exist: a channel not joined). */
export function deliver(acc: Acc, at: Address, event: unknown): void {
  const instance = INSTANCES[at.sub] as unknown as {
    get(s: Acc['state'], at: Address): unknown;
    put(s: Acc['state'], at: Address, next: unknown): Acc['state'];
    step(env: Acc['env'], s: unknown, e: unknown, at: Address): readonly [unknown, readonly OutputOf<SubsystemName>[]];
  };
  if (instance.get(acc.state, at) === undefined) return;
  const before = BEFORE_STEP[at.sub] as ((ctx: WireContext, at: Address, event: unknown) => readonly Signal[]) | undefined;
  if (before !== undefined) run(acc, before(contextOf(acc), at, event));
  const current = instance.get(acc.state, at);
  if (current === undefined || acc.refusal !== undefined) return;
  const [next, outs] = instance.step(acc.env, current, event, at);
  if (next !== current) acc.state = instance.put(acc.state, at, next);
  perform(acc, at, outs);
  // A step that left the instance's state as it was (a duplicate alive message, most often) changed
  // nothing that what follows it derives from: that was heard after the step that made the state.
  const after = AFTER_STEP[at.sub] as ((ctx: WireContext, at: Address) => readonly Signal[]) | undefined;
  if (after !== undefined && next !== current) run(acc, after(contextOf(acc), at));
}

export function run(acc: Acc, signals: readonly Signal[]): void {
  for (const s of signals) {
    // [PEER-FUNC-IDENTITY-REFUSED-INPUT.1] a refused input is undone whole: nothing after the refusal runs.
    if (acc.refusal !== undefined) return;
    switch (s.kind) {
      case 'input':
        deliver(acc, s.to, s.event);
        break;
      case 'outputs':
        perform(acc, s.from, s.outs as readonly OutputOf<SubsystemName>[]);
        break;
      case 'effect':
        acc.effects.push(s.effect);
        break;
      case 'reject':
        countRejection(acc, s.reason, s.message);
        break;
      case 'refuseInput':
        acc.refusal = { reason: s.reason, message: s.message };
        break;
      case 'route':
        routeBatch(acc, s.batch);
        break;
      case 'update':
        acc.state = s.apply(acc.state);
        break;
    }
  }
}
