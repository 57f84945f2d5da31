/**
 * The differential property on the project's own charts besides the emitter: election and the
 * three membership charts. Payloads are generated from small pools so that guards comparing
 * them (same sender, newer PeerTime, echoed nonce, this attempt) are often true.
 */
import fc from 'fast-check';
import type { PkiId } from '../../src/core';
import { ELECTION_TIMER_EVENTS, electionMachine } from '../../src/election';
import { connectMachine, discoveryMachine, memberMachine, type AliveEnvelope } from '../../src/membership';
import { runDifferential } from './harness';

const pkiId = fc.constantFrom('p0', 'p1', 'p2', 'p3') as fc.Arbitrary<PkiId>;
const peers = fc.subarray(['p0', 'p1', 'p2', 'p3'] as PkiId[]);

describe('[GEN-FUNC-COMPILED-EQUIVALENCE.1] the compiled interpreter agrees with xstate on the subsystem charts', () => {
  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] election', () => {
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
      { arbitrary: fc.record({ type: fc.constant('VIEW_UPDATED' as const), peers }), weight: 2 },
      { arbitrary: fc.record({ type: fc.constant('LEADERSHIP_RECEIVED' as const), from: pkiId, isDeclaration: fc.boolean() }), weight: 4 },
      { arbitrary: fc.constant({ type: 'YIELD' as const }), weight: 1 },
      { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
      { arbitrary: fc.constantFrom(...Object.values(ELECTION_TIMER_EVENTS)).map((type) => ({ type })), weight: 1 },
    );
    runDifferential({ machine: electionMachine, input, event, maxSteps: 40, numRuns: 200 });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] membership: member', () => {
    // Only the fields the chart reads; both interpreters receive the same objects.
    const envelope = fc
      .record({ incNum: fc.bigInt(0n, 2n), seqNum: fc.bigInt(0n, 3n), endpoint: fc.constantFrom('a:1', 'b:2'), internal: fc.constantFrom('', 'i:1') })
      .map(
        ({ incNum, seqNum, endpoint, internal }) =>
          ({
            payload: { content: { aliveMsg: { membership: { pkiId: 'm', endpoint, metadata: `${endpoint}/${seqNum}` }, timestamp: { incNum, seqNum } } } },
            ...(internal ? { secretEnvelope: { payload: { internalEndpoint: internal } } } : {}),
          }) as unknown as AliveEnvelope,
      );
    const nowMs = fc.integer({ min: 0, max: 100 });
    const event = fc.oneof(
      fc.record({ type: fc.constant('ALIVE' as const), nowMs, envelope }),
      fc.record({ type: fc.constant('LEARN_DEAD' as const), nowMs, envelope }),
      fc.record({ type: fc.constant('EXPIRE' as const), nowMs, aliveExpirationTimeoutMs: fc.integer({ min: 0, max: 50 }) }),
      fc.constant({ type: 'PURGE' as const }),
    );
    runDifferential({ machine: memberMachine, input: fc.record({ pkiId }), event, maxSteps: 30, numRuns: 150 });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] membership: discovery loops', () => {
    const ms = fc.integer({ min: 1, max: 30 });
    const input = fc.record({
      aliveTimeIntervalMs: ms,
      aliveExpirationCheckIntervalMs: ms,
      pullIntervalMs: ms,
      reconnectIntervalMs: ms,
      msgStoreCheckIntervalMs: ms,
    });
    const event = fc.oneof({ arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 }, { arbitrary: fc.constant({ type: 'NOTHING' }), weight: 3 });
    runDifferential({ machine: discoveryMachine, input, event, maxSteps: 30, numRuns: 100 });
  });

  it('[GEN-FUNC-COMPILED-EQUIVALENCE.1] [GEN-FUNC-COMPILED-SNAPSHOT-ROUNDTRIP.1] membership: connect', () => {
    const input = fc.record({
      endpoint: fc.constantFrom('boot:1', 'anchor:2'),
      kind: fc.constantFrom('bootstrap' as const, 'anchor' as const),
      claimedInMyOrg: fc.boolean(),
      maxConnectionAttempts: fc.integer({ min: 1, max: 3 }),
      reconnectIntervalMs: fc.integer({ min: 1, max: 30 }),
    });
    const attempt = fc.integer({ min: 0, max: 3 });
    const nonce = fc.bigInt(0n, 2n);
    const event = fc.oneof(
      fc.record({ type: fc.constant('HANDSHAKE_OK' as const), attempt, pkiId, inMyOrg: fc.boolean(), nonce }),
      fc.record({ type: fc.constant('HANDSHAKE_FAILED' as const), attempt }),
      fc.record({ type: fc.constant('RESPONSE' as const), nonce }),
      fc.constant({ type: 'STOP' as const }),
    );
    runDifferential({ machine: connectMachine, input, event, maxSteps: 30, numRuns: 150 });
  });
});
