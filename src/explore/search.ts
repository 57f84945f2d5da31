/**
 * [EXP-FUNC-BFS.1] Breadth-first exploration of every configuration reachable within `depth`
 * transitions, merging equal configurations by fingerprint ([EXP-FUNC-STATE-HASHING.1]) and
 * orbit ([EXP-FUNC-SYMMETRY.1]), checking every step and every configuration
 * ([EXP-FUNC-INVARIANTS.1]). Level by level, so the first violation found is at the smallest depth
 * and its path is a shortest trace ([EXP-FUNC-SHORTEST-TRACE.1]). Pure and deterministic: the same
 * model and options give the same counts and traces ([EXP-FUNC-DETERMINISM.1]); timing is the host's job.
 */
import { initialConfiguration, type Budgets, type Configuration } from './configuration';
import { collisionProbability, fingerprint53 } from './fingerprint';
import { configurationKey } from './key';
import type { ExploreModel } from './model';
import { successors, type TimerMode, type Transition } from './successors';
import { renamers } from './symmetry';
import { renderTrace, replay, type TraceStep } from './trace';

export interface ExploreOptions {
  /** Longest path explored, in transitions. */
  readonly depth: number;
  /** Stop (truncated) once this many distinct configurations are known. */
  readonly maxStates: number;
  readonly timers?: TimerMode;
  readonly losses?: number;
  readonly duplicates?: number;
  /** Use the model's symmetry, if it declares one (default true). */
  readonly symmetry?: boolean;
  /** Key by the canonical text instead of its fingerprint (no collisions, more memory). */
  readonly exactKeys?: boolean;
  /** Keep searching after a violation (default false: stop at the first, which is a shortest one). */
  readonly allViolations?: boolean;
  /** Called once with each new configuration, in search order (tests use it to count orbits). */
  readonly observe?: (config: Configuration<unknown, unknown, unknown>) => void;
}

export interface Violation {
  readonly depth: number;
  readonly problems: readonly string[];
  readonly path: readonly Transition<unknown>[];
  readonly steps: readonly TraceStep[];
  readonly text: string;
}

/** [EXP-FUNC-REPORT.1] What a search found and how big it was; states/s is added by the host. */
export interface ExploreReport {
  readonly model: string;
  readonly states: number;
  readonly transitions: number;
  /** The deepest level holding a configuration. */
  readonly depthReached: number;
  /** New configurations per level (level 0 = the initial one). */
  readonly levels: readonly number[];
  /** No level below the bound found anything new: every reachable configuration was seen. */
  readonly exhausted: boolean;
  /** maxStates was reached before the depth bound. */
  readonly truncated: boolean;
  readonly symmetryGroup: number;
  readonly collisionProbability: number;
  readonly violations: readonly Violation[];
}

interface Node<S, M, T> {
  readonly config: Configuration<S, M, T>;
  readonly index: number;
}

export function explore<S, M, T>(model: ExploreModel<S, M, T>, options: ExploreOptions): ExploreReport {
  const mode = options.timers ?? 'earliest';
  const budgets: Budgets = { losses: options.losses ?? 0, duplicates: options.duplicates ?? 0 };
  const group = renamers(options.symmetry === false ? undefined : model.symmetry, model.peerNames.length);
  const keyOf = (c: Configuration<S, M, T>): string | number => {
    const text = configurationKey(model, c, mode, group);
    return options.exactKeys === true ? text : fingerprint53(text);
  };
  const seen = new Map<string | number, number>();
  const parent: number[] = [];
  const via: (Transition<M> | undefined)[] = [];
  const violations: Violation[] = [];
  const pathTo = (index: number): Transition<M>[] => {
    const path: Transition<M>[] = [];
    for (let i = index; via[i] !== undefined; i = parent[i] as number) path.push(via[i] as Transition<M>);
    return path.reverse();
  };
  const record = (index: number, depth: number, problems: readonly string[]) => {
    const path = pathTo(index);
    const { steps } = replay(model, budgets, mode, path);
    violations.push({ depth, problems, path: path as Transition<unknown>[], steps, text: renderTrace(steps, problems) });
  };
  const check = (c: Configuration<S, M, T>) => (model.globalViolations?.(c.peers) ?? []).map((v) => `global: ${v}`);

  const init = initialConfiguration(model, budgets);
  seen.set(keyOf(init.config), 0);
  options.observe?.(init.config as Configuration<unknown, unknown, unknown>);
  parent.push(-1);
  via.push(undefined);
  const levels = [1];
  const initProblems = [...init.violations, ...check(init.config)];
  if (initProblems.length > 0) record(0, 0, initProblems);

  let frontier: Node<S, M, T>[] = [{ config: init.config, index: 0 }];
  let transitions = 0;
  let truncated = false;
  const stop = () => truncated || (violations.length > 0 && options.allViolations !== true);
  for (let depth = 1; depth <= options.depth && frontier.length > 0 && !stop(); depth++) {
    const next: Node<S, M, T>[] = [];
    for (const node of frontier) {
      if (stop()) break;
      for (const s of successors(model, node.config, mode)) {
        transitions++;
        const key = keyOf(s.config);
        const problems = [...s.violations, ...check(s.config)];
        const known = seen.get(key);
        if (known !== undefined && problems.length === 0) continue;
        // A violating step into a known configuration still needs its own trace: the step is what broke.
        const index = parent.length;
        parent.push(node.index);
        via.push(s.transition);
        if (known === undefined) {
          if (seen.size >= options.maxStates) {
            truncated = true;
            break;
          }
          seen.set(key, index);
          next.push({ config: s.config, index });
          options.observe?.(s.config as Configuration<unknown, unknown, unknown>);
        }
        if (problems.length > 0) {
          record(index, depth, problems);
          if (stop()) break;
        }
      }
    }
    if (next.length > 0) levels.push(next.length);
    frontier = next;
  }
  return {
    model: model.name,
    states: seen.size,
    transitions,
    depthReached: levels.length - 1,
    levels,
    exhausted: frontier.length === 0 && !truncated,
    truncated,
    symmetryGroup: group.length,
    collisionProbability: options.exactKeys === true ? 0 : collisionProbability(seen.size),
    violations,
  };
}
