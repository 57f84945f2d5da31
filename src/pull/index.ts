export * from './params';
export * from './inputs';
export * from './context';
export { pullMachine } from './machine';
export * from './step';
export * from './invariants';
