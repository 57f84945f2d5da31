/**
 * [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] Moving a state between the compiled interpreter and
 * xstate, so a caller can start with one and continue with the other (e.g. fall back to xstate
 * for one step, or check a compiled run against xstate from any point). Only charts the compiler
 * accepts are involved: no history values, no children, no output.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { CompiledState, MachineStatus, StateValue } from './types';

interface XSnapshotInternals {
  readonly _nodes: readonly { readonly order: number }[];
  readonly historyValue?: Readonly<Record<string, unknown>>;
  readonly children?: Readonly<Record<string, unknown>>;
}

export function fromXstateSnapshot<TContext>(snapshot: AnyMachineSnapshot): CompiledState<TContext> {
  const internals = snapshot as unknown as XSnapshotInternals;
  if (Object.keys(internals.historyValue ?? {}).length > 0 || Object.keys(internals.children ?? {}).length > 0) {
    throw new Error('fromXstateSnapshot: snapshots with history values or child actors are not supported');
  }
  const base = {
    value: snapshot.value as StateValue,
    context: snapshot.context as TContext,
    status: snapshot.status as MachineStatus,
    nodes: Object.freeze(internals._nodes.map((n) => n.order)),
  };
  return snapshot.status === 'error' ? { ...base, error: snapshot.error } : base;
}

/**
 * An xstate snapshot of `machine` equal to `state`: machine.resolveState gives the node set, then
 * the node order and value (whose key order xstate's transition selection follows) are ours.
 */
export function toXstateSnapshot<TMachine extends AnyStateMachine>(machine: TMachine, state: CompiledState): ReturnType<TMachine['resolveState']> {
  const resolved = machine.resolveState({ value: state.value, context: state.context } as Parameters<TMachine['resolveState']>[0]);
  const byOrder = new Map<number, unknown>();
  for (const node of (resolved as unknown as XSnapshotInternals)._nodes) byOrder.set(node.order, node);
  const nodes = state.nodes.map((order) => {
    const node = byOrder.get(order);
    if (!node) throw new Error(`toXstateSnapshot: node ${order} is not in the configuration of ${JSON.stringify(state.value)}`);
    return node;
  });
  return { ...resolved, _nodes: nodes, value: state.value, status: state.status, error: state.error } as ReturnType<TMachine['resolveState']>;
}
