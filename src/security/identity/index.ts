export * from './params';
export * from './inputs';
export * from './refusals';
export * from './context';
export { listInvalidIdentities, suspectPredicate, isValidIdentity } from './invalid';
export { identityStoreMachine } from './machine';
export * from './step';
export * from './invariants';
