/**
 * Active configurations (ordered sets of active state nodes), interned: each distinct ordered set
 * is computed once, with its state value and child lists, and shared by every state in it.
 * The order is xstate's `_nodes` order, from which xstate derives the value's key order
 * (getAdjList / getValueFromAdj) and hence which region's transitions are selected first.
 */
import { isAtomic, type CNode, type Chart, type GuardView } from './model';
import type { StateValue } from './types';

export interface Config extends GuardView {
  /** Node orders, in `_nodes` order: the `nodes` field of every state in this configuration. */
  readonly orders: readonly number[];
  readonly nodes: readonly CNode[];
  /** Atomic and final nodes, in `_nodes` order (xstate's selectEventlessTransitions walks these). */
  readonly atomics: readonly CNode[];
  /** Active children of a node, in `_nodes` order. */
  childrenOf(node: CNode): readonly CNode[];
  /**
   * Without an active parallel node: the leaf and its ancestors, the order in which xstate looks
   * for an event's transition; undefined otherwise (selection then walks childrenOf).
   */
  readonly selectionChain: readonly CNode[] | undefined;
  /** Per atomic node (in `_nodes` order), itself and its ancestors that have `always`, nearest first. */
  readonly eventlessChains: readonly (readonly CNode[])[];
  value(): StateValue;
  /** Microstep plans by selected transitions (./plan.ts owns the values). */
  readonly plans: Map<string | number, unknown>;
  /** Per event type, the active nodes that have transitions for it (./select.ts owns the values). */
  readonly sources: Map<string, readonly CNode[]>;
}

const NO_CHILDREN: readonly CNode[] = [];

function chainOf(node: CNode): CNode[] {
  const chain: CNode[] = [];
  for (let n: CNode | undefined = node; n; n = n.parent) chain.push(n);
  return chain;
}

class InternedConfig implements Config {
  readonly orders: readonly number[];
  readonly atomics: readonly CNode[];
  readonly selectionChain: readonly CNode[] | undefined;
  readonly eventlessChains: readonly (readonly CNode[])[];
  readonly plans = new Map<string | number, unknown>();
  readonly sources = new Map<string, readonly CNode[]>();
  private adjacency: Map<CNode, CNode[]> | undefined;
  private cachedValue: StateValue | undefined;

  constructor(
    readonly nodes: readonly CNode[],
    private readonly root: CNode,
  ) {
    this.orders = Object.freeze(nodes.map((n) => n.order));
    this.atomics = nodes.filter(isAtomic);
    const leaf = this.atomics[0];
    this.selectionChain = leaf && !nodes.some((n) => n.type === 'parallel') ? chainOf(leaf) : undefined;
    const eventlessChains = this.atomics.map((a) => chainOf(a).filter((n) => n.always !== undefined));
    this.eventlessChains = eventlessChains.some((c) => c.length > 0) ? eventlessChains : [];
  }

  childrenOf(node: CNode): readonly CNode[] {
    if (!this.adjacency) {
      const adjacency = new Map<CNode, CNode[]>();
      for (const n of this.nodes) {
        if (!adjacency.has(n)) adjacency.set(n, []);
        if (n.parent) {
          let siblings = adjacency.get(n.parent);
          if (!siblings) adjacency.set(n.parent, (siblings = []));
          siblings.push(n);
        }
      }
      this.adjacency = adjacency;
    }
    return this.adjacency.get(node) ?? NO_CHILDREN;
  }

  value(): StateValue {
    if (this.cachedValue === undefined) this.cachedValue = this.valueOf(this.root);
    return this.cachedValue;
  }

  /** xstate's getValueFromAdj. */
  private valueOf(node: CNode): StateValue {
    const children = this.childrenOf(node);
    if (node.type === 'compound') {
      const first = children[0];
      if (!first) return Object.freeze({});
      if (isAtomic(first)) return first.key;
    }
    const value: Record<string, StateValue> = {};
    for (const child of children) value[child.key] = this.valueOf(child);
    return Object.freeze(value);
  }
}

export class ConfigTable {
  private readonly byKey = new Map<string, Config>();
  private readonly byOrders = new WeakMap<readonly number[], Config>();

  readonly root: CNode;

  constructor(private readonly chart: Chart) {
    this.root = chart.root;
  }

  fromNodes(nodes: readonly CNode[]): Config {
    const key = nodes.map((n) => n.order).join(',');
    let config = this.byKey.get(key);
    if (!config) {
      config = new InternedConfig(nodes.slice(), this.chart.root);
      this.byKey.set(key, config);
      this.byOrders.set(config.orders, config);
    }
    return config;
  }

  fromOrders(orders: readonly number[]): Config {
    const known = this.byOrders.get(orders);
    if (known) return known;
    const nodes = orders.map((o) => {
      const node = this.chart.nodes[o];
      if (!node) throw new Error(`compiled ${this.chart.id}: no state node with order ${o}`);
      return node;
    });
    const config = this.fromNodes(nodes);
    this.byOrders.set(orders, config);
    return config;
  }
}
