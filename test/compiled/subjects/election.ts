/** Leader election, one channel: views, leadership messages from a small pool, yield, stop, stray timer events. */
import fc from 'fast-check';
import type { PkiId } from '../../../src/core';
import { ELECTION_TIMER_EVENTS, electionMachine } from '../../../src/election';
import { subject } from '../harness';

const pkiId = fc.constantFrom('p0', 'p1', 'p2', 'p3') as fc.Arbitrary<PkiId>;
const peers = fc.subarray(['p0', 'p1', 'p2', 'p3'] as PkiId[]);

const input = fc.record({
  selfId: pkiId,
  params: fc.record({
    startupGracePeriodMs: fc.integer({ min: 1, max: 50 }),
    membershipSampleIntervalMs: fc.integer({ min: 1, max: 20 }),
    leaderAliveThresholdMs: fc.integer({ min: 1, max: 40 }),
    leaderElectionDurationMs: fc.integer({ min: 1, max: 20 }),
  }),
  mode: fc.constantFrom('dynamic' as const, 'dynamic' as const, 'staticLeader' as const, 'staticFollower' as const),
  peers,
});

const event = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('VIEW_UPDATED' as const), peers }), weight: 6 },
  { arbitrary: fc.record({ type: fc.constant('LEADERSHIP_RECEIVED' as const), from: pkiId, isDeclaration: fc.boolean() }), weight: 12 },
  { arbitrary: fc.constant({ type: 'YIELD' as const }), weight: 3 },
  { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
  { arbitrary: fc.constantFrom(...Object.values(ELECTION_TIMER_EVENTS)).map((type) => ({ type })), weight: 3 },
);

export const electionSubject = subject({
  machine: electionMachine,
  input,
  event,
  maxSteps: 40,
  numRuns: 200,
});
