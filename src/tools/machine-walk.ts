/**
 * A plain, ordered description of an xstate v5 machine, read through xstate's public StateNode
 * API (`machine.root`, `node.states`, `node.transitions`, `node.always`, `node.after`,
 * `node.meta`, `node.description`, `transition.meta`). The doc generator and the traceability
 * check both read machines through this one walk, so they cannot disagree about a machine.
 *
 * Order is xstate's definition order (states as written; each state's events as written, then
 * its eventless transitions); within one event the order is guard priority and is kept.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { reqIdsFromMeta, uniqueSorted } from './req-id';
import { actionName, delayLabel, guardLabel, INLINE_DELAY } from './machine-labels';

export type StateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface WalkedState {
  /** Keys from the root; [] is the machine itself. */
  readonly path: readonly string[];
  readonly type: StateType;
  readonly description: string | undefined;
  readonly req: readonly string[];
  readonly entry: readonly string[];
  readonly exit: readonly string[];
  /** Path of the initial child (compound states only). */
  readonly initial: readonly string[] | undefined;
  readonly history: false | 'shallow' | 'deep';
}

export interface WalkedTransition {
  readonly source: readonly string[];
  /** xstate's event type, e.g. `ADD`, `xstate.after.<delay>.<stateId>`, or '' for `always`. */
  readonly eventType: string;
  /** What a reader sees: `ADD`, `after leaderAliveThreshold`, `always`. */
  readonly event: string;
  readonly guard: string | undefined;
  readonly actions: readonly string[];
  /** Target paths; empty for a targetless transition. */
  readonly targets: readonly (readonly string[])[];
  readonly reenter: boolean;
  readonly req: readonly string[];
}

export interface WalkedMachine {
  readonly id: string;
  readonly states: readonly WalkedState[];
  readonly transitions: readonly WalkedTransition[];
  /**
   * Delays used by `after`: named ones with their configured value when it is a number (ms), and
   * literal or inline ones (`named: false`), which a machine should not have (timers carry the
   * name of the Fabric parameter that sets them).
   */
  readonly delays: readonly { readonly name: string; readonly named: boolean; readonly valueMs: number | undefined }[];
}

function childrenOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>);
}

/**
 * xstate implements `after` by adding a delayed `raise` to the state's entry and a `cancel` to its
 * exit; we name them after the delay (`arm leaderAliveThreshold`) instead of `raise`/`cancel`.
 */
function timerActionName(node: AnyStateNode, action: unknown): string {
  const delays = afterDelays(node);
  const a = action as { type?: unknown; id?: unknown; sendId?: unknown };
  if (a.type === 'xstate.raise' && typeof a.id === 'string' && delays.has(a.id)) return `arm ${delayLabel(delays.get(a.id))}`;
  if (a.type === 'xstate.cancel' && typeof a.sendId === 'string' && delays.has(a.sendId)) return `cancel ${delayLabel(delays.get(a.sendId))}`;
  return actionName(action);
}

function walkState(node: AnyStateNode): WalkedState {
  const initialTarget = node.type === 'compound' ? node.initial?.target?.[0] : undefined;
  return {
    path: node.path,
    type: node.type,
    description: node.description,
    req: uniqueSorted(reqIdsFromMeta(node.meta)),
    entry: node.entry.map((a) => timerActionName(node, a)),
    exit: node.exit.map((a) => timerActionName(node, a)),
    initial: initialTarget ? initialTarget.path : undefined,
    history: node.history,
  };
}

/** `after` event type -> its delay (a name, a number of ms, or a function). */
function afterDelays(node: AnyStateNode): Map<string, unknown> {
  return new Map<string, unknown>(node.after.map((a) => [a.eventType as string, a.delay]));
}

function walkTransition(node: AnyStateNode, t: AnyTransitionDefinition, delays: ReadonlyMap<string, unknown>): WalkedTransition {
  const eventType = t.eventType as string; // xstate types it loosely
  const delayed = delays.has(eventType);
  return {
    source: node.path,
    eventType,
    event: delayed ? `after ${delayLabel(delays.get(eventType))}` : eventType === '' ? 'always' : eventType,
    guard: t.guard === undefined ? undefined : guardLabel(t.guard),
    actions: t.actions.map(actionName),
    targets: (t.target ?? []).map((target: AnyStateNode) => target.path),
    reenter: t.reenter === true,
    req: uniqueSorted(reqIdsFromMeta(t.meta)),
  };
}

function transitionsOf(node: AnyStateNode): WalkedTransition[] {
  // `after` entries also appear in `transitions`, under their generated event type.
  const delays = afterDelays(node);
  const out: WalkedTransition[] = [];
  for (const list of node.transitions.values()) for (const t of list) out.push(walkTransition(node, t, delays));
  for (const t of node.always ?? []) out.push(walkTransition(node, t, delays));
  return out;
}

function delaysOf(machine: AnyStateMachine, nodes: readonly AnyStateNode[]): WalkedMachine['delays'] {
  const configured = (machine.implementations.delays ?? {}) as Record<string, unknown>;
  const used = nodes.flatMap((n) => n.after.map((a) => a.delay as unknown));
  const named = uniqueSorted(used.filter((d): d is string => typeof d === 'string')).map((name) => {
    const value = configured[name];
    return { name, named: true, valueMs: typeof value === 'number' ? value : undefined };
  });
  const literals = [...new Set(used.filter((d): d is number => typeof d === 'number'))].sort((a, b) => a - b);
  const inline = used.some((d) => typeof d === 'function') ? [{ name: INLINE_DELAY, named: false, valueMs: undefined }] : [];
  return [...named, ...literals.map((ms) => ({ name: delayLabel(ms), named: false, valueMs: ms })), ...inline];
}

/** All state nodes, depth first, in definition order (the root first). */
function allNodes(root: AnyStateNode): AnyStateNode[] {
  return [root, ...childrenOf(root).flatMap(allNodes)];
}

export function walkMachine(machine: AnyStateMachine): WalkedMachine {
  const nodes = allNodes(machine.root);
  return {
    id: machine.id,
    states: nodes.map(walkState),
    transitions: nodes.flatMap(transitionsOf),
    delays: delaysOf(machine, nodes),
  };
}

export function pathLabel(path: readonly string[]): string {
  return path.length === 0 ? '(machine)' : path.join('.');
}
