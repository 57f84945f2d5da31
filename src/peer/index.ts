export * from './commands';
export * from './state';
export * from './params';
export { admitEnvelope, type Admitted, type Rejection } from './inbound';
export { createPeerReducer, type PeerStart } from './create';
export { parseTimerId, type TimerOwner } from './timers';
export { peerStateViolation } from './invariants';
export { identityVisibleTo } from './identity-pull';
export { ledgerConvergenceBoundMs, membershipRecoveryBoundMs, oneLeaderPerOrgBoundMs } from './bounds';
