/**
 * The interpreter's internal form of a machine: state nodes and transitions with guards and
 * actions already resolved to closures, plus the structural facts xstate recomputes on every
 * step (a transition's domain) computed once.
 */
import type { AnyEventObject, ExecutableAction } from './types';

export type NodeType = 'atomic' | 'compound' | 'parallel' | 'final';

export interface CNode {
  /** xstate's StateNode.order: document order, root = 0. */
  readonly order: number;
  readonly id: string;
  readonly key: string;
  readonly type: NodeType;
  readonly parent: CNode | undefined;
  /** Child state nodes in document order. */
  readonly children: CNode[];
  entry: readonly ActionRunner[];
  exit: readonly ActionRunner[];
  /** The `initial` child of a compound node and the initial transition's actions. */
  initialTarget: CNode | undefined;
  initialActions: readonly ActionRunner[];
  /** `always` transitions, or undefined when the node has none (as in xstate). */
  always: readonly CTransition[] | undefined;
  /** Event descriptor -> transitions, in xstate's order (`on`, `onDone`, then `after`). */
  transitions: ReadonlyMap<string, readonly CTransition[]>;
  /** True when some descriptor is '*' or ends in '.*': candidates then need matching. */
  hasWildcard: boolean;
  /** Candidates per event type (xstate memoizes the same list per node). */
  readonly candidateCache: Map<string, readonly CTransition[]>;
}

export interface CTransition {
  /** Unique within the machine; keys the entry-set cache. */
  readonly id: number;
  readonly source: CNode;
  /** undefined for a targetless transition. */
  readonly targets: readonly CNode[] | undefined;
  readonly reenter: boolean;
  readonly guard: CompiledGuard | undefined;
  readonly actions: readonly ActionRunner[];
  /** xstate's getTransitionDomain; undefined for a reentering transition from the root. */
  readonly domain: CNode | undefined;
}

/** What a guard may look at besides context and event (only `stateIn` does). */
export interface GuardView {
  readonly nodes: readonly CNode[];
  value(): unknown;
}

export type CompiledGuard = (context: unknown, event: AnyEventObject, view: GuardView) => boolean;

/**
 * The mutable scratch of one macrostep: the context as updated so far, the actions listed so far,
 * the internal event queue, and whether an assign ran in the current microstep (xstate makes a
 * new snapshot object then, which decides whether eventless transitions are selected again).
 */
export interface Scratch {
  context: unknown;
  readonly actions: ExecutableAction[];
  readonly queue: AnyEventObject[];
  assigned: boolean;
}

export type ActionRunner = (scratch: Scratch, event: AnyEventObject) => void;

/** A compiled machine's structure. */
export interface Chart {
  readonly id: string;
  readonly root: CNode;
  /** By order. */
  readonly nodes: readonly CNode[];
  readonly hasParallel: boolean;
  readonly maxIterations: number;
  /** The initial microstep's transition: from the root, reentering, to every initial node. */
  readonly initialTransition: CTransition;
}

export function isAtomic(node: CNode): boolean {
  return node.type === 'atomic' || node.type === 'final';
}

/** xstate's isDescendant: strict; everything is a descendant of `undefined` (the root's parent). */
export function isDescendant(child: CNode, ancestor: CNode | undefined): boolean {
  if (ancestor === undefined) return true;
  for (let m = child.parent; m; m = m.parent) if (m === ancestor) return true;
  return false;
}

/** xstate's getProperAncestors: parents of `node` up to, not including, `upTo`. */
export function properAncestors(node: CNode, upTo: CNode | undefined): CNode[] {
  const out: CNode[] = [];
  if (node === upTo) return out;
  for (let m = node.parent; m && m !== upTo; m = m.parent) out.push(m);
  return out;
}
