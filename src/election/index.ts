export * from './params';
export * from './inputs';
export * from './context';
export { electionMachine } from './machine';
export * from './step';
export * from './invariants';
export * from './bounds';
