export { compileMachine } from './compile';
export { fromXstateSnapshot, toXstateSnapshot } from './snapshot';
export {
  UnsupportedMachineError,
  type AnyEventObject,
  type CompiledMachine,
  type CompiledState,
  type ExecutableAction,
  type MachineStatus,
  type StateValue,
  type TransitionResult,
} from './types';
