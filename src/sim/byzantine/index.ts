/**
 * Byzantine peers in the simulator (spec/adversary.md): insiders with an enrolled key of their
 * org that replay, claim other peers' names, and send malformed, oversized and out-of-place
 * traffic; the schedules that mix them into faults; and the honest-peer safety checks.
 */
export * from './types';
export { withByzantine, type ByzantineWorldParts } from './reducer';
export { attack, type Hostile } from './attacks';
export { type AttackContext, type Claim } from './forge';
export { DEFAULT_SEEN_LIMIT } from './seen';
export * from './arbitraries';
export * from './honest-checks';
