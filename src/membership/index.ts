export * from './params';
export * from './inputs';
export { memberMachine, type MemberContext, type MemberEvent } from './member-machine';
export { createDiscoveryMachine, discoveryMachine, type DiscoveryMachine } from './discovery-machine';
export type { DiscoveryEvent } from './discovery-events';
export { connectMachine, type ConnectContext, type ConnectKind } from './connect-machine';
export type { MemberSnapshot, MemberStatus } from './member-step';
export type {
  MembershipState,
  MembershipView,
  DiscoveryControl,
  MembershipOutput,
  MembershipEffect,
  GossipOutput,
  StoredAlive,
  RejectedOutput,
  IdentityLearnedOutput,
  IdentityUsedOutput,
  KnownIdentity,
} from './state';
export type { MembershipEnv } from './draft';
export { createMembershipReducer, discoveryTimerId, isStopped, type MembershipReducer, type MembershipStepResult } from './step';
export { aliveRecipientRule, disclosurePolicy, type AliveRecipientDecision, type Disclosure } from './disclosure';
export * from './queries';
export { isOwnEndpoint } from './endpoints';
export { aliveOf, alivePkiId, aliveTs, internalEndpointOf, type AliveEnvelope, type AliveMessage } from './wire';
export { connectTimerId } from './connects';
export * from './invariants';
export { pget, pvalues, pentries, type PMap } from '../core/pmap';
