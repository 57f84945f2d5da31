/**
 * Transition selection, as xstate 5.33 does it:
 *  - for an event, transitionNode walks the state value: a leaf's own candidates first, then its
 *    parent's; a parallel node collects every region's choice and uses its own candidates only
 *    when no region chose; a node's choice is its first candidate whose guard passes
 *    (StateNode.next); candidates are the exact descriptor's transitions, then wildcard ones
 *    ('*', 'a.*') by descriptor length, longest first (getCandidates);
 *  - eventless: for each active atomic node, the first enabled `always` of the nearest node
 *    (itself or an ancestor) that has one enabled (selectEventlessTransitions);
 *  - then removeConflictingTransitions drops a transition whose exit set meets an earlier one's,
 *    unless its source is a descendant of the earlier one's (which is dropped instead).
 */
import type { Config } from './config';
import { isDescendant, type CNode, type CTransition } from './model';
import { exitSet } from './sets';
import type { AnyEventObject } from './types';

const NONE: readonly CTransition[] = [];

export function selectTransitions(root: CNode, config: Config, event: AnyEventObject, context: unknown): readonly CTransition[] {
  const chain = config.selectionChain;
  if (!chain) {
    // With a parallel node active: when one active node alone has transitions for the event, the
    // walk over every region could only ever choose among its candidates.
    const sources = sourcesOf(config, event.type);
    if (sources.length === 0) return NONE;
    if (sources.length > 1) return selectFrom(root, config, event, context);
    const t = firstEnabled(candidates(sources[0] as CNode, event.type), config, event, context);
    return t ? [t] : NONE;
  }
  for (const node of chain) {
    const t = firstEnabled(candidates(node, event.type), config, event, context);
    if (t) return [t];
  }
  return NONE;
}

/** How many event types a configuration remembers its sources for (event types may come from a host). */
const MAX_CACHED_EVENT_TYPES = 256;

/**
 * The active nodes with candidates for an event type, computed once per configuration. Safe to
 * keep: a configuration is interned and never changes, and which of its nodes have candidates for
 * an event type depends on nothing else (guards are evaluated afterwards, on every event); the
 * table is bounded because event types may come from a host.
 */
function sourcesOf(config: Config, eventType: string): readonly CNode[] {
  let sources = config.sources.get(eventType);
  if (sources === undefined) {
    sources = config.nodes.filter((n) => candidates(n, eventType).length > 0);
    if (config.sources.size < MAX_CACHED_EVENT_TYPES) config.sources.set(eventType, sources);
  }
  return sources;
}

function selectFrom(node: CNode, config: Config, event: AnyEventObject, context: unknown): CTransition[] {
  const children = config.childrenOf(node);
  let chosen: CTransition[] = [];
  for (const child of children) {
    const inner = selectFrom(child, config, event, context);
    if (inner.length) chosen = chosen.length ? chosen.concat(inner) : inner;
  }
  if (chosen.length) return chosen;
  const own = firstEnabled(candidates(node, event.type), config, event, context);
  return own ? [own] : [];
}

function firstEnabled(list: readonly CTransition[], config: Config, event: AnyEventObject, context: unknown): CTransition | undefined {
  for (const t of list) if (!t.guard || t.guard(context, event, config)) return t;
  return undefined;
}

function candidates(node: CNode, eventType: string): readonly CTransition[] {
  if (!node.hasWildcard) return node.transitions.get(eventType) ?? NONE;
  let list = node.candidateCache.get(eventType);
  if (!list) {
    const exact = node.transitions.get(eventType);
    const wildcard = [...node.transitions.keys()]
      .filter((d) => d !== eventType && matchesEventDescriptor(eventType, d))
      .sort((a, b) => b.length - a.length)
      .flatMap((d) => node.transitions.get(d) ?? NONE);
    list = exact ? [...exact, ...wildcard] : wildcard;
    node.candidateCache.set(eventType, list);
  }
  return list;
}

/** xstate's matchesEventDescriptor. */
export function matchesEventDescriptor(eventType: string, descriptor: string): boolean {
  if (descriptor === eventType || descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  const partial = descriptor.split('.');
  const tokens = eventType.split('.');
  for (let i = 0; i < partial.length; i++) {
    if (partial[i] === '*') return i === partial.length - 1;
    if (partial[i] !== tokens[i]) return false;
  }
  return true;
}

export function selectEventlessTransitions(config: Config, event: AnyEventObject, context: unknown): readonly CTransition[] {
  let enabled: CTransition[] | undefined;
  for (const chain of config.eventlessChains) {
    for (const s of chain) {
      const t = firstEnabled(s.always ?? NONE, config, event, context);
      if (t) {
        if (!enabled) enabled = [t];
        else if (!enabled.includes(t)) enabled.push(t);
        break;
      }
    }
  }
  if (!enabled) return NONE;
  return enabled.length === 1 ? enabled : removeConflictingTransitions(enabled, config.nodes);
}

export function removeConflictingTransitions(enabled: readonly CTransition[], nodes: readonly CNode[]): CTransition[] {
  if (enabled.length < 2) return enabled.slice();
  let filtered: CTransition[] = [];
  for (const t1 of enabled) {
    let preempted = false;
    const toRemove: CTransition[] = [];
    const exit1 = exitSet([t1], nodes);
    for (const t2 of filtered) {
      const exit2 = exitSet([t2], nodes);
      if (exit1.some((n) => exit2.includes(n))) {
        if (isDescendant(t1.source, t2.source)) {
          toRemove.push(t2);
        } else {
          preempted = true;
          break;
        }
      }
    }
    if (!preempted) {
      if (toRemove.length) filtered = filtered.filter((t) => !toRemove.includes(t));
      filtered.push(t1);
    }
  }
  return filtered;
}
