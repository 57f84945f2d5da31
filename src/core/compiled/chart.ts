/**
 * Reads an xstate 5.33 machine object (machine.root's StateNode tree, after xstate has formatted
 * it: `after` already turned into entry raises, exit cancels and transitions on
 * `xstate.after.<delay>.<id>`) into the interpreter's Chart, and rejects what it does not
 * interpret ([GEN-FUNC-COMPILED-REJECTS-UNSUPPORTED.3]): history states, invoke, `output`, and built-in actions other than assign / raise /
 * cancel / enqueueActions (those are rejected while compiling actions).
 */
import type { AnyStateMachine } from 'xstate';
import { UnsupportedMachineError } from './types';
import { compileActions, type Implementations } from './compile-actions';
import { compileGuard, type NodeById } from './compile-guards';
import { isDescendant, properAncestors, type CNode, type CTransition, type Chart, type NodeType } from './model';

/** The parts of xstate's StateNode and TransitionDefinition this module reads. */
interface XNode {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly order: number;
  readonly parent?: XNode;
  readonly states: Readonly<Record<string, XNode>>;
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly initial: { readonly target: readonly XNode[]; readonly actions: readonly unknown[] };
  readonly always?: readonly XTransition[];
  readonly transitions: ReadonlyMap<string, readonly XTransition[]>;
  readonly invoke: readonly unknown[];
  readonly config: { readonly output?: unknown };
}

interface XTransition {
  readonly target?: readonly XNode[];
  readonly reenter: boolean;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
}

interface XMachine {
  readonly id: string;
  readonly root: XNode;
  readonly implementations: Implementations;
  readonly options?: { readonly maxIterations?: number };
  getStateNodeById(id: string): XNode;
}

const SUPPORTED_TYPES: readonly string[] = ['atomic', 'compound', 'parallel', 'final'];

export function readChart(machine: AnyStateMachine): Chart {
  const xm = machine as unknown as XMachine;
  const byOrder: CNode[] = [];
  const xByOrder: XNode[] = [];
  const root = createNode(xm.root, undefined, byOrder, xByOrder);
  const nodeById: NodeById = (ref) => {
    const node = byOrder[xm.getStateNodeById(ref).order];
    if (!node) throw new Error(`compileMachine: no node for '${ref}'`);
    return node;
  };
  const counter = { next: 0 };
  const toNode = (x: XNode): CNode => byOrder[x.order] as CNode;
  for (const node of byOrder) fillNode(node, xByOrder[node.order] as XNode, { xm, nodeById, counter, toNode });
  const initialTargets = initialNodes(root);
  const initialTransition = makeTransition(counter.next++, root, initialTargets, true, undefined, []);
  return {
    id: xm.id,
    root,
    nodes: byOrder,
    hasParallel: byOrder.some((n) => n.type === 'parallel'),
    maxIterations: xm.options?.maxIterations ?? Infinity,
    initialTransition,
  };
}

function createNode(x: XNode, parent: CNode | undefined, byOrder: CNode[], xByOrder: XNode[]): CNode {
  if (!SUPPORTED_TYPES.includes(x.type)) throw new UnsupportedMachineError(x.id, `a '${x.type}' state node`);
  if (x.invoke.length > 0) throw new UnsupportedMachineError(x.id, 'invoke');
  if (x.config.output !== undefined) throw new UnsupportedMachineError(x.id, 'output');
  const node: CNode = {
    order: x.order,
    id: x.id,
    key: x.key,
    type: x.type as NodeType,
    parent,
    children: [],
    entry: [],
    exit: [],
    initialTarget: undefined,
    initialActions: [],
    always: undefined,
    transitions: new Map(),
    hasWildcard: false,
    candidateCache: new Map(),
  };
  byOrder[x.order] = node;
  xByOrder[x.order] = x;
  for (const child of Object.values(x.states)) node.children.push(createNode(child, node, byOrder, xByOrder));
  return node;
}

interface FillEnv {
  readonly xm: XMachine;
  readonly nodeById: NodeById;
  readonly counter: { next: number };
  readonly toNode: (x: XNode) => CNode;
}

function fillNode(node: CNode, x: XNode, env: FillEnv): void {
  const impls = env.xm.implementations;
  node.entry = compileActions(x.entry, impls, x.id);
  node.exit = compileActions(x.exit, impls, x.id);
  if (node.type === 'compound') {
    node.initialTarget = x.initial.target.map(env.toNode)[0];
    node.initialActions = compileActions(x.initial.actions, impls, x.id);
  }
  const compileTransition = (t: XTransition): CTransition => {
    const guard = t.guard === undefined ? undefined : compileGuard(t.guard, { impls, nodeById: env.nodeById, stateId: x.id });
    const targets = t.target?.map(env.toNode);
    return makeTransition(env.counter.next++, node, targets, t.reenter, guard, compileActions(t.actions, impls, x.id));
  };
  if (x.always) node.always = x.always.map(compileTransition);
  const transitions = new Map<string, CTransition[]>();
  for (const [descriptor, list] of x.transitions) transitions.set(descriptor, list.map(compileTransition));
  node.transitions = transitions;
  node.hasWildcard = [...transitions.keys()].some((d) => d === '*' || d.endsWith('.*'));
}

function makeTransition(
  id: number,
  source: CNode,
  targets: readonly CNode[] | undefined,
  reenter: boolean,
  guard: CTransition['guard'],
  actions: CTransition['actions'],
): CTransition {
  return { id, source, targets, reenter, guard, actions, domain: transitionDomain(source, targets ?? [], reenter) };
}

/** xstate's getTransitionDomain (no history states, so it depends on the transition alone). */
function transitionDomain(source: CNode, targets: readonly CNode[], reenter: boolean): CNode | undefined {
  if (!reenter && targets.every((t) => t === source || isDescendant(t, source))) return source;
  const lca = leastCommonAncestor([...targets, source]);
  if (lca) return lca;
  if (reenter) return undefined;
  let root = source;
  while (root.parent) root = root.parent;
  return root;
}

function leastCommonAncestor(nodes: readonly CNode[]): CNode | undefined {
  const [head, ...tail] = nodes;
  if (!head) return undefined;
  for (const ancestor of properAncestors(head, undefined)) {
    if (tail.every((n) => isDescendant(n, ancestor))) return ancestor;
  }
  return undefined;
}

/** xstate's getInitialStateNodes: the node itself and its initial descendants, all regions. */
function initialNodes(node: CNode): CNode[] {
  const out: CNode[] = [];
  const visit = (n: CNode): void => {
    if (out.includes(n)) return;
    out.push(n);
    if (n.type === 'compound' && n.initialTarget) visit(n.initialTarget);
    else if (n.type === 'parallel') n.children.forEach(visit);
  };
  visit(node);
  return out;
}
