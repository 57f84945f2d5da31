/**
 * Every statechart of the project, for the generated docs (docs/machines/<name>.md) and the
 * traceability check. Add a machine here when a subsystem lands.
 */
import type { AnyStateMachine } from 'xstate';
import { emitterMachine } from '../emitter/machine';

export interface CatalogEntry {
  readonly name: string;
  readonly title: string;
  readonly machine: AnyStateMachine;
}

export const MACHINES: ReadonlyArray<CatalogEntry> = [
  { name: 'emitter', title: 'Batching emitter (spec/emitter.md)', machine: emitterMachine },
];
