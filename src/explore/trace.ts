/**
 * [EXP-FUNC-SHORTEST-TRACE.1] A path of transitions from the initial configuration, replayed to
 * rebuild the configurations along it (the search keeps only fingerprints and parent links), and
 * rendered one line per step: what happened, at what time, and the stepped peer's state after it.
 */
import { initialConfiguration, sameInFlight, type Budgets, type Configuration } from './configuration';
import type { ExploreModel } from './model';
import { successors, type TimerMode, type Transition } from './successors';

export interface TraceStep {
  readonly atMs: number;
  readonly text: string;
  readonly violations: readonly string[];
}

function sameTransition<M>(a: Transition<M>, b: Transition<M>): boolean {
  if (a.kind === 'fire' || b.kind === 'fire') return a.kind === b.kind && b.kind === 'fire' && a.kind === 'fire' && a.peer === b.peer && a.timerId === b.timerId;
  return a.kind === b.kind && sameInFlight(a.item, b.item);
}

export function describeTransition<S, M, T>(model: ExploreModel<S, M, T>, t: Transition<M>): string {
  const name = (i: number) => model.peerNames[i] ?? `#${i}`;
  if (t.kind === 'fire') return `timer ${t.timerId} fires at ${name(t.peer)}`;
  return `${t.kind} ${model.describeMessage(t.item.message)} ${name(t.item.from)} -> ${name(t.item.to)}`;
}

/** The peer whose state a transition changed, if any. */
const steppedPeer = <M>(t: Transition<M>): number | undefined => (t.kind === 'fire' ? t.peer : t.kind === 'duplicate' ? undefined : t.item.to);

/** Replay `path` from the initial configuration; throws if a step is not enabled (the search is deterministic, so it always is). */
export function replay<S, M, T>(
  model: ExploreModel<S, M, T>,
  budgets: Budgets,
  mode: TimerMode,
  path: readonly Transition<M>[],
): { steps: TraceStep[]; final: Configuration<S, M, T> } {
  let config = initialConfiguration(model, budgets).config;
  const steps: TraceStep[] = [];
  for (const t of path) {
    const next = successors(model, config, mode).find((s) => sameTransition(s.transition, t));
    if (next === undefined) throw new Error(`replay: ${describeTransition(model, t)} is not enabled`);
    config = next.config;
    const peer = steppedPeer(t);
    const after = peer === undefined ? '' : `  => ${model.peerNames[peer]}: ${model.describeState(config.peers[peer] as S)}`;
    steps.push({ atMs: config.nowMs, text: `${describeTransition(model, t)}${after}`, violations: next.violations });
  }
  return { steps, final: config };
}

export function renderTrace(steps: readonly TraceStep[], problems: readonly string[]): string {
  const lines = steps.map((s, i) => `${String(i + 1).padStart(3)}. t=${s.atMs}ms ${s.text}`);
  return [...lines, ...problems.map((p) => `     VIOLATION ${p}`)].join('\n');
}
