export * from './params';
export * from './inputs';
export * from './context';
export * from './ledger';
export * from './ranges';
export { stateTransferMachine } from './machine';
export * from './step';
export * from './invariants';
