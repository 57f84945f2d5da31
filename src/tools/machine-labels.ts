/**
 * How guards, actions and delays are named in generated docs. Machines are meant to reference
 * named implementations from `setup({ guards, actions, delays })`; anything inline shows up as
 * `inline`, which is itself a hint that the chart no longer reads as the spec.
 */

const HIGHER_ORDER_GUARDS = new Set(['not', 'and', 'or']);

type GuardFunction = ((...args: never[]) => unknown) & { readonly guards?: readonly unknown[]; readonly stateValue?: unknown };

/**
 * `'isLeader'` and `{ type: 'isLeader', params }` both read `isLeader` (params are data for the
 * guard, not part of its name); xstate's `not`/`and`/`or` read `not(isLeader)`,
 * `and(a, not(b))`; `stateIn(...)` reads `stateIn(<value>)`.
 */
export function guardLabel(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const fn = guard as GuardFunction;
    if (HIGHER_ORDER_GUARDS.has(fn.name) && Array.isArray(fn.guards)) return `${fn.name}(${fn.guards.map(guardLabel).join(', ')})`;
    if (fn.name === 'stateIn' && 'stateValue' in fn) return `stateIn(${stateValueLabel(fn.stateValue)})`;
    return 'inline';
  }
  if (guard !== null && typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') {
    return (guard as { type: string }).type;
  }
  return 'inline';
}

function stateValueLabel(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return '?';
  }
}

/**
 * `'send'` and `{ type: 'send', params }` read `send`; xstate's built-ins (functions carrying a
 * `type` such as `xstate.assign`) read `assign`, `raise`, ...; an anonymous function reads `inline`.
 */
export function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (action !== null && (typeof action === 'object' || typeof action === 'function')) {
    const type = (action as { type?: unknown }).type;
    if (typeof type === 'string') return type.startsWith('xstate.') ? type.slice('xstate.'.length) : type;
  }
  return 'inline';
}

export const INLINE_DELAY = 'inline delay';

/** A named delay keeps its (Fabric parameter) name; a literal reads `<n>ms`; a function is inline. */
export function delayLabel(delay: unknown): string {
  if (typeof delay === 'string') return delay;
  if (typeof delay === 'number') return `${delay}ms`;
  return INLINE_DELAY;
}
