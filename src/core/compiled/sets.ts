/**
 * The SCXML exit and entry sets, ported from xstate 5.33 (computeExitSet, computeEntrySet,
 * addDescendantStatesToEnter, addAncestorStatesToEnter) for charts without history states.
 * Without history the entry set depends only on the transitions (./plan.ts caches it).
 */
import { isDescendant, properAncestors, type CNode, type CTransition } from './model';

/** Active nodes a microstep exits, unsorted (xstate sorts them by order, deepest-last first). */
export function exitSet(transitions: readonly CTransition[], nodes: readonly CNode[]): CNode[] {
  const out: CNode[] = [];
  for (const t of transitions) {
    if (!t.targets?.length) continue;
    const domain = t.domain;
    if (t.reenter && domain && t.source === domain && !out.includes(domain)) out.push(domain);
    for (const n of nodes) if (isDescendant(n, domain) && !out.includes(n)) out.push(n);
  }
  return out;
}

export interface EntryPlan {
  /** Nodes to enter, in document order. */
  readonly nodes: readonly CNode[];
  /** Nodes entered by default (directly targeted or an initial child): their `initial` actions run. */
  readonly defaultEntry: ReadonlySet<CNode>;
}

export function entryPlan(transitions: readonly CTransition[]): EntryPlan {
  const toEnter = new Set<CNode>();
  const defaultEntry = new Set<CNode>();
  for (const t of transitions) {
    const domain = t.domain;
    const targets = t.targets ?? [];
    for (const s of targets) {
      if (t.source !== s || t.source !== domain || t.reenter) {
        toEnter.add(s);
        defaultEntry.add(s);
      }
      addDescendants(s, toEnter, defaultEntry);
    }
    for (const s of targets) {
      const ancestors = properAncestors(s, domain);
      if (domain?.type === 'parallel') ancestors.push(domain);
      addAncestors(ancestors, !t.source.parent && t.reenter ? undefined : domain, toEnter, defaultEntry);
    }
  }
  return { nodes: [...toEnter].sort((a, b) => a.order - b.order), defaultEntry };
}

function hasDescendantIn(set: ReadonlySet<CNode>, node: CNode): boolean {
  for (const s of set) if (isDescendant(s, node)) return true;
  return false;
}

function addDescendants(node: CNode, toEnter: Set<CNode>, defaultEntry: Set<CNode>): void {
  if (node.type === 'compound') {
    const initial = node.initialTarget;
    if (!initial) return;
    toEnter.add(initial);
    defaultEntry.add(initial);
    addDescendants(initial, toEnter, defaultEntry);
  } else if (node.type === 'parallel') {
    for (const child of node.children) {
      if (!hasDescendantIn(toEnter, child)) {
        toEnter.add(child);
        defaultEntry.add(child);
        addDescendants(child, toEnter, defaultEntry);
      }
    }
  }
}

function addAncestors(ancestors: readonly CNode[], reentrancyDomain: CNode | undefined, toEnter: Set<CNode>, defaultEntry: Set<CNode>): void {
  for (const anc of ancestors) {
    if (!reentrancyDomain || isDescendant(anc, reentrancyDomain)) toEnter.add(anc);
    if (anc.type !== 'parallel') continue;
    for (const child of anc.children) {
      if (!hasDescendantIn(toEnter, child)) {
        toEnter.add(child);
        addDescendants(child, toEnter, defaultEntry);
      }
    }
  }
}
