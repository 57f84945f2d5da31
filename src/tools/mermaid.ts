/**
 * A Mermaid `stateDiagram-v2` for a walked machine.
 *
 * Choices that keep the output parseable by Mermaid's grammar and stable for GitHub's renderer:
 *  - every state is declared `state "<key>" as s_<path>` before any edge mentions it (ids carry
 *    only [A-Za-z0-9_]; the `s_` prefix keeps them clear of keywords such as `default`);
 *  - an edge is written in the innermost composite that contains both of its ends (never inside
 *    a parallel state's body, whose parts are the regions separated by `--`);
 *  - labels read `EVENT [guard] / action, action`; `:` and `;` end a label in Mermaid, so they are
 *    replaced by spaces;
 *  - transitions defined on the machine itself start from a pseudo-state `(any state)`;
 *    targetless transitions of composite states would be self-loops on a cluster, which Mermaid
 *    does not lay out reliably, so they are left to the transitions table (and a note says so).
 */
import type { WalkedMachine, WalkedState, WalkedTransition } from './machine-walk';

export interface MermaidDiagram {
  readonly lines: string[];
  /** Sentences to print under the diagram (what the picture leaves to the tables). */
  readonly notes: string[];
}

const ANY_STATE_ID = 's__any';
const MACHINE_ID = 's__machine';
const TOP = '<top>';

const keyOf = (path: readonly string[]): string => JSON.stringify(path);

function mermaidIds(states: readonly WalkedState[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>([ANY_STATE_ID, MACHINE_ID]);
  for (const s of states) {
    if (s.path.length === 0) {
      ids.set(keyOf(s.path), MACHINE_ID);
      continue;
    }
    const base = `s_${s.path.map((k) => k.replace(/[^A-Za-z0-9_]/g, '_')).join('_')}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(keyOf(s.path), id);
  }
  return ids;
}

const quoteLabel = (text: string): string => text.replace(/"/g, "'").replace(/\r?\n/g, ' ');
const edgeText = (text: string): string => text.replace(/[:;\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();

export function transitionLabel(t: Pick<WalkedTransition, 'event' | 'guard' | 'actions'>): string {
  const guard = t.guard === undefined ? '' : ` [${t.guard}]`;
  const actions = t.actions.length === 0 ? '' : ` / ${t.actions.join(', ')}`;
  return `${t.event}${guard}${actions}`;
}

interface Context {
  readonly byKey: ReadonlyMap<string, WalkedState>;
  readonly ids: ReadonlyMap<string, string>;
  readonly children: ReadonlyMap<string, WalkedState[]>;
  readonly edges: ReadonlyMap<string, string[]>;
}

function childrenIndex(states: readonly WalkedState[]): Map<string, WalkedState[]> {
  const children = new Map<string, WalkedState[]>();
  for (const s of states) {
    if (s.path.length === 0) continue;
    const parent = keyOf(s.path.slice(0, -1));
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  return children;
}

/** The block an edge is written in: the deepest non-parallel composite strictly containing both ends. */
function containerOf(byKey: ReadonlyMap<string, WalkedState>, a: readonly string[], b: readonly string[]): string {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  let depth = Math.min(common, a.length - 1, b.length - 1);
  while (depth > 0 && byKey.get(keyOf(a.slice(0, depth)))?.type === 'parallel') depth--;
  return depth <= 0 ? TOP : keyOf(a.slice(0, depth));
}

function stateLabel(s: WalkedState, machineId: string): string {
  const key = s.path.length === 0 ? machineId : (s.path[s.path.length - 1] as string);
  if (s.type !== 'history') return key;
  return `${key} (${s.history === 'deep' ? 'deep history' : 'history'})`;
}

export function renderMermaid(m: WalkedMachine): MermaidDiagram {
  const byKey = new Map(m.states.map((s) => [keyOf(s.path), s]));
  const ids = mermaidIds(m.states);
  const root = byKey.get(keyOf([])) as WalkedState;
  const rootHasChildren = m.states.length > 1;
  const { edges, notes } = placeEdges(m, byKey, ids, rootHasChildren);
  const ctx: Context = { byKey, ids, children: childrenIndex(m.states), edges };
  const body: string[] = [];
  if (root.type === 'compound') {
    body.push(...compoundBody(ctx, root));
  } else {
    body.push(`[*] --> ${MACHINE_ID}`, ...declaration(ctx, root, m.id));
  }
  if (rootHasChildren && m.transitions.some((t) => t.source.length === 0)) {
    body.splice(root.type === 'compound' ? 0 : 1, 0, `state "(any state)" as ${ANY_STATE_ID}`);
  }
  if (root.type !== 'compound') body.push(...(edges.get(TOP) ?? []));
  return { lines: ['stateDiagram-v2', ...body.map((l) => `  ${l}`)], notes };
}

function placeEdges(
  m: WalkedMachine,
  byKey: ReadonlyMap<string, WalkedState>,
  ids: ReadonlyMap<string, string>,
  rootHasChildren: boolean,
): { edges: Map<string, string[]>; notes: string[] } {
  const edges = new Map<string, string[]>();
  const add = (block: string, line: string): void => {
    edges.set(block, [...(edges.get(block) ?? []), line]);
  };
  let skippedComposite = false;
  let usedAny = false;
  for (const t of m.transitions) {
    const label = edgeText(transitionLabel(t));
    const fromAny = t.source.length === 0 && rootHasChildren;
    const source = fromAny ? ANY_STATE_ID : (ids.get(keyOf(t.source)) as string);
    const sourceType = byKey.get(keyOf(t.source))?.type;
    usedAny ||= fromAny;
    if (t.targets.length === 0) {
      if (!fromAny && (sourceType === 'compound' || sourceType === 'parallel')) {
        skippedComposite = true;
        continue;
      }
      add(fromAny ? TOP : containerOf(byKey, t.source, t.source), `${source} --> ${source} : ${label}`);
      continue;
    }
    for (const target of t.targets) {
      const block = fromAny ? TOP : containerOf(byKey, t.source, target);
      add(block, `${source} --> ${ids.get(keyOf(target)) as string} : ${label}`);
    }
  }
  const notes: string[] = [];
  if (usedAny) notes.push('`(any state)` stands for transitions defined on the machine itself: they apply in every state unless a deeper state handles the event first.');
  if (skippedComposite) notes.push('Targetless transitions of composite states are not drawn; they are listed in the transitions table.');
  return { edges, notes };
}

function declaration(ctx: Context, s: WalkedState, machineId: string): string[] {
  const head = `state "${quoteLabel(stateLabel(s, machineId))}" as ${ctx.ids.get(keyOf(s.path)) as string}`;
  if (s.type !== 'compound' && s.type !== 'parallel') return [head];
  const inner = s.type === 'compound' ? compoundBody(ctx, s) : parallelBody(ctx, s, machineId);
  return [`${head} {`, ...inner.map((l) => `  ${l}`), '}'];
}

function compoundBody(ctx: Context, s: WalkedState): string[] {
  const key = keyOf(s.path);
  const kids = ctx.children.get(key) ?? [];
  const lines: string[] = [];
  if (s.initial) lines.push(`[*] --> ${ctx.ids.get(keyOf(s.initial)) as string}`);
  for (const kid of kids) lines.push(...declaration(ctx, kid, ''));
  for (const kid of kids) if (kid.type === 'final') lines.push(`${ctx.ids.get(keyOf(kid.path)) as string} --> [*]`);
  lines.push(...(ctx.edges.get(s.path.length === 0 ? TOP : key) ?? []));
  return lines;
}

function parallelBody(ctx: Context, s: WalkedState, machineId: string): string[] {
  const kids = ctx.children.get(keyOf(s.path)) ?? [];
  return kids.flatMap((kid, i) => [...(i > 0 ? ['--'] : []), ...declaration(ctx, kid, machineId)]);
}
