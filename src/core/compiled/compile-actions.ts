/**
 * Compiles xstate action specs (strings, {type, params}, inline functions, and the built-ins
 * assign / raise / cancel / enqueueActions) into closures over the macrostep scratch. Each closure
 * does what xstate's resolveAndExecuteActionsWithContext does for that spec, without an actor:
 *  - a custom action is listed as {type, params}, its params resolved against the context as
 *    updated by earlier assigns of the same step;
 *  - assign replaces the context with Object.assign({}, context, update) and is not listed;
 *  - raise is listed with {event, id, delay}; without a numeric delay its event is queued;
 *  - cancel is listed with {sendId};
 *  - enqueueActions is not listed: its collect function runs on the context as it is, and the
 *    actions it enqueued then run in order, as if written in its place
 *    ([GEN-FUNC-COMPILED-ENQUEUE-ACTIONS.1]).
 */
import { assign, cancel, emit, raise, sendParent, sendTo, spawnChild, stopChild } from 'xstate';
import { UnsupportedMachineError, type AnyEventObject } from './types';
import type { ActionRunner, Scratch } from './model';

export interface Implementations {
  readonly actions: Readonly<Record<string, unknown>>;
  readonly guards: Readonly<Record<string, unknown>>;
  readonly delays: Readonly<Record<string, unknown>>;
}

type ParamsOf = (context: unknown, event: AnyEventObject) => unknown;
type Fn = (...args: unknown[]) => unknown;

const noParams: ParamsOf = () => undefined;

function paramsOfSpec(spec: { params?: unknown }): ParamsOf {
  if (!('params' in spec)) return noParams;
  const params = spec.params;
  if (typeof params === 'function') return (context, event) => (params as Fn)({ context, event });
  return () => params;
}

/** xstate passes `spawn`, `self` and `system`; an actor-free interpreter has none ([GEN-ASM-COMPILED-PURE-IMPLEMENTATIONS.1]). */
function noSpawn(): never {
  throw new Error('compiled interpreter: spawn inside assign is not supported');
}

function isBuiltin(value: unknown): value is Fn & { type: string } {
  return typeof value === 'function' && 'resolve' in value;
}

export function compileActions(specs: readonly unknown[], impls: Implementations, stateId: string): ActionRunner[] {
  return specs.map((spec) => compileAction(spec, impls, stateId));
}

function compileAction(spec: unknown, impls: Implementations, stateId: string): ActionRunner {
  if (typeof spec === 'function') {
    if (isBuiltin(spec)) return compileBuiltin(spec, noParams, impls, stateId);
    const type = spec.name || '(anonymous)';
    return (scratch) => void scratch.actions.push({ type, params: undefined });
  }
  if (typeof spec === 'string') return compileNamed(spec, noParams, impls, stateId);
  if (typeof spec === 'object' && spec !== null && typeof (spec as { type?: unknown }).type === 'string') {
    const named = spec as { type: string; params?: unknown };
    return compileNamed(named.type, paramsOfSpec(named), impls, stateId);
  }
  throw new UnsupportedMachineError(stateId, `an action that is not a string, a {type} object or a function (${String(spec)})`);
}

function compileNamed(type: string, paramsOf: ParamsOf, impls: Implementations, stateId: string): ActionRunner {
  const impl = impls.actions[type];
  if (impl !== undefined && typeof impl !== 'function') {
    throw new UnsupportedMachineError(stateId, `the action '${type}', whose implementation is not a function`);
  }
  if (isBuiltin(impl)) return compileBuiltin(impl, paramsOf, impls, stateId);
  if (paramsOf === noParams) return (scratch) => void scratch.actions.push({ type, params: undefined });
  return (scratch, event) => void scratch.actions.push({ type, params: paramsOf(scratch.context, event) });
}

function compileBuiltin(action: Fn & { type: string }, paramsOf: ParamsOf, impls: Implementations, stateId: string): ActionRunner {
  switch (action.type) {
    case 'xstate.assign':
      return compileAssign((action as unknown as { assignment: unknown }).assignment, paramsOf);
    case 'xstate.raise':
      return compileRaise(action as unknown as RaiseSpec, paramsOf, impls);
    case 'xstate.cancel':
      return compileCancel((action as unknown as { sendId: unknown }).sendId, paramsOf);
    case 'xstate.enqueueActions':
      return compileEnqueue((action as unknown as { collect: Fn }).collect, paramsOf, impls, stateId);
    default:
      throw new UnsupportedMachineError(stateId, `the built-in action '${action.type}'`);
  }
}

function compileAssign(assignment: unknown, paramsOf: ParamsOf): ActionRunner {
  return (scratch, event) => {
    if (!scratch.context) throw new Error('Cannot assign to undefined `context`. Ensure that `context` is defined in the machine config.');
    applyAssign(assignment, paramsOf(scratch.context, event), scratch, event);
  };
}

function applyAssign(assignment: unknown, params: unknown, scratch: Scratch, event: AnyEventObject): void {
  if (!scratch.context) throw new Error('Cannot assign to undefined `context`. Ensure that `context` is defined in the machine config.');
  const args = { context: scratch.context, event, spawn: noSpawn, self: undefined, system: undefined };
  let update: unknown;
  if (typeof assignment === 'function') {
    update = (assignment as Fn)(args, params);
  } else {
    const partial: Record<string, unknown> = {};
    for (const key of Object.keys(assignment as object)) {
      const prop = (assignment as Record<string, unknown>)[key];
      partial[key] = typeof prop === 'function' ? (prop as Fn)(args, params) : prop;
    }
    update = partial;
  }
  scratch.context = mergeContext(scratch.context, update);
  scratch.assigned = true;
}

const hasOwn = (o: unknown, key: string): boolean => typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, key);

/**
 * xstate's Object.assign({}, context, update). Spreading is 2-3 times faster and gives the same
 * object except when a top-level key is '__proto__' (Object.assign then sets the prototype).
 */
function mergeContext(context: unknown, update: unknown): unknown {
  if (hasOwn(update, '__proto__') || hasOwn(context, '__proto__')) return Object.assign({}, context, update);
  return { ...(context as object), ...(update as object) };
}

interface RaiseSpec {
  readonly event: unknown;
  readonly id: unknown;
  readonly delay: unknown;
}

function compileRaise(raise: RaiseSpec, paramsOf: ParamsOf, impls: Implementations): ActionRunner {
  const { event: eventOrExpr, id, delay } = raise;
  // A named delay is looked up once: implementations are fixed for a machine object.
  const delayRef = typeof delay === 'string' ? impls.delays[delay] : delay;
  return (scratch, event) => {
    const params = paramsOf(scratch.context, event);
    const args = { context: scratch.context, event, self: undefined, system: undefined };
    if (typeof eventOrExpr === 'string') {
      throw new Error(`Only event objects may be used with raise; use raise({ type: "${eventOrExpr}" }) instead`);
    }
    const raised = (typeof eventOrExpr === 'function' ? (eventOrExpr as Fn)(args, params) : eventOrExpr) as AnyEventObject;
    const resolvedDelay = typeof delayRef === 'function' ? (delayRef as Fn)(args, params) : delayRef;
    if (typeof resolvedDelay !== 'number') scratch.queue.push(raised);
    scratch.actions.push({ type: 'xstate.raise', params: { event: raised, id, delay: resolvedDelay } });
  };
}

function compileCancel(sendId: unknown, paramsOf: ParamsOf): ActionRunner {
  return (scratch, event) => {
    const params = paramsOf(scratch.context, event);
    const args = { context: scratch.context, event, self: undefined, system: undefined };
    const resolved = typeof sendId === 'function' ? (sendId as Fn)(args, params) : sendId;
    scratch.actions.push({ type: 'xstate.cancel', params: { sendId: resolved } });
  };
}

type Enqueue = ((action: unknown) => void) & Record<'assign' | 'cancel' | 'raise' | 'sendTo' | 'sendParent' | 'spawnChild' | 'stopChild' | 'emit', (...args: never[]) => void>;

/**
 * [GEN-FUNC-COMPILED-ENQUEUE-ACTIONS.1] xstate's resolveEnqueueActions: `collect` gets the context
 * and event and an `enqueue` whose methods queue the built-in they name; the queued actions then
 * run one after the other, each on the context the previous ones left. What they are is known only
 * when `collect` runs: a custom action is listed at once, a named one is compiled the first time it
 * is enqueued, an assign is applied, anything else is compiled when it comes; so one the
 * interpreter does not support (sendTo, emit, spawnChild, ...) is refused then, with the same
 * UnsupportedMachineError; `check` is refused too (a guard evaluated inside an action would need
 * the active configuration).
 */
function compileEnqueue(collect: Fn, paramsOf: ParamsOf, impls: Implementations, stateId: string): ActionRunner {
  const check = (): never => {
    throw new UnsupportedMachineError(stateId, 'check() inside enqueueActions');
  };
  // One enqueue for every run: `queued` is the current run's list (a nested run of this same
  // action, which can only start after `collect` returned, gets its own).
  let queued: unknown[] = [];
  const push = (action: unknown): void => void queued.push(action);
  const enqueue: Enqueue = Object.assign(push, {
    assign: (...args: never[]) => push((assign as Fn)(...args)),
    cancel: (...args: never[]) => push((cancel as Fn)(...args)),
    raise: (...args: never[]) => push((raise as Fn)(...args)),
    sendTo: (...args: never[]) => push((sendTo as Fn)(...args)),
    sendParent: (...args: never[]) => push((sendParent as Fn)(...args)),
    spawnChild: (...args: never[]) => push((spawnChild as Fn)(...args)),
    stopChild: (...args: never[]) => push((stopChild as Fn)(...args)),
    emit: (...args: never[]) => push((emit as Fn)(...args)),
  });
  const named = new Map<string, ActionRunner>();
  const run = (action: unknown, scratch: Scratch, event: AnyEventObject): void => {
    if (typeof action === 'string') {
      let runner = named.get(action);
      if (runner === undefined) named.set(action, (runner = compileNamed(action, noParams, impls, stateId)));
      return runner(scratch, event);
    }
    if (typeof action === 'object' && action !== null && typeof (action as { type?: unknown }).type === 'string') {
      const { type, params } = action as { type: string; params?: unknown };
      const impl = impls.actions[type];
      // A custom action (or one with no implementation), as compileNamed lists it.
      if (typeof impl === 'function' && !isBuiltin(impl)) {
        return void scratch.actions.push({ type, params: typeof params === 'function' ? (params as Fn)({ context: scratch.context, event }) : params });
      }
      // A named assign with its params given.
      if (isBuiltin(impl) && impl.type === 'xstate.assign' && typeof params !== 'function') {
        if (!scratch.context) throw new Error('Cannot assign to undefined `context`. Ensure that `context` is defined in the machine config.');
        return applyAssign((impl as unknown as { assignment: unknown }).assignment, params, scratch, event);
      }
    }
    if (isBuiltin(action) && action.type === 'xstate.assign') return applyAssign((action as unknown as { assignment: unknown }).assignment, undefined, scratch, event);
    compileAction(action, impls, stateId)(scratch, event);
  };
  return (scratch, event) => {
    const mine: unknown[] = [];
    queued = mine;
    collect({ context: scratch.context, event, enqueue, check, self: undefined, system: undefined }, paramsOf(scratch.context, event));
    for (let i = 0; i < mine.length; i++) run(mine[i], scratch, event);
  };
}
