export * from './params';
export * from './inputs';
export * from './context';
export { emitterMachine } from './machine';
export * from './step';
export * from './invariants';
