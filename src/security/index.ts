export * from './params';
export * from './inputs';
export * from './refusals';
export * from './context';
export * from './verdict';
export { handshakeMachine } from './machine';
export * from './step';
export * from './invariants';
export * from './identity';
