/**
 * One microstep, as xstate 5.33's `microstep` (SCXML's microstep procedure): drop conflicting
 * transitions; exit the exit set deepest-first (exit actions); run the transitions' actions in
 * selection order; enter the entry set in document order (entry actions, then the `initial`
 * actions of nodes entered by default); a final state queues xstate.done.state.<parent> and,
 * when it completes the root, makes the status 'done', after which every active node's exit
 * actions run (deepest first). The structural part is planned once (./plan.ts); this runs the
 * actions. Returns whether xstate would have made a new snapshot object, which decides whether
 * the macrostep selects eventless transitions again.
 */
import type { Config, ConfigTable } from './config';
import type { ActionRunner, CTransition, Chart, Scratch } from './model';
import { microPlan } from './plan';
import type { AnyEventObject, MachineStatus } from './types';

/** The state of a macrostep between microsteps. */
export interface Working {
  config: Config;
  status: MachineStatus;
  error?: unknown;
}

export interface Engine {
  readonly chart: Chart;
  readonly configs: ConfigTable;
}

function run(actions: readonly ActionRunner[], scratch: Scratch, event: AnyEventObject): void {
  for (let i = 0; i < actions.length; i++) (actions[i] as ActionRunner)(scratch, event);
}

export function microstep(
  engine: Engine,
  working: Working,
  transitions: readonly CTransition[],
  event: AnyEventObject,
  isInitial: boolean,
  scratch: Scratch,
): boolean {
  if (!transitions.length) return false;
  const plan = microPlan(engine.configs, working.config, transitions, isInitial);
  scratch.assigned = false;
  for (const node of plan.exits) run(node.exit, scratch, event);
  for (const t of plan.transitions) run(t.actions, scratch, event);
  let reachedDone = false;
  for (const entry of plan.entries) {
    run(entry.node.entry, scratch, event);
    if (entry.runInitial) run(entry.node.initialActions, scratch, event);
    for (const type of entry.doneEventTypes) scratch.queue.push({ type, output: undefined } as AnyEventObject);
    if (entry.completesRoot) reachedDone = true;
  }
  if (reachedDone) working.status = 'done';
  if (working.status === 'done') {
    for (const node of plan.doneExits) run(node.exit, scratch, event);
    working.config = plan.afterDone;
  } else {
    working.config = plan.afterActive;
  }
  return plan.sameSet ? scratch.assigned || reachedDone : true;
}
