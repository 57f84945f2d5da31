/**
 * A microstep's structural part, computed once per (active configuration, selected transitions):
 * without history states, which transitions survive conflict removal, which nodes are exited and
 * entered, in which order, which done events entering a final state queues, and the resulting
 * configuration are all functions of those two alone. Only guards and actions (context) vary
 * from step to step, and microstep.ts runs just those.
 */
import type { Config, ConfigTable } from './config';
import type { CNode, CTransition } from './model';
import { removeConflictingTransitions } from './select';
import { entryPlan, exitSet } from './sets';

export interface PlannedEntry {
  readonly node: CNode;
  /** Entered by default: its `initial` transition's actions run after its entry actions. */
  readonly runInitial: boolean;
  /** Types of the xstate.done.state.<id> events queued after this node's entry actions (it is a final state). */
  readonly doneEventTypes: readonly string[];
  /** Entering this final state completes the root: the status becomes 'done'. */
  readonly completesRoot: boolean;
}

export interface MicroPlan {
  readonly transitions: readonly CTransition[];
  /** Deepest (highest order) first. */
  readonly exits: readonly CNode[];
  readonly entries: readonly PlannedEntry[];
  /** The active set is unchanged: xstate then keeps the previous node order. */
  readonly sameSet: boolean;
  readonly afterActive: Config;
  /** When the status is 'done' after the step: xstate leaves the nodes sorted deepest first. */
  readonly afterDone: Config;
  /** Every active node after the step, deepest first: their exit actions run when 'done'. */
  readonly doneExits: readonly CNode[];
}

const byOrderDescending = (a: CNode, b: CNode): number => b.order - a.order;

export function microPlan(configs: ConfigTable, before: Config, selected: readonly CTransition[], isInitial: boolean): MicroPlan {
  const first = selected[0];
  const key: string | number = selected.length === 1 && first ? first.id : selected.map((t) => t.id).join(',');
  let plan = before.plans.get(key) as MicroPlan | undefined;
  if (!plan) {
    plan = computePlan(configs, before, selected, isInitial);
    before.plans.set(key, plan);
  }
  return plan;
}

function computePlan(configs: ConfigTable, before: Config, selected: readonly CTransition[], isInitial: boolean): MicroPlan {
  const transitions = selected.length > 1 ? removeConflictingTransitions(selected, before.nodes) : selected;
  const active = before.nodes.slice();
  const exits = isInitial ? [] : exitSet(transitions, active).sort(byOrderDescending);
  for (const node of exits) active.splice(active.indexOf(node), 1);
  const plan = entryPlan(transitions);
  const root = configs.root;
  const completed = new Set<CNode>();
  const entries: PlannedEntry[] = plan.nodes.map((node) => {
    if (!active.includes(node)) active.push(node);
    const runInitial = plan.defaultEntry.has(node) || (isInitial && node === root);
    if (node.type !== 'final') return { node, runInitial, doneEventTypes: [], completesRoot: false };
    const doneEventTypes: string[] = [];
    const parent = node.parent;
    let marker = parent?.type === 'parallel' ? parent : parent?.parent;
    if (parent?.type === 'compound') doneEventTypes.push(doneEventType(parent));
    while (marker?.type === 'parallel' && !completed.has(marker) && isInFinalState(active, marker)) {
      completed.add(marker);
      doneEventTypes.push(doneEventType(marker));
      marker = marker.parent;
    }
    return { node, runInitial, doneEventTypes, completesRoot: !marker };
  });
  const sameSet = active.length === before.nodes.length && before.nodes.every((n) => active.includes(n));
  const doneExits = active.slice().sort(byOrderDescending);
  return {
    transitions,
    exits,
    entries,
    sameSet,
    afterActive: sameSet ? before : configs.fromNodes(active),
    afterDone: sameSet ? before : configs.fromNodes(doneExits),
    doneExits,
  };
}

function doneEventType(node: CNode): string {
  return `xstate.done.state.${node.id}`;
}

/** xstate's isInFinalState. */
function isInFinalState(active: readonly CNode[], node: CNode): boolean {
  if (node.type === 'compound') return node.children.some((c) => c.type === 'final' && active.includes(c));
  if (node.type === 'parallel') return node.children.every((c) => isInFinalState(active, c));
  return node.type === 'final';
}
