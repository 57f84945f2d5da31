/**
 * Compiles xstate guard specs into predicates, as xstate's evaluateGuard reads them: an inline
 * function gets ({context, event}, undefined); a string or {type, params} names an implementation
 * (which may itself be another guard spec), called with params resolved against the current
 * context and event; the built-ins and / or / not / stateIn are supported.
 */
import { and, matchesState, not, or, stateIn, type StateValue as XStateValue } from 'xstate';
import { UnsupportedMachineError, type AnyEventObject } from './types';
import type { Implementations } from './compile-actions';
import type { CNode, CompiledGuard } from './model';

type Fn = (...args: unknown[]) => unknown;
type BuiltinGuard = Fn & { check: Fn; guards?: unknown[]; stateValue?: unknown };

// xstate's built-in guards are recognised by their `check` function.
const CHECK_AND = (and([]) as unknown as BuiltinGuard).check;
const CHECK_OR = (or([]) as unknown as BuiltinGuard).check;
const CHECK_NOT = (not(() => true) as unknown as BuiltinGuard).check;
const CHECK_STATE_IN = (stateIn('x') as unknown as BuiltinGuard).check;

/** Resolves a '#id' reference to a node (xstate's machine.getStateNodeById). */
export type NodeById = (ref: string) => CNode;

export interface GuardCompileEnv {
  readonly impls: Implementations;
  readonly nodeById: NodeById;
  readonly stateId: string;
}

const MAX_ALIAS_DEPTH = 32;

export function compileGuard(spec: unknown, env: GuardCompileEnv, depth = 0): CompiledGuard {
  if (depth > MAX_ALIAS_DEPTH) throw new UnsupportedMachineError(env.stateId, 'a cyclic guard alias');
  if (typeof spec === 'function') {
    if ('check' in spec) return compileBuiltinGuard(spec as BuiltinGuard, env, depth);
    const inline = spec as Fn;
    return (context, event) => Boolean(inline({ context, event }, undefined));
  }
  let type: string;
  let paramsOf: (context: unknown, event: AnyEventObject) => unknown = () => undefined;
  if (typeof spec === 'string') {
    type = spec;
  } else if (typeof spec === 'object' && spec !== null && typeof (spec as { type?: unknown }).type === 'string') {
    const named = spec as { type: string; params?: unknown };
    type = named.type;
    if ('params' in named) {
      const params = named.params;
      paramsOf = typeof params === 'function' ? (context, event) => (params as Fn)({ context, event }) : () => params;
    }
  } else {
    throw new UnsupportedMachineError(env.stateId, `a guard that is not a string, a {type} object or a function (${String(spec)})`);
  }
  const resolved = env.impls.guards[type];
  if (!resolved) throw new UnsupportedMachineError(env.stateId, `the guard '${type}', which is not implemented`);
  if (typeof resolved !== 'function') return compileGuard(resolved, env, depth + 1);
  if ('check' in resolved) return compileBuiltinGuard(resolved as BuiltinGuard, env, depth);
  const impl = resolved as Fn;
  return (context, event) => Boolean(impl({ context, event }, paramsOf(context, event)));
}

function compileBuiltinGuard(guard: BuiltinGuard, env: GuardCompileEnv, depth: number): CompiledGuard {
  if (guard.check === CHECK_AND || guard.check === CHECK_OR || guard.check === CHECK_NOT) {
    const inner = (guard.guards ?? []).map((g) => compileGuard(g, env, depth + 1));
    if (guard.check === CHECK_AND) return (c, e, v) => inner.every((g) => g(c, e, v));
    if (guard.check === CHECK_OR) return (c, e, v) => inner.some((g) => g(c, e, v));
    const first = inner[0];
    if (!first) throw new UnsupportedMachineError(env.stateId, 'not() without a guard');
    return (c, e, v) => !first(c, e, v);
  }
  if (guard.check === CHECK_STATE_IN) {
    const stateValue = guard.stateValue;
    if (typeof stateValue === 'string' && stateValue.startsWith('#')) {
      const target = env.nodeById(stateValue);
      return (_c, _e, view) => view.nodes.includes(target);
    }
    return (_c, _e, view) => matchesState(stateValue as XStateValue, view.value() as XStateValue);
  }
  throw new UnsupportedMachineError(env.stateId, 'a built-in guard other than and / or / not / stateIn');
}
